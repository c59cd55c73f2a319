"""The slim rows of prepared papers: the table without the columns code views stand in for.

Prepared papers (:mod:`.prepared`) count integers, not strings: author names and keywords
become code views, so their slim rows drop those columns (:data:`HEAVY`) and keep a
``has_<field>`` flag where a question still counts whether a paper carries the field; the
few-valued text columns (:data:`CODED`) become Enums, so filtering copies little and
grouping by organization groups integers. Each column is made on its own
(:func:`slim_column`): a question that reads two columns of a plain table makes two.

Examples
--------
>>> papers = pl.DataFrame({"paper_id": ["a", "b"], "authors": [["Ada"], []],
...     "organization": ["meta", None], "upvotes": [3, 1]})
>>> slim_names(papers.columns)[:3]
['organization', 'upvotes', 'has_authors']
>>> slim_column(papers, "has_authors").to_list(), slim_column(papers, "organization").dtype
([True, False], Enum(categories=['meta']))
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

#: Columns the code views stand in for (names, keywords, texts): the slim rows drop them.
HEAVY = ("authors", "keywords", "abstract", "ai_summary", "title", "github_repo",
         "project_page", "submitted_by", "paper_id", "comments", "github_stars")
#: Text columns with few distinct values, coded as Enums in the slim rows.
CODED = ("organization", "organization_name", "source", "source_format")
#: The fields whose coverage a chart depends on (compute_coverage), in display order.
COVERED = ("authors", "organization", "keywords", "daily_on", "upvotes", "github_repo",
           "github_stars")
#: The dropped fields whose presence the slim rows keep as ``has_<field>``.
FLAGGED = tuple(field for field in COVERED if field in HEAVY)


def carries(papers: pl.DataFrame, field: str) -> pl.Series:
    """Whether each paper carries ``field``: a non-empty list, else a non-null value.

    Slim rows answer from their ``has_<field>`` flag where the column itself is gone.

    >>> carries(pl.DataFrame({"authors": [["Ada"], [], None]}), "authors").to_list()
    [True, False, False]
    """
    if field not in papers.columns:
        flag = f"has_{field}"
        return (papers[flag] if flag in papers.columns
                else pl.repeat(False, papers.height, eager=True)).alias(field)
    column = papers[field]
    if isinstance(column.dtype, pl.List):
        return (column.list.len().fill_null(0) > 0).alias(field)
    return column.is_not_null().alias(field)


def slim_names(columns: Sequence[str]) -> list[str]:
    """The slim rows' columns of a table with ``columns``, in order: the table's but
    :data:`HEAVY`, then the flags (a table of slim rows prepared again keeps its own)."""
    flags = [f"has_{field}" for field in FLAGGED]
    return [c for c in columns if c not in HEAVY and c not in flags] + flags


def slim_column(papers: pl.DataFrame, name: str) -> pl.Series:
    """The slim rows' column ``name`` of ``papers`` (one of :func:`slim_names`)."""
    if name.startswith("has_") and name[4:] in FLAGGED:
        return carries(papers, name[4:]).alias(name)
    column = papers[name]
    if name not in CODED or isinstance(column.dtype, pl.Enum):
        return column
    strings = column.cast(pl.String)
    return strings.cast(pl.Enum(strings.drop_nulls().unique().sort()))


__all__ = ["CODED", "COVERED", "FLAGGED", "HEAVY", "carries", "slim_column", "slim_names"]
