"""Where data lives. Everything asks here; environment variables override."""

from __future__ import annotations

import os
from pathlib import Path

STORE_ENV = "DAILYPAPERS_STORE"


def project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` holding ``pyproject.toml`` and ``data/``.

    Notebooks run with their own folder as the working directory, so a relative
    ``data/processed`` would miss; this walks up instead. Falls back to ``start``.
    """
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "data").is_dir():
            return folder
    return start


def raw_dir() -> Path:
    """``data/raw``: inputs as received, never modified."""
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    """``data/processed``: derived, rebuildable, git-ignored."""
    return project_root() / "data" / "processed"


def default_store() -> Path:
    """The store path: ``$DAILYPAPERS_STORE`` or ``data/processed/papers.parquet``."""
    env = os.environ.get(STORE_ENV)
    return Path(env) if env else processed_dir() / "papers.parquet"


REPORTS_ENV = "DAILYPAPERS_REPORTS"


def reports_dir() -> Path:
    """``reports/`` (or ``$DAILYPAPERS_REPORTS``): exported charts and decks (git-ignored)."""
    env = os.environ.get(REPORTS_ENV)
    return Path(env) if env else project_root() / "reports"
