"""Listing days: how much of the Hub's listing a store holds, period by period.

Most stores are samples: the days someone copied a page, the months a script ran. A
*listing day* is a Daily Papers day the data holds at least one paper of (its ``daily_on``).
The Hub lists on weekdays (now and then on a weekend day too), so a period's *weekdays* are
the days it could hold.

A count per period of a sample follows the sampling: a month fetched whole holds three times
the papers of a month held on seven of its days. So a period's papers are also given *per
listing day*: each paper counts ``1 / d``, ``d`` the listing days the data holds in the
period of the paper's Daily Papers day (of its published day, for a paper without one; a
paper of a period without listing days is not rated). By Daily Papers day that is papers ÷
listing days; by published day it reads each paper by how well its listing was sampled.

The span a sample covers is that of the bulk of its papers: a few far from the rest
(:func:`drawn_span`) are left off the time axes, do not make the first period drawn whole
(:func:`periods_cut`) and fall in neither half of :func:`split_halves`.

A filter keeps papers, not days: the listing days and the span of filtered papers are the
whole table's (:func:`coverage`), cut only by the window of a date filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from .. import grouped
from ..frames import Frame
from ..prepared import Prepared, intersect, prepare
from .common import DateColumn, _frame, _partial_periods

#: A store is read as a sample when one period holds less than this share of the listing
#: days (per weekday) that the best-held period holds.
SAMPLED_BELOW = 0.5
#: Periods whose rates or counts a time chart draws: a block of papers far from the rest
#: (an empty stretch of at least this many days between) holding at most this share of all
#: papers is left off the axis (and named in the subtitle).
FAR_DAYS = 60
FAR_SHARE = 0.01
#: The columns listing days are read from: a paper's Daily Papers day, else its published day.
DAYS = ("daily_on", "published_on")


def listing_day(frame: pl.DataFrame) -> pl.Series:
    """Each paper's Daily Papers day (null where the data does not know it)."""
    if "daily_on" in frame.columns:
        return frame["daily_on"]
    return pl.Series("daily_on", [None] * frame.height, dtype=pl.Date)


def _periods_of(days: pl.Series, starts: pl.Series, every: str) -> np.ndarray:
    """The index in ``starts`` of each day's period (-1: a day outside them)."""
    if not len(starts):
        return np.full(len(days), -1, dtype=np.int64)
    truncated = days.dt.truncate(every).to_physical().to_numpy()
    first = starts.to_physical().to_numpy()
    at = np.searchsorted(first, truncated).clip(max=len(first) - 1)
    return np.where(first[at] == truncated, at, -1)


def _weekdays(starts: pl.Series, every: str, first: date, last: date) -> np.ndarray:
    """Monday–Friday days of each period, within ``first`` … ``last``."""
    ends = starts.dt.offset_by(every).dt.offset_by("-1d")
    low = starts.to_frame("s").select(pl.max_horizontal(pl.col("s"), pl.lit(first)))["s"]
    high = ends.to_frame("e").select(pl.min_horizontal(pl.col("e"), pl.lit(last)))["e"]
    lo = low.to_physical().to_numpy().astype("datetime64[D]")
    hi = high.to_physical().to_numpy().astype("datetime64[D]") + 1
    return np.where(hi > lo, np.busday_count(lo, np.maximum(hi, lo)), 0)


@dataclass(frozen=True)
class ListingDays:
    """The listing days of a whole table at one step ``every``, by day of its span (the
    first to the last day its papers name, a few thousand): each day's period, the listing
    days each period holds, and the weight ``1 / d`` of a paper listed that day."""

    low: int  # the span's first day, in days since 1970-01-01
    day_period: np.ndarray
    period_starts: pl.Series
    held: np.ndarray
    weight_of_day: np.ndarray  # one more slot at the end: a paper without any day, 0
    first: date | None  # the first and last listing day
    last: date | None

    @classmethod
    def of(cls, frame: pl.DataFrame, every: str) -> ListingDays:
        listed = listing_day(frame)
        first, last = listed.min(), listed.max()
        on = _on(frame)
        if first is None:
            return cls(0, np.zeros(0, np.int64), pl.Series("period", [], dtype=pl.Date),
                       np.zeros(0, np.int64), np.zeros(1), None, None)
        low = grouped.day_number(min(first, on.min()))
        high = grouped.day_number(max(last, on.max()))
        day_period, period_starts = grouped.period_index(np.arange(low, high + 1), every)
        is_listed = np.zeros(high - low + 1, dtype=bool)
        is_listed[listed.drop_nulls().to_physical().to_numpy() - low] = True
        held = np.bincount(day_period[is_listed], minlength=len(period_starts))
        per_day = held[day_period]
        weight = np.append(np.where(per_day > 0, 1.0 / np.maximum(per_day, 1), 0.0), 0.0)
        return cls(low, day_period, period_starts, held, weight, first, last)

    def weights(self, frame: pl.DataFrame) -> np.ndarray:
        """The weight of each paper of ``frame`` (rows of the table, or some of them)."""
        span = len(self.weight_of_day) - 1
        slot = _on(frame).to_physical().fill_null(self.low + span).to_numpy()
        return self.weight_of_day[slot - self.low]


