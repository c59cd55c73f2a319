"""A pytest plugin (``-p tests.notebook_store``): nbval runs the notebooks on the shipped data.

The store is built once per run from ``data/raw/`` as ``make data`` builds it, unless
``DAILYPAPERS_STORE`` names one. Kernels inherit this process's environment, so the variable
reaches them. It lives here, not in ``notebooks/``, to keep the notebook folder for notebooks.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tests.conftest import build_bundled_store


def pytest_configure(config):
    work = Path(tempfile.mkdtemp(prefix="dailypapers-nbval-"))
    # exported slides go to a temporary folder, not the repository's reports/
    os.environ.setdefault("DAILYPAPERS_REPORTS", str(work / "reports"))
    if os.environ.get("DAILYPAPERS_STORE"):
        return
    os.environ["DAILYPAPERS_STORE"] = str(build_bundled_store(work / "papers.parquet"))
