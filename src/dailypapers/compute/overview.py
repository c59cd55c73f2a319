"""How much and when: the overview, coverage, papers and teams per period."""

from __future__ import annotations

import numpy as np
import polars as pl

from .. import grouped
from ..frames import Frame
from ..prepared import COVERED, carries, prepare
from .common import (
    TREND_MIN_PAPERS,
    DateColumn,
    Observations,
    _columns,
    _periods,
    _quartiles_and_mean,
    counted_upvotes,
)
from .sampling import is_sampled, listing, listing_between, listing_day, periods_cut


def compute_overview(df: Frame) -> pl.DataFrame:
    """One row: papers, date span, authors, teams, organizations, keywords, upvotes.

    ``papers_with_authors`` counts papers whose number of authors is known;
    ``distinct_authors`` counts names, so only papers that name their authors (API/HTML).
    ``listing_days`` are the Daily Papers days the data holds (all of it, whatever a filter
    keeps) between the first and the last of these papers', of the ``listing_weekdays`` the
    Hub listed in that span (:mod:`.sampling`).
    """
    papers = prepare(df)
    frame = papers.frame
    distinct = pl.lit(int((papers.authors.tally() > 0).sum()))
    has_keywords = carries(frame, "keywords")
    # the share of papers with keywords in the least and the most covered year: one overall
    # share would hide a year without any
    year, _ = _periods(papers, "published_on", "1y")
    dated = year >= 0
    per_year = np.bincount(year[dated])
    yearly = pl.Series(np.bincount(year[dated], weights=has_keywords.to_numpy()[dated],
                                   minlength=len(per_year))[per_year > 0] / per_year[per_year > 0])
    listed = listing_day(frame)
    first_listed, last_listed = listed.min(), listed.max()
    days_held, weekdays = listing_between(papers, first_listed, last_listed)
    return frame.select(
        papers=pl.len(),
        first_published=pl.col("published_on").min(),
        last_published=pl.col("published_on").max(),
        papers_with_authors=pl.col("author_count").is_not_null().sum(),
        distinct_authors=distinct,
        median_team_size=pl.col("author_count").median(),
        organizations=pl.col("organization").drop_nulls().n_unique(),
        share_with_keywords=pl.lit(has_keywords.mean(), dtype=pl.Float64),
        keywords_lowest_year=pl.lit(yearly.min(), dtype=pl.Float64),
        keywords_highest_year=pl.lit(yearly.max(), dtype=pl.Float64),
        total_upvotes=pl.col("upvotes").sum(),
        listing_days=pl.lit(days_held, dtype=pl.Int64),
        listing_weekdays=pl.lit(weekdays, dtype=pl.Int64),
        first_listed=pl.lit(first_listed, dtype=pl.Date),
        last_listed=pl.lit(last_listed, dtype=pl.Date),
    ).with_columns(pl.col("papers", "papers_with_authors", "distinct_authors", "organizations")
                   .cast(pl.Int64), total_upvotes=pl.col("total_upvotes").cast(pl.Int64))


