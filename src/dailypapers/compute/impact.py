"""What became of the papers: the share that led to models, datasets or Spaces on the Hub
(per period, organization, keyword and upvote bucket), the papers most used downstream, and
how long the first model took.

The counts come from ``dailypapers fetch --impact`` (:mod:`dailypapers.impact`), joined to
the papers when they are prepared from the store. A share is among the papers whose impact
was fetched: a paper not asked about is not a paper without models.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .. import codes, grouped
from ..frames import Frame
from ..prepared import prepare
from .common import Observations, _code_lookup, counted_upvotes
from .lists import compute_paper_list
from .sampling import periods_cut
from .topics import _left_out_codes
from .vocabulary import _vocabulary_facts, choose_vocabulary

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
    column = _column(kind)
    prepared = prepare(df)
    frame = prepared.frame
    dated = frame.filter(pl.col("published_on").is_not_null())
    index, periods = grouped.period_index(dated["published_on"].to_physical().to_numpy(),
                                          every)
    fetched, having = _read_and_cited(dated, column)
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
    }).with_columns(periods_cut(prepared, "published_on", dated["published_on"], every),
                    kind=pl.lit(kind))


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
    column = _column(kind)
    frame = prepare(df).frame
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
    column = _column(kind)
    papers = prepare(df)
    frame = papers.frame
    known = "impact_seen_at" in frame.columns and column in frame.columns
    read = (frame.filter(pl.col("impact_seen_at").is_not_null() & pl.col("upvotes")
                         .is_not_null() & counted_upvotes(papers, observations))
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


def compute_impact_by_keyword(df: Frame, n: int = 15, kind: str = "model",
                              min_fetched: int = MIN_FETCHED,
                              source: str = "auto") -> pl.DataFrame:
    """Per keyword (of vocabulary ``source``, as the topic questions choose it): its papers
    whose impact was read (``fetched``), those a ``kind`` of repository cites (``having``)
    and the ``share``; the ``n`` keywords with most papers read, at least ``min_fetched``
    each, a keyword every paper carries (the one filtered by) left out. ``too_few`` (the
    same on every row) counts the keywords left out for fewer.

    Examples
    --------
    >>> papers = pl.DataFrame({"keywords": [["agents"]] * 10 + [["RL"]] * 2,
    ...     "models": [1] * 3 + [0] * 7 + [1, 1], "impact_seen_at": [1] * 12})
    >>> compute_impact_by_keyword(papers).select("label", "fetched", "share", "too_few").rows()
    [('agents', 10, 0.3, 1)]
    """
    column = _column(kind)
    papers = prepare(df)
    source = choose_vocabulary(papers, source)
    flat, vocabulary = papers.keywords(source)
    frame = papers.frame
    fetched, having = _read_and_cited(frame, column)
    read, cited = flat.tally(fetched), flat.tally(having)
    universal, _ = _left_out_codes(flat, frame, source)
    enough = (read >= max(min_fetched, 1)) & ~universal
    top = codes.top_codes(np.where(enough, read, 0), n, vocabulary.view.ties)
    few = int(np.count_nonzero((read > 0) & ~enough & ~universal))
    return _code_lookup(flat, vocabulary, top).drop("code").with_columns(
        fetched=pl.Series(read[top], dtype=pl.Int64),
        having=pl.Series(cited[top], dtype=pl.Int64),
    ).with_columns(share=pl.col("having") / pl.col("fetched"),
                   too_few=pl.lit(few, dtype=pl.Int64), kind=pl.lit(kind),
                   **_vocabulary_facts(frame, source))


def compute_most_used(df: Frame, n: int = 15) -> pl.DataFrame:
    """The ``n`` papers whose models were downloaded most (the last 30 days, summed over the
    models seen citing each: a page's preview holds a few, ``fetch --impact --full`` all),
    with their links (:func:`~dailypapers.compute.lists.compute_paper_list`), ``models``
    (the count), ``models_seen``, ``model_downloads`` and ``impact_likes`` (every
    repository's likes). Papers none of whose models was downloaded are not listed.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["2501.00001", "2501.00002"], "title": ["A", "B"],
    ...     "models": [2, 1], "models_seen": [2, 1], "model_downloads": [10, 900],
    ...     "impact_likes": [1, 0], "impact_seen_at": [1, 1]})
    >>> compute_most_used(papers).select("title", "model_downloads").rows()
    [('B', 900), ('A', 10)]
    """
    papers = prepare(df)
    if "model_downloads" not in papers.frame.columns:
        return compute_paper_list(papers, 0).with_columns(
            **{c: pl.lit(None, pl.Int64) for c in ("models_seen", "model_downloads",
                                                   "impact_likes")})
    used = compute_paper_list(papers, n, order="downloads")
    return used.filter(pl.col("model_downloads") > 0)


#: A period needs this many papers whose first model's creation is known for quartiles.
MIN_DATED = 5


def compute_days_to_first_model(df: Frame, every: str = "1q",
                                min_dated: int = MIN_DATED) -> pl.DataFrame:
    """How long until a paper's first model: per period of published days, the papers a
    model cites (``having``), those whose first model's creation is known (``dated``:
    ``fetch --impact --full`` reads it), and the days from the paper's date to it (``q1``,
    ``median``, ``q3``; null under ``min_dated``). A model created before its paper's date
    (released first, linked later) counts as day 0; ``before`` counts them.

    Examples
    --------
    >>> from datetime import date, datetime
    >>> papers = pl.DataFrame({"published_on": [date(2025, 1, 6)] * 3,
    ...     "models": [1, 1, 1], "impact_seen_at": [1, 1, 1],
    ...     "first_model_at": [datetime(2025, 1, 16), datetime(2025, 1, 1), None]})
    >>> table = compute_days_to_first_model(papers, min_dated=2)
    >>> table.select("having", "dated", "median", "before").row(0)
    (3, 2, 5.0, 1)
    """
    prepared = prepare(df)
    frame = prepared.frame
    empty = pl.DataFrame(schema={"period": pl.Date, "having": pl.Int64, "dated": pl.Int64,
                                 "before": pl.Int64, "q1": pl.Float64, "median": pl.Float64,
                                 "q3": pl.Float64})
    if "first_model_at" not in frame.columns:
        return empty
    cited = frame.filter(pl.col("published_on").is_not_null() & (pl.col("models") > 0)
                         & pl.col("impact_seen_at").is_not_null())
    if not cited.height:
        return empty
    index, periods = grouped.period_index(cited["published_on"].to_physical().to_numpy(),
                                          every)
    days = (cited["first_model_at"].dt.date() - cited["published_on"]).dt.total_days()
    table = pl.DataFrame({"period": periods}).with_row_index("slot").join(
        cited.select(slot=pl.Series(index, dtype=pl.UInt32), days=days)
        .group_by("slot").agg(
            having=pl.len().cast(pl.Int64),
            dated=pl.col("days").count().cast(pl.Int64),
            before=(pl.col("days") < 0).sum().cast(pl.Int64),
            q1=pl.col("days").clip(0).quantile(0.25, "linear"),
            median=pl.col("days").clip(0).median(),
            q3=pl.col("days").clip(0).quantile(0.75, "linear")),
        on="slot", how="left").drop("slot")
    few = pl.col("dated") < max(min_dated, 1)
    return table.with_columns(pl.col("having", "dated", "before").fill_null(0)).with_columns(
        *(pl.when(few).then(None).otherwise(pl.col(q)).alias(q) for q in ("q1", "median", "q3")),
        *periods_cut(prepared, "published_on", cited["published_on"], every))


def _column(kind: str) -> str:
    if kind not in IMPACT_KINDS:
        raise ValueError(f"kind is one of {', '.join(IMPACT_KINDS)}, not {kind!r}")
    return IMPACT_KINDS[kind]


def _read_and_cited(frame: pl.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Per paper: was its impact read, and does a repository of ``column``'s kind cite it."""
    if "impact_seen_at" not in frame.columns or column not in frame.columns:
        none = np.zeros(frame.height, dtype=bool)
        return none, none
    fetched = frame["impact_seen_at"].is_not_null().to_numpy()
    return fetched, fetched & (frame[column].fill_null(0) > 0).to_numpy()


__all__ = ["IMPACT_KINDS", "MIN_DATED", "MIN_FETCHED", "UPVOTE_BUCKETS",
           "compute_days_to_first_model", "compute_impact_by_keyword",
           "compute_impact_by_organization", "compute_impact_by_upvotes",
           "compute_impact_share", "compute_most_used"]
