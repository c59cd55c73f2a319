"""Per-group statistics of integer columns by counting, for the charts of a filter change.

Dates are integers (days) and so are team sizes and upvotes. Two consequences make a
million rows cheap: a row's period is a lookup in a table built from the few thousand
distinct days (not a date truncation per row), and quantiles per group come from a
histogram (one ``bincount``, one cumulative sum, one binary search per group), not a sort.
Both give exactly what polars gives (``dt.truncate``; ``quantile(q, "linear")``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import polars as pl


def period_index(days: np.ndarray, every: str) -> tuple[np.ndarray, pl.Series]:
    """Each day's period (an index) and every period start from the first day's period to
    the last day's (so empty periods are present). ``days`` are days since 1970-01-01.

    Examples
    --------
    >>> index, starts = period_index(np.array([20089, 20090, 20120]), "1mo")
    >>> index.tolist(), starts.to_list()
    ([0, 0, 1], [datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)])
    """
    if not len(days):
        return np.zeros(0, np.int64), pl.Series("period", [], dtype=pl.Date)
    low, high = int(days.min()), int(days.max())
    every_day = pl.Series(np.arange(low, high + 1, dtype=np.int32)).cast(pl.Date)
    starts = every_day.dt.truncate(every).to_physical().to_numpy()
    firsts, of_day = np.unique(starts, return_inverse=True)  # starts are sorted already
    return of_day[days - low], pl.Series("period", firsts).cast(pl.Date)


class Periods:
    """The period of every row of a date column at one step: made once for a whole table,
    then any rows' periods are picked from it (a filter only picks rows).

    Examples
    --------
    >>> from datetime import date
    >>> whole = Periods(pl.Series([date(2025, 1, 5), None, date(2025, 3, 2)]), "1mo")
    >>> whole.of_row.tolist(), whole.span(date(2025, 3, 2), date(2025, 3, 2))
    ([0, -1, 2], (2, 2))
    """

    def __init__(self, days: pl.Series, every: str):
        known = days.drop_nulls().to_physical().to_numpy()
        self.low = int(known.min()) if len(known) else 0
        #: Each day's period (from :attr:`low`), every period start, each row's period
        #: (-1 without a date).
        self.of_day, self.starts = period_index(
            np.arange(self.low, int(known.max()) + 1) if len(known) else known, every)
        self.of_row = np.full(len(days), -1, dtype=np.int64)
        self.of_row[days.is_not_null().to_numpy()] = self.of_day[known - self.low]

    def span(self, first: date, last: date) -> tuple[int, int]:
        """The periods of days ``first`` and ``last`` (of the column)."""
        return (int(self.of_day[day_number(first) - self.low]),
                int(self.of_day[day_number(last) - self.low]))


def day_number(day: date) -> int:
    """``day`` in days since 1970-01-01, as polars holds a date.

    >>> day_number(date(1970, 1, 2))
    1
    """
    return day.toordinal() - _EPOCH


_EPOCH = date(1970, 1, 1).toordinal()


class Histogram:
    """Integer ``values`` counted per group (``groups`` in ``0 … size-1``): each group's
    ``counts``, ``sums`` and :meth:`quantiles`, all read off one ``bincount``.

    Values within ``min(max_cells // size, max_width)`` of the smallest are counted in a
    groups × values histogram; the rest (a heavy tail: upvotes reach the millions) are few,
    and sorted.

    Examples
    --------
    >>> counted = Histogram(np.array([0, 0, 0, 1]), np.array([1, 5, 2, 7]), 3)
    >>> counted.counts.tolist(), counted.sums.tolist()
    ([3, 1, 0], [8, 7, 0])
    >>> counted.quantiles([0.5, 0.75]).tolist()
    [[2.0, 3.5], [7.0, 7.0], [nan, nan]]
    """

    def __init__(self, groups: np.ndarray, values: np.ndarray, size: int,
                 max_cells: int = 1 << 20, max_width: int = 512):
        self.size = size
        groups = groups.astype(np.int64, copy=False)
        self.low = low = int(values.min()) if len(values) else 0
        # a wide grid costs more than sorting the few values beyond it (tails are thin)
        top = int(values.max()) if len(values) else 0
        self.width = width = min(top - low + 1, max(max_cells // max(size, 1), 1), max_width)
        # a value beyond the grid is counted in its group's last cell, then looked up among
        # the few such values, sorted: no pass copies the values inside the grid
        stride = width + 1
        offset = np.subtract(values, low, dtype=np.int64)  # (int64 in the one pass)
        beyond = np.flatnonzero(offset >= width)
        np.minimum(offset, width, out=offset)
        cells = groups * stride
        cells += offset
        counted = np.bincount(cells, minlength=size * stride).reshape(size, stride)
        tail_groups, tail_values = groups[beyond], values[beyond].astype(np.int64)
        self._ranks = np.cumsum(counted)  # sorted order: group by group, value by value
        #: Values per group.
        self.counts = counted.sum(axis=1)
        self._n_small = self.counts - counted[:, width]
        self._start = np.cumsum(self.counts) - self.counts
        self._tail = tail_values[np.lexsort((tail_values, tail_groups))]
        n_tail = counted[:, width]
        self._tail_start = np.cumsum(n_tail) - n_tail
        tail_sums = np.zeros(size, np.int64)
        np.add.at(tail_sums, tail_groups, tail_values)
        #: The sum of each group's values (exact integers).
        self.sums = counted[:, :width] @ np.arange(low, low + width, dtype=np.int64) + tail_sums

    def _value_at(self, group: np.ndarray, rank: np.ndarray) -> np.ndarray:
        """The ``rank``-th smallest value of each ``group`` (ranks within the group)."""
        found = np.empty(len(rank), dtype=np.int64)
        n_small = self._n_small[group]
        inside = rank < n_small
        found[inside] = np.searchsorted(
            self._ranks, self._start[group[inside]] + rank[inside], side="right"
        ) % (self.width + 1) + self.low
        beyond = ~inside
        found[beyond] = self._tail[self._tail_start[group[beyond]] + rank[beyond]
                                   - n_small[beyond]]
        return found

    def quantiles(self, qs: Sequence[float], method: str = "linear") -> np.ndarray:
        """Quantiles of each group's values, as polars' ``quantile(q, method)`` with
        ``method`` ``"linear"`` or ``"nearest"``; NaN for an empty group."""
        if method not in ("linear", "nearest"):
            raise ValueError(f'method must be "linear" or "nearest", not {method!r}')
        out = np.full((self.size, len(qs)), np.nan)
        present = np.flatnonzero(self.counts)
        n = self.counts[present]
        for column, q in enumerate(qs):
            position = (n - 1) * q
            if method == "nearest":  # half away from zero, as Rust rounds
                out[present, column] = self._value_at(
                    present, np.floor(position + 0.5).astype(np.int64))
                continue
            below = np.floor(position).astype(np.int64)
            lower = self._value_at(present, below)
            upper = self._value_at(present, np.minimum(below + 1, n - 1))
            out[present, column] = lower + (upper - lower) * (position - below)
        return out

    def means(self) -> np.ndarray:
        """Each group's mean value; NaN for an empty group."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.sums / self.counts


def quantiles(groups: np.ndarray, values: np.ndarray, size: int, qs: Sequence[float],
              max_cells: int = 1 << 20, max_width: int = 512,
              method: str = "linear") -> np.ndarray:
    """Quantiles of integer ``values`` per group (``groups`` in ``0 … size-1``), as polars'
    ``quantile(q, method)`` with ``method`` ``"linear"`` or ``"nearest"``; NaN for an empty
    group (:class:`Histogram`).

    Examples
    --------
    >>> quantiles(np.array([0, 0, 0, 1]), np.array([1, 5, 2, 7]), 3, [0.5, 0.75]).tolist()
    [[2.0, 3.5], [7.0, 7.0], [nan, nan]]
    """
    return Histogram(groups, values, size, max_cells, max_width).quantiles(qs, method)


def distinct_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values of ``values``, sorted, written over ``values`` itself (a view of
    it; ``values`` itself when none repeats). Polars sorts (a radix sort: several times
    numpy's on these integers) into a copy that lives only until it is written back.

    Examples
    --------
    >>> distinct_sorted(np.array([3, 1, 3], dtype=np.uint64)).tolist()
    [1, 3]
    """
    ordered = pl.Series(values).sort()  # reads values where they are
    values[:] = ordered.to_numpy()
    del ordered
    repeated = values[1:] == values[:-1]
    if not repeated.any():
        return values
    first = np.ones(len(values), dtype=bool)
    np.logical_not(repeated, out=first[1:])
    del repeated
    return kept_in_place(values, first)


def kept_in_place(values: np.ndarray, keep: np.ndarray, part: int = 1 << 20) -> np.ndarray:
    """``values[keep]`` written over the start of ``values`` itself, a part at a time: a view
    of ``values``, never a second array of its size.

    Examples
    --------
    >>> values = np.array([5, 6, 7, 8])
    >>> kept_in_place(values, np.array([False, True, False, True]), part=3).tolist()
    [6, 8]
    """
    kept = 0
    for start in range(0, len(values), part):
        # a part's kept values are copied out before they are written, at or before start
        chosen = values[start:start + part][keep[start:start + part]]
        values[kept:kept + len(chosen)] = chosen
        kept += len(chosen)
    return values[:kept]


def halves(packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The low and high 32 bits of each of the uint64 ``packed``, as uint32 views (no copy).

    Examples
    --------
    >>> low, high = halves(np.array([(7 << 32) + 3], dtype=np.uint64))
    >>> low.tolist(), high.tolist()
    ([3], [7])
    """
    words = packed.view(np.uint32).reshape(-1, 2)
    low, high = (0, 1) if np.little_endian else (1, 0)
    return words[:, low], words[:, high]


def sorted_runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``values`` and how often each occurs (polars sorts a copy:
    several times faster than numpy).

    Examples
    --------
    >>> distinct, counts = sorted_runs(np.array([3, 1, 3, 3], dtype=np.uint64))
    >>> distinct.tolist(), counts.tolist()
    ([1, 3], [1, 3])
    """
    return runs_of(pl.Series(values).sort().to_numpy())


def runs_of(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of the sorted ``ordered`` and the length of each one's run.

    Examples
    --------
    >>> distinct, lengths = runs_of(np.array([1, 3, 3, 3]))
    >>> distinct.tolist(), lengths.tolist()
    ([1, 3], [1, 3])
    """
    if not len(ordered):
        return ordered, np.zeros(0, np.int64)
    starts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    lengths = np.diff(starts, prepend=0, append=len(ordered))
    return ordered[np.concatenate([[0], starts])], lengths


def as_column(values: np.ndarray, name: str) -> pl.Series:
    """A float column with nulls where ``values`` has NaN (how polars shows an empty group)."""
    return pl.Series(name, values, dtype=pl.Float64).fill_nan(None)
