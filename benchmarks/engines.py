"""The same questions in three engines: ours, the naive pandas a notebook user would write,
and DuckDB SQL over the same Parquet. Every benchmark that compares engines reads them here.

The references follow the product's rules: one keyword is what
:func:`keyword_map` says (the field's shipped abbreviations, generic words left out), a
keyphrase candidate what ``pandas_text_terms`` tokenises (the product's token pattern, stop
list and white space). ``tests/test_benchmarks_smoke.py`` runs them small and checks that
all three give the same answers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd
import polars as pl

import dailypapers as dp
from dailypapers.keywords.abbreviations import shipped_abbreviations
from dailypapers.keywords.generic import shipped_generic_words
from dailypapers.keywords.keyphrases import keyphrase_pairs
from dailypapers.keywords.lexicon import WHITE_SPACE
from dailypapers.keywords.normalise import STOP_WORDS, TOKEN_PATTERN, normalize

MISSING = None  # an engine that has no way to do the step


def same(a, b, tolerance: float = 1e-6) -> bool:
    """Equal answers: numbers within a tolerance, sequences item by item."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y, tolerance) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is None and b is None
        if (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
            return (a != a) and (b != b)
        return abs(float(a) - float(b)) <= tolerance * max(1.0, abs(float(a)))
    return a == b



def keyword_map(frame: pl.DataFrame) -> dict[str, str]:
    """Spelling → normalised keyword: the definition of "the same keyword", shared by all
    (an abbreviation or a definition of one, "LLMs" or "Large Language Models (LLMs)", is
    its long form by the field's shipped table). A spelling that is one generic word
    ("model") is not a keyword: it has no entry."""
    spellings = frame["keywords"].explode().drop_nulls().unique()
    keywords = shipped_abbreviations("keywords").keys_of(spellings)
    generic = shipped_generic_words()
    return {spelling: keyword for spelling, keyword in zip(spellings, keywords, strict=True)
            if keyword and keyword not in generic}


def pandas_steps(df: pd.DataFrame, kw: dict[str, str], window) -> dict[str, Callable]:
    month = df["published_on"].dt.to_period("M")
    (b0, b1), (a0, a1) = (tuple(pd.Timestamp(d) for d in span) for span in window)

    def top_authors():
        pairs = df[["paper_id", "authors"]].explode("authors").dropna().drop_duplicates()
        counts = pairs.groupby("authors").size().reset_index(name="papers")
        counts = counts.sort_values(["papers", "authors"], ascending=[False, True]).head(20)
        return list(zip(counts["authors"], counts["papers"], strict=True))

    def keyword_pairs(frame):
        pairs = frame[["paper_id", "keywords"]].explode("keywords").dropna()
        pairs["keyword"] = pairs["keywords"].map(kw)
        return pairs.dropna(subset=["keyword"]).drop_duplicates(["paper_id", "keyword"])

    def keyword_frequencies(frame=df, n=30):
        counts = keyword_pairs(frame).groupby("keyword").size().reset_index(name="papers")
        counts = counts.sort_values(["papers", "keyword"], ascending=[False, True]).head(n)
        return list(zip(counts["keyword"], counts["papers"], strict=True))

    def rising():
        pairs = keyword_pairs(df).merge(df[["paper_id", "published_on"]], on="paper_id")
        day = pairs["published_on"]
        a = pairs[(day >= a0) & (day <= a1)].groupby("keyword").size()
        b = pairs[(day >= b0) & (day <= b1)].groupby("keyword").size()
        both = pd.DataFrame({"a": a, "b": b}).fillna(0).astype(int)
        both = both[both.a + both.b >= 3]
        alpha = 0.1 * (both.a + both.b)
        alpha0 = 0.1 * (both.a.sum() + both.b.sum())
        delta = (np.log((both.a + alpha) / (both.a.sum() + alpha0 - both.a - alpha))
                 - np.log((both.b + alpha) / (both.b.sum() + alpha0 - both.b - alpha)))
        z = delta / np.sqrt(1 / (both.a + alpha) + 1 / (both.b + alpha))
        top = z.reset_index().rename(columns={0: "z", "index": "keyword"})
        top.columns = ["keyword", "z"]
        up = top.sort_values(["z", "keyword"], ascending=[False, True]).head(15)
        return list(zip(up["keyword"], up["z"].round(9), strict=True))

    def team_sizes():
        bins = [0, 1, 2, 4, 8, 16, 32, 100, 10**9]
        bucket = pd.cut(df["author_count"], bins=bins, labels=False)
        return df.groupby(bucket)["upvotes"].median().round(9).tolist()

    def overview():
        names = df["authors"].explode().dropna().nunique()
        has_keywords = df["keywords"].map(lambda k: k is not None and len(k) > 0)
        yearly = has_keywords.groupby(df["published_on"].dt.year).mean()
        return [len(df), str(df["published_on"].min().date()),
                str(df["published_on"].max().date()), int(df["author_count"].notna().sum()),
                names, float(df["author_count"].median()), df["organization"].nunique(),
                int(df["upvotes"].sum()), float(has_keywords.mean()), float(yearly.min()),
                float(yearly.max())]

    def orgs():
        named = df[df["organization"].notna()]
        top = named["organization"].value_counts().reset_index()
        top.columns = ["organization", "papers"]
        top = top.sort_values(["papers", "organization"], ascending=[False, True]).head(15)
        # each handle's most given display name (ties: the first by name), else the handle
        given = named.groupby(["organization", "organization_name"]).size().reset_index(name="n")
        given = given.sort_values(["n", "organization_name"], ascending=[False, True])
        name = dict(given.drop_duplicates("organization")[["organization", "organization_name"]]
                    .itertuples(index=False))
        rows = [(o, name.get(o, o), int(n)) for o, n in zip(top["organization"], top["papers"],
                                                            strict=True)]
        rows += [("other", "other", len(named) - int(top["papers"].sum())),
                 ("(no organization)", "(no organization)", int(df["organization"].isna().sum()))]
        days = named["published_on"].dropna().sort_values()
        tenth = days.iloc[math.floor((len(days) - 1) * 0.1 + 0.5)]  # "nearest", half up
        return [rows, [str(tenth.date()), str(days.iloc[-1].date())]]

    def per_month():
        g = df.groupby(month).agg(papers=("paper_id", "size"), upvotes=("upvotes", "sum"),
                                  median=("upvotes", "median"))
        return list(zip([str(p) for p in g.index], g["papers"], g["upvotes"],
                        map(_rounded, g["median"]), strict=True))

    def team_over_time():
        g = df.groupby(month)["author_count"]
        return list(zip([str(p) for p in g.median().index], g.median().round(9),
                        g.quantile(0.25).round(9), strict=True))

    def author_counts():
        return df["author_count"].clip(upper=21).value_counts().sort_index().tolist()

    def panel_change(notebook: str):
        cut = df["published_on"].quantile(0.5)
        kept = df[(df["published_on"] >= cut) & (df["upvotes"] >= 2)]
        out = [len(kept)]
        if notebook == "authors":
            out.append(kept["author_count"].clip(upper=21).value_counts().sort_index().tolist())
            pairs = kept[["paper_id", "authors"]].explode("authors").dropna().drop_duplicates()
            top = pairs.groupby("authors").size().reset_index(name="papers").sort_values(
                ["papers", "authors"], ascending=[False, True]).head(15)
            out.append(list(zip(top["authors"], top["papers"], strict=True)))
        if notebook == "organizations":
            top = kept["organization"].value_counts().reset_index()
            top.columns = ["organization", "papers"]
            top = top.sort_values(["papers", "organization"], ascending=[False, True]).head(15)
            out.append(list(zip(top["organization"], top["papers"], strict=True)))
            per = kept.groupby(kept["published_on"].dt.to_period("M")).size()
            out.append(per.tolist())
        if notebook == "keywords":
            out.append(keyword_frequencies(kept, 25))
        return out

    return {"overview": overview, "author_counts": author_counts, "papers_per_month": per_month,
            "team_size_over_time": team_over_time, "top_organizations": orgs,
            "top_authors": top_authors, "keyword_frequencies": keyword_frequencies,
            "rising_keywords": rising, "upvotes_by_team_size": team_sizes,
            "panel_authors": lambda: panel_change("authors"),
            "panel_organizations": lambda: panel_change("organizations"),
            "panel_keywords": lambda: panel_change("keywords")}


def duckdb_steps(con: duckdb.DuckDBPyConnection, window) -> dict[str, Callable]:
    (b0, b1), (a0, a1) = window

    def rows(sql: str):
        return con.execute(sql).fetchall()

    pairs = """(select distinct p.paper_id, m.keyword, p.published_on
                from (select paper_id, published_on, unnest(keywords) as spelling from papers) p
                join kwmap m using (spelling))"""

    def rising():
        out = rows(f"""
            with c as (select keyword,
                   count(*) filter (where published_on between '{a0}' and '{a1}') as a,
                   count(*) filter (where published_on between '{b0}' and '{b1}') as b
                   from {pairs} group by 1),
                 k as (select * from c where a + b >= 3),
                 t as (select sum(a) as ta, sum(b) as tb from k)
            select keyword, round((ln((a + 0.1*(a+b)) / (ta + 0.1*(ta+tb) - a - 0.1*(a+b)))
                    - ln((b + 0.1*(a+b)) / (tb + 0.1*(ta+tb) - b - 0.1*(a+b))))
                    / sqrt(1/(a + 0.1*(a+b)) + 1/(b + 0.1*(a+b))), 9) as z
            from k, t order by z desc, keyword limit 15""")
        return [tuple(r) for r in out]

    def panel(notebook: str):
        cut = rows("select quantile_cont(epoch(published_on), 0.5) from papers")[0][0]
        where = f"where epoch(published_on) >= {cut} and upvotes >= 2"
        out = [rows(f"select count(*) from papers {where}")[0][0]]
        if notebook == "authors":
            out.append([r[1] for r in rows(f"""select least(author_count, 21) b, count(*)
                        from papers {where} and author_count is not null
                        group by 1 order by 1""")])
            out.append([tuple(r) for r in rows(f"""
                select a, count(distinct paper_id) n from
                  (select paper_id, unnest(authors) a from papers {where}) group by 1
                order by n desc, a limit 15""")])
        if notebook == "organizations":
            out.append([tuple(r) for r in rows(f"""
                select organization, count(*) n from papers {where}
                and organization is not null group by 1 order by n desc, 1 limit 15""")])
            out.append([r[1] for r in rows(f"""
                select date_trunc('month', published_on), count(*) from papers {where}
                group by 1 order by 1""")])
        if notebook == "keywords":
            out.append([tuple(r) for r in rows(f"""
                select m.keyword, count(distinct p.paper_id) n from
                  (select paper_id, unnest(keywords) spelling from papers {where}) p
                join kwmap m using (spelling) group by 1 order by n desc, 1 limit 25""")])
        return out

    return {
        "overview": lambda: list(rows("""
            with yearly as (select avg((coalesce(len(keywords), 0) > 0)::int) s from papers
                            where published_on is not null group by year(published_on))
            select count(*), min(published_on)::varchar, max(published_on)::varchar,
                   count(author_count),
                   (select count(distinct a) from (select unnest(authors) a from papers)),
                   median(author_count), count(distinct organization), sum(upvotes),
                   avg((coalesce(len(keywords), 0) > 0)::int),
                   (select min(s) from yearly), (select max(s) from yearly)
            from papers""")[0]),
        # an unknown team size is in no bucket (DuckDB's least() skips a null: it would be 21)
        "author_counts": lambda: [r[1] for r in rows(
            "select least(author_count, 21), count(*) from papers where author_count is not null"
            " group by 1 order by 1")],
        "papers_per_month": lambda: [(str(r[0])[:7], r[1], r[2], _rounded(r[3]))
                                     for r in rows("""
            select date_trunc('month', published_on), count(*), coalesce(sum(upvotes), 0),
                   median(upvotes)
            from papers group by 1 order by 1""")],
        "team_size_over_time": lambda: [(str(r[0])[:7], round(r[1], 9), round(r[2], 9))
                                        for r in rows("""
            select date_trunc('month', published_on), median(author_count),
                   quantile_cont(author_count, 0.25) from papers group by 1 order by 1""")],
        "top_organizations": lambda: [[tuple(r) for r in rows("""
            with pairs as (select organization, organization_name, count(*) n from papers
                           where organization is not null group by 1, 2),
                 top as (select organization, sum(n) papers,
                                coalesce(first(organization_name order by n desc,
                                               organization_name)
                                         filter (where organization_name is not null),
                                         organization) shown
                         from pairs group by 1 order by papers desc, 1 limit 15)
            select organization, shown, papers from top
            union all select 'other', 'other', (select count(organization) from papers)
                                               - (select sum(papers) from top)
            union all select '(no organization)', '(no organization)',
                             count(*) - count(organization) from papers""")],
            [str(d) for d in rows("""
            with days as (select published_on d, row_number() over (order by published_on) - 1 i,
                                 count(*) over () n
                          from papers where organization is not null and published_on is not null)
            select (select d from days where i = round((n - 1) * 0.1)), max(d) from days""")[0]]],
        "top_authors": lambda: [tuple(r) for r in rows("""
            select a, count(distinct paper_id) n from
              (select paper_id, unnest(authors) a from papers) group by 1
            order by n desc, a limit 20""")],
        "keyword_frequencies": lambda: [tuple(r) for r in rows(f"""
            select keyword, count(*) n from {pairs} group by 1 order by n desc, 1 limit 30""")],
        "rising_keywords": rising,
        "upvotes_by_team_size": lambda: [round(r[1], 9) for r in rows("""
            select case when author_count <= 1 then 0 when author_count <= 2 then 1
                        when author_count <= 4 then 2 when author_count <= 8 then 3
                        when author_count <= 16 then 4 when author_count <= 32 then 5
                        when author_count <= 100 then 6 else 7 end b, median(upvotes)
            from papers where author_count is not null group by 1 order by 1""")],
        "panel_authors": lambda: panel("authors"),
        "panel_organizations": lambda: panel("organizations"),
        "panel_keywords": lambda: panel("keywords"),
    }


def our_steps(frame: dp.Prepared, window) -> dict[str, Callable]:
    before, after = window

    def overview():
        row = dp.compute_overview(frame).row(0, named=True)
        return [row["papers"], str(row["first_published"]), str(row["last_published"]),
                row["papers_with_authors"], row["distinct_authors"], row["median_team_size"],
                row["organizations"], row["total_upvotes"], row["share_with_keywords"],
                row["keywords_lowest_year"], row["keywords_highest_year"]]

    def panel(notebook: str):
        cut = frame.frame["published_on"].cast(pl.Int32).quantile(0.5, "linear")
        filters = dp.Filters(since=date(1970, 1, 1) + timedelta(days=math.ceil(cut)),
                             min_upvotes=2)
        kept = filters.apply(frame)
        out = [kept.height]
        if notebook == "authors":
            counts = dp.compute_author_counts(kept, 20)
            out.append([c for c in counts["papers"].to_list() if c])
            out.append(dp.compute_top_authors(kept, 15).select("author", "papers").rows())
        if notebook == "organizations":
            top = dp.compute_top_organizations(kept, 15).filter(pl.col("kind") == "top")
            out.append(top.select("organization", "papers").rows())
            monthly = dp.compute_papers_over_time(kept, "1mo")
            out.append([n for n in monthly["papers"].to_list() if n])
        if notebook == "keywords":
            table = dp.compute_keyword_frequencies(kept, 25)
            out.append(list(zip(table["keyword"], table["papers"], strict=True)))
        return out

    def per_month():
        table = dp.compute_papers_over_time(frame, "1mo", observations="all").filter(
            pl.col("papers") > 0)
        return [(f"{p:%Y-%m}", n, u, _rounded(m)) for p, n, u, m
                in table.select("period", "papers", "upvotes", "median_upvotes").iter_rows()]

    def team():
        # every month's median, as SQL gives it (the chart leaves months of < 10 papers out)
        table = dp.compute_team_size_over_time(frame, "1mo", min_papers=1).filter(
            pl.col("papers") > 0)
        return [(f"{r[0]:%Y-%m}", round(r[3], 9), round(r[2], 9)) for r in table.iter_rows()]

    def orgs():
        table = dp.compute_top_organizations(frame, 15)
        return [table.select("organization", "organization_name", "papers").rows(),
                [str(table["named_from"][0]), str(table["named_to"][0])]]

    def rising():
        table = dp.compute_rising_keywords(frame, before, after, n=15)
        up = table.filter(pl.col("direction") == "rising")
        return [(k, round(z, 9)) for k, z in zip(up["keyword"], up["z"], strict=True)]

    return {
        "overview": overview,
        "author_counts": lambda: [c for c in dp.compute_author_counts(frame, 20)["papers"]
                                  .to_list() if c],
        "papers_per_month": per_month,
        "team_size_over_time": team,
        "top_organizations": orgs,
        "top_authors": lambda: dp.compute_top_authors(frame, 20).select("author", "papers")
        .rows(),
        "keyword_frequencies": lambda: dp.compute_keyword_frequencies(frame, 30).select(
            "keyword", "papers").rows(),
        "rising_keywords": rising,
        # every observation, as the references count them (the default is settled ones)
        "upvotes_by_team_size": lambda: [round(m, 9) for m in dp.compute_upvotes_by_team_size(
            frame, "all", min_papers=1).filter(pl.col("papers") > 0)["median"]],
        "panel_authors": lambda: panel("authors"),
        "panel_organizations": lambda: panel("organizations"),
        "panel_keywords": lambda: panel("keywords"),
    }


TOKEN = re.compile(TOKEN_PATTERN)


def pandas_text_terms(df: pd.DataFrame, n: int = 30) -> list[tuple[str, int]]:
    """Title + abstract keyphrases the way a notebook user writes it: candidates counted
    with sets (same tokens, stop list, pairs and normalisation as ours), then sifted by the
    same keyphrase rules (dailypapers.keywords.keyphrases), so the answers can agree."""
    per_paper = []
    spelled: Counter[str] = Counter()
    for title, abstract in zip(df["title"].fillna(""), df["abstract"].fillna(""), strict=True):
        text = f"{title} . {abstract}".lower()
        found = list(TOKEN.finditer(text))
        tokens = [m.group() for m in found]
        keep = [t not in STOP_WORDS and len(t) > 1 for t in tokens]
        spellings = [t for t, k in zip(tokens, keep, strict=True) if k]
        # a pair: two kept tokens with only white space between them (a line break is a
        # space; another character, punctuation or a bracket, ends a pair)
        spellings += [f"{a.group()} {b.group()}" for a, b, ka, kb in zip(
            found, found[1:], keep, keep[1:], strict=False)
            if ka and kb and _white(text[a.end():b.start()])]
        per_paper.append(set(spellings))
        spelled.update(spellings)
    vocab = sorted(set().union(*per_paper)) if per_paper else []
    normal = dict(zip(vocab, normalize(vocab), strict=True))
    # a pair written after a generic word alone ("strong baselines"; a hyphenated first
    # token is a compound) is "led": the keyphrase rules tell the two apart
    generic = shipped_generic_words()
    first_words = sorted({t.split(" ")[0] for t in vocab if " " in t})
    leading = {word for word, key in zip(first_words, normalize(first_words), strict=True)
               if "-" not in word and key in generic}
    pairs = pl.DataFrame([(row, normal[t], " " in t and t.split(" ")[0] in leading)
                          for row, terms in enumerate(per_paper) for t in terms if normal[t]],
                         schema={"_row": pl.UInt32, "keyword": pl.String, "led": pl.Boolean},
                         orient="row").unique()
    spellings_frame = pl.DataFrame(
        [(normal[t], t, c) for (t, c) in spelled.items() if normal[t]],
        schema={"keyword": pl.String, "spelling": pl.String, "n": pl.Int64}, orient="row")
    kept, _ = keyphrase_pairs(pairs, spellings_frame, shipped_abbreviations("text"))
    counts = Counter(kept["keyword"].to_list())
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _rounded(value: float | None) -> float | None:
    """A median to compare: rounded, and None for an empty group (NaN in pandas)."""
    return None if value is None or value != value else round(float(value), 9)


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    return value


def _white(gap: str) -> bool:
    """Whether ``gap`` between two tokens joins them into a pair: white space only."""
    return gap != "" and re.fullmatch(f"(?: |{WHITE_SPACE})+", gap) is not None
