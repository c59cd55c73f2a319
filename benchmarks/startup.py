"""How fast the package and the command line start: process wall time, best of 5.

    python benchmarks/startup.py

The targets (``targets.py``): ``dailypapers --help`` and ``import dailypapers``; the other
rows are context. Each is a fresh process, as a user starts it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import shipped_store
from targets import verdict


def wall(command: list[str], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    store = shipped_store(Path(tempfile.mkdtemp()) / "papers.parquet")
    cli = [sys.executable, "-m", "dailypapers.cli"]
    steps = [
        ("dailypapers --help", [*cli, "--help"], "--help"),
        ("import dailypapers", [sys.executable, "-c", "import dailypapers"],
         "import dailypapers"),
        ("import dailypapers; a chart", [sys.executable, "-c", "import dailypapers as dp; "
                                         "dp.chart_author_counts"], None),
        ("dailypapers info (5,036 papers)", [*cli, "info", "--store", str(store)], None),
        ("python itself", [sys.executable, "-c", "pass"], None),
    ]
    print(f"{'step':<34} {'best of 5':>10}  target")
    for name, command, target in steps:
        seconds = wall(command)
        judged = "" if target is None else verdict(target, seconds)
        print(f"{name:<34} {seconds:>8.2f} s  {judged}")


if __name__ == "__main__":
    main()
