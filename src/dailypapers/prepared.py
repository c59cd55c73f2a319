"""Prepared papers: a value holding the table's integer codes, made once by ``dp.prepare``.

The filter panel prepares its papers once; every later filter change restricts the prepared
papers to some rows (:meth:`Prepared.restrict`) and the ``compute_*`` functions count
integers instead of strings. Everything a prepared object knows is on the object itself:
two objects made from equal papers answer alike, whatever happened before.

Examples
--------
>>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"], "authors": [["Ada", "Bo"], ["Ada"],
...     None], "keywords": [["LLMs"], ["LLM", "agents"], None], "title": ["", "", ""],
...     "abstract": ["", "", ""], "upvotes": [1, 5, 9]})
>>> prepared = prepare(papers)
>>> prepared.height, prepared.authors.tally().tolist()
(3, [2, 1])
>>> prepared.restrict(np.array([False, True, True])).authors.tally().tolist()
[1, 0]
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import polars as pl

from .codes import CodeView, Flat, MaskedFlat, _widen
from .frames import Frame, as_polars
from .impact import with_impact
from .keywords.vocabulary import Vocabulary
from .slim import CODED, COVERED, HEAVY, carries, slim_column, slim_names
from .texts import ON_DISK, Texts

#: The keyword vocabularies a question can count (``auto`` chooses one of them per question:
#: compute.choose_vocabulary).
SOURCES = ("keywords", "text")
#: List columns the prepared table holds as codes (``List(Enum)`` of their distinct values,
#: in each paper's order) and decodes when they are read: as codes, author names take a
#: fraction of the memory they take as strings.
CODED_LISTS = ("authors", "keywords")
T = TypeVar("T")


@dataclass(eq=False)
class _Table:
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


def _coded_lists(papers: pl.DataFrame) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """``papers`` with each of :data:`CODED_LISTS` as codes of its distinct values (sorted),
    each list's order and nulls kept (:meth:`_Table.decoded` gives ``papers`` back), and
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


