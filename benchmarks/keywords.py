"""How well keyphrases from titles and abstracts agree with the Hub's keywords, on the shipped data.

    python benchmarks/keywords.py [--top 30] [--against 100]

Among the papers that carry both, the top ``--top`` keyphrases from their titles and abstracts
are compared with those papers' top ``--against`` Hub keywords (both normalised the same
way, abbreviations merged): the count of terms found among the keywords is the agreement
figure (a quality figure, not a speed: at least 15 of 30 was asked). Both lists are printed
side by side.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import polars as pl
from corpus import shipped_store

import dailypapers as dp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--against", type=int, default=100)
    args = parser.parse_args()
    papers = dp.load(shipped_store(Path(tempfile.mkdtemp()) / "papers.parquet"))
    both = papers.filter(pl.col("keywords").list.len().fill_null(0) > 0)
    terms = dp.compute_keyword_frequencies(both, args.top, source="text")
    hub = dp.compute_keyword_frequencies(both, args.against, source="keywords")
    found = set(terms["keyword"]) & set(hub["keyword"])
    print(f"{both.height:,} papers carry Hub keywords; of the top {args.top} keyphrases from their "
          f"titles and abstracts, {len(found)} are among their top {args.against} Hub keywords")
    print(f"{'#':>3}  {'keyphrases from titles and abstracts':<38} {'papers':>6}   "
          f"{'Hub keywords':<44} {'papers':>6}")
    for rank, (term, hub_row) in enumerate(zip(terms.iter_rows(named=True),
                                               hub.head(args.top).iter_rows(named=True),
                                               strict=False), start=1):
        mark = "*" if term["keyword"] in found else " "
        print(f"{rank:>3}  {mark}{term['label'][:37]:<37} {term['papers']:>6}   "
              f"{hub_row['label'][:44]:<44} {hub_row['papers']:>6}")


if __name__ == "__main__":
    main()
