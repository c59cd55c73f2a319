"""Do the panel and a plain filtered table draw the same charts on the shipped data?

    python benchmarks/agreement.py [--state NAME ...]

For each filter state, every view with every option the notebooks offer is drawn from the
panel's prepared papers and from the plain filtered table (``panel.frame``), and the rows
compared as tests/test_notebooks.py compares them (labels aside). Prints how many of the
view × option pairs differ, and which views. #14 asks for none. Until the abbreviations
were shipped (dailypapers.keywords.abbreviations) each path learned them from its own papers, and
17-21 of the 50 pairs differed under a filter.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import dailypapers as dp  # noqa: E402
from dailypapers.widgets import FilterPanel  # noqa: E402
from tests.conftest import build_bundled_store  # noqa: E402
from tests.test_notebooks import VIEW_OPTIONS, chart_rows, narrow  # noqa: E402

#: The filter states tried, as printed → as tests/test_notebooks.py's ``narrow`` names them:
#: those of the equality test, a keyword click and a search.
STATES = {"no filter": "no filter", "upvotes and dates": "upvotes and dates",
          "two organizations": "two organizations", "the top Hub keyword": "a keyword click",
          'search "diffusion"': "a search"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", action="append", default=[],
                        help="only this filter state (repeat for several; default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        papers = dp.load(build_bundled_store(Path(folder) / "papers.parquet"))
    pairs = sum(len(variants) for variants in VIEW_OPTIONS.values())
    print(f"{papers.height:,} shipped papers, {pairs} view x option pairs")
    for state, named in STATES.items():
        if args.state and state not in args.state:
            continue
        panel = FilterPanel(papers, table=False)
        narrow(panel, papers, named)
        differ: Counter[str] = Counter()
        for name, variants in VIEW_OPTIONS.items():
            for options in variants:
                if (chart_rows(dp.view(name, panel.prepared, **options))
                        != chart_rows(dp.view(name, panel.frame, **options))):
                    differ[name] += 1
        print(f"{state:<22} {panel.prepared.height:>6,} papers  {sum(differ.values()):>3} differ"
              + (f"  ({', '.join(f'{k} {v}' for k, v in differ.items())})" if differ else ""))


if __name__ == "__main__":
    main()
