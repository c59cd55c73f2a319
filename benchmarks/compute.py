"""Every compute_* on a generated table, cold.

    python benchmarks/compute.py [--papers 1000000] [--repeat 3]

The target (``targets.py``), at 1M papers: every compute_* within 100 ms on papers prepared
from the store, as the notebooks prepare them (``dp.prepare(path)``, once per load, timed
separately; a map 200 ms). Each timing is the best of ``--repeat`` runs, each run cold: the
code views kept between the charts of one filter change are dropped first. The keyphrases
of the text vocabulary, made once, are timed by ``keyphrases.py``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
from targets import verdict
from timing import best

import dailypapers as dp

#: The questions whose budget is a map's (a whole panel change of 07-maps: 200 ms).
MAPS = ("compute_keyword_cooccurrence (60)", "compute_coauthorship (50)")


def steps(frame: pl.DataFrame, cited: dp.Prepared) -> dict[str, Callable[[], object]]:
    """Each question, timed on ``frame``; the impact ones on ``cited``, the same papers with
    a synthetic impact (on papers without any, they would time an early return)."""
    halves = dp.split_halves(frame)
    return {
        "compute_overview": lambda: dp.compute_overview(frame),
        "compute_author_counts": lambda: dp.compute_author_counts(frame),
        "compute_team_size_over_time (1mo)": lambda: dp.compute_team_size_over_time(frame),
        "compute_top_authors": lambda: dp.compute_top_authors(frame),
        "compute_top_authors_over_time": lambda: dp.compute_top_authors_over_time(frame),
        "compute_papers_over_time (1d)": lambda: dp.compute_papers_over_time(frame, "1d"),
        "compute_papers_over_time (1mo)": lambda: dp.compute_papers_over_time(frame, "1mo"),
        "compute_top_organizations": lambda: dp.compute_top_organizations(frame),
        "compute_organization_share (1mo)": lambda: dp.compute_organization_share(frame),
        "compute_keyword_frequencies": lambda: dp.compute_keyword_frequencies(frame),
        "compute_keyword_trends (1y)": lambda: dp.compute_keyword_trends(frame, every="1y"),
        "compute_trend_topics": lambda: dp.compute_trend_topics(frame),
        "compute_rising_keywords": lambda: dp.compute_rising_keywords(
            frame, *(halves or (None, None))),
        "compute_coverage (1q)": lambda: dp.compute_coverage(frame, "1q"),
        "compute_listing_days (1mo)": lambda: dp.compute_listing_days(frame),
        "compute_impact_share (1q)": lambda: dp.compute_impact_share(cited),
        "compute_impact_by_organization": lambda: dp.compute_impact_by_organization(cited),
        "compute_impact_by_keyword": lambda: dp.compute_impact_by_keyword(cited),
        "compute_impact_by_upvotes": lambda: dp.compute_impact_by_upvotes(cited),
        "compute_most_used": lambda: dp.compute_most_used(cited),
        "compute_days_to_first_model (1q)": lambda: dp.compute_days_to_first_model(cited),
        "compute_upvotes_by_team_size": lambda: dp.compute_upvotes_by_team_size(frame),
        "compute_upvotes_by_organization": lambda: dp.compute_upvotes_by_organization(frame),
        "compute_paper_list (500 by upvotes)": lambda: dp.compute_paper_list(frame),
        "compute_abbreviations": lambda: dp.compute_abbreviations(frame),
        "compute_keyword_cooccurrence (60)": lambda: dp.compute_keyword_cooccurrence(frame),
        "compute_coauthorship (50)": lambda: dp.compute_coauthorship(frame),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    table = dp.generate_corpus(args.papers, seed=1)
    store = Path(tempfile.mkdtemp()) / "papers.parquet"
    dp.store.write_atomic(table, store)
    start = time.perf_counter()
    prepared = dp.prepare(store)  # as every notebook prepares its papers
    print(f"{args.papers:,} papers; prepare from the store (codes, once per load): "
          f"{time.perf_counter() - start:.2f} s")
    cited = dp.prepare(dp.add_synthetic_impact(table.drop("abstract")))
    print(f"{'step':<36} {'time':>10}  target")
    at_size = args.papers >= 1_000_000
    everything = np.ones(prepared.height, dtype=bool)
    for name, step in steps(prepared, cited).items():
        step()  # warm imports and what the table keeps across filter changes (vocabularies)
        # each run on a fresh restriction, as after a filter change: no view of the run before
        seconds, _ = best(args.repeat, lambda name=name: steps(
            prepared.restrict(everything), cited.restrict(everything))[name]())
        target = "panel change (maps)" if name in MAPS else "compute of a question"
        print(f"{name:<36} {seconds * 1000:>8.1f} ms  "
              f"{verdict(target, seconds * 1000, at_size)}")


if __name__ == "__main__":
    main()
