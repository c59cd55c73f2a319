"""Refresh the outputs nbval checks (cells marked ``# NBVAL_CHECK_OUTPUT``) on the shipped data.

Run ``.venv/bin/python -m tests.refresh_notebook_checks`` after a change that moves a checked
value; review the diff before committing it. Every other cell is saved without outputs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from dailypapers.words import counted
from tests.conftest import ROOT, build_bundled_store

MARK = "# NBVAL_CHECK_OUTPUT"


def refresh(path: Path) -> int:
    """Run ``path`` and keep only the checked cells' outputs; returns how many it kept."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    kept = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            kept += 1
            cell.outputs = [output for output in cell.outputs
                            if output.get("output_type") != "display_data"]
        else:
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)
    notebook.metadata["language_info"] = {"name": "python"}
    nbformat.write(notebook, path)
    return kept


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="dailypapers-nbval-"))
    os.environ["DAILYPAPERS_STORE"] = str(build_bundled_store(work / "papers.parquet"))
    os.environ["DAILYPAPERS_REPORTS"] = str(work / "reports")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        print(f"{path.name}: {counted(refresh(path), 'checked cell')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
