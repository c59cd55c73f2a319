"""What a question accepts as the papers table: a polars DataFrame or LazyFrame, or pandas.

:func:`as_polars` turns any of them into the one polars DataFrame the package works on, in
the store's schema when it is a papers table (it has ``paper_id``).

Examples
--------
>>> as_polars(pl.DataFrame({"paper_id": ["a"]}).lazy()).columns[:3]
['paper_id', 'title', 'abstract']
"""

from __future__ import annotations

from typing import Any

import polars as pl

from .schema import NAMES, conform

Frame = pl.DataFrame | pl.LazyFrame | Any  # Any: a pandas DataFrame


def as_polars(df: Frame) -> pl.DataFrame:
    """The papers table as a polars DataFrame, whatever the user handed in: a table with a
    ``paper_id`` but not every column of the schema gets the others as nulls (and the
    schema's types), and keeps its own (``models``, say, from :func:`dp.with_impact`). A
    pandas table gets the schema's types back (pandas has no date: its days are datetimes).
    """
    from_pandas = not isinstance(df, (pl.DataFrame, pl.LazyFrame))
    if isinstance(df, pl.LazyFrame):
        df = df.collect()
    elif from_pandas:
        df = pl.from_pandas(df)
    if set(NAMES) <= set(df.columns) and not from_pandas:
        return df
    if "paper_id" not in df.columns:
        return df
    return conform(df).with_columns(df.drop(NAMES, strict=False))


__all__ = ["Frame", "as_polars"]
