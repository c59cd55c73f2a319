"""Every notebook run top to bottom on a generated store (default 100k papers), timed.

    python benchmarks/notebooks.py [--papers 100000]

The target (``targets.py``): each notebook within 30 s at 100k papers, kernel start
included. A notebook that raises is reported and the script exits 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from targets import verdict

import dailypapers as dp

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dailypapers-notebooks-"))
    store = work / "papers.parquet"
    dp.store.write_atomic(dp.generate_corpus(args.papers, seed=7), store)
    os.environ["DAILYPAPERS_STORE"] = str(store)
    os.environ["DAILYPAPERS_REPORTS"] = str(work / "reports")
    print(f"{args.papers:,} generated papers")
    failed = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        try:
            NotebookClient(notebook, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        except Exception as exc:  # reported, then the next notebook
            failed += 1
            print(f"{path.name:<26} FAILED: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        seconds = time.perf_counter() - start
        print(f"{path.name:<26} {seconds:6.1f} s  "
              f"{verdict('notebook', seconds, args.papers >= 100_000)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
