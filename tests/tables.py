"""Small hand-built tables for the compute tests: a frame in the store's schema."""

from __future__ import annotations

from datetime import date

import polars as pl

from dailypapers import conform


def papers(**columns) -> pl.DataFrame:
    """A table of the given columns (lists of equal length), in the store's schema."""
    n = len(next(iter(columns.values())))
    columns.setdefault("paper_id", [f"p{i}" for i in range(n)])
    return conform(pl.DataFrame(columns, strict=False))


EMPTY = conform(pl.DataFrame({"paper_id": []}, schema={"paper_id": pl.String}))
D = date
