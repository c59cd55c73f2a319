"""What a question accepts as the papers table: a polars DataFrame or LazyFrame, or pandas.

:func:`as_polars` turns any of them into the one polars DataFrame the package works on, in
the store's schema: a table of a few columns is asked what its columns answer, the others
null.

Examples
--------
>>> as_polars(pl.DataFrame({"paper_id": ["a"]}).lazy()).columns[:3]
['paper_id', 'title', 'abstract']
"""

from __future__ import annotations

from typing import Any

import polars as pl

from .errors import DailyPapersError
from .schema import NAMES, conform

Frame = pl.DataFrame | pl.LazyFrame | Any  # Any: a pandas DataFrame


def as_polars(df: Frame) -> pl.DataFrame:
    """The papers table as a polars DataFrame, whatever the user handed in: a table without
    every column of the schema gets the others as nulls (and the schema's types), and keeps
    its own (``models``, say, from :func:`dp.with_impact`); author names without an
    ``author_count`` are counted, as a reader counts them. A
    pandas table gets the schema's types back (pandas has no date: its days are datetimes).
    """
    from_pandas = not isinstance(df, (pl.DataFrame, pl.LazyFrame))
    if isinstance(df, pl.LazyFrame):
        df = df.collect()
    elif from_pandas:
        try:
            df = pl.from_pandas(df)
        except TypeError:
            raise DailyPapersError(f"papers are a table (polars or pandas) or the path of a "
                                   f"store, not {type(df).__name__}") from None
    if set(NAMES) <= set(df.columns) and not from_pandas:
        return df
    if isinstance(df.schema.get("authors"), pl.List) and "author_count" not in df.columns:
        df = df.with_columns(author_count=pl.col("authors").list.len())
    return conform(df).with_columns(df.drop(NAMES, strict=False))


__all__ = ["Frame", "as_polars"]