def compute_coverage(df: Frame, every: str = "1y",
                     date: DateColumn = "published_on") -> pl.DataFrame:
    """Per period, the share of papers that carry each field a chart uses.

    The Hub added fields over time (organizations, keywords, GitHub stars), and captures of
    one morning hold less than a later re-fetch: a chart of a field says something only
    where the field is recorded. Columns: ``period``, ``field`` (in the order of
    :data:`~dailypapers.prepared.COVERED`), ``papers`` (in the period), ``carrying`` and
    ``share``, and the period's ``listing_days`` held of its ``weekdays`` (:mod:`.sampling`).
    Every period of the span is present (an empty one has share null).

    Examples
    --------
    >>> from datetime import date
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c"],
    ...     "published_on": [date(2024, 5, 1), date(2025, 5, 1), date(2025, 6, 1)],
    ...     "organization": [None, "meta", None]})
    >>> table = compute_coverage(papers)
    >>> table.filter(pl.col("field") == "organization").select("papers", "share").rows()
    [(1, 0.0), (2, 0.5)]
    """
    prepared = prepare(df)
    frame = prepared.frame
    dated = frame[date].is_not_null().to_numpy()
    all_dated = bool(dated.all())
    days = frame[date].to_physical().to_numpy()
    index, periods = grouped.period_index(days if all_dated else days[dated], every)
    papers = np.bincount(index, minlength=len(periods))
    held, weekdays, _ = listing(prepared, periods, every)
    parts = []
    for field in COVERED:
        flags = carries(frame, field).to_numpy()
        carrying = np.bincount(index[flags if all_dated else flags[dated]],
                               minlength=len(periods))
        parts.append(pl.DataFrame({
            "period": periods, "field": pl.Series([field] * len(periods), dtype=pl.String),
            "papers": pl.Series(papers, dtype=pl.Int64),
            "carrying": pl.Series(carrying, dtype=pl.Int64),
            "listing_days": pl.Series(held, dtype=pl.Int64),
            "weekdays": pl.Series(weekdays, dtype=pl.Int64)}))
    table = pl.concat(parts) if parts else pl.DataFrame()
    return table.with_columns(share=pl.when(pl.col("papers") > 0)
                              .then(pl.col("carrying") / pl.col("papers")))


def compute_author_counts(df: Frame, max_authors: int = 20) -> pl.DataFrame:
    """Papers per number of authors, 1 … ``max_authors``, then one bucket ``>max_authors``.

    Every bucket is present (zero when empty); papers whose count is unknown are left out.
    The last bucket really holds every paper with more than ``max_authors`` authors.

    Examples
    --------
    >>> papers = pl.DataFrame({"author_count": [1, 2, 2, 5, 40, None]})
    >>> compute_author_counts(papers, max_authors=3)["papers"].to_list()
    [1, 2, 0, 2]
    """
    counts = _columns(df, ["author_count"])["author_count"]
    known = max(counts.len() - counts.null_count(), 1)
    # unknown (and zero) counts fall in slot 0, which no bucket reads
    tally = np.bincount(np.clip(counts.fill_null(0).cast(pl.Int64).to_numpy(), 0,
                                max_authors + 1),
                        minlength=max_authors + 2)[1:]
    buckets = np.arange(1, max_authors + 2)
    return pl.DataFrame({
        "bucket": pl.Series(buckets, dtype=pl.Int32),
        "authors": [str(b) for b in buckets[:-1]] + [f">{max_authors}"],
        "papers": pl.Series(tally, dtype=pl.Int64),
        "share": tally / known})


def compute_team_size_over_time(df: Frame, every: str = "1mo",
                                date: DateColumn = "published_on",
                                min_papers: int = TREND_MIN_PAPERS) -> pl.DataFrame:
    """Median and quartiles of authors per paper in each period (papers with a known count);
    a period with fewer than ``min_papers`` of them has none (``papers`` still counts them).
    ``partial`` marks a period the data's first or last day cuts (see
    :func:`compute_papers_over_time`).

    Examples
    --------
    >>> from datetime import date
    >>> papers = pl.DataFrame({"author_count": [2, 4, 6, 10],
    ...     "published_on": [date(2025, 1, 2), date(2025, 1, 9), date(2025, 1, 20),
    ...                      date(2025, 3, 1)]})
    >>> compute_team_size_over_time(papers, min_papers=1)["median"].to_list()
    [4.0, None, 10.0]
    >>> compute_team_size_over_time(papers, min_papers=2)["median"].to_list()
    [4.0, None, None]
    """
    papers = prepare(df)
    frame = (_columns(papers, [date, "author_count"]).lazy()
             .filter(pl.col("author_count").is_not_null() & pl.col(date).is_not_null())
             .collect())
    index, periods = grouped.period_index(frame[date].to_physical().to_numpy(), every)
    teams = grouped.Histogram(index, frame["author_count"].to_numpy(), len(periods))
    return pl.DataFrame({
        "period": periods, "papers": pl.Series(teams.counts, dtype=pl.Int64),
        **_quartiles_and_mean(teams, hidden=teams.counts < min_papers),
    }).with_columns(periods_cut(papers, date, frame[date], every))


