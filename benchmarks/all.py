"""Run every benchmark and write benchmarks/RESULTS.md (``make bench``).

    python benchmarks/all.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(*args: str) -> str:
    print("$ python", " ".join(args), flush=True)
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True,
                         cwd=HERE.parent).stdout
    print(out, flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    parts = [f"# Benchmark results\n\nWritten by `make bench` (`benchmarks/all.py`) on "
             f"{date.today()}. Timings are the best of three runs (one for naive pandas at "
             "1M); ratios are theirs / ours, so above 1 means dailypapers is faster. Every row "
             "was checked to give the same answer in all three engines before it was timed.\n"]
    for size in args.sizes:
        table = run(str(HERE / "run.py"), "--papers", str(size), "--markdown")
        parts.append(f"## {size:,} papers\n\n{table}")
    plain = [run(str(HERE / "plain.py"), "--papers", str(max(args.sizes)), "--corpus", corpus)
             for corpus in ("generated", "shipped")]
    parts.append("## The plain path (no dp.prepare): the generated corpus and the shipped "
                 "papers repeated\n\n" + "".join(f"```\n{table}```\n" for table in plain))
    compute = run(str(HERE / "compute.py"), "--papers", str(max(args.sizes)))
    parts.append(f"## Every compute_* and keywords from abstracts\n\n```\n{compute}```\n")
    panel = run(str(HERE / "panel.py"), "--papers", str(max(args.sizes)))
    parts.append(f"## One filter-panel change per notebook\n\n```\n{panel}```\n")
    ingest = run(str(HERE / "ingest.py"))
    parts.append(f"## Readers (one core)\n\n```\n{ingest}```\n")
    fetch = run(str(HERE / "fetch.py"))
    parts.append(f"## Fetching a month against a local server (+50 ms a response)\n\n"
                 f"```\n{fetch}```\n")
    keywords = run(str(HERE / "keywords.py"))
    parts.append(f"## Keyphrases from text against the Hub's keywords (shipped data)\n\n"
                 f"```\n{keywords}```\n")
    startup = run(str(HERE / "startup.py"))
    parts.append(f"## Start-up (fresh processes, best of 5)\n\n```\n{startup}```\n")
    notebooks = run(str(HERE / "notebooks.py"))
    parts.append(f"## Every notebook top to bottom at 100k generated papers\n\n"
                 f"```\n{notebooks}```\n")
    (HERE / "RESULTS.md").write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
