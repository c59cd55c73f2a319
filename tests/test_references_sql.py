"""compute_* against independent references (DuckDB SQL, plain Python) on a generated
corpus of 10k papers."""

from __future__ import annotations

from collections import Counter

import duckdb
import pandas as pd
import polars as pl
import pytest

import dailypapers as dp
from dailypapers.keywords.normalise import normalize

# -- against independent references on a generated corpus of 10k papers ---------------------

@pytest.fixture(scope="module")
def corpus() -> pl.DataFrame:
    return dp.generate_corpus(10_000, seed=11)


@pytest.fixture(scope="module")
def sql(corpus):
    con = duckdb.connect()
    con.register("papers", corpus.to_arrow())
    return con


def test_reference_overview(corpus, sql):
    ours = dp.compute_overview(corpus).row(0, named=True)
    theirs = sql.execute("""
        select count(*), min(published_on), max(published_on), count(author_count),
               median(author_count), count(distinct organization), sum(upvotes)
        from papers""").fetchone()
    names = (corpus["authors"].explode().drop_nulls().unique().len())
    assert (ours["papers"], ours["first_published"], ours["last_published"],
            ours["papers_with_authors"], ours["median_team_size"], ours["organizations"],
            ours["total_upvotes"]) == theirs
    assert ours["distinct_authors"] == names


def test_reference_author_counts(corpus):
    counted = Counter(min(n, 21) for n in corpus["author_count"].to_list())
    table = dp.compute_author_counts(corpus, 20)
    assert dict(zip(table["bucket"], table["papers"], strict=True)) == {
        b: counted.get(b, 0) for b in range(1, 22)}


def test_reference_papers_per_month(corpus, sql):
    theirs = sql.execute("""
        select date_trunc('month', published_on)::date as period, count(*), sum(upvotes)
        from papers group by 1 order by 1""").fetchall()
    ours = dp.compute_papers_over_time(corpus, "1mo").filter(pl.col("papers") > 0)
    assert ours.select("period", "papers", "upvotes").rows() == theirs


def test_reference_papers_per_week(corpus, sql):
    theirs = sql.execute("""
        select date_trunc('week', daily_on)::date, count(*) from papers group by 1 order by 1
    """).fetchall()
    ours = dp.compute_papers_over_time(corpus, "1w", date="daily_on")
    assert ours.filter(pl.col("papers") > 0).select("period", "papers").rows() == theirs


def test_reference_team_size_per_quarter(corpus, sql):
    theirs = sql.execute("""
        select date_trunc('quarter', published_on)::date, count(*),
               quantile_cont(author_count, 0.25), median(author_count),
               quantile_cont(author_count, 0.75)
        from papers group by 1 order by 1""").fetchall()
    ours = dp.compute_team_size_over_time(corpus, "1q").filter(pl.col("papers") > 0)
    assert ours.select("period", "papers", "q1", "median", "q3").rows() == [
        (period, n, float(q1), float(median), float(q3)) for period, n, q1, median, q3 in theirs]


def test_reference_top_organizations(corpus, sql):
    theirs = sql.execute("""
        select organization, count(*) as n from papers where organization is not null
        group by 1 order by n desc, organization limit 15""").fetchall()
    ours = dp.compute_top_organizations(corpus, 15).filter(pl.col("kind") == "top")
    assert ours.select("organization", "papers").rows() == theirs
    none = sql.execute("select count(*) from papers where organization is null").fetchone()[0]
    assert dp.compute_top_organizations(corpus, 15)["papers"][-1] == none


def test_reference_top_authors(corpus, sql):
    theirs = sql.execute("""
        select author, count(distinct paper_id) as n from
          (select paper_id, unnest(authors) as author from papers)
        group by 1 order by n desc, author limit 20""").fetchall()
    assert dp.compute_top_authors(corpus, 20).select("author", "papers").rows() == theirs


def test_reference_keyword_frequencies(corpus):
    # plain Python: normalise each distinct spelling, then count papers per normal form; one
    # generic word ("model") is no keyword
    from dailypapers.keywords.generic import shipped_generic_words

    spellings = sorted({k for ks in corpus["keywords"].to_list() for k in ks})
    normal = dict(zip(spellings, normalize(spellings), strict=True))
    generic = shipped_generic_words()
    counted = Counter(k for ks in corpus["keywords"].to_list() for k in {normal[s] for s in ks}
                      if k not in generic)
    expected = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:30]
    ours = dp.compute_keyword_frequencies(corpus, 30, source="keywords")
    assert ours.select("keyword", "papers").rows() == expected


def test_reference_upvotes_by_team_size(corpus):
    frame = corpus.to_pandas()
    bins = [0, 1, 2, 4, 8, 16, 32, 100, 10**9]
    frame["bucket"] = pd.cut(frame["author_count"], bins=bins, labels=False)
    medians = frame.groupby("bucket")["upvotes"].median().tolist()
    ours = dp.compute_upvotes_by_team_size(corpus, min_papers=1).filter(pl.col("papers") > 0)
    assert ours["median"].to_list() == medians
