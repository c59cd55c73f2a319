"""nbval runs the notebooks on a store built from the bundled sample (unless one is given).

The kernel inherits this process's environment, so ``DAILYPAPERS_STORE`` reaches it.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from dailypapers import ingest

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "daily-papers-search_2025-12-09.txt"


def pytest_configure(config):
    if os.environ.get("DAILYPAPERS_STORE"):
        return
    store = Path(tempfile.mkdtemp(prefix="dailypapers-nbval-")) / "papers.parquet"
    ingest([SAMPLE], store=store, as_of=date(2025, 12, 9))
    os.environ["DAILYPAPERS_STORE"] = str(store)