class Prepared:
    """Papers prepared for counting: some rows of a table and the table's code views.

    Holds ``frame`` (these rows without the columns the codes stand in for; organizations
    and sources as Enums), ``authors`` (each row's distinct authors as codes) and, per
    keyword vocabulary, :meth:`keywords` (``keywords`` made at :func:`prepare`, ``text`` on
    first use, then kept with the table and shared by every restriction; ``vocabularies``
    lists those made). The table itself holds author names and keywords as codes
    (:data:`CODED_LISTS`) and writes them out when read: :attr:`table` and :attr:`papers`
    whole, :meth:`select` some columns, :meth:`rows_at` some rows; :meth:`coded` gives the
    codes. ``restrict(mask)`` gives the prepared rows where ``mask``: no list is copied, the
    code views of the rows are answered from the table's.

    Every ``compute_*`` gives the same rows as on the plain filtered table, except that a
    keyword's ``label`` (its most frequent spelling) and the abbreviations merged with their
    long forms are the table's, not the rows': a keyword keeps its name as the rows change.
    """

    def __init__(self, table: _Table, mask: np.ndarray | None = None):
        self._table = table
        self.mask = mask  # over the table's rows; None: all of them
        # how many papers these are
        self.height = table.held.height if mask is None else int(np.count_nonzero(mask))
        self._frame: pl.DataFrame | None = None
        # the views of these rows, made on first use and shared by the questions asked
        self._views: dict[str, CodeView] = {}

    @property
    def frame(self) -> pl.DataFrame:
        """These papers' slim rows (:mod:`.slim`): the table without the columns the codes
        stand in for, organizations and sources as Enums. Made when first asked."""
        if self._frame is None:
            whole = self._table.frame
            self._frame = whole if self.mask is None else whole.filter(pl.Series(self.mask))
        return self._frame

    def frame_of(self, columns: Sequence[str]) -> pl.DataFrame:
        """Some ``columns`` of :attr:`frame` (those it has): read off it once it is made,
        else made alone, so a question reading two columns of a plain table pays for two."""
        if self._frame is None and self._table._frame is None:
            chosen = self._table.frame_of(columns)
            return chosen if self.mask is None else chosen.filter(pl.Series(self.mask))
        return self.frame.drop(c for c in self.frame.columns if c not in columns)

    @property
    def table(self) -> pl.DataFrame:
        """The whole table these papers were prepared from: every column, but those left in
        the store when prepared from it (:data:`~dailypapers.texts.ON_DISK`; see
        :meth:`columns_of`). Made when asked: the table holds author names and keywords as
        codes (:data:`CODED_LISTS`), and writing every name out costs a pass over them."""
        return self._table.decoded(self._table.held)

    @property
    def papers(self) -> pl.DataFrame:
        """These papers with the columns of :attr:`table` (made when asked, as it is)."""
        return self.select(self.table_columns)

    @property
    def table_columns(self) -> list[str]:
        """The columns of :attr:`table` (known without making it)."""
        return self._table.held.columns

    def select(self, columns: Sequence[str]) -> pl.DataFrame:
        """These papers' ``columns`` of :attr:`table`: only those columns are filtered and
        written out, so a question that reads the organizations does not decode names."""
        chosen = self._table.held.select(columns)
        return self._table.decoded(chosen if self.mask is None
                                   else chosen.filter(pl.Series(self.mask)))

    def coded(self, column: str) -> pl.Series:
        """These papers' ``column`` of :data:`CODED_LISTS` as the table holds it, codes
        (``List(Enum)``: the categories are its distinct values, sorted)."""
        if column not in CODED_LISTS:
            raise ValueError(f"{column!r} is not held as codes: one of {', '.join(CODED_LISTS)}")
        codes = self._table.codes(column)
        return codes if self.mask is None else codes.filter(pl.Series(self.mask))

    def rows_at(self, rows: np.ndarray) -> pl.DataFrame:
        """These papers at positions ``rows``, in that order (any order, unlike
        :meth:`columns_of`), with the columns of :attr:`table`: only these rows are written
        out (a list of the top papers)."""
        rows = np.asarray(rows, dtype=np.int64)
        where = rows if self.mask is None else np.flatnonzero(self.mask)[rows]
        return self._table.decoded(self._table.held[where])

    @property
    def texts(self) -> Texts:
        """Where the table's titles and abstracts are read from (the table, or the store)."""
        return self._table.texts

    def columns_of(self, rows: np.ndarray, columns: Sequence[str]
                   ) -> Iterator[tuple[slice, pl.DataFrame]]:
        """``columns`` of these papers at ascending positions ``rows``, a batch at a time
        (``(part, frame)``: ``frame`` holds ``rows[part]``), read where they are: from the
        table, or from the store for a column left there (an abstract)."""
        rows = np.asarray(rows, dtype=np.int64)
        if self.mask is not None:
            rows = np.flatnonzero(self.mask)[rows]
        held = self._table.held
        if set(columns) <= set(held.columns):
            chosen = held.select(columns)
            yield slice(0, len(rows)), self._table.decoded(chosen if len(rows) == chosen.height
                                                           else chosen[rows])
        else:
            yield from self.texts.gather(rows, columns)

    @property
    def vocabularies(self) -> list[str]:
        """The keyword vocabularies made so far (see :meth:`keywords`)."""
        return list(self._table.vocabularies)

    def __repr__(self) -> str:
        return (f"<Prepared: {self.height:,} of {self._table.held.height:,} papers; "
                f"vocabularies {', '.join(self.vocabularies) or 'none'}>")

    def __getattr__(self, name: str):
        # only reached when the name is not ours: a notebook user who holds prepared papers
        # may reach for a DataFrame method, and should learn where the DataFrame is
        if not name.startswith("_") and hasattr(pl.DataFrame, name):
            raise AttributeError(
                f"prepared papers are not a DataFrame and have no {name!r}: "
                f"papers.papers gives these papers as a polars DataFrame (names written "
                f"out), and dp.load() reads the whole store as one", name=name, obj=self)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}",
                             name=name, obj=self)

    def head(self, n: int = 5) -> pl.DataFrame:
        """The first ``n`` of these papers, with the columns of :attr:`table`."""
        return self.rows_at(np.arange(min(max(n, 0), self.height)))

    def _repr_html_(self) -> str:
        """In a notebook: what these papers are, and the first of them."""
        left = [c for c in self.texts.columns if c not in self.table_columns]
        where = (f"; {', '.join(left)} left in {html.escape(self.texts.where)}, read when asked"
                 if left else "")
        of = f" of {self._table.held.height:,}" if self.mask is not None else ""
        return (f"<p><b>{self.height:,}{of} papers</b>, prepared (author names and keywords"
                f" as codes{where}). <code>.table</code> or <code>dp.load()</code> give a"
                f" DataFrame.</p>" + self.head()._repr_html_())

    def _view(self, name: str, whole: Flat) -> CodeView:
        if self.mask is None:
            return whole
        if name not in self._views:
            self._views[name] = MaskedFlat(whole, self.mask)
        return self._views[name]

    @property
    def authors(self) -> CodeView:
        """Each paper's distinct author names as codes."""
        return self._view("authors", self._table.authors)

    def keywords(self, source: str = "keywords") -> tuple[CodeView, Vocabulary]:
        """Each paper's distinct keywords of vocabulary ``source`` as codes, and the
        vocabulary (keys and labels of the codes)."""
        vocabulary = self._table.vocabulary(source)
        return self._view(f"keywords:{source}", vocabulary.view), vocabulary

    def author_codes(self, names: list[str]) -> np.ndarray:
        """The code of each author name (as the data writes it); -1 for a name not there.
        Codes are positions among the sorted names."""
        categories = self._table.authors.categories
        positions = categories.search_sorted(pl.Series(names, dtype=pl.String)).to_numpy()
        return np.array([int(p) if p < len(categories) and categories[int(p)] == name else -1
                         for p, name in zip(positions, names, strict=True)], dtype=np.int64)

    def having_all(self, view: str, values: list[str]) -> np.ndarray:
        """Whether each of these papers has every one of ``values`` in ``view``
        (``authors``: names; ``keywords:<vocabulary>``: keys), read off the table's index
        of codes: a few slices, not a pass over the lists."""
        if view == "authors":
            whole = self._table.authors
            codes = self.author_codes(values).tolist()
        else:
            vocabulary = self._table.vocabulary(view.split(":", 1)[1])
            whole = vocabulary.view
            codes = vocabulary.codes_of(values).tolist()
        codes = sorted(set(codes))
        if not codes or min(codes) < 0:
            return np.zeros(self.height, dtype=bool)
        present, _, rows, _ = whole.runs(np.array(codes, dtype=np.int64))
        if len(present) < len(codes):
            return np.zeros(self.height, dtype=bool)
        having = np.bincount(rows, minlength=self._table.held.height) == len(codes)
        return having if self.mask is None else having[self.mask]

    def of_whole(self, key: object, make: Callable[[pl.DataFrame], T],
                 columns: Sequence[str]) -> T:
        """A fact of the whole table, whatever rows this restriction keeps, made once by
        ``make(frame)`` (the slim rows' ``columns``) and kept with the table: the listing
        days a sample holds are the data's, not a filter's."""
        if key not in self._table.derived:
            self._table.derived[key] = make(self._table.frame_of(columns))
        return self._table.derived[key]

    def kept(self, values: np.ndarray) -> np.ndarray:
        """``values`` (one per row of the whole table: a fact :meth:`of_whole` made) at
        the rows these papers keep."""
        return values if self.mask is None else np.compress(self.mask, values)

    def restrict(self, rows_mask: np.ndarray) -> Prepared:
        """These prepared papers where ``rows_mask`` (a boolean per row of :attr:`frame`)."""
        rows_mask = np.asarray(rows_mask, dtype=bool)
        if len(rows_mask) != self.height:
            raise ValueError(f"a mask of {len(rows_mask):,} rows for {self.height:,} papers")
        whole = rows_mask if self.mask is None else _widen(self.mask, rows_mask)
        return Prepared(self._table, whole)

    def where(self, predicate: pl.Expr) -> Prepared:
        """These prepared papers where ``predicate`` holds (a null counts as false).

        The predicate reads :attr:`frame`, or the table's own rows when it needs a column
        the frame leaves out (a text search over titles, say).
        """
        rows, needs = self.frame, set(predicate.meta.root_names())
        if not needs <= set(rows.columns):
            rows = self.select([c for c in self.table_columns if c in needs])
        if not needs <= set(rows.columns):  # a column left in the store: read it there
            rows = pl.concat(part for _, part in self.columns_of(
                np.arange(self.height), [c for c in self.texts.columns if c in needs]))
        keep = rows.select(predicate.fill_null(False)).to_series()
        if keep.len() == 1 and rows.height != 1:  # a literal: the same for every row
            keep = pl.repeat(keep[0], rows.height, eager=True)
        return self.restrict(keep.to_numpy())


