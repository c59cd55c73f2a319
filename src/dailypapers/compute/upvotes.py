"""Which papers get upvoted: upvotes by team size and by organization."""

from __future__ import annotations

import numpy as np
import polars as pl

from .. import grouped
from ..frames import Frame
from ..prepared import prepare
from .common import (
    TEAM_SIZES,
    Observations,
    _quartiles_and_mean,
    counted_upvotes,
)

#: The fewest papers whose upvotes count a group needs for its median to be drawn and
#: ranked: a median of three papers says little, and groups tied on a few would be ranked
#: by their names.
MIN_GROUP_PAPERS = 5


def _upvote_stats() -> list[pl.Expr]:
    return [pl.len().cast(pl.Int64).alias("papers"),
            pl.col("upvotes").quantile(0.25, "linear").alias("q1"),
            pl.col("upvotes").median().cast(pl.Float64).alias("median"),
            pl.col("upvotes").quantile(0.75, "linear").alias("q3"),
            pl.col("upvotes").mean().alias("mean")]


def _voted(df: Frame, observations: str, columns: list[str]) -> tuple[pl.DataFrame, int]:
    """The papers with upvotes, only settled ones unless ``observations="all"``, and how
    many papers with upvotes were left out as early snapshots."""
    papers = prepare(df)
    frame = papers.frame_of(columns).with_columns(_counts=counted_upvotes(papers, observations))
    voted = frame.filter(pl.col("upvotes").is_not_null())
    counted = voted.filter(pl.col("_counts"))
    return counted.select(columns), voted.height - counted.height


def compute_upvotes_by_team_size(df: Frame, observations: Observations = "settled",
                                 min_papers: int = MIN_GROUP_PAPERS) -> pl.DataFrame:
    """Upvotes (quartiles, mean) by team-size bucket, for papers with known authors and upvotes.

    By default only settled observations count (seen :data:`SETTLE_DAYS` or more after the
    paper's day: a same-morning capture holds early upvotes); ``early_left_out`` says how
    many papers were left out; ``observations="all"`` counts every paper. A bucket with
    fewer than ``min_papers`` such papers has no quartiles (``too_few`` counts them).

    Examples
    --------
    >>> papers = pl.DataFrame({"author_count": [1, 3, 4, 200], "upvotes": [2, 5, 7, 50]})
    >>> compute_upvotes_by_team_size(papers).filter(pl.col("papers") > 0)["team_size"].to_list()
    ['1', '3–4', '>100']
    """
    voted, left_out = _voted(df, observations, ["author_count", "upvotes"])
    frame = voted.filter(pl.col("author_count") >= TEAM_SIZES[0][1])
    teams = frame["author_count"].to_numpy()
    # each team size's bucket, looked up (a search per paper is slower)
    lowest = np.array([low for _, low, _ in TEAM_SIZES])
    sizes = np.arange(int(teams.max(initial=0)) + 1)
    bucket = (np.searchsorted(lowest, sizes, side="right") - 1)[teams]
    size = len(TEAM_SIZES)
    upvotes = grouped.Histogram(bucket, frame["upvotes"].to_numpy(), size)
    few = (upvotes.counts > 0) & (upvotes.counts < min_papers)
    return pl.DataFrame({
        "team_size": [label for label, _, _ in TEAM_SIZES],
        "papers": pl.Series(upvotes.counts, dtype=pl.Int64),
        **_quartiles_and_mean(upvotes, hidden=few),
        "early_left_out": pl.Series([left_out] * size, dtype=pl.Int64),
        "too_few": pl.Series([int(few.sum())] * size, dtype=pl.Int64),
        "too_few_most": pl.Series([int(upvotes.counts[few].max(initial=0))] * size,
                                  dtype=pl.Int64),
        "min_papers": pl.Series([min_papers] * size, dtype=pl.Int64)})


def compute_upvotes_by_organization(df: Frame, n: int = 15,
                                    min_papers: int = MIN_GROUP_PAPERS,
                                    observations: Observations = "settled") -> pl.DataFrame:
    """Upvotes (quartiles, mean, total) of the ``n`` organizations with most counted papers.

    Only organizations with at least ``min_papers`` papers whose upvotes count are kept,
    ranked by those papers, ties by all their papers (``all_papers``), then handle.
    ``too_few`` (the same on every row) counts the organizations left out for fewer, and
    ``too_few_most`` the most papers one of them has. ``organization_name`` is the display
    name (the handle when none is known). Only settled observations count by default, as in
    :func:`compute_upvotes_by_team_size` (``early_left_out``).

    Examples
    --------
    >>> papers = pl.DataFrame({"organization": ["a"] * 5 + ["b"] * 2,
    ...                        "upvotes": [1, 2, 3, 4, 5, 9, 9]})
    >>> table = compute_upvotes_by_organization(papers)
    >>> table.select("organization", "papers", "median", "too_few").rows()
    [('a', 5, 3.0, 1)]
    """
    papers = prepare(df)  # once: a plain table is not prepared again for each step
    named = "organization_name" in papers.frame.columns
    voted, left_out = _voted(papers, observations, ["organization", "upvotes",
                                                    *(["organization_name"] if named else [])])
    every = (papers.frame.lazy().filter(pl.col("organization").is_not_null())
             .group_by("organization").agg(all_papers=pl.len().cast(pl.Int64)))
    groups = (voted.lazy()
              .filter(pl.col("organization").is_not_null())
              .group_by("organization")
              .agg(*_upvote_stats(), total=pl.col("upvotes").sum().cast(pl.Int64),
                   organization_name=pl.col("organization_name").cast(pl.String).min()
                   if named else pl.lit(None, dtype=pl.String))
              .join(every, on="organization", how="left")
              .with_columns(pl.col("organization").cast(pl.String))
              .collect())
    few = groups.filter(pl.col("papers") < min_papers)
    return (groups.filter(pl.col("papers") >= min_papers)
            .sort(["papers", "all_papers", "organization"], descending=[True, True, False])
            .head(n)
            .with_columns(pl.col("organization_name").fill_null(pl.col("organization")),
                          early_left_out=pl.lit(left_out, dtype=pl.Int64),
                          too_few=pl.lit(few.height, dtype=pl.Int64),
                          too_few_most=pl.lit(few["papers"].max(), dtype=pl.Int64),
                          min_papers=pl.lit(min_papers, dtype=pl.Int64)))