def compute_papers_over_time(df: Frame, every: str = "1d",
                             date: DateColumn = "published_on",
                             observations: Observations = "settled") -> pl.DataFrame:
    """Papers and upvotes (sum, median) per period; empty periods present as zero.

    ``papers`` counts every paper. The upvotes are of settled observations only (seen
    :data:`SETTLE_DAYS` or more after the paper's day; ``voted_papers`` counts them) unless
    ``observations="all"``: a month of morning captures would otherwise look unloved next to
    a re-fetched one.

    ``partial`` marks a period that the data's first or last day cuts; ``first_day`` and
    ``last_day`` are the days of the period the data covers.

    A store is often a sample of the Hub's listing days (:mod:`.sampling`): ``listing_days``
    are the Daily Papers days the data holds in the period, ``weekdays`` the days the Hub
    lists, ``papers_per_day`` the papers per listing day held (null where the period holds
    none), and ``sampled`` (the same on every row) whether some period holds far fewer
    listing days than another: then the rate, not the count, is what to compare.

    ``every`` is a polars interval: ``"1d"``, ``"1w"`` (weeks start on Monday), ``"1mo"``,
    ``"1q"``, ``"1y"``. ``date`` picks the paper's date or its Daily Papers day.

    Examples
    --------
    >>> from datetime import date
    >>> papers = pl.DataFrame({"published_on": [date(2025, 1, 1), date(2025, 1, 3)],
    ...                        "upvotes": [5, None]})
    >>> compute_papers_over_time(papers)["papers"].to_list()
    [1, 0, 1]
    """
    prepared = prepare(df)
    papers = prepared.frame_of([date, "upvotes"])
    index, periods = _periods(prepared, date, every)
    held, weekdays, weights = listing(prepared, periods, every)
    counted = papers.select(pl.when(counted_upvotes(prepared, observations))
                            .then(pl.col("upvotes"))).to_series()
    if papers[date].null_count():  # the papers without the date are in no period
        dated = index >= 0
        index, weights, counted = index[dated], weights[dated], counted.filter(dated)
    per_day = np.bincount(index, weights=weights, minlength=len(periods))
    upvotes = counted.fill_null(0).to_numpy()
    if counted.null_count():  # counts, sums and medians of the voted papers only
        voted = counted.is_not_null().to_numpy()
        per_period = np.bincount(index, minlength=len(periods))
        # (compress: cheaper than boolean indexing)
        votes = grouped.Histogram(np.compress(voted, index), np.compress(voted, upvotes),
                                  len(periods))
    else:
        votes = grouped.Histogram(index, upvotes, len(periods))
        per_period = votes.counts
    return pl.DataFrame({
        "period": periods,
        "papers": pl.Series(per_period, dtype=pl.Int64),
        "upvotes": pl.Series(votes.sums, dtype=pl.Int64),
        "median_upvotes": grouped.as_column(votes.quantiles((0.5,))[:, 0], "median_upvotes"),
        "voted_papers": pl.Series(votes.counts, dtype=pl.Int64),
        "listing_days": pl.Series(held, dtype=pl.Int64),
        "weekdays": pl.Series(weekdays, dtype=pl.Int64),
        "papers_per_day": pl.Series(np.where(held > 0, per_day, np.nan)).fill_nan(None),
    }).with_columns(periods_cut(prepared, date, papers[date], every),
                    sampled=pl.lit(is_sampled(held, weekdays)))