def collected(papers: Frame | Prepared) -> pl.DataFrame | Prepared:
    """Prepared papers as they are, any other table as a polars DataFrame (read once)."""
    return papers if isinstance(papers, Prepared) else as_polars(papers)


def prepare(papers: Frame | str | Path | Prepared) -> Prepared:
    """The papers prepared for questions (see :class:`Prepared`): every ``compute_*`` asks
    its question of prepared papers, and prepares a table it is handed. Prepare once when
    you ask many questions (a notebook does): the code views a question needs are made on
    first use and kept for the next.

    ``papers`` is a table (polars, lazy or pandas), or the path of a store: then the table
    is read from it but for its long texts (:data:`~dailypapers.texts.ON_DISK`: a million
    abstracts are a gigabyte), which the keyphrases and a text search read from the file a
    batch at a time; its author names and keywords are held as codes, the impact fetched
    beside it is joined (:func:`~dailypapers.impact.with_impact`), and the file is opened
    once, now: a later ingest that replaces it does not change these papers.
    A :class:`Prepared` handed in is returned as it is.
    """
    if isinstance(papers, Prepared):
        return papers
    if isinstance(papers, (str, Path)):
        texts = Texts.in_store(papers)
        papers = with_impact(texts.table(leave_out=ON_DISK), papers)
        keywords = Vocabulary.of(papers, "keywords", texts)  # from the strings, before coding
        held, coded = _coded_lists(papers)
        del papers  # the names as strings are held nowhere else: gone now
        return Prepared(_Table(held, texts, coded, {"keywords": keywords}))
    papers = _complete(as_polars(papers))
    texts = Texts.of(papers.select(c for c in (*ON_DISK, "title") if c in papers.columns))
    return Prepared(_Table(papers, texts, ()))


def _complete(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the list columns the code views read (:data:`CODED_LISTS`), empty
    where it has none: a table of a few columns can be asked what its columns answer."""
    return frame.with_columns(pl.lit(None, pl.List(pl.String)).alias(name)
                              for name in CODED_LISTS if name not in frame.columns)


__all__ = ["CODED", "CODED_LISTS", "COVERED", "HEAVY", "SOURCES", "Prepared", "Vocabulary",
           "carries", "prepare"]
