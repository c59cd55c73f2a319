"""Who publishes: the most productive authors, and their papers per period."""

from __future__ import annotations

import numpy as np
import polars as pl

from ..frames import Frame
from ..prepared import Prepared, prepare
from .common import _periods, _rows_of_codes, tied_beyond
from .sampling import is_sampled, listing, periods_cut


def _top_author_rows(prepared: Prepared, n: int, per_paper: dict[str, np.ndarray] | None = None
                     ) -> pl.DataFrame:
    """The (paper, author) rows of the ``n`` most productive authors of prepared papers,
    with ``per_paper`` values (see :func:`~dailypapers.compute.common._codes_and`)."""
    flat = prepared.authors
    return (_rows_of_codes(prepared, flat, flat.top(n), ["published_on", "upvotes"], per_paper)
            .rename({"label": "author"}))


def compute_top_authors(df: Frame, n: int = 20) -> pl.DataFrame:
    """The ``n`` authors with most papers (ties by name), with their first/last paper and upvotes.

    Only papers that name their authors count (copied text does not). ``tied_beyond``: how
    many authors left out have as many papers as the last one listed
    (:func:`~dailypapers.compute.common.tied_beyond`); a chart leaves that tie out.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "authors": [["Ada", "Bo"], ["Ada"]]})
    >>> compute_top_authors(papers, n=1)["author"].to_list()
    ['Ada']
    """
    prepared = prepare(df)
    table = (_top_author_rows(prepared, n + 1).group_by("author")
             .agg(papers=pl.len(), first_published=pl.col("published_on").min(),
                  last_published=pl.col("published_on").max(),
                  upvotes=pl.col("upvotes").sum().cast(pl.Int64))
             .with_columns(pl.col("papers").cast(pl.Int64))
             .sort(["papers", "author"], descending=[True, False]))
    beyond = tied_beyond(table["papers"].to_list(), n, prepared.authors.tally)
    return table.head(n).with_columns(tied_beyond=pl.lit(beyond, pl.Int64))


def compute_top_authors_over_time(df: Frame, n: int = 10, every: str = "1y") -> pl.DataFrame:
    """Papers per period (by published day) of the ``n`` most productive authors
    (bibliometrix's production), one row per author and period they published in.

    Like every count per period of a store that may be a sample (:mod:`.sampling`), each row
    also gives ``papers_per_day``: the author's papers per listing day the data holds (null
    where the period holds none), the period's ``listing_days`` and ``weekdays``; ``sampled``
    (the same on every row) says whether the rate is what to compare, and ``partial`` marks a
    period the data's first or last day cuts (``first_day``, ``last_day``). ``author_papers``
    is the author's papers in all, and ``tied_beyond`` as :func:`compute_top_authors` has it.

    Examples
    --------
    >>> from datetime import date
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "authors": [["Ada"], ["Ada", "Bo"]],
    ...     "published_on": [date(2024, 5, 6), date(2025, 1, 6)]})
    >>> compute_top_authors_over_time(papers, n=1).select("author", "period", "papers").rows()
    [('Ada', datetime.date(2024, 1, 1), 1), ('Ada', datetime.date(2025, 1, 1), 1)]
    """
    prepared = prepare(df)
    index, starts = _periods(prepared, "published_on", every)
    held, weekdays, weights = listing(prepared, starts, every)
    # per author and period (at -1: undated), then each author's papers in all from those
    per_period = (_top_author_rows(prepared, n + 1, {"at": index, "weight": weights})
                  .group_by("author", "at")
                  .agg(papers=pl.len().cast(pl.Int64),
                       upvotes=pl.col("upvotes").sum().cast(pl.Int64),
                       papers_per_day=pl.col("weight").sum()))
    ranked = (per_period.group_by("author").agg(author_papers=pl.col("papers").sum())
              .sort(["author_papers", "author"], descending=[True, False]))
    beyond = tied_beyond(ranked["author_papers"].to_list(), n, prepared.authors.tally)
    periods = pl.DataFrame({"at": np.arange(len(starts)), "period": starts,
                            "listing_days": pl.Series(held, dtype=pl.Int64),
                            "weekdays": pl.Series(weekdays, dtype=pl.Int64)})
    return (per_period.filter(pl.col("at") >= 0)
            .join(periods, on="at").join(ranked.head(n), on="author")
            .with_columns(papers_per_day=pl.when(pl.col("listing_days") > 0)
                          .then("papers_per_day"))
            .sort(["author", "period"])
            .select("author", "period", "papers", "upvotes", "papers_per_day", "listing_days",
                    "weekdays", "author_papers")
            .with_columns(periods_cut(prepared, "published_on",
                                      prepared.frame_of(["published_on"])["published_on"], every),
                          sampled=pl.lit(is_sampled(held, weekdays)),
                          tied_beyond=pl.lit(beyond, pl.Int64)))
