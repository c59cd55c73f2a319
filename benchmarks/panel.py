"""Kernel time of one filter-panel change per notebook, at N papers.

    python benchmarks/panel.py [--papers 1000000] [--repeat 3]

For each notebook the panel is built with the same live charts the notebook makes; then a
control changes (minimum upvotes, then an organization, then the date range) and the time
from the change to every chart rebuilt and handed to its JupyterChart is measured (the
browser's drawing is not kernel time). Target (issue 5): <= 100 ms at 1M papers.
"""

from __future__ import annotations

import argparse
import time

import dailypapers as dp
from dailypapers.widgets import FilterPanel, period_picker, period_toggle

NOTEBOOKS = {
    # the coverage table there describes the whole store: drawn once, not on a change
    "01-overview": [("overview", {}), ("papers_over_time", {"every": "1mo"})],
    "02-authors": [("author_counts", {}), ("team_size_over_time", {"every": "1q"}),
                   ("top_authors", {}), ("top_authors_over_time", {}),
                   ("upvotes_by_team_size", {})],
    "03-dates": [("papers_over_time", {"every": "1mo"}),
                 ("papers_over_time", {"every": "1w"}),
                 ("papers_over_time", {"every": "1w", "date": "daily_on"})],
    "04-organizations": [("top_organizations", {}), ("organization_share", {"every": "1q"}),
                         ("upvotes_by_organization", {})],
    "05-keywords": [("keyword_frequencies", {}), ("keyword_trends", {"every": "1q"}),
                    ("trend_topics", {}), ("rising_keywords", "pickers")],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    papers = dp.generate_corpus(args.papers, seed=3, abstracts=False)
    start = time.perf_counter()
    panel0 = FilterPanel(papers)
    prepare = time.perf_counter() - start
    print(f"{args.papers:,} papers; building the panel (prepare once): {prepare:.2f} s")
    print(f"{'notebook':<18} {'charts':>6} {'upvotes':>9} {'org':>9} {'dates':>9} "
          f"{'worst':>9}  target 100 ms")
    top_org = dp.compute_top_organizations(papers, 1)["organization"][0]
    for name, views in NOTEBOOKS.items():
        panel = FilterPanel(panel0.prepared)  # already prepared: no second prepare
        for view, options in views:
            if options == "pickers":
                options = {"before": period_picker(papers, "Before", 0),
                           "after": period_picker(papers, "After", 1)}
            elif "every" in options:
                options = {**options, "every": period_toggle(options["every"])}
            panel.chart(view, **options)
        stops = [value for _, value in panel.dates.options]
        span = (stops[len(stops) // 3], stops[-1])
        changes = {"upvotes": lambda p: setattr(p.min_upvotes, "value", 2),
                   "org": lambda p: setattr(p.organizations, "value", [top_org]),
                   "dates": lambda p, span=span: setattr(p.dates, "value", span)}
        timings = {}
        for label, change in changes.items():
            best = float("inf")
            for _ in range(args.repeat):
                panel.clear()  # each change then makes a fresh restriction (no kept views)
                start = time.perf_counter()
                change(panel)
                best = min(best, time.perf_counter() - start)
            timings[label] = best * 1000
        worst = max(timings.values())
        print(f"{name:<18} {len(views):>6} {timings['upvotes']:>7.1f}ms {timings['org']:>7.1f}ms "
              f"{timings['dates']:>7.1f}ms {worst:>7.1f}ms  {'met' if worst <= 100 else 'MISSED'}")


if __name__ == "__main__":
    main()
