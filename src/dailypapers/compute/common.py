"""What every question shares: the papers as prepared rows, dates and periods, settled
upvotes, and the rows of chosen codes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

import numpy as np
import polars as pl

from .. import codes, grouped
from ..frames import Frame
from ..prepared import Prepared, Vocabulary, prepare
from ..schema import SETTLE_DAYS

DateColumn = Literal["published_on", "daily_on"]
NO_ORGANIZATION = "(no organization)"
OTHER = "other"
#: Team-size buckets for upvotes by team size: (label, smallest, largest).
TEAM_SIZES = [("1", 1, 1), ("2", 2, 2), ("3–4", 3, 4), ("5–8", 5, 8), ("9–16", 9, 16),
              ("17–32", 17, 32), ("33–100", 33, 100), (">100", 101, None)]


Observations = Literal["settled", "all"]
#: The columns :func:`counted_upvotes` reads.
SETTLING = ("seen_at", "daily_on", "published_on")


def counted_upvotes(df: Frame | Prepared, observations: str) -> pl.Series:
    """Whether each paper's upvotes count: settled ones (seen :data:`SETTLE_DAYS` or more
    after the paper's day) unless ``observations="all"``; a paper whose time was not
    recorded counts (nothing says it is early). Settling is a fact of each row, found once
    for the whole table.

    Examples
    --------
    >>> from datetime import UTC, date, datetime
    >>> papers = pl.DataFrame({"published_on": [date(2025, 3, 3)] * 2,
    ...     "seen_at": [datetime(2025, 3, 4, tzinfo=UTC), datetime(2025, 4, 1, tzinfo=UTC)]})
    >>> counted_upvotes(papers, "settled").to_list(), counted_upvotes(papers, "all").to_list()
    ([False, True], [True, True])
    """
    if observations not in ("settled", "all"):
        raise ValueError(f'observations must be "settled" or "all", not {observations!r}')
    papers = prepare(df)
    if observations == "all":
        return pl.repeat(True, papers.height, eager=True).alias("counted")
    return pl.Series("counted", papers.kept(papers.of_whole("settled", _settled, SETTLING)))


def _settled(frame: pl.DataFrame) -> np.ndarray:
    """Whether each row's figures were seen :data:`SETTLE_DAYS` or more after its day, or
    at a time not recorded."""
    return frame.select((observation_age(frame) >= SETTLE_DAYS).fill_null(False)
                        | pl.col("seen_at").is_null()).to_series().to_numpy()


def observation_age(frame: pl.DataFrame) -> pl.Expr:
    """Days from a paper's Daily Papers day (else its published day) to when its figures
    were seen: how settled its upvotes are."""
    day = pl.coalesce(pl.col("daily_on"), pl.col("published_on")) if "daily_on" in \
        frame.columns else pl.col("published_on")
    return (pl.col("seen_at").dt.date() - day).dt.total_days()


def _frame(df: Frame | Prepared) -> pl.DataFrame:
    """The prepared rows of the papers (see :func:`~dailypapers.prepared.prepare`)."""
    return prepare(df).frame


def _columns(df: Frame | Prepared, columns: Sequence[str]) -> pl.DataFrame:
    """Some ``columns`` of the papers' prepared rows (those they have): a question that
    reads a few columns of a plain table prepares only those."""
    return prepare(df).frame_of(columns)


def _periods(papers: Prepared, date: str, every: str) -> tuple[np.ndarray, pl.Series]:
    """Each paper's period of ``date`` at step ``every`` (an index into the starts;
    negative for a paper without the date) and every period start from the first paper's
    period to the last's (empty periods present). The whole table's periods are found once
    per date and step and kept with it: a filter only picks rows."""
    whole = papers.of_whole(("periods", date, every),
                            lambda frame: grouped.Periods(frame[date], every), [date])
    days = papers.frame_of([date])[date]
    if days.null_count() == days.len():
        return np.full(days.len(), -1, dtype=np.int64), whole.starts.clear()
    low, high = whole.span(days.min(), days.max())
    return papers.kept(whole.of_row) - low, whole.starts.slice(low, high - low + 1)


def _dated(papers: Prepared, date: str) -> Prepared:
    """The papers with a known ``date``."""
    dates = papers.frame[date]
    return papers if not dates.null_count() else papers.restrict(
        dates.is_not_null().to_numpy())


#: The fewest papers a period needs for a statistic of them to be drawn in a trend (a
#: keyword's share, the median team, the median upvotes of the papers-over-time chart): one
#: paper of one makes 100 %, a team of one paper makes the month's median, spikes that say
#: nothing and squash every other point.
TREND_MIN_PAPERS = 10


def _quartiles_and_mean(values: grouped.Histogram, hidden: np.ndarray | None = None
                        ) -> dict[str, pl.Series]:
    """Each group's ``q1``, ``median``, ``q3`` and ``mean`` columns; null where ``hidden``
    (and for an empty group)."""
    stats = np.column_stack([values.quantiles((0.25, 0.5, 0.75)), values.means()])
    if hidden is not None:
        stats[hidden] = np.nan
    return {name: grouped.as_column(stats[:, i], name)
            for i, name in enumerate(("q1", "median", "q3", "mean"))}


def tied_beyond(counts: Sequence[int], n: int, every_count: Callable[[], np.ndarray]) -> int:
    """How many left out of a top ``n`` have as many papers as its ``n``-th: the ``n``-th
    place is then a tie broken by name, which a chart should not pass off as a ranking.

    ``counts``: the first ``n + 1`` counts in rank order (fewer when fewer exist);
    ``every_count`` gives every count, and is asked only when the ``n + 1``-th ties the
    ``n``-th (a full tally of a filtered table is what a top-n question avoids).

    >>> tied_beyond([5, 3, 3], 2, lambda: np.array([5, 3, 3, 3, 1]))
    2
    >>> tied_beyond([5, 3, 2], 2, lambda: np.array([5, 3, 2]))
    0
    """
    if n < 1 or len(counts) <= n or counts[n] != counts[n - 1]:
        return 0
    last = counts[n - 1]
    return int((every_count() == last).sum()) - list(counts[:n]).count(last)


def _rows_of_codes(prepared: Prepared, flat: codes.CodeView, chosen: np.ndarray,
                   columns: list[str], per_paper: dict[str, np.ndarray] | None = None
                   ) -> pl.DataFrame:
    """(label, *columns, *per_paper) for every (paper, code) whose code is in ``chosen``."""
    chosen = np.asarray(chosen, dtype=np.int64)
    found = _codes_and(prepared, flat, chosen, columns, per_paper)
    lookup = pl.DataFrame({"code": np.arange(len(chosen)), "label": flat.labels_of(chosen)})
    return found.join(lookup, on="code", how="left").drop("code")


def _codes_and(prepared: Prepared, flat: codes.CodeView, chosen: np.ndarray,
               columns: list[str], per_paper: dict[str, np.ndarray] | None = None
               ) -> pl.DataFrame:
    """(code, *columns, *per_paper) for every (paper, code) whose code is in ``chosen``;
    ``code`` is the code's position in ``chosen``: small integer keys, so whoever aggregates
    them groups integers and names the few groups afterwards. ``per_paper`` names arrays of
    one value per paper (of ``prepared``'s rows), read at the same rows."""
    chosen = np.asarray(chosen, dtype=np.int64)
    rows, picked = flat.select(chosen)
    position = codes.slots(chosen, flat.size)
    return prepared.frame.select(columns)[rows].with_columns(
        code=pl.Series(position[picked]),
        **{name: pl.Series(name, values[rows]) for name, values in (per_paper or {}).items()})


def _code_lookup(flat: codes.CodeView, vocabulary: Vocabulary,
                 chosen: np.ndarray) -> pl.DataFrame:
    """``code`` (position in ``chosen``), ``keyword`` and ``label`` of keyword codes."""
    return pl.DataFrame({
        "code": np.arange(len(chosen), dtype=np.int64),
        "keyword": vocabulary.keys.gather(chosen).rename("keyword"),
        "label": flat.labels_of(chosen)})


def _partial_periods(first: date | None, last: date | None, every: str,
                     bulk: tuple[date, date] | None = None) -> list[pl.Expr]:
    """``first_day`` and ``last_day`` of each period the data covers (``first`` … ``last``),
    and ``partial``: the data's first or last day cuts a weekday off the period (the 2026
    bar of data ending 2026-08-20; not a month whose data starts on the Monday after its
    first weekend, for the Hub lists nothing on a weekend).

    ``bulk`` (:func:`~dailypapers.compute.sampling.coverage`): the first and last day within
    the periods a time axis draws, when a few papers far from the rest are left off it. The
    periods there are read against it, so that one paper of 2021 in data of 2023-02 → 2026
    does not make 2023 a whole year.

    Examples
    --------
    >>> months = pl.DataFrame({"period": [date(2025, 3, 1), date(2025, 4, 1)]})
    >>> cut = _partial_periods(date(2025, 3, 3), date(2025, 4, 15), "1mo")  # 1 March: Sat.
    >>> months.with_columns(cut)["partial"].to_list()
    [False, True]
    """
    if first is None or last is None:
        return [pl.lit(None, pl.Date).alias("first_day"), pl.lit(None, pl.Date).alias("last_day"),
                pl.lit(False).alias("partial")]
    after = pl.col("period").dt.offset_by(every)
    end = after.dt.offset_by("-1d")
    low, high = pl.lit(first), pl.lit(last)
    if bulk is not None:
        drawn = (end >= bulk[0]) & (pl.col("period") <= bulk[1])
        low = pl.when(drawn).then(pl.lit(bulk[0])).otherwise(low)
        high = pl.when(drawn).then(pl.lit(bulk[1])).otherwise(high)
    before_first = pl.business_day_count(pl.col("period"), low)
    after_last = pl.business_day_count(high.dt.offset_by("1d"), after)
    return [pl.max_horizontal(pl.col("period"), low).alias("first_day"),
            pl.min_horizontal(end, high).alias("last_day"),
            ((before_first > 0) | (after_last > 0)).alias("partial")]


def _window(value: date | tuple[date, date] | None, date_col: str) -> pl.Expr:
    if value is None:
        return pl.lit(True)
    start, end = value
    return pl.col(date_col).is_between(start, end, closed="both")
