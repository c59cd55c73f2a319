"""Every view of the store as a PNG at slide size, to look at: ``make gallery``.

Writes ``reports/gallery/<view>.png`` (and the option variants below) from the store
(``data/processed/papers.parquet`` or ``$DAILYPAPERS_STORE``), then the standard deck
``reports/gallery/deck.pptx``. ``--readme`` also refreshes the README's images in ``docs/``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import dailypapers as dp
from dailypapers.export import export_chart, export_slides, standard_charts
from dailypapers.filters import describe_data
from dailypapers.paths import reports_dir

# view name -> option variants worth a look (the defaults first)
VARIANTS: dict[str, list[dict]] = {name: [{}] for name in dp.VIEWS}
VARIANTS["papers_over_time"] += [{"measure": "papers"}, {"every": "1w"}, {"every": "1y"}]
VARIANTS["keyword_frequencies"] += [{"source": "keywords"}, {"source": "text"}]
VARIANTS["keyword_trends"] += [{"every": "1mo"}]
VARIANTS["organization_share"] += [{"every": "1q"}]
VARIANTS["keyword_map"] += [{"source": "text"}]

# (view, options) -> the README's image of it
README_IMAGES = {("rising_keywords", ()): "rising-keywords.png",
                 ("papers_over_time", ()): "papers-per-listing-day.png",
                 ("upvotes_by_team_size", ()): "upvotes-by-team-size.png",
                 ("team_size_over_time", ()): "team-size-over-time.png",
                 ("keyword_map", ()): "keyword-map.png",
                 ("keyword_frequencies", (("source", "text"),)): "keyphrases.png"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--readme", action="store_true", help="refresh docs/*.png too")
    args = parser.parse_args(argv)
    out = args.out or reports_dir() / "gallery"
    papers = dp.with_impact(dp.load())  # the impact charts draw what was fetched, if any
    print(f"{papers.height:,} papers → {out}/")
    failures = 0
    for name, variants in VARIANTS.items():
        for options in variants:
            suffix = "".join(f"_{key}-{value}" for key, value in options.items())
            started = time.perf_counter()
            try:
                path = export_chart(dp.view(name, papers, **options), out / f"{name}{suffix}.png")
            except Exception as exc:  # a gallery shows every failure, then exits 1
                failures += 1
                print(f"  FAILED {name}{suffix}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            print(f"  {path.name:<48} {time.perf_counter() - started:5.2f} s")
            image = README_IMAGES.get((name, tuple(options.items())))
            if args.readme and image:
                # scale 1: the README shows them at page width, and the repository stays lean
                export_chart(dp.view(name, papers, **options), Path("docs") / image, scale=1)
    deck = export_slides(standard_charts(papers), out / "daily-papers.pptx",
                         title="Daily Papers", subtitle=f"{papers.height:,} papers",
                         footnote=describe_data(papers))
    print(f"  {deck.name} (look at it: sh docs/render_deck.sh {deck})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
