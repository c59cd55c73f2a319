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
    work = Path(tempfile.mkdtemp(prefix="dailypapers-nbval-"))
    # exported slides go to a temporary folder, not the repository's reports/
    os.environ.setdefault("DAILYPAPERS_REPORTS", str(work / "reports"))
    if os.environ.get("DAILYPAPERS_STORE"):
        return
    store = work / "papers.parquet"
    ingest([SAMPLE], store=store, as_of=date(2025, 12, 9))
    os.environ["DAILYPAPERS_STORE"] = str(store)
