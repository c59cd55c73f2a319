"""The keyphrases of every title and abstract: the text vocabulary, made once.

    python benchmarks/keyphrases.py [--papers 1000000]

A notebook that first counts keywords from text (``source="text"``) makes the keyphrases of
every paper's title and abstract, then keeps them with its prepared papers. The time from
papers prepared from the store (``dp.prepare(path)``, as the notebooks do: the abstracts are
read from the file then) to the first keyword frequencies of the text vocabulary. The target
(``targets.py``): 20 s at 1M abstracts. One run: a second would find the vocabulary made.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from targets import verdict

import dailypapers as dp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000_000)
    args = parser.parse_args()
    table = dp.generate_corpus(args.papers, seed=1)
    megabytes = (table["abstract"].str.len_bytes().sum() + table["title"].str.len_bytes().sum()
                 ) / 1e6
    store = Path(tempfile.mkdtemp()) / "papers.parquet"
    dp.store.write_atomic(table, store)
    del table
    prepared = dp.prepare(store)
    start = time.perf_counter()
    dp.compute_keyword_frequencies(prepared, 30, source="text")
    seconds = time.perf_counter() - start
    print(f"{args.papers:,} papers")
    print(f"{'keyphrases from titles and abstracts':<36} {seconds:>8.1f} s   "
          f"({megabytes:,.0f} MB of text, {megabytes / seconds:.0f} MB/s) "
          f"{verdict('keyphrases', seconds, args.papers >= 1_000_000)}")


if __name__ == "__main__":
    main()
