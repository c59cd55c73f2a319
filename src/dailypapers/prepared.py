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
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

import numpy as np
import polars as pl

from .codes import CodeView, Flat, MaskedFlat, _widen
from .frames import Frame, as_polars
from .held import CODED_LISTS, SOURCES, Table, coded_lists
from .impact import with_impact
from .keywords.vocabulary import Vocabulary
from .slim import CODED, COVERED, HEAVY, carries
from .texts import ON_DISK, Texts

T = TypeVar("T")
#: Days a filter kept of a date column: the first and the last, ``None`` an open end.
Window = tuple[date | None, date | None]


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
    code views of the rows are answered from the table's. A filter keeps papers, not days:
    the days the data covers are the table's, unless the restriction names the date window
    it was cut to (``days``, as :class:`~dailypapers.filters.Filters` does).

    Every ``compute_*`` gives the same rows as on the plain filtered table, except that a
    keyword's ``label`` (its most frequent spelling) and the abbreviations merged with their
    long forms are the table's, not the rows': a keyword keeps its name as the rows change;
    and so are the days the data holds and covers (listing days, partial periods).
    """

    def __init__(self, table: Table, mask: np.ndarray | None = None,
                 days: Mapping[str, Window] | None = None):
        self._table = table
        self.mask = mask  # over the table's rows; None: all of them
        self.days: dict[str, Window] = dict(days or {})  # date column -> window kept
        self.height = table.held.height if mask is None else int(np.count_nonzero(mask))
        self._frame: pl.DataFrame | None = None
        self._views: dict[str, CodeView] = {}  # of these rows, made when a question asks

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
        if self._frame is None and not self._table.frame_made:
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
        ``make(frame)`` (the slim rows' ``columns``) and kept with the table for as long
        as it lives: the listing days a sample holds are the data's, not a filter's. A
        ``key`` names one of a few facts (a date column and a step), never a value a reader
        moves through (a slider's dates): those would pile up with the table."""
        if key not in self._table.derived:
            self._table.derived[key] = make(self._table.frame_of(columns))
        return self._table.derived[key]

    def kept(self, values: np.ndarray) -> np.ndarray:
        """``values`` (one per row of the whole table: a fact :meth:`of_whole` made) at
        the rows these papers keep."""
        return values if self.mask is None else np.compress(self.mask, values)

    def restrict(self, rows_mask: np.ndarray, days: Mapping[str, Window] | None = None
                 ) -> Prepared:
        """These prepared papers where ``rows_mask`` (a boolean per row of :attr:`frame`).

        ``days``: the window of days (first, last; ``None`` an open end) of a date column
        the mask was cut to, when it was: the data then covers those days only, and a period
        the window cuts is partial. Without it the rows cover the table's days (a filter by
        organization leaves every day of the data; its first paper does not start it)."""
        rows_mask = np.asarray(rows_mask, dtype=bool)
        if len(rows_mask) != self.height:
            raise ValueError(f"a mask of {len(rows_mask):,} rows for {self.height:,} papers")
        whole = rows_mask if self.mask is None else _widen(self.mask, rows_mask)
        return Prepared(self._table, whole, _narrowed(self.days, days or {}))

    def where(self, predicate: pl.Expr) -> Prepared:
        """These prepared papers where ``predicate`` holds (a null counts as false).

        The predicate reads :attr:`frame`, or the table's own rows when it needs a column
        the frame leaves out (a text search over titles, say). Like :meth:`restrict` without
        ``days``, it keeps papers, not days: a date window that should cut the periods the
        data covers is a :class:`~dailypapers.filters.Filters`' ``since``/``until``.
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


def _narrowed(kept: Mapping[str, Window], more: Mapping[str, Window]) -> dict[str, Window]:
    """The date windows of a restriction of a restriction: each column's, both applied."""
    windows = dict(kept)
    for column, window in more.items():
        windows[column] = intersect(windows.get(column, (None, None)), window)
    return windows


def intersect(one: Window, other: Window) -> Window:
    """The days in both windows: the later first day, the earlier last (``None``: open).
    An empty intersection has its first day after its last.

    >>> from datetime import date
    >>> intersect((date(2025, 1, 1), None), (None, date(2025, 6, 30)))
    (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    """
    def inner(a: date | None, b: date | None, pick: Callable[..., date]) -> date | None:
        return b if a is None else a if b is None else pick(a, b)

    return inner(one[0], other[0], max), inner(one[1], other[1], min)


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
        held, coded = coded_lists(papers)
        del papers  # the names as strings are held nowhere else: gone now
        return Prepared(Table(held, texts, coded, {"keywords": keywords}))
    papers = _complete(as_polars(papers))
    texts = Texts.of(papers.select(c for c in (*ON_DISK, "title") if c in papers.columns))
    return Prepared(Table(papers, texts, ()))


def _complete(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the list columns the code views read (:data:`CODED_LISTS`), empty
    where it has none: a table of a few columns can be asked what its columns answer."""
    return frame.with_columns(pl.lit(None, pl.List(pl.String)).alias(name)
                              for name in CODED_LISTS if name not in frame.columns)


__all__ = ["CODED", "CODED_LISTS", "COVERED", "HEAVY", "SOURCES", "Prepared", "Vocabulary",
           "carries", "prepare"]
