"""Integer code views: what makes a million papers answer in milliseconds.

A code column holds each paper's distinct authors (or keywords) as ``List(Enum)``: the Enum's
categories are every name, sorted, so a code's order is the name's order. :class:`Flat` sees
every element of such a column at once — a zero-copy numpy view of the codes — so counting is
``numpy.bincount`` and the papers of chosen codes are slices of an index by code.
:class:`MaskedFlat` is the view of some rows of a table, answered from the table's own view
without copying a list. :class:`~dailypapers.prepared.Prepared` holds them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl


class _Ranked:
    """What both views share: the top codes of the tally, kept between the charts.

    ``ties`` orders codes of equal count (a rank per code: a keyword's place among the
    normalised keywords sorted; ``None``: by code, which is the name's order).
    """

    ties: np.ndarray | None = None
    _ranked: tuple[int, np.ndarray] | None = None  # (n, codes)
    # (codes asked for, rows, codes, positions): positions only where labels read them
    _selected: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None] | None = None

    def tally(self, rows_mask: np.ndarray | None = None) -> np.ndarray:
        raise NotImplementedError

    def _select(self, chosen: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        raise NotImplementedError

    def select(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, codes) of the elements whose code is in ``chosen``. The codes asked for
        last are not read again: a subset is cut from that answer (top 10 after top 15), a
        superset adds only the new codes (top 15 after top 6)."""
        chosen = np.asarray(chosen, dtype=np.int64)
        last = self._selected
        if last is not None:
            known = np.isin(chosen, last[0])
            if known.all():
                kept = np.isin(last[2], chosen)
                return (np.compress(kept, last[1]), np.compress(kept, last[2]))
            if np.isin(last[0], chosen).all():
                rows, codes, positions = self._select(chosen[~known])
                both = [np.concatenate(pair) if pair[0] is not None else None
                        for pair in zip(last[1:], (rows, codes, positions), strict=True)]
                self._selected = (chosen, *both)
                return both[0], both[1]
        rows, codes, positions = self._select(chosen)
        self._selected = (chosen, rows, codes, positions)
        return rows, codes

    def top(self, n: int) -> np.ndarray:
        """:func:`top_codes` of the tally, kept: the top 10 are the first of the top 15."""
        known = self._ranked
        if known is not None and known[0] >= n:
            return known[1][:n]
        ranked = top_codes(self.tally(), n, self.ties)
        self._ranked = (n, ranked)
        return ranked


class Flat(_Ranked):
    """Every element of a code column: ``values`` (codes, a zero-copy view) and, on demand,
    the row each element belongs to. ``pinned``: a table's view that many filters will
    select from, indexed (:meth:`index`) at its first selection and kept; a tally needs no
    index, so a question that only counts never pays for one."""

    def __init__(self, lists: pl.Series, ties: np.ndarray | None = None,
                 pinned: bool = False):
        self._lists, self.ties, self.pinned = lists, ties, pinned
        self._elements = self._lists.explode(empty_as_null=False, keep_nulls=False)
        self.values = self._elements.to_physical().to_numpy()
        self._ends = np.cumsum(self._lists.list.len().fill_null(0).to_numpy().astype(np.int64))
        # codes index tables of this size; the vocabulary itself is fetched only when asked
        # (handing a large one to Python is costly)
        self.size = int(self.values.max()) + 1 if len(self.values) else 0
        self._categories: pl.Series | None = None
        self._tally: np.ndarray | None = None
        self._rows: np.ndarray | None = None
        self._by_code: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._ranking: np.ndarray | None = None
        self._ranked_elements: np.ndarray | None = None

    @property
    def categories(self) -> pl.Series:
        """The names (authors) or labels (keywords) behind the codes."""
        if self._categories is None:
            self._categories = self._lists.dtype.inner.categories
        return self._categories

    def labels_of(self, codes: np.ndarray) -> pl.Series:
        """The labels of ``codes``, each read off one of its elements when one is known
        (fetching a whole large vocabulary is costly)."""
        codes = np.asarray(codes, dtype=np.int64)
        present = len(codes) and int(codes.max()) < self.size
        if self._by_code is not None and present and (self.tally()[codes] > 0).all():
            order, _, starts = self._by_code
            return self._elements.gather(order[starts[codes]]).cast(pl.String)
        last = self._selected
        if last is not None and last[3] is not None and present:
            seen, first = np.unique(last[2], return_index=True)
            if np.isin(codes, seen).all():
                return self._elements.gather(last[3][first[np.searchsorted(seen, codes)]]
                                             ).cast(pl.String)
        return self.categories.gather(codes).cast(pl.String)

    def rows_of(self, positions: np.ndarray) -> np.ndarray:
        """The row of each element at ``positions``."""
        if self._rows is None and len(positions) * 16 < len(self.values):
            return np.searchsorted(self._ends, positions, side="right")  # a few: binary search
        if self._rows is None:  # one pass, then shared by the charts of a change
            self._rows = self._element_rows()
        return self._rows[positions]

    def _element_rows(self) -> np.ndarray:
        """The row of every element, in element order."""
        return np.repeat(np.arange(len(self._ends), dtype=np.int32),
                         np.diff(self._ends, prepend=0))

    def tally(self, rows_mask: np.ndarray | None = None) -> np.ndarray:
        """Papers per code (codes are distinct within a paper), optionally of some rows."""
        if rows_mask is None:
            if self._tally is None:
                self._tally = np.bincount(self.values, minlength=self.size)
            return self._tally
        return _tally_rows(self, rows_mask, None, self.tally)

    def ranking(self) -> np.ndarray:
        """Every code, most elements first (ties by code), kept."""
        if self._ranking is None:
            self._ranking = np.argsort(-self.tally(), kind="stable")
            self._ranked_elements = np.cumsum(self.tally()[self._ranking])
        return self._ranking

    def ranked_elements(self) -> np.ndarray:
        """How many elements the first k codes of :meth:`ranking` have, for each k."""
        self.ranking()
        assert self._ranked_elements is not None
        return self._ranked_elements

    def lists_where(self, rows_mask: np.ndarray) -> pl.Series:
        """The code lists of the rows where ``rows_mask`` (a one-column frame filters faster
        than the Series itself)."""
        return self._lists.to_frame("codes").filter(pl.Series(rows_mask))["codes"]

    def codes_of_rows(self, rows_mask: np.ndarray) -> np.ndarray:
        """The codes of the rows where ``rows_mask``."""
        return (self.lists_where(rows_mask).explode(empty_as_null=False, keep_nulls=False)
                .to_physical().to_numpy())

    def index(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The elements sorted by code: their positions, their rows, and where each code's
        run starts. Built once (a sort of every element); a pinned table's serves every
        filter, which then reads a code's elements as slices instead of a pass over all of
        them."""
        if self._by_code is None:
            order = pl.Series(self.values).arg_sort().to_numpy()  # polars: on every core
            starts = np.concatenate([[0], np.cumsum(self.tally())])
            # the element → row table is not kept: selections read rows off the index
            rows = self._rows if self._rows is not None else self._element_rows()
            self._by_code = (order, rows[order], starts)
        return self._by_code

    def runs(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The elements whose code is in ``chosen``, grouped by code, read off :meth:`index`:
        ``(codes, lengths, rows, positions)`` — the codes that have elements (in ``chosen``'s
        order) and how many each has, then each element's row and position."""
        order, rows_by_code, starts = self.index()
        chosen = np.asarray(chosen, dtype=np.int64)
        chosen = chosen[chosen < self.size]
        lengths = starts[chosen + 1] - starts[chosen]
        chosen, lengths = chosen[lengths > 0], lengths[lengths > 0]
        return (chosen, lengths, _runs(rows_by_code, starts, chosen),
                _runs(order, starts, chosen))

    def _select(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._by_code is not None or self.pinned:  # slices of the index
            present, lengths, rows, positions = self.runs(chosen)
            return rows, np.repeat(present, lengths), positions
        wanted = np.zeros(max(self.size, int(chosen.max(initial=-1)) + 1), dtype=bool)
        wanted[chosen] = True
        positions = np.flatnonzero(wanted[self.values])
        return self.rows_of(positions), self.values[positions], positions


def _tally_rows(table: Flat, where: np.ndarray, within: np.ndarray | None,
                counted: Callable[[], np.ndarray]) -> np.ndarray:
    """Papers per code in the table's rows ``where``, some of the rows ``within``
    (``None``: all of them), whose tally is ``counted()``: when most are kept, the rows left
    out are counted and subtracted.

    >>> table = Flat(pl.Series([[0, 1], [1], [2], [1, 2]], dtype=pl.List(pl.UInt32)))
    >>> _tally_rows(table, np.array([True, True, True, False]), None, table.tally).tolist()
    [1, 2, 1]
    """
    kept = np.count_nonzero(where)
    if 2 * kept > (len(where) if within is None else np.count_nonzero(within)):
        left_out = ~where if within is None else within & ~where
        return counted() - np.bincount(table.codes_of_rows(left_out), minlength=table.size)
    return np.bincount(table.codes_of_rows(where), minlength=table.size)


def _runs(values: np.ndarray, starts: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """``values[starts[c]:starts[c + 1]]`` for each ``c`` in ``chosen``, one after another.

    Examples
    --------
    >>> _runs(np.array([5, 6, 7, 8]), np.array([0, 1, 3, 4]), np.array([1, 0]))
    array([6, 7, 5])
    """
    if len(chosen) <= 256:  # a few runs: slices copy at memory speed
        pieces = [values[starts[code]:starts[code + 1]] for code in chosen]
        return np.concatenate(pieces) if pieces else values[:0]
    low, lengths = starts[chosen], starts[chosen + 1] - starts[chosen]
    ends = np.cumsum(lengths)
    return values[np.repeat(low - ends + lengths, lengths) + np.arange(ends[-1])]


def _widen(mask: np.ndarray, rows_mask: np.ndarray, rows: np.ndarray | None = None
           ) -> np.ndarray:
    """A mask over a table's rows from ``rows_mask``, a mask over its rows where ``mask``
    (``rows``: their positions, ``numpy.flatnonzero(mask)``, when already known).

    Examples
    --------
    >>> _widen(np.array([True, False, True]), np.array([False, True])).tolist()
    [False, False, True]
    """
    where = np.zeros(len(mask), dtype=bool)
    # scatter by position: cheaper than a boolean-mask assignment
    where[np.flatnonzero(mask) if rows is None else rows] = rows_mask
    return where


def slots(chosen: np.ndarray, size: int = 0, values: np.ndarray | None = None) -> np.ndarray:
    """A table ``t`` of at least ``size`` entries with ``t[chosen[i]] = values[i]`` (by
    default ``i``), zero elsewhere: each code's slot, looked up by indexing.

    Examples
    --------
    >>> slots(np.array([4, 1]), 6).tolist()
    [0, 1, 0, 0, 0, 0]
    """
    chosen = np.asarray(chosen, dtype=np.int64)
    table = np.zeros(max(size, int(chosen.max(initial=-1)) + 1), dtype=np.int64)
    table[chosen] = np.arange(len(chosen)) if values is None else values
    return table


def _run_sums(flags: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """How many of ``flags`` are set in each run of ``lengths`` (all positive).

    Examples
    --------
    >>> _run_sums(np.array([True, False, True, True]), np.array([1, 3]))
    array([1, 2])
    """
    if not len(lengths):
        return np.zeros(0, dtype=np.int64)
    return np.add.reduceat(flags, np.cumsum(lengths) - lengths, dtype=np.int64)


class MaskedFlat(_Ranked):
    """The :class:`Flat` of some rows of a table, answered from the table's own: no list is
    copied. Tallies count the rows left out and subtract when most rows are kept;
    selections are slices of the table's index (:meth:`Flat.index`) cut to these rows."""

    def __init__(self, table: Flat, rows_mask: np.ndarray):
        self.table, self.mask, self.size = table, rows_mask, table.size
        self.ties = table.ties
        self._tally: np.ndarray | None = None
        self._row_in_subset: np.ndarray | None = None
        self._table_rows: np.ndarray | None = None

    @property
    def categories(self) -> pl.Series:
        return self.table.categories

    def labels_of(self, codes: np.ndarray) -> pl.Series:
        return self.table.labels_of(codes)

    def tally(self, rows_mask: np.ndarray | None = None) -> np.ndarray:
        """Papers per code in these rows, or in those of them where ``rows_mask``."""
        if rows_mask is None:
            if self._tally is None:
                self._tally = _tally_rows(self.table, self.mask, None, self.table.tally)
            return self._tally
        if self._table_rows is None:
            self._table_rows = np.flatnonzero(self.mask)
        return _tally_rows(self.table, _widen(self.mask, rows_mask, self._table_rows),
                           self.mask, self.tally)

    def top(self, n: int) -> np.ndarray:
        """The ``n`` codes with most papers in these rows, as :func:`top_codes` gives them.

        Without tie keys (authors), the whole tally is not needed: a code has at most as
        many papers here as in the table, so the table's leaders are counted here, more of
        them until the ``n``-th count beats every code not yet counted.
        """
        known = self._ranked
        if (self._tally is not None or self.ties is not None
                or (known is not None and known[0] >= n)):
            return super().top(n)
        order, table_tally = self.table.ranking(), self.table.tally()
        # worth it while the leaders' elements are few next to what a tally would read
        kept = float(self.mask.mean()) if len(self.mask) else 0.0
        budget = len(self.table.values) * min(kept, 1 - kept) / 4
        read = self.table.ranked_elements()
        counted = max(4 * n, 64)
        while counted < len(order) and read[counted - 1] <= budget:
            candidates = order[:counted]
            here = self._count_here(candidates)
            present = np.flatnonzero(here)
            best = present[np.lexsort((candidates[present], -here[present]))][:n]
            if len(best) == n and here[best[-1]] > table_tally[order[counted]]:
                ranked = candidates[best]
                self._ranked = (n, ranked)
                return ranked
            counted *= 4
        return super().top(n)

    def _count_here(self, chosen: np.ndarray) -> np.ndarray:
        """Papers here of each code in ``chosen`` (slices of the table's index)."""
        present, lengths, rows, _ = self.table.runs(chosen)
        counts = np.zeros(len(chosen), dtype=np.int64)
        counts[slots(chosen, self.size)[present]] = _run_sums(self.mask[rows], lengths)
        return counts

    def _select(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, None]:
        """Rows are rows here (labels come from the table: no positions)."""
        present, lengths, table_rows, _ = self.table.runs(chosen)
        kept = self.mask[table_rows]
        if self._row_in_subset is None:
            self._row_in_subset = np.cumsum(self.mask, dtype=np.int32) - 1
        return (self._row_in_subset[np.compress(kept, table_rows)],
                np.repeat(present, _run_sums(kept, lengths)), None)


#: A view of a code column: of a whole table, or of some of its rows.
CodeView = Flat | MaskedFlat


def top_codes(tally: np.ndarray, n: int, tie_keys: np.ndarray | None = None) -> np.ndarray:
    """The ``n`` codes with the highest counts; ties by ``tie_keys`` (each code's rank, say
    of its keyword among the keywords sorted; else by code).

    Examples
    --------
    >>> top_codes(np.array([3, 5, 3, 0]), 2, tie_keys=np.array([2, 0, 1, 3])).tolist()
    [1, 2]
    """
    present = np.flatnonzero(tally)
    if present.size == 0 or n <= 0:
        return present[:0]
    if present.size > n:
        cutoff = np.partition(tally[present], present.size - n)[present.size - n]
        present = present[tally[present] >= cutoff]
    order = (np.lexsort((present, -tally[present])) if tie_keys is None
             else np.lexsort((tie_keys[present], -tally[present])))
    return present[order][:n]
