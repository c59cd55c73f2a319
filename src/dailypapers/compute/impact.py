"""What became of the papers: the share that led to models, datasets or Spaces on the Hub.

The counts come from ``dailypapers fetch --impact`` (:mod:`dailypapers.impact`), joined to
the papers when they are prepared from the store. A share is among the papers whose impact
was fetched: a paper not asked about is not a paper without models.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .. import grouped
from ..frames import Frame
from ..prepared import prepare
from .common import Observations, _partial_periods, counted_upvotes

#: The impact columns a question counts, by the kind of repository.
IMPACT_KINDS = {"model": "models", "dataset": "datasets", "space": "spaces"}
#: A period needs this many papers whose impact was fetched for a share to be drawn.
MIN_FETCHED = 10


def compute_impact_share(df: Frame, every: str = "1q", kind: str = "model",
                         min_fetched: int = MIN_FETCHED) -> pl.DataFrame:
    """Per period of published days: ``papers``, those whose impact was fetched
    (``fetched``), those cited by at least one ``kind`` of repository (``having``), and
    ``share`` = having / fetched (null under ``min_fetched`` fetched papers). Links are added
    by hand and late: a share is a lower bound, and rises as papers age.

    Examples
    --------
    >>> from datetime import date
    >>> papers = pl.DataFrame({"published_on": [date(2025, 1, 6)] * 12,
    ...     "models": [1, 0, None] * 4, "impact_seen_at": [1, 1, None] * 4})
    >>> compute_impact_share(papers, min_fetched=5).select("papers", "fetched", "having",
    ...                                                     "share").row(0)
    (12, 8, 4, 0.5)
    """
    if kind not in IMPACT_KINDS:
        raise ValueError(f"kind is one of {', '.join(IMPACT_KINDS)}, not {kind!r}")
    frame = prepare(df).frame
    dated = frame.filter(pl.col("published_on").is_not_null())
    index, periods = grouped.period_index(dated["published_on"].to_physical().to_numpy(),
                                          every)
    column = IMPACT_KINDS[kind]
    known = ("impact_seen_at" in dated.columns and column in dated.columns)
    fetched = (dated["impact_seen_at"].is_not_null().to_numpy() if known
               else np.zeros(dated.height, dtype=bool))
    having = ((dated[column].fill_null(0) > 0).to_numpy() & fetched) if known else fetched
    papers = np.bincount(index, minlength=len(periods))
    fetched_n = np.bincount(index[fetched], minlength=len(periods))
    having_n = np.bincount(index[having], minlength=len(periods))
    share = np.where(fetched_n >= max(min_fetched, 1), having_n / np.maximum(fetched_n, 1),
                     np.nan)
    return pl.DataFrame({
        "period": periods, "papers": pl.Series(papers, dtype=pl.Int64),
        "fetched": pl.Series(fetched_n, dtype=pl.Int64),
        "having": pl.Series(having_n, dtype=pl.Int64),
        "share": pl.Series(share, dtype=pl.Float64).fill_nan(None),
    }).with_columns(_partial_periods(dated["published_on"], every), kind=pl.lit(kind))


def compute_impact_by_organization(df: Frame, n: int = 15, kind: str = "model",
                                   min_fetched: int = MIN_FETCHED) -> pl.DataFrame:
    """Per organization: its papers whose impact was read (``fetched``), those a ``kind``
    of repository cites (``having``) and the ``share``; the ``n`` organizations with most
    papers read, at least ``min_fetched`` each (ties by handle). ``too_few`` (the same on
    every row) counts the organizations left out for fewer.

    Examples
    --------
    >>> papers = pl.DataFrame({"organization": ["a"] * 10 + ["b"] * 2,
    ...     "models": [1] * 4 + [0] * 6 + [1, 1], "impact_seen_at": [1] * 12})
    >>> compute_impact_by_organization(papers).select("organization", "fetched", "share",
    ...                                                 "too_few").rows()
    [('a', 10, 0.4, 1)]
    """
    if kind not in IMPACT_KINDS:
        raise ValueError(f"kind is one of {', '.join(IMPACT_KINDS)}, not {kind!r}")
    frame = prepare(df).frame
    column = IMPACT_KINDS[kind]
    empty = pl.DataFrame(schema={"organization": pl.String, "organization_name": pl.String,
                                 "fetched": pl.Int64, "having": pl.Int64,
                                 "share": pl.Float64, "too_few": pl.Int64, "kind": pl.String})
    if "impact_seen_at" not in frame.columns or column not in frame.columns:
        return empty
    name = (pl.col("organization_name") if "organization_name" in frame.columns
            else pl.col("organization"))
    groups = (frame.lazy()
              .filter(pl.col("organization").is_not_null() & pl.col("impact_seen_at")
                      .is_not_null())
              .group_by(pl.col("organization").cast(pl.String))
              .agg(organization_name=name.cast(pl.String).drop_nulls().first(),
                   fetched=pl.len().cast(pl.Int64),
                   having=(pl.col(column).fill_null(0) > 0).sum().cast(pl.Int64))
              .collect())
    few = groups.filter(pl.col("fetched") < min_fetched).height
    return (groups.filter(pl.col("fetched") >= min_fetched)
            .sort(["fetched", "organization"], descending=[True, False]).head(n)
            .select("organization",
                    pl.col("organization_name").fill_null(pl.col("organization")),
                    "fetched", "having",
                    share=pl.col("having") / pl.col("fetched"),
                    too_few=pl.lit(few, dtype=pl.Int64), kind=pl.lit(kind)))


#: Upvote buckets for impact by upvotes: (label, fewest, most; None: no upper bound).
UPVOTE_BUCKETS = [("0–4", 0, 4), ("5–9", 5, 9), ("10–24", 10, 24), ("25–49", 25, 49),
                  ("50–99", 50, 99), ("100+", 100, None)]


def compute_impact_by_upvotes(df: Frame, kind: str = "model",
                              min_fetched: int = MIN_FETCHED,
                              observations: Observations = "settled") -> pl.DataFrame:
    """Do upvoted papers get used? Per upvote bucket (:data:`UPVOTE_BUCKETS`): the papers
    whose impact was read (``fetched``), those a ``kind`` of repository cites (``having``)
    and the ``share`` (null under ``min_fetched``). Upvotes count when settled, as in the
    upvote questions (``observations="all"``: every paper's).

    Examples
    --------
    >>> papers = pl.DataFrame({"upvotes": [1, 2, 30, 40], "models": [0, 0, 1, 1],
    ...                        "impact_seen_at": [1, 1, 1, 1]})
    >>> table = compute_impact_by_upvotes(papers, min_fetched=1)
    >>> table.filter(pl.col("fetched") > 0).select("upvotes", "share").rows()
    [('0–4', 0.0), ('25–49', 1.0)]
    """
    if kind not in IMPACT_KINDS:
        raise ValueError(f"kind is one of {', '.join(IMPACT_KINDS)}, not {kind!r}")
    frame = prepare(df).frame
    column = IMPACT_KINDS[kind]
    known = "impact_seen_at" in frame.columns and column in frame.columns
    read = (frame.filter(pl.col("impact_seen_at").is_not_null() & pl.col("upvotes")
                         .is_not_null() & counted_upvotes(frame, observations))
            if known else frame.clear())
    lows = np.array([low for _, low, _ in UPVOTE_BUCKETS])
    bucket = np.searchsorted(lows, read["upvotes"].cast(pl.Int64).to_numpy(), side="right") - 1
    having = (read[column].fill_null(0) > 0).to_numpy() if known else np.zeros(0, bool)
    fetched = np.bincount(bucket, minlength=len(UPVOTE_BUCKETS))
    cited = np.bincount(bucket[having], minlength=len(UPVOTE_BUCKETS))
    share = np.where(fetched >= max(min_fetched, 1), cited / np.maximum(fetched, 1), np.nan)
    return pl.DataFrame({
        "upvotes": [label for label, _, _ in UPVOTE_BUCKETS],
        "fetched": pl.Series(fetched, dtype=pl.Int64),
        "having": pl.Series(cited, dtype=pl.Int64),
        "share": pl.Series(share, dtype=pl.Float64).fill_nan(None),
        "papers": pl.Series([frame.height] * len(UPVOTE_BUCKETS), dtype=pl.Int64),
    }).with_columns(kind=pl.lit(kind))


__all__ = ["IMPACT_KINDS", "MIN_FETCHED", "UPVOTE_BUCKETS", "compute_impact_by_organization",
           "compute_impact_by_upvotes", "compute_impact_share"]
