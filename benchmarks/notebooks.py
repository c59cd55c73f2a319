"""Every notebook run top to bottom on a generated store (default 100k papers), timed.

    python benchmarks/notebooks.py [--papers 100000]

Target: each notebook in <= 30 s at 100k papers (kernel start included). A notebook that
raises is reported and the script exits 1.
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

import dailypapers as dp

TARGET_S = 30.0
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
    print(f"{args.papers:,} generated papers; target {TARGET_S:.0f} s a notebook")
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
        print(f"{path.name:<26} {seconds:6.1f} s  {'met' if seconds <= TARGET_S else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
