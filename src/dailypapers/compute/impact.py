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
from .common import _partial_periods

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


__all__ = ["IMPACT_KINDS", "MIN_FETCHED", "compute_impact_share"]
