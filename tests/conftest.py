"""Shared test helpers: the bundled sample and the shared real data (skipped when absent)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "daily-papers-search_2025-12-09.txt"
SAMPLE_AS_OF = date(2025, 12, 9)
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures"


def shared_dir(*parts: str) -> Path:
    """A folder of ../shared, or skip the test cleanly when it is absent."""
    folder = SHARED.joinpath(*parts)
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (shared real data not on this machine)")
    return folder


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "processed" / "papers.parquet"
