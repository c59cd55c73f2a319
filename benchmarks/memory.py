"""Peak resident memory at N generated papers, as a notebook holds them.

    python benchmarks/memory.py [--papers 1000000]

A fresh process makes a panel from the store (abstracts stay in the file), draws every view,
changes a filter and draws every view again; then builds the keyphrases of every abstract,
read from the store a batch at a time. The peak after each part is the process's high-water
mark (VmHWM; ru_maxrss would carry a parent's peak across exec).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from report import table
from targets import verdict

import dailypapers as dp


def probe(path: Path) -> None:
    """In this process: the panel's steps on the store at ``path``, printing each peak."""
    panel = dp.FilterPanel(path, table=False)
    for _ in range(2):
        for name in dp.VIEWS:
            dp.view(name, panel.prepared)
        panel.min_upvotes.value = 2
    print(peak_mb())
    dp.view("keyword_frequencies", panel.prepared, source="text")
    print(peak_mb())


def peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines()
                if line.startswith("VmHWM:")) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        probe(args.probe)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "papers.parquet"
        dp.store.write_atomic(dp.generate_corpus(args.papers, seed=1), path)
        out = subprocess.run([sys.executable, __file__, "--probe", str(path)],
                             capture_output=True, text=True, check=True).stdout
    panel, text = map(float, out.split()[-2:])
    at_size = args.papers >= 1_000_000
    rows = [["a panel from the store, every view, a filter change, every view",
             f"{panel:,.0f} MB", verdict("peak memory", panel, at_size)],
            ["… and the keyphrases of every abstract", f"{text:,.0f} MB",
             verdict("peak memory", text, at_size)]]
    print(f"{args.papers:,} generated papers\n")
    print(table(["step", "peak resident", "target"], rows, args.markdown), end="")


if __name__ == "__main__":
    main()
