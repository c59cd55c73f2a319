"""Reader throughput: copied text and API JSON, in MB/s on one core.

    python benchmarks/ingest.py [--text-mb 100] [--api-items 100000] [--repeat 3]

Builds a copied-text listing of about ``--text-mb`` MB with distinct titles (the bundled
sample's blocks, retitled) and an API JSON list of ``--api-items`` items in the 2025–26 schema,
then times ``parse_text`` and ``parse_api`` (the best of ``--repeat`` runs), against the
targets of ``targets.py`` (per core).
"""

from __future__ import annotations

import os

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # the target is per core

import argparse
import json
import random
from datetime import date
from pathlib import Path

from targets import verdict
from timing import best

from dailypapers.readers import parse_api, parse_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "daily-papers-search_2025-12-09.txt"
TARGETS = {"text": "copied text reader", "api": "API reader"}


def build_text(megabytes: float) -> str:
    """The sample's 36 complete blocks repeated, each title made distinct."""
    sample = SAMPLE.read_text(encoding="utf-8")
    listing = parse_text(sample, "sample", as_of=date(2025, 12, 9))
    blocks = []
    for row in listing.frame.iter_rows(named=True):
        meta = (f"  • {row['author_count']} authors" if row["author_count"] is not None
                else f"{row['organization']} {row['organization_name']}")
        day = row["published_on"]
        shown = f"{day:%b} {day.day}" + ("" if day.year == 2025 else f", {day.year}")
        shown += f" {row['upvotes']}" if row["upvotes"] is not None else ""
        blocks.append((row["title"], f"\n\n{row['abstract']}\n\n{meta}\n·\n{shown}\n\n"))
    header = sample.split("Attentiveness")[0]
    parts, size, i = [header], 0, 0
    target = megabytes * 1e6
    while size < target:
        title, rest = blocks[i % len(blocks)]
        piece = f"{title} (part {i})" + rest
        parts.append(piece)
        size += len(piece.encode("utf-8"))
        i += 1
    return "".join(parts)


def build_api(items: int, seed: int = 7) -> str:
    """A JSON list of API items shaped like the 2025–26 daily_papers responses."""
    rng = random.Random(seed)
    words = [f"w{n}" for n in range(5000)]
    out = []
    for n in range(items):
        authors = [{"_id": f"{n:x}{k}", "name": f"Author {rng.randrange(200_000)}",
                    "hidden": False} for k in range(max(1, int(rng.lognormvariate(1.95, 0.7))))]
        summary = " ".join(rng.choices(words, k=180))
        pid = f"25{n // 30_000 % 12 + 1:02d}.{n % 100_000:05d}"
        out.append({
            "paper": {"id": pid, "authors": authors, "publishedAt": "2025-06-02T17:59:58.000Z",
                      "submittedOnDailyAt": "2025-06-03T04:12:00.000Z", "title": f"Paper {n}",
                      "summary": summary, "upvotes": rng.randrange(100), "discussionId": "x",
                      "ai_summary": summary[:150], "ai_keywords": rng.sample(words, 5),
                      "githubRepo": None, "organization": None},
            "publishedAt": "2025-06-02T13:59:58.000Z", "title": f"Paper {n}", "summary": summary,
            "numComments": rng.randrange(5), "submittedBy": {"_id": "u", "name": "akhaliq"},
            "isAuthorParticipating": False})
    return json.dumps(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-mb", type=float, default=100)
    parser.add_argument("--api-items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    text = build_text(args.text_mb)
    api = build_api(args.api_items)
    rows = []
    for form, body, read in (
        ("text", text, lambda: parse_text(text, "bench.txt", as_of=date(2025, 12, 9))),
        ("api", api, lambda: parse_api(api, "bench.json", as_of=date(2025, 12, 9))),
    ):
        papers = read().papers
        seconds, _ = best(args.repeat, read)
        megabytes = len(body.encode("utf-8")) / 1e6
        rate = megabytes / seconds
        rows.append((form, megabytes, papers, seconds, rate, TARGETS[form]))
    print(f"{'reader':<6} {'MB':>8} {'papers':>9} {'seconds':>8} {'MB/s':>8}  target")
    for form, megabytes, papers, seconds, rate, target in rows:
        print(f"{form:<6} {megabytes:>8.1f} {papers:>9,} {seconds:>8.3f} {rate:>8.1f}  "
              f"{verdict(target, rate)}")


if __name__ == "__main__":
    main()
