"""A realistic corpus of N papers (seeded, deterministic) as a table, copied text and API JSON.

    python benchmarks/corpus.py --papers 100000 --out /tmp/corpus   # writes the three forms

The table comes from :func:`dailypapers.generate_corpus` (its docstring gives the shape: 20–30
papers per weekday from 2023-05-04, log-normal team sizes with median 7 and a tail into the
thousands, Zipf author names, ~40 % with one of ~2,000 organizations, 3–8 of ~40,000 keyword
phrases per paper, ~1,200-character abstracts, heavy-tailed upvotes). Here it is rendered in
the two input forms people hold: text copied from the page and the API's JSON.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import polars as pl

from dailypapers import generate_corpus, ingest
from dailypapers.store import write_atomic

AS_OF = date(2026, 11, 1)
ROOT = Path(__file__).resolve().parents[1]
#: The shipped inputs, as `make data` ingests them: the Hub API files, then the copied page.
HUB_API = sorted((ROOT / "data" / "raw" / "hub-api").glob("*/*.json.gz"))
COPIED = ROOT / "data" / "raw" / "daily-papers-search_2025-12-09.txt"
COPIED_ON = date(2025, 12, 9)


def shipped_store(store: Path) -> Path:
    """The store `make data` builds from the shipped real data, at ``store``."""
    ingest(HUB_API, store=store)
    ingest([COPIED], store=store, as_of=COPIED_ON)
    return store


def table(papers: int, seed: int = 0, abstracts: bool = True) -> pl.DataFrame:
    return generate_corpus(papers, seed=seed, abstracts=abstracts)


def as_of_for(frame: pl.DataFrame) -> date:
    """The day such a page would be copied: the latest paper's day (or AS_OF, if later)."""
    latest = frame["published_on"].max()
    return max(latest, AS_OF) if latest else AS_OF


def as_text(frame: pl.DataFrame, as_of: date | None = None) -> str:
    """The papers as copied from a Daily Papers page (header, blocks, optional upvotes)."""
    as_of = as_of or as_of_for(frame)
    parts = ["new\n\nDaily Papers\n\nbyAK and the research community\n\n"
             f"{as_of:%b} {as_of.day}\n\n"]
    for title, abstract, count, org, org_name, day, upvotes in frame.select(
            "title", "abstract", "author_count", "organization", "organization_name",
            "published_on", "upvotes").iter_rows():
        meta = f"{org} {org_name}" if org else f"  • {count} authors"
        shown = f"{day:%b} {day.day}" + ("" if day.year == as_of.year else f", {day.year}")
        if upvotes:
            shown += f" {upvotes}"
        parts.append(f"{title}\n\n{abstract}\n\n{meta}\n·\n{shown}\n\n")
    return "".join(parts)


def as_api_json(frame: pl.DataFrame) -> str:
    """The papers as a ``/api/daily_papers`` response (the 2025–26 schema)."""
    items = []
    for row in frame.iter_rows(named=True):
        org = ({"name": row["organization"], "fullname": row["organization_name"]}
               if row["organization"] else None)
        stamp = f"{row['published_on']}T00:00:00.000Z"
        paper = {"id": row["paper_id"], "title": row["title"], "summary": row["abstract"],
                 "authors": [{"name": name, "hidden": False} for name in row["authors"]],
                 "publishedAt": stamp, "submittedOnDailyAt": f"{row['daily_on']}T00:00:00.000Z",
                 "upvotes": row["upvotes"], "ai_keywords": row["keywords"],
                 "githubRepo": row["github_repo"], "githubStars": row["github_stars"]}
        if org:
            paper["organization"] = org
        items.append({"paper": paper, "publishedAt": stamp, "title": row["title"],
                      "summary": row["abstract"], "numComments": row["comments"],
                      "submittedBy": {"name": row["submitted_by"]},
                      **({"organization": org} if org else {})})
    return json.dumps(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    frame = table(args.papers, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    write_atomic(frame, args.out / "papers.parquet")
    (args.out / "copied.txt").write_text(as_text(frame), encoding="utf-8")
    print(f"copied.txt was copied on {as_of_for(frame)}: pass --as-of {as_of_for(frame)}")
    (args.out / "daily_papers.json").write_text(as_api_json(frame), encoding="utf-8")
    print(f"wrote {args.papers:,} papers to {args.out}/papers.parquet, copied.txt, "
          "daily_papers.json")


if __name__ == "__main__":
    main()
