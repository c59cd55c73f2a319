"""Run every benchmark and write benchmarks/RESULTS.md from scratch (``make bench``).

    python benchmarks/all.py [--papers 1000000]

RESULTS.md holds only what this writes: the machine, the targets (``targets.py``) and
whether each measurement met its own, then each benchmark's table. Each script does one job
and can be run alone; ``--papers`` sets the large size (the targets are for a million).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date
from pathlib import Path

from report import machine
from targets import markdown_table

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> str:
    """The output of one benchmark script, run in a fresh process from the project root."""
    print(f"$ python benchmarks/{script}", " ".join(args), flush=True)
    out = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True,
                         text=True, check=True, cwd=HERE.parent).stdout
    print(out, flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000_000)
    args = parser.parse_args()
    large = str(args.papers)
    sections = [
        ("The same questions in three engines: 10,000 papers",
         run("compare.py", "--papers", "10000", "--markdown"), False),
        ("The same questions in three engines: 100,000 papers",
         run("compare.py", "--papers", "100000", "--markdown"), False),
        (f"The same questions in three engines: {args.papers:,} papers",
         run("compare.py", "--papers", large, "--markdown"), False),
        ("Every compute_* on prepared papers", run("compute.py", "--papers", large), True),
        ("Keyphrases of every title and abstract", run("keyphrases.py", "--papers", large),
         True),
        ("One filter-panel change per notebook", run("panel.py", "--papers", large), True),
        ("A plain table (no dp.prepare): 10,000 generated papers",
         run("plain.py", "--papers", "10000", "--corpus", "generated"), True),
        ("A plain table: the generated corpus at the large size",
         run("plain.py", "--papers", large, "--corpus", "generated"), True),
        ("A plain table: the shipped papers repeated to the large size",
         run("plain.py", "--papers", large, "--corpus", "shipped"), True),
        ("Peak memory", run("memory.py", "--papers", large, "--markdown"), False),
        ("Readers (one core)", run("ingest.py"), True),
        ("Fetching a month against a local server (+50 ms a response)", run("fetch.py"), True),
        ("Start-up (fresh processes, best of 5)", run("startup.py"), True),
        ("Every notebook top to bottom at 100,000 generated papers", run("notebooks.py"), True),
        ("Keyphrases from text against the Hub's keywords (shipped data; quality, not speed)",
         run("keywords.py"), True),
    ]
    missed = [f"- {title}: {line.strip()}" for title, text, _ in sections
              for line in text.splitlines() if "MISSED" in line or "ANSWERS DIFFER" in line
              or " NO " in f" {line} "]
    parts = [
        "# Benchmark results\n",
        f"Written by `make bench` (`benchmarks/all.py`) on {date.today()}, from scratch: "
        "edit `benchmarks/targets.py` or a script, never this file. Times are the best of "
        "the runs each script states; ratios are theirs / ours (above 1: dailypapers is "
        "faster); every comparison checked that the engines agree before timing them.\n",
        f"Machine: {machine()}.\n",
        "## Targets\n",
        markdown_table(),
        ("Every measurement met its target.\n" if not missed else
         "Missed, or answers that differ:\n\n" + "\n".join(missed) + "\n"),
    ]
    for title, text, fenced in sections:
        parts.append(f"## {title}\n")
        parts.append(f"```\n{text}```\n" if fenced else text)
    (HERE / "RESULTS.md").write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
