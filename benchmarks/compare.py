"""dailypapers against what a user would use instead, at N generated papers: naive pandas and
DuckDB SQL over the same Parquet, question by question.

    python benchmarks/compare.py --papers 100000 [--repeat 3] [--markdown] [--json out.json]

Every question first checks that the three answers agree (``engines.py`` holds the three
versions), then times each (best of ``--repeat``). Ours runs on prepared papers
(``dp.prepare``, timed once as its own row), each run on a fresh restriction, as after a
filter change. Ratios are theirs / ours: above 1 means dailypapers is faster.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from engines import (
    MISSING,
    _plain,
    duckdb_steps,
    keyword_map,
    our_steps,
    pandas_steps,
    pandas_text_terms,
    same,
)
from report import machine, seconds, table
from targets import verdict
from timing import best

import dailypapers as dp

MILLION = 1_000_000


def judge(step: str, ours: float, duck: float | None, papers: int) -> str:
    """The verdict of one row, by the targets of benchmarks/targets.py."""
    at_size = papers >= MILLION
    if step == "keywords from abstracts":
        return verdict("keyphrases", ours, at_size)
    if step.startswith(("load", "prepare", "export")):
        return "(context)"
    if step.startswith("panel"):
        return verdict("panel change", ours * 1000, at_size)
    if not at_size:
        return verdict("compute on prepared papers", 0, False)
    if ours * 1000 <= 25:
        return "met (under 25 ms)"
    return verdict("compute on prepared papers", ours / duck if duck else float("inf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument("--text-reference-limit", type=int, default=200_000,
                        help="skip the pandas keyphrase reference above this size")
    args = parser.parse_args()
    rows: list[dict] = []

    def record(step, ours, pandas_s, duck_s, agree):
        rows.append({"step": step, "ours": ours, "pandas": pandas_s, "duckdb": duck_s,
                     "agree": bool(agree)})

    frame = dp.generate_corpus(args.papers, seed=1)
    window = dp.split_halves(frame)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "papers.parquet"
        dp.store.write_atomic(frame, path)
        t_ours, loaded = best(args.repeat, lambda: dp.load(path))
        t_pd, df = best(args.repeat, lambda: pd.read_parquet(path))
        con = duckdb.connect()
        t_db, _ = best(args.repeat, lambda: con.execute(
            f"create or replace table papers as select * from read_parquet('{path}')"))
        record("load the store", t_ours, t_pd, t_db, len(loaded) == len(df) == con.execute(
            "select count(*) from papers").fetchone()[0])
        t_prep, prepared = best(1, lambda: dp.prepare(loaded))
        record("prepare (codes, once per load)", t_prep, MISSING, MISSING, True)

        kw = keyword_map(frame)
        con.execute("create table kwmap (spelling varchar, keyword varchar)")
        con.executemany("insert into kwmap values (?, ?)", list(kw.items()))
        df["published_on"] = pd.to_datetime(df["published_on"])
        pd_fns, db_fns = pandas_steps(df, kw, window), duckdb_steps(con, window)
        everything = np.ones(prepared.height, dtype=bool)
        for step in our_steps(prepared, window):
            t_ours, mine = best(args.repeat, lambda step=step: our_steps(
                prepared.restrict(everything), window)[step]())
            t_pd, theirs = best(args.repeat if args.papers <= 100_000 else 1, pd_fns[step])
            t_db, sql = best(args.repeat, db_fns[step])
            agree = same(_plain(mine), _plain(theirs)) and same(_plain(mine), _plain(sql))
            record(step.replace("_", " "), t_ours, t_pd, t_db, agree)

        t_ours, mine = best(1, lambda: dp.compute_keyword_frequencies(
            prepared, 30, source="text").select("keyword", "papers").rows())
        if args.papers <= args.text_reference_limit:
            t_pd, theirs = best(1, lambda: pandas_text_terms(df))
            record("keywords from abstracts", t_ours, t_pd, MISSING, same(mine, theirs))
        else:
            record("keywords from abstracts", t_ours, MISSING, MISSING, True)

        chart = dp.view("author_counts", prepared)
        t_ours, _ = best(args.repeat, lambda: dp.export_chart(chart, Path(folder) / "c.png"))
        record("export one PNG", t_ours, MISSING, MISSING, True)

    def ratio(theirs, ours):
        return "—" if theirs is None or not ours else f"{theirs / ours:.1f}x"

    header = ["step", "ours", "naive pandas", "DuckDB", "pandas/ours", "DuckDB/ours", "agree",
              "target"]
    lines = [[r["step"], seconds(r["ours"]), seconds(r["pandas"]), seconds(r["duckdb"]),
              ratio(r["pandas"], r["ours"]), ratio(r["duckdb"], r["ours"]),
              "yes" if r["agree"] else "NO",
              judge(r["step"], r["ours"], r["duckdb"], args.papers)] for r in rows]
    print(f"{args.papers:,} generated papers — {machine()}\n")
    print(table(header, lines, args.markdown), end="")
    if args.json:
        args.json.write_text(json.dumps({"papers": args.papers, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
