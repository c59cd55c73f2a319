"""Where a table's papers came from, in words for people: folders, formats, files.

The store records each paper's ``source`` (a file path or a URL) and ``source_format``;
these group them as a reader of a chart's footnote wants them ("210 Hub API files · 1 copied
page"), not one line per file.
"""

from __future__ import annotations

import polars as pl

from .paths import project_root
from .words import counted

_FORMAT_NAMES = {("api", False): "Hub API file", ("api", True): "Hub API response",
                 ("html", False): "saved page", ("html", True): "saved page",
                 ("text", False): "copied page", ("text", True): "copied page"}


def source_groups(frame: pl.DataFrame) -> pl.DataFrame:
    """The inputs behind a table, by folder (or URL) and format: files and papers in each.

    A folder inside the project is shown relative to it; a fetched page by its URL without
    the query. ``kind`` names the format for people ("Hub API file", "copied page").

    Examples
    --------
    >>> frame = pl.DataFrame({"source": ["/x/a.json", "/x/b.json", "/y/c.txt"],
    ...                       "source_format": ["api", "api", "text"]})
    >>> source_groups(frame).select("folder", "kind", "files", "papers").rows()
    [('/x', 'Hub API file', 2, 2), ('/y', 'copied page', 1, 1)]
    """
    root = project_root().as_posix() + "/"
    rows = (frame.lazy().select(pl.col("source").cast(pl.String),
                                pl.col("source_format").cast(pl.String))
            .group_by("source", "source_format").agg(papers=pl.len()).collect())
    is_url = pl.col("source").str.contains(r"^[a-z]+://")
    folder = (pl.when(is_url).then(pl.col("source").str.replace(r"\?.*$", "")
                                   .str.replace(r"/[^/]*$", ""))
              .otherwise(pl.col("source").str.replace(r"/?[^/]*$", "")
                         .str.strip_prefix(root)))
    kind = pl.struct(pl.col("source_format"), is_url).map_elements(
        lambda row: _FORMAT_NAMES.get((row["source_format"], row["source"]), "input"),
        return_dtype=pl.String)
    return (rows.with_columns(folder=pl.when(folder == "").then(pl.lit("."))
                              .otherwise(folder), kind=kind)
            .group_by("folder", "source_format", "kind")
            .agg(files=pl.len().cast(pl.Int64), papers=pl.col("papers").sum().cast(pl.Int64))
            .sort(["papers", "folder"], descending=[True, False]))


def name_sources(frame: pl.DataFrame) -> str:
    """The inputs in a few words: "210 Hub API files · 1 copied page".

    Examples
    --------
    >>> name_sources(pl.DataFrame({"source": ["a.json", "b.json", "c.txt"],
    ...                            "source_format": ["api", "api", "text"]}))
    '2 Hub API files · 1 copied page'
    """
    if frame.height == 0:
        return "no sources"
    kinds = source_groups(frame).group_by("kind").agg(pl.col("files").sum()).sort(
        ["files", "kind"], descending=[True, False])
    return " · ".join(counted(files, kind)
                      for kind, files in kinds.iter_rows())
