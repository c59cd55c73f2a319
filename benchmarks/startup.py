"""How fast the package and the command line start: process wall time, best of 5.

    python benchmarks/startup.py

Targets: ``dailypapers --help`` <= 0.3 s, ``import dailypapers`` <= 1.5 s, ``dailypapers
info`` on the shipped 5,036-paper store <= 1 s. Each is a fresh process, as a user starts it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def wall(command: list[str], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    from tests.conftest import build_bundled_store

    store = build_bundled_store(Path(tempfile.mkdtemp()) / "papers.parquet")
    cli = [sys.executable, "-m", "dailypapers.cli"]
    steps = [
        ("dailypapers --help", [*cli, "--help"], 0.3),
        ("import dailypapers", [sys.executable, "-c", "import dailypapers"], 1.5),
        ("import dailypapers; a chart", [sys.executable, "-c", "import dailypapers as dp; "
                                         "dp.chart_author_counts"], None),
        ("dailypapers info (5,036 papers)", [*cli, "info", "--store", str(store)], 1.0),
        ("python itself", [sys.executable, "-c", "pass"], None),
    ]
    print(f"{'step':<34} {'best of 5':>10}  target")
    for name, command, target in steps:
        seconds = wall(command)
        verdict = "" if target is None else (
            f"{target:.1f} s {'met' if seconds <= target else 'MISSED'}")
        print(f"{name:<34} {seconds:>8.2f} s  {verdict}")


if __name__ == "__main__":
    main()