def _on(frame: pl.DataFrame) -> pl.Series:
    """A paper's listing day, else its published day: the day its weight is read on."""
    listed = listing_day(frame)
    if not listed.null_count() or "published_on" not in frame.columns:
        return listed
    return listed.fill_null(frame["published_on"])


def listing(papers: Prepared, starts: pl.Series, every: str
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For periods ``starts``: the listing days the data holds in each and its weekdays
    (within the data's first and last listing day), of the whole table whatever rows
    ``papers`` keep (a filter keeps papers, not days); and each kept paper's weight."""
    days = papers.of_whole(("listing days", every), lambda whole: ListingDays.of(whole, every),
                           DAYS)
    held = np.zeros(len(starts), dtype=np.int64)
    if days.first is None:
        return held, held.copy(), np.zeros(papers.height, dtype=np.float64)
    inside = _periods_of(days.period_starts, starts, every)
    np.add.at(held, inside[inside >= 0], days.held[inside >= 0])
    weights = papers.of_whole(("listing weights", every), days.weights, DAYS)
    return held, _weekdays(starts, every, days.first, days.last), papers.kept(weights)


def listing_between(papers: Prepared, first: date | None, last: date | None
                    ) -> tuple[int, int]:
    """Between ``first`` and ``last`` (some papers' first and last listing days): the
    listing days the whole data holds (a filter keeps papers, not days) and the weekdays
    the Hub lists, as each period counts them (:func:`listing`)."""
    if first is None or last is None:
        return 0, 0
    days = papers.of_whole("listing days", lambda whole: listing_day(whole).drop_nulls()
                           .unique().sort(), DAYS)
    weekdays = _weekdays(pl.Series([first], dtype=pl.Date), f"{(last - first).days + 1}d",
                         first, last)
    return int(days.is_between(first, last).sum()), int(weekdays[0])


def is_sampled(held: np.ndarray, weekdays: np.ndarray) -> bool:
    """Whether some period holds far fewer listing days (per weekday) than another: then a
    count per period follows the sampling, and a rate per listing day is what to read."""
    shown = weekdays > 0
    if shown.sum() < 2:
        return False
    coverage = np.minimum(held[shown] / weekdays[shown], 1.0)
    return bool(coverage.min() < SAMPLED_BELOW * coverage.max())


def compute_listing_days(df: Frame, every: str = "1mo") -> pl.DataFrame:
    """Per period of Daily Papers days: the listing days the data holds, the weekdays the Hub
    lists in it (within the data's first and last listing day), the papers listed, and
    papers per listing day held.

    Examples
    --------
    >>> from datetime import date, timedelta
    >>> days = [date(2025, 3, 3) + timedelta(d) for d in range(5)] + [date(2025, 4, 7)]
    >>> papers = pl.DataFrame({"daily_on": days, "published_on": days})
    >>> compute_listing_days(papers).select("period", "listing_days", "weekdays").rows()
    [(datetime.date(2025, 3, 1), 5, 21), (datetime.date(2025, 4, 1), 1, 5)]
    """
    prepared = prepare(df)
    days = listing_day(prepared.frame)
    index, starts = grouped.period_index(days.drop_nulls().to_physical().to_numpy(), every)
    held, weekdays, _ = listing(prepared, starts, every)
    papers = np.bincount(index, minlength=len(starts))
    return pl.DataFrame({
        "period": starts, "listing_days": pl.Series(held, dtype=pl.Int64),
        "weekdays": pl.Series(weekdays, dtype=pl.Int64),
        "papers": pl.Series(papers, dtype=pl.Int64),
        "papers_per_day": pl.Series(np.where(held > 0, papers / np.maximum(held, 1), np.nan),
                                    dtype=pl.Float64).fill_nan(None),
    }).with_columns(periods_cut(prepared, "daily_on", days.drop_nulls(), every),
                    sampled=pl.lit(is_sampled(held, weekdays)))


def drawn_span(starts: pl.Series, papers: np.ndarray, every: str) -> tuple[int, int]:
    """The first and last period a time axis draws (indices): without a block of papers far
    before or after the rest (:data:`FAR_DAYS` empty days between) holding at most
    :data:`FAR_SHARE` of them.

    Examples
    --------
    >>> starts = pl.Series([date(2021, 7, 1), date(2023, 5, 1), date(2023, 6, 1)])
    >>> drawn_span(starts, np.array([1, 250, 240]), "1mo")
    (1, 2)
    """
    filled = np.flatnonzero(papers > 0)
    if len(filled) < 2:
        return (int(filled[0]), int(filled[0])) if len(filled) else (0, len(papers) - 1)
    first = starts.to_physical().to_numpy()[filled]
    ends = starts.dt.offset_by(every).to_physical().to_numpy()[filled]
    far = (first[1:] - ends[:-1]) >= FAR_DAYS  # far[i]: between filled[i] and filled[i + 1]
    counts = papers[filled]
    before = np.cumsum(counts)[:-1]  # papers up to filled[i]
    after = counts.sum() - before  # papers from filled[i + 1]
    small = FAR_SHARE * counts.sum()
    cut_before = np.flatnonzero(far & (before <= small))
    cut_after = np.flatnonzero(far & (after <= small))
    low = int(cut_before.max()) + 1 if len(cut_before) else 0
    high = int(cut_after.min()) if len(cut_after) else len(filled) - 1
    return (int(filled[low]), int(filled[high])) if low <= high else (
        int(filled[0]), int(filled[-1]))


def periods_cut(papers: Prepared, column: str, days: pl.Series, every: str) -> list[pl.Expr]:
    """The columns that say how much of each period the data covers (``first_day``,
    ``last_day``, ``partial``: :func:`~dailypapers.compute.common._partial_periods`), for
    the periods of ``days`` (some of the papers' ``column``), read against :func:`coverage`.
    """
    if days.len() == days.null_count():
        return _partial_periods(None, None, every)
    first, last, bulk = coverage(papers, column, every)
    # every kept day is covered (a window of one date column read on another is near)
    return _partial_periods(min(first, days.min()), max(last, days.max()), every, bulk)


def coverage(papers: Prepared, column: str, every: str
             ) -> tuple[date, date, tuple[date, date] | None]:
    """The days the data covers in ``column``: the whole table's first and last (a filter
    keeps papers, not days: an organization's first paper does not start the data), cut to
    the windows a date filter kept (``papers.days``); and the bulk of them, the first and
    last day within the periods a time axis at step ``every`` draws (:func:`drawn_span`),
    when it leaves a few papers far from the rest off (else ``None``)."""
    def whole(frame: pl.DataFrame) -> tuple[date, date, tuple[date, date] | None]:
        days = frame[column]
        return days.min(), days.max(), _bulk(days, every)

    first, last, bulk = papers.of_whole(("coverage", column, every), whole, [column])
    # a window of either date column cuts both: a paper is listed days after its date
    for window in papers.days.values():
        first, last = intersect((first, last), window)
        if bulk is not None:
            bulk = intersect(bulk, window)
            bulk = bulk if bulk[0] <= bulk[1] else None
    return first, last, bulk


def _bulk(days: pl.Series, every: str) -> tuple[date, date] | None:
    """The first and last of ``days`` within the periods a time axis at step ``every``
    draws, when it leaves a few far from the rest off (:func:`drawn_span`); else ``None``.

    >>> _bulk(pl.Series([date(2021, 7, 28)] + [date(2023, 2, 16)] * 200), "1y")
    (datetime.date(2023, 2, 16), datetime.date(2023, 2, 16))
    >>> _bulk(pl.Series([date(2023, 1, 5), date(2023, 2, 16)]), "1y") is None
    True
    """
    days = days.drop_nulls()
    index, starts = grouped.period_index(days.to_physical().to_numpy(), every)
    papers = np.bincount(index, minlength=len(starts))
    filled = np.flatnonzero(papers)
    if len(filled) == 0:
        return None
    low, high = drawn_span(starts, papers, every)
    if (low, high) == (filled[0], filled[-1]):
        return None
    drawn = days.filter(pl.Series((index >= low) & (index <= high)))
    return drawn.min(), drawn.max()


def split_halves(df: Frame, date: DateColumn = "published_on"
                 ) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """The first and second half of the table's date span (``None`` when it has no dates,
    or one day: nothing to split). A few papers far from the rest (:func:`drawn_span`, by
    day) do not stretch the span: they fall in neither half, as they are off the time axes.

    Examples
    --------
    >>> split_halves(pl.DataFrame({"published_on": [date(2025, 1, 1), date(2025, 1, 10)]}))
    ((datetime.date(2025, 1, 1), datetime.date(2025, 1, 5)), (datetime.date(2025, 1, 6), \
datetime.date(2025, 1, 10)))
    >>> far = [date(2021, 7, 28)] + [date(2025, 1, 1)] * 100 + [date(2025, 1, 10)] * 100
    >>> split_halves(pl.DataFrame({"published_on": far}))[0]
    (datetime.date(2025, 1, 1), datetime.date(2025, 1, 5))
    """
    days = _frame(df)[date].drop_nulls()
    if days.is_empty():
        return None
    first, last = _bulk(days, "1d") or (days.min(), days.max())
    if first == last:
        return None
    middle = first + timedelta(days=(last - first).days // 2)
    return (first, middle), (middle + timedelta(days=1), last)

