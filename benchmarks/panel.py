"""Kernel time of one filter-panel change per notebook, at N papers.

    python benchmarks/panel.py [--papers 1000000] [--repeat 3]

For each notebook the panel is built with the same live charts the notebook makes and its
papers table open (500 rows sent; ``--folded`` leaves it folded, as a notebook opens); then
a control changes (minimum upvotes, then an organization typed in its box, then the first
day) or a chart's mark is clicked (a period, a team size, the top organization, the top
keyword), and the time from the change to every chart and the table rebuilt and handed to
their widgets is measured (the browser's drawing is not kernel time). The panel opens the
store as every notebook does (``dp.FilterPanel(path)``: the table prepared from the file, its
long texts left there). The targets (``targets.py``): 100 ms at 1M papers; 07-maps 200 ms.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from targets import verdict

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
    "07-maps": [("keyword_map", {}), ("coauthor_map", {})],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--folded", action="store_true",
                        help="leave the papers table folded, as a notebook opens")
    args = parser.parse_args()
    papers = dp.generate_corpus(args.papers, seed=3, abstracts=False)
    store = Path(tempfile.mkdtemp()) / "papers.parquet"
    dp.store.write_atomic(papers, store)
    start = time.perf_counter()
    panel0 = FilterPanel(store)  # as the notebooks open it
    prepare = time.perf_counter() - start
    print(f"{args.papers:,} papers; building the panel (prepare once): {prepare:.2f} s")
    print(f"{'notebook':<18} {'charts':>6} {'upvotes':>9} {'org':>9} {'dates':>9} "
          f"{'click':>9} {'worst':>9}  target")
    at_size = args.papers >= 1_000_000
    top_org = dp.compute_top_organizations(papers, 1)["organization"][0]
    top_keyword = dp.compute_keyword_frequencies(panel0.prepared, 1, "keywords")["keyword"][0]
    days = papers["published_on"].drop_nulls().sort()
    since = days[len(days) // 3]
    for name, views in NOTEBOOKS.items():
        panel = FilterPanel(panel0.prepared)  # already prepared: no second prepare
        for view, options in views:
            if options == "pickers":
                options = {"before": period_picker(papers, "Before", 0),
                           "after": period_picker(papers, "After", 1)}
            elif "every" in options:
                options = {**options, "every": period_toggle(options["every"])}
            panel.chart(view, **options)
        if not args.folded:  # the papers table open: rebuilt at every change
            panel.table.selected_index = 0
        # a click on the notebook's first chart whose marks are things
        index, clicked = {
            "01-overview": (1, {"pick_from": f"{since:%Y-%m}-01", "pick_to": f"{since:%Y-%m}-28"}),
            "02-authors": (0, {"min_authors": 3, "max_authors": 3}),
            "03-dates": (0, {"pick_from": f"{since:%Y-%m}-01", "pick_to": f"{since:%Y-%m}-28"}),
            "04-organizations": (0, {"organization": top_org}),
            "05-keywords": (0, {"keyword": top_keyword, "vocabulary": "keywords"}),
            "07-maps": (0, {"keyword": top_keyword, "vocabulary": "keywords"})}[name]
        changes = {"upvotes": lambda p: setattr(p.min_upvotes, "value", 2),
                   "org": lambda p: setattr(p.organizations.box, "value", top_org),
                   "dates": lambda p: setattr(p.since, "value", since),
                   "click": lambda p, i=index, picked=clicked: click(p.charts()[i], picked)}
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
        target = "panel change (maps)" if name == "07-maps" else "panel change"
        print(f"{name:<18} {len(views):>6} {timings['upvotes']:>7.1f}ms {timings['org']:>7.1f}ms "
              f"{timings['dates']:>7.1f}ms {timings['click']:>7.1f}ms {worst:>7.1f}ms  "
              f"{verdict(target, worst, at_size)}")


def click(chart, fields: dict) -> None:
    """What the browser reports when the mark whose row holds ``fields`` is clicked."""
    chart._vl_selections = {"pick": {
        "value": {"vlPoint": {"or": [fields]}, **{k: [v] for k, v in fields.items()}},
        "store": [{"unit": "", "fields": [{"field": k, "type": "E"} for k in fields],
                   "values": list(fields.values())}]}}


if __name__ == "__main__":
    main()
