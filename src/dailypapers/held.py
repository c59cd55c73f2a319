"""The table every restriction of prepared papers shares: its rows as held (author names
and keywords as codes, :data:`CODED_LISTS`), and what is made of them once, when a question
first asks: the slim rows a column at a time, the author codes, each keyword vocabulary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from .codes import Flat
from .keywords.vocabulary import Vocabulary
from .slim import slim_column, slim_names
from .texts import Texts

#: The keyword vocabularies a question can count (``auto`` chooses one of them per question:
#: compute.choose_vocabulary).
SOURCES = ("keywords", "text")
#: List columns the prepared table holds as codes (``List(Enum)`` of their distinct values,
#: in each paper's order) and decodes when they are read: as codes, author names take a
#: fraction of the memory they take as strings.
CODED_LISTS = ("authors", "keywords")


@dataclass(eq=False)
class Table:
    """What every restriction of one prepared table shares: its rows and code views."""

    held: pl.DataFrame  # the table (without ON_DISK when read from the store)
    texts: Texts  # where titles and abstracts are read: the table, or the store file
    coded: tuple[str, ...]  # the columns of held that are codes (of CODED_LISTS)
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)
    _authors: Flat | None = None
    _codes: dict[str, pl.Series] = field(default_factory=dict)  # lists coded when asked
    _slim: dict[str, pl.Series] = field(default_factory=dict)  # slim columns made when asked
    _frame: pl.DataFrame | None = None
    #: Facts of the whole table any restriction asks (made once: :meth:`Prepared.of_whole`).
    derived: dict[object, Any] = field(default_factory=dict)

    @property
    def frame(self) -> pl.DataFrame:
        """The slim rows (:mod:`.slim`), made when first asked."""
        if self._frame is None:
            self._frame = self.frame_of(slim_names(self.held.columns))
        return self._frame

    @property
    def frame_made(self) -> bool:
        """Whether the whole slim frame is made (then columns are read off it)."""
        return self._frame is not None

    def frame_of(self, columns: Sequence[str]) -> pl.DataFrame:
        """The slim rows' ``columns`` (those there are), each made once and kept: a plain
        table asked one question makes only the columns it reads."""
        names = [c for c in slim_names(self.held.columns) if c in columns]
        for name in names:
            if name not in self._slim:
                self._slim[name] = slim_column(self.held, name)
        if not names:  # no columns, as many rows
            return self.held.drop(self.held.columns)
        return pl.DataFrame([self._slim[name] for name in names])

    @property
    def authors(self) -> Flat:
        """Each row's distinct author names as codes, made when first asked."""
        if self._authors is None:
            self._authors = Flat(self.codes("authors").list.unique(), pinned=True)
        return self._authors

    def codes(self, column: str) -> pl.Series:
        """``column`` of :data:`CODED_LISTS` as codes (``List(Enum)`` of its distinct
        values, sorted): as held, or coded now from the strings."""
        if column in self.coded:
            return self.held[column]
        if column not in self._codes:  # a panel's every change asks again: coded once
            self._codes[column] = _code_lists(self.held[column])
        return self._codes[column]

    def decoded(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` (some of :attr:`held`) with its coded lists written out as strings.
        The coded columns are known, not read off the frame's schema: the schema of a large
        Enum is costly to hand to Python."""
        return frame.with_columns(pl.col(c).cast(pl.List(pl.String)) for c in self.coded
                                  if c in frame.columns)

    def vocabulary(self, source: str) -> Vocabulary:
        if source not in SOURCES:
            raise ValueError(f'a vocabulary is "keywords" or "text", not {source!r} ("auto" '
                             "chooses one per question: compute.choose_vocabulary)")
        if source not in self.vocabularies:  # made by prepare when the strings are not held
            self.vocabularies[source] = Vocabulary.of(self.held, source, self.texts)
        return self.vocabularies[source]


def coded_lists(papers: pl.DataFrame) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """``papers`` with each of :data:`CODED_LISTS` as codes of its distinct values (sorted),
    each list's order and nulls kept (:meth:`Table.decoded` gives ``papers`` back), and
    the columns coded."""
    coded = tuple(c for c in CODED_LISTS if c in papers.columns
                  and papers.schema[c] in (pl.List(pl.String), pl.List(pl.Null)))
    return papers.with_columns(_code_lists(papers[c]) for c in coded), coded


def _code_lists(lists: pl.Series) -> pl.Series:
    """String lists as codes of their distinct values, sorted (``List(Enum)``). Both steps
    run as lazy queries: polars' query engine finds the distinct values of millions of
    names several times faster than ``Series.unique``."""
    column = pl.LazyFrame({"lists": lists})
    values = column.select(pl.col("lists").explode(empty_as_null=False, keep_nulls=False)
                           .cast(pl.String).unique().sort()).collect()["lists"]
    return column.select(pl.col("lists").cast(pl.List(pl.Enum(values)))).collect()[
        "lists"].alias(lists.name).rechunk()  # one chunk, as the views read it


__all__ = ["CODED_LISTS", "SOURCES", "Table", "coded_lists"]
