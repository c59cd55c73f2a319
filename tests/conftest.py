"""Shared test helpers: the shipped real data (data/raw/) and our own fixtures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "daily-papers-search_2025-12-09.txt"
SAMPLE_AS_OF = date(2025, 12, 9)
#: The real snapshot shipped in data/raw/hub-api/ (210 Hub API files, gzip).
HUB_API = sorted((ROOT / "data" / "raw" / "hub-api").glob("*/*.json.gz"))
#: Hub API responses recorded by other projects' tests (data/README.md says whose).
RECORDED = ROOT / "data" / "raw" / "recorded"
FIXTURES = ROOT / "tests" / "fixtures"


def build_bundled_store(store: Path) -> Path:
    """The store `make data` builds: the shipped Hub API files, then the copied sample."""
    from dailypapers import ingest

    ingest(HUB_API, store=store)
    ingest([SAMPLE], store=store, as_of=SAMPLE_AS_OF)
    return store


@pytest.fixture(scope="session")
def real_papers(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """The bundled real data as `make data` stores it (built once a run)."""
    from dailypapers import load

    return load(build_bundled_store(tmp_path_factory.mktemp("bundled") / "papers.parquet"))


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "processed" / "papers.parquet"
