"""Per-group statistics of integer columns by counting, for the charts of a filter change.

Dates are integers (days) and so are team sizes and upvotes. Two consequences make a
million rows cheap: a row's period is a lookup in a table built from the few thousand
distinct days (not a date truncation per row), and quantiles per group come from a
histogram (one ``bincount``, one cumulative sum, one binary search per group), not a sort.
Both give exactly what polars gives (``dt.truncate``; ``quantile(q, "linear")``).
"""

from __future__ import annotations

from collections.abc import Sequence

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


def quantiles(groups: np.ndarray, values: np.ndarray, size: int, qs: Sequence[float],
              max_cells: int = 1 << 20, max_width: int = 512,
              method: str = "linear") -> np.ndarray:
    """Quantiles of integer ``values`` per group (``groups`` in ``0 … size-1``), as polars'
    ``quantile(q, method)`` with ``method`` ``"linear"`` or ``"nearest"``; NaN for an empty
    group.

    Values within ``min(max_cells // size, max_width)`` of the smallest are counted in a
    groups × values histogram; the rest (a heavy tail: upvotes reach the millions) are few,
    and sorted.

    Examples
    --------
    >>> quantiles(np.array([0, 0, 0, 1]), np.array([1, 5, 2, 7]), 3, [0.5, 0.75]).tolist()
    [[2.0, 3.5], [7.0, 7.0], [nan, nan]]
    """
    if method not in ("linear", "nearest"):
        raise ValueError(f'method must be "linear" or "nearest", not {method!r}')
    out = np.full((size, len(qs)), np.nan)
    if not len(values):
        return out
    groups = groups.astype(np.int64)
    low = int(values.min())
    # a wide grid costs more than sorting the few values beyond it (tails are thin)
    width = min(int(values.max()) - low + 1, max(max_cells // max(size, 1), 1), max_width)
    offset = values - low
    small = offset < width
    if small.all():  # (dates: a span of days) no tail; no copies
        small_groups, small_offsets = groups, offset
        tail_groups, tail_values = groups[:0], values[:0]
    else:  # compress: boolean indexing is several times slower
        small_groups, small_offsets = np.compress(small, groups), np.compress(small, offset)
        tail_groups, tail_values = np.compress(~small, groups), np.compress(~small, values)
    counted = np.bincount(small_groups * width + small_offsets, minlength=size * width)
    ranks = np.cumsum(counted)  # sorted order: group by group, value by value
    n_small = np.bincount(small_groups, minlength=size)
    small_start = np.cumsum(n_small) - n_small
    tail = tail_values[np.lexsort((tail_values, tail_groups))]
    n_tail = np.bincount(tail_groups, minlength=size)
    tail_start = np.cumsum(n_tail) - n_tail

    def value_at(group: np.ndarray, rank: np.ndarray) -> np.ndarray:
        """The ``rank``-th smallest value of each ``group`` (ranks within the group)."""
        found = np.empty(len(rank), dtype=np.int64)
        inside = rank < n_small[group]
        found[inside] = np.searchsorted(ranks, small_start[group[inside]] + rank[inside],
                                        side="right") % width + low
        beyond = ~inside
        found[beyond] = tail[tail_start[group[beyond]] + rank[beyond]
                             - n_small[group[beyond]]]
        return found

    present = np.flatnonzero(n_small + n_tail)
    n = (n_small + n_tail)[present]
    for column, q in enumerate(qs):
        position = (n - 1) * q
        if method == "nearest":  # half away from zero, as Rust rounds
            out[present, column] = value_at(present, np.floor(position + 0.5).astype(np.int64))
            continue
        below = np.floor(position).astype(np.int64)
        lower = value_at(present, below)
        upper = value_at(present, np.minimum(below + 1, n - 1))
        out[present, column] = lower + (upper - lower) * (position - below)
    return out


def as_column(values: np.ndarray, name: str) -> pl.Series:
    """A float column with nulls where ``values`` has NaN (how polars shows an empty group)."""
    return pl.Series(name, values, dtype=pl.Float64).fill_nan(None)
