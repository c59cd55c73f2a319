"""Who publishes: the most productive authors, and their papers per period."""

from __future__ import annotations

import polars as pl

from ..frames import Frame
from ..prepared import Prepared, prepare
from .common import (
    _rows_of_codes,
)


def _top_author_rows(prepared: Prepared, n: int) -> pl.DataFrame:
    """The (paper, author) rows of the ``n`` most productive authors of prepared papers."""
    flat = prepared.authors
    return (_rows_of_codes(prepared, flat, flat.top(n), ["published_on", "upvotes"])
            .rename({"label": "author"}))


def compute_top_authors(df: Frame, n: int = 20) -> pl.DataFrame:
    """The ``n`` authors with most papers (ties by name), with their first/last paper and upvotes.

    Only papers that name their authors count (copied text does not).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "authors": [["Ada", "Bo"], ["Ada"]]})
    >>> compute_top_authors(papers, n=1)["author"].to_list()
    ['Ada']
    """
    rows = _top_author_rows(prepare(df), n)
    return (rows.group_by("author")
            .agg(papers=pl.len(), first_published=pl.col("published_on").min(),
                 last_published=pl.col("published_on").max(),
                 upvotes=pl.col("upvotes").sum().cast(pl.Int64))
            .with_columns(pl.col("papers").cast(pl.Int64))
            .sort(["papers", "author"], descending=[True, False]).head(n))


def compute_top_authors_over_time(df: Frame, n: int = 10, every: str = "1y") -> pl.DataFrame:
    """Papers per period of the ``n`` most productive authors (bibliometrix's production)."""
    rows = _top_author_rows(prepare(df), n).filter(pl.col("published_on").is_not_null())
    return (rows.group_by("author", period=pl.col("published_on").dt.truncate(every))
            .agg(papers=pl.len().cast(pl.Int64), upvotes=pl.col("upvotes").sum().cast(pl.Int64))
            .sort(["author", "period"]))
