"""compute_*: expected tables on small hand-built frames, and an independent reference
(DuckDB SQL, plain Python) on a generated corpus of 10k papers."""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, date, datetime

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dailypapers as dp
from dailypapers import conform
from dailypapers.keywords.normalise import log_odds_dirichlet, normalize


def papers(**columns) -> pl.DataFrame:
    n = len(next(iter(columns.values())))
    columns.setdefault("paper_id", [f"p{i}" for i in range(n)])
    return conform(pl.DataFrame(columns, strict=False))


EMPTY = conform(pl.DataFrame({"paper_id": []}, schema={"paper_id": pl.String}))
D = date


# -- overview -----------------------------------------------------------------------------------

def test_overview_counts():
    frame = papers(author_count=[3, None, 9], authors=[["A", "B", "C"], None, ["A"] * 9],
                   organization=["meta", None, "meta"], keywords=[["x"], None, []],
                   published_on=[D(2025, 1, 3), D(2024, 5, 1), None], upvotes=[1, None, 4])
    row = dp.compute_overview(frame).row(0, named=True)
    assert row == {"papers": 3, "first_published": D(2024, 5, 1),
                   "last_published": D(2025, 1, 3), "papers_with_authors": 2,
                   "distinct_authors": 3, "median_team_size": 6.0, "organizations": 1,
                   "share_with_keywords": pytest.approx(1 / 3), "total_upvotes": 5,
                   # 2024: no paper with keywords; 2025: the one paper has them
                   "keywords_lowest_year": 0.0, "keywords_highest_year": 1.0}


def test_overview_of_nothing():
    row = dp.compute_overview(EMPTY).row(0, named=True)
    assert row["papers"] == 0 and row["first_published"] is None and row["total_upvotes"] == 0


@pytest.mark.parametrize("kind", ["polars", "lazy", "pandas"])
def test_every_compute_accepts_polars_lazy_and_pandas(kind):
    frame = dp.generate_corpus(300, seed=3)
    given = {"polars": frame, "lazy": frame.lazy(), "pandas": frame.to_pandas()}[kind]
    assert dp.compute_overview(given).equals(dp.compute_overview(frame))
    assert dp.compute_author_counts(given).equals(dp.compute_author_counts(frame))
    assert dp.compute_top_organizations(given).equals(dp.compute_top_organizations(frame))


# -- author counts: the edge buckets (litstudy's ">N" never matched) ---------------------------

@pytest.mark.parametrize(
    ("counts", "max_authors", "expected"),
    [
        ([1, 2, 2, 5, 40, None], 3, [("1", 1), ("2", 2), ("3", 0), (">3", 2)]),
        ([3, 4, 4000], 3, [("1", 0), ("2", 0), ("3", 1), (">3", 2)]),
        ([20, 21, 22], 20, None),  # checked below: exactly 20 is not ">20"
        ([], 2, [("1", 0), ("2", 0), (">2", 0)]),
        ([None, None], 2, [("1", 0), ("2", 0), (">2", 0)]),
    ],
)
def test_author_counts_buckets(counts, max_authors, expected):
    table = dp.compute_author_counts(papers(author_count=counts or [None])
                                     if counts else EMPTY, max_authors)
    if expected is None:
        assert table.filter(pl.col("authors") == "20")["papers"].item() == 1
        assert table.filter(pl.col("authors") == ">20")["papers"].item() == 2
    else:
        assert table.select("authors", "papers").rows() == expected


def test_author_counts_share_sums_to_one():
    table = dp.compute_author_counts(dp.generate_corpus(2000, seed=1), 10)
    assert table["share"].sum() == pytest.approx(1.0)
    assert table["papers"].sum() == 2000


# -- time ----------------------------------------------------------------------------------------

def test_papers_over_time_fills_empty_periods_with_zero():
    frame = papers(published_on=[D(2025, 1, 1), D(2025, 1, 1), D(2025, 1, 4)],
                   upvotes=[2, 4, None])
    table = dp.compute_papers_over_time(frame, "1d", observations="all").select(
        "period", "papers", "upvotes", "median_upvotes")
    assert table.rows() == [(D(2025, 1, 1), 2, 6, 3.0), (D(2025, 1, 2), 0, 0, None),
                            (D(2025, 1, 3), 0, 0, None), (D(2025, 1, 4), 1, 0, None)]


@pytest.mark.parametrize(
    ("every", "periods"),
    [("1w", [D(2024, 12, 30), D(2025, 1, 6)]),  # weeks start on Monday
     ("1mo", [D(2025, 1, 1)]), ("1y", [D(2025, 1, 1)])],
)
def test_papers_over_time_periods(every, periods):
    frame = papers(published_on=[D(2025, 1, 1), D(2025, 1, 7)])
    assert dp.compute_papers_over_time(frame, every)["period"].to_list() == periods


def test_papers_over_time_by_daily_day_skips_unknown_days():
    frame = papers(published_on=[D(2025, 1, 1), D(2025, 1, 2)], daily_on=[D(2025, 1, 3), None])
    table = dp.compute_papers_over_time(frame, "1d", date="daily_on")
    assert table.select("period", "papers").rows() == [(D(2025, 1, 3), 1)]


def test_papers_over_time_of_nothing_is_empty_with_columns():
    table = dp.compute_papers_over_time(EMPTY, "1mo")
    assert table.is_empty() and table.columns == [
        "period", "papers", "upvotes", "median_upvotes", "voted_papers", "first_day",
        "last_day", "partial"]


def test_team_size_over_time_quartiles():
    frame = papers(author_count=[1, 2, 3, 4, 100, None],
                   published_on=[D(2025, 1, d) for d in (1, 2, 3, 4)] + [D(2025, 3, 1)] * 2)
    table = dp.compute_team_size_over_time(frame, "1mo", min_papers=1).select(
        "period", "papers", "q1", "median", "q3", "mean")
    assert table.rows() == [(D(2025, 1, 1), 4, 1.75, 2.5, 3.25, 2.5),
                            (D(2025, 2, 1), 0, None, None, None, None),
                            (D(2025, 3, 1), 1, 100.0, 100.0, 100.0, 100.0)]
    # by default a period needs 10 papers: one paper's team is no month's median
    default = dp.compute_team_size_over_time(frame, "1mo")
    assert default["papers"].to_list() == [4, 0, 1]
    assert default.select("q1", "median", "q3", "mean").null_count().row(0) == (3, 3, 3, 3)
    assert dp.compute_team_size_over_time(dp.prepare(frame), "1mo").equals(default)


def test_the_team_size_chart_breaks_where_a_period_has_too_few_papers():
    frame = papers(author_count=[3] * 12 + [40] + [5] * 12,
                   published_on=[D(2025, 1, 2)] * 12 + [D(2025, 2, 2)] + [D(2025, 4, 2)] * 12)
    chart = dp.chart_team_size_over_time(dp.compute_team_size_over_time(frame, "1mo")).to_dict()
    assert ("Gaps: 1 period(s) with too few papers for a median (at most 1)"
            in chart["title"]["subtitle"])
    rows = next(iter(chart["datasets"].values()))
    # January and April drawn, as two pieces of line: February (1 paper) and March (none)
    # break it rather than being joined over
    assert [(r["median"], r["segment"]) for r in rows] == [(3.0, 0), (5.0, 2)]


# -- authors ------------------------------------------------------------------------------------

def test_top_authors_ties_by_name_and_ignores_unnamed_papers():
    frame = papers(authors=[["Bo", "Ada"], ["Ada", "Cy"], ["Cy", "Bo"], None, ["Ada", "Ada"]],
                   author_count=[2, 2, 2, 7, 2], upvotes=[1, 2, 3, 4, 5],
                   published_on=[D(2025, 1, 1)] * 5)
    table = dp.compute_top_authors(frame, n=2)
    assert table.select("author", "papers", "upvotes").rows() == [("Ada", 3, 8), ("Bo", 2, 4)]


def test_top_authors_over_time():
    frame = papers(authors=[["Ada"], ["Ada"], ["Bo"]],
                   published_on=[D(2024, 5, 1), D(2025, 1, 1), D(2025, 2, 1)])
    table = dp.compute_top_authors_over_time(frame, n=1, every="1y")
    assert table.select("author", "period", "papers").rows() == [
        ("Ada", D(2024, 1, 1), 1), ("Ada", D(2025, 1, 1), 1)]


# -- organizations ------------------------------------------------------------------------------

def test_top_organizations_other_and_none_are_separate_and_sum_to_one():
    frame = papers(organization=["a", "a", "b", "c", None, None],
                   organization_name=["A", "A", "B", "C", None, None])
    table = dp.compute_top_organizations(frame, n=1)
    assert table.select("organization", "organization_name", "papers", "kind").rows() == [
        ("a", "A", 2, "top"), ("other", "other", 2, "other"),
        ("(no organization)", "(no organization)", 2, "none")]
    assert table["share"].sum() == pytest.approx(1.0)


def test_organization_share_sums_to_one_among_papers_naming_one():
    frame = dp.generate_corpus(3000, seed=2)
    table = dp.compute_organization_share(frame, "1mo", n=5)
    sums = table.group_by("period").agg(pl.col("share").sum())["share"]
    assert sums.to_list() == pytest.approx([1.0] * sums.len())
    assert "other" in set(table["organization"])
    assert "(no organization)" not in set(table["organization"])  # not a group of its own
    assert table["organization"].n_unique() <= 6


def test_organization_share_marks_periods_that_do_not_record_organizations():
    """Organizations named from 2025 on: 2024 is "not recorded" (1 of 10 papers names one,
    under MIN_RECORDED), never a 100 % bar of "no organization"; 2023 names none at all."""
    days = [date(2023, 6, 1)] * 4 + [date(2024, 6, 1)] * 10 + [date(2025, 6, 1)] * 4
    orgs = [None] * 4 + ["meta"] + [None] * 9 + ["meta", "meta", "google", None]
    table = dp.compute_organization_share(pl.DataFrame({"published_on": days,
                                                        "organization": orgs}), "1y", n=1)
    by_year = {row["period"].year: row for row in table.iter_rows(named=True)
               if row["organization"] in (None, "meta")}
    assert by_year[2023]["organization"] is None and not by_year[2023]["recorded"]
    assert (by_year[2024]["named"], by_year[2024]["period_papers"]) == (1, 10)
    assert not by_year[2024]["recorded"] and dp.compute.MIN_RECORDED > 0.1
    assert by_year[2025]["recorded"] and by_year[2025]["share"] == pytest.approx(2 / 3)


# -- keywords -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("spelling", "normal"),
    [("LLMs", "llm"), ("LLM", "llm"), ("Large Language Models", "large language model"),
     ("fine-tuning", "fine tuning"), ("Fine Tuning", "fine tuning"), ("bias", "bias"),
     ("analyses", "analysis"), ("policies", "policy"), ("diffusion", "diffusion"),
     ("Transformers", "transformer"), ("physics", "physics"), ("GPUs", "gpus"),
     ("vision-language models", "vision language model"), ("mixture_of_experts",
                                                           "mixture of expert"),
     ("Models ;", "model"), ("agents.", "agent")],
)
def test_keyword_normalisation_table(spelling, normal):
    assert normalize([spelling]) == [normal]


SPELLINGS = st.lists(st.lists(st.sampled_from([
    "Models", "analyses", "LLMs", "policies", "boxes", "bias", "GPUs", "fine-tuning", "data",
    "classes", "ies", "a", "x.", ";", "-", "  ", "\t", "Über", "one's", "series", "(LLMs)",
    "mixture_of_experts", "status", "indices", "is"]), max_size=5).map(" ".join),
    max_size=30)


@settings(max_examples=80, deadline=None)
@given(spellings=SPELLINGS)
def test_a_spelling_normalises_alike_in_any_batch_and_once_is_enough(spellings):
    """The rule (the table above) is worked out once per distinct last word of a batch:
    whatever else is in the batch, each spelling gets what it gets alone, and a normal form
    is its own normal form."""
    together = normalize(spellings)
    assert together == [normalize([one])[0] for one in spellings]
    assert normalize(together) == together


def test_keyword_frequencies_count_papers_not_occurrences():
    frame = papers(keywords=[["VLMs", "VLM", "vlm"], ["VLM"], ["agents"]])
    table = dp.compute_keyword_frequencies(frame, source="keywords")
    assert table.select("keyword", "label", "papers").rows() == [
        ("vision language model", "vision-language models (VLMs)", 2), ("agent", "agents", 1)]


@pytest.mark.parametrize(("keywords", "expected"), [
    # the field's abbreviations (shipped): "RL" is reinforcement learning in any table, and
    # a definition names its long form however it is written
    ([["RL"], ["reinforcement learning"], ["Reinforcement Learning (RL)"]],
     [("reinforcement learning", "reinforcement learning (RL)", 3)]),
    ([["Large Language Models (LLM)"], ["LLMs"]],
     [("large language model", "large language models (LLMs)", 2)]),
    # an abbreviation the field does not share stays apart, however these papers define it;
    # its definition counts as its long form
    ([["diffusion models (DMs)"], ["DMs"], ["DMs"]],
     [("dms", "DMs", 2), ("diffusion model", "diffusion models (DMs)", 1)]),
    # so does an abbreviation in brackets anywhere next to what it abbreviates
    ([["Test-Time Scaling (TTS)"], ["test-time scaling"], ["test-time scaling", "TTS"]],
     [("test time scaling", "test-time scaling", 3), ("tts", "TTS", 1)]),
    ([["Kullback-Leibler (KL) divergence"], ["KL divergence", "Kullback-Leibler divergence"]],
     [("kullback leibler divergence", "Kullback-Leibler (KL) divergence", 2),
      ("kl divergence", "KL divergence", 1)]),
])
def test_abbreviations_merge_by_the_fields_table(keywords, expected):
    frame = papers(keywords=keywords)
    for table_or_prepared in (frame, dp.prepare(frame)):
        table = dp.compute_keyword_frequencies(table_or_prepared, source="keywords",
                                               omit_carried_by_all=False)
        assert table.select("keyword", "label", "papers").rows() == expected


@pytest.mark.parametrize(("keywords", "rows", "left_out"), [
    # every paper with keywords carries LLMs (as after a keyword filter): its bar would say
    # 100 %; the paper without keywords does not count
    ([["GPT-4", "agents"], ["GPT-4"], ["GPT-4", "robots"], None], [("agents", 1), ("robots", 1)],
     ["GPT-4"]),
    ([["GPT-4", "robots"], ["GPT-4", "robots"], ["GPT-4", "robots", "x"]], [("x", 1)],
     ["GPT-4", "robots"]),
    # not every paper: kept
    ([["GPT-4"], ["GPT-4"], ["robots"]], [("GPT-4", 2), ("robots", 1)], []),
    # every keyword is in every paper: nothing else to show, so all are kept
    ([["GPT-4", "robots"], ["GPT-4", "robots"]], [("GPT-4", 2), ("robots", 2)], []),
    ([["GPT-4"]], [("GPT-4", 1)], []),
])
def test_a_keyword_every_paper_carries_is_left_out_and_named(keywords, rows, left_out):
    frame = papers(keywords=keywords)
    for table in (dp.compute_keyword_frequencies(frame, source="keywords"),
                  dp.compute_keyword_frequencies(dp.prepare(frame), source="keywords")):
        assert table.select("label", "papers").rows() == rows
        assert table["carried_by_all"][0].to_list() == left_out
    kept = dp.compute_keyword_frequencies(frame, source="keywords", omit_carried_by_all=False)
    assert set(kept["label"]) == {label for label, _ in rows} | set(left_out)


def test_a_trend_leaves_out_what_every_paper_carries_unless_asked_for_it():
    frame = papers(keywords=[["gpt", "robot"], ["gpt"], ["gpt", "x"]],
                   published_on=[D(2025, 1, 5), D(2025, 2, 1), D(2025, 2, 2)])
    for table in (dp.compute_keyword_trends(frame, every="1mo", source="keywords"),
                  dp.compute_keyword_trends(dp.prepare(frame), every="1mo", source="keywords")):
        assert set(table["keyword"]) == {"robot", "x"}
        assert table["carried_by_all"][0].to_list() == ["gpt"]
    asked = dp.compute_keyword_trends(frame, ["GPT"], "1mo", source="keywords")
    assert set(asked["keyword"]) == {"gpt"} and asked["carried_by_all"][0].to_list() == []


def test_trend_topics_leave_out_what_every_dated_paper_carries():
    frame = papers(keywords=[["gpt", "robot"], ["gpt", "robot"], ["gpt", "x"], ["robot"]],
                   published_on=[D(2025, 1, 5), D(2025, 2, 1), D(2025, 3, 2), None])
    for table in (dp.compute_trend_topics(frame, min_papers=1, source="keywords"),
                  dp.compute_trend_topics(dp.prepare(frame), min_papers=1, source="keywords")):
        assert set(table["keyword"]) == {"robot", "x"}  # the undated paper does not count
        assert table["carried_by_all"][0].to_list() == ["gpt"]


def test_keyword_frequencies_from_text_are_keyphrases():
    """Terms of two words or more, never across a stop word; single and generic words are
    no keyphrases (dailypapers.keywords.keyphrases, tests/test_keyphrases.py has the rules)."""
    frame = papers(title=["Diffusion Models for video generation", "Diffusion Models"],
                   abstract=["We propose a novel approach for large language models.",
                             "State of the art diffusion models."])
    # both papers have diffusion models: kept here, where the keyphrases are the question
    table = dp.compute_keyword_frequencies(frame, n=50, source="text",
                                           omit_carried_by_all=False)
    assert table.select("keyword", "label", "papers").rows() == [
        ("diffusion model", "diffusion models", 2),
        # the paper holds both word pairs of a long form the field abbreviates (LLMs)
        ("large language model", "large language models (LLMs)", 1),
        ("video generation", "video generation", 1)]


def test_auto_counts_one_vocabulary_for_all_papers_never_a_mix():
    """Half the papers carry Hub keywords: auto counts Hub keywords (of those papers) and
    says so; the other paper's title words are not counted beside them."""
    frame = papers(keywords=[["agents"], None], title=["A", "Reasoning agents everywhere"],
                   abstract=["", "Agents."])
    table = dp.compute_keyword_frequencies(frame, source="auto")
    assert table.select("keyword", "papers", "vocabulary", "covered_papers",
                        "all_papers").rows() == [("agent", 1, "keywords", 1, 2)]
    words = dp.compute_keyword_frequencies(frame, source="text")
    assert dict(words.select("keyword", "papers").rows())["reasoning agent"] == 1
    assert words["vocabulary"][0] == "text" and words["covered_papers"][0] == 2


@pytest.mark.parametrize(("shares", "expected"), [
    ([0.9, 0.8], "keywords"),
    ([0.9, 0.1], "text"),  # one window of 30 papers barely annotated: text for all
    ([0.9, None], "keywords"),  # a window of 5 papers has no say
])
def test_auto_chooses_by_the_least_covered_window(shares, expected):
    flags, windows = [], []
    for window, share in enumerate(shares):
        size = 30 if share is not None else 5
        carried = round(size * (share or 0.0))
        flags += [["k"]] * carried + [None] * (size - carried)
        windows += [window] * size
    frame = pl.DataFrame({"keywords": flags})
    assert dp.compute.choose_vocabulary(frame, "auto", np.array(windows)) == expected


def test_keyword_frequencies_of_nothing():
    assert dp.compute_keyword_frequencies(EMPTY).is_empty()


def test_keyword_trends_share_among_papers_with_the_vocabulary():
    """A zero where the vocabulary is recorded and the keyword is not; a gap (null) where
    no paper carries the vocabulary (April: two papers without Hub keywords) or none exist."""
    frame = papers(keywords=[["rl"], ["rl", "llm"], ["llm"], ["x"], None, []],
                   published_on=[D(2025, 1, 5), D(2025, 1, 9), D(2025, 3, 1), D(2025, 3, 2),
                                 D(2025, 4, 1), D(2025, 4, 2)])
    table = dp.compute_keyword_trends(frame, ["RL"], "1mo", source="keywords", min_papers=1)
    rl = "reinforcement learning"  # "RL", typed or written: the field's abbreviation
    assert table.select("period", "keyword", "papers", "period_papers", "share").rows() == [
        (D(2025, 1, 1), rl, 2, 2, 1.0), (D(2025, 2, 1), rl, 0, 0, None),
        (D(2025, 3, 1), rl, 0, 2, 0.0), (D(2025, 4, 1), rl, 0, 0, None)]
    assert dp.compute_keyword_trends(dp.prepare(frame), ["RL"], "1mo", source="keywords",
                                     min_papers=1).drop("label").equals(table.drop("label"))


@pytest.mark.parametrize(("typed", "keyword"), [
    ("RL", "reinforcement learning"),
    ("Reinforcement Learning (RL)", "reinforcement learning"),
    ("LLMs", "large language model"),
    ("Large Language Models (LLM)", "large language model"),
    # a definition in a spelling the field's table never saw counts as in a paper's keywords
    ("Large Language Model (LLMs)", "large language model"),
    ("robots", "robot"),
])
def test_a_typed_trend_keyword_counts_as_the_same_keyword_in_a_paper(typed, keyword):
    frame = papers(keywords=[["Large Language Model (LLMs)", "rl"], ["LLMs", "robot"]],
                   published_on=[D(2025, 1, 5), D(2025, 1, 9)])
    for table_or_prepared in (frame, dp.prepare(frame)):
        table = dp.compute_keyword_trends(table_or_prepared, [typed], "1mo",
                                          source="keywords", min_papers=1)
        expected = {"large language model": 2}.get(keyword, 1)
        assert table.select("keyword", "papers").rows() == [(keyword, expected)]


@pytest.mark.parametrize(("min_papers", "shares"), [
    (1, [1.0, 0.5, 0.25]),
    (2, [None, 0.5, 0.25]),  # one paper of one: no share, not 100 %
    (4, [None, None, 0.25]),
    (5, [None, None, None]),
])
def test_a_period_with_too_few_papers_is_a_gap_not_a_spike(min_papers, shares):
    frame = papers(keywords=[["rl"], ["rl"], ["x"], ["rl"], ["x"], ["x"], ["x"]],
                   published_on=[D(2025, 1, 5), D(2025, 2, 1), D(2025, 2, 2), D(2025, 3, 1),
                                 D(2025, 3, 2), D(2025, 3, 3), D(2025, 3, 4)])
    for table_or_prepared in (frame, dp.prepare(frame)):
        table = dp.compute_keyword_trends(table_or_prepared, ["RL"], "1mo", source="keywords",
                                          min_papers=min_papers)
        assert table["share"].to_list() == shares
        assert table["papers"].to_list() == [1, 1, 1]  # still counted
        assert table["period_papers"].to_list() == [1, 2, 4]


def test_the_trend_chart_says_why_its_lines_break():
    frame = papers(keywords=[["rl"], None] + [["rl"], ["x"]] * 6,
                   published_on=[D(2025, 1, 5), D(2025, 2, 1)] + [D(2025, 3, 1)] * 12)
    chart = dp.chart_keyword_trends(dp.compute_keyword_trends(frame, ["RL"], "1mo",
                                                              source="keywords"))
    assert ("Gaps: 1 period(s) without papers carrying this vocabulary, 1 with too few of "
            "them for a share (at most 1)") in chart.to_dict()["title"]["subtitle"]


def test_trend_topics_median_and_quartile_dates():
    days = [D(2025, 1, d) for d in (1, 2, 3, 4, 5)]
    frame = papers(keywords=[["rl"]] * 5, published_on=days)
    table = dp.compute_trend_topics(frame, min_papers=5, source="keywords")
    assert table.select("keyword", "papers", "q1_date", "median_date", "q3_date").rows() == [
        ("reinforcement learning", 5, D(2025, 1, 2), D(2025, 1, 3), D(2025, 1, 4))]


def log_odds_reference(a: dict[str, int], b: dict[str, int], scale: float) -> dict[str, float]:
    """Monroe, Colaresi & Quinn (2008), eq. 16 and 20, written out in plain Python."""
    n_a, n_b = sum(a.values()), sum(b.values())
    alpha_0 = scale * (n_a + n_b)
    out = {}
    for w in a.keys() | b.keys():
        y_a, y_b = a.get(w, 0), b.get(w, 0)
        alpha = scale * (y_a + y_b)
        delta = (math.log((y_a + alpha) / (n_a + alpha_0 - y_a - alpha))
                 - math.log((y_b + alpha) / (n_b + alpha_0 - y_b - alpha)))
        out[w] = delta / math.sqrt(1 / (y_a + alpha) + 1 / (y_b + alpha))
    return out


def test_log_odds_matches_the_formula():
    a, b = {"x": 30, "y": 5, "z": 0, "w": 12}, {"x": 5, "y": 30, "z": 4, "w": 12}
    table = log_odds_dirichlet(pl.DataFrame({"term": list(a), "a": list(a.values()),
                                             "b": [b[t] for t in a]}))
    expected = log_odds_reference(a, b, 0.1)
    assert dict(zip(table["term"], table["z"], strict=True)) == pytest.approx(expected)


def test_rising_keywords_rising_and_falling():
    before = [["gpt 4"]] * 8 + [["agents"]] * 2 + [["other"]] * 5
    after = [["agents"]] * 9 + [["gpt 4"]] * 1 + [["other"]] * 5
    frame = papers(keywords=before + after,
                   published_on=[D(2024, 1, 1)] * len(before) + [D(2025, 1, 1)] * len(after))
    table = dp.compute_rising_keywords(frame, (D(2024, 1, 1), D(2024, 12, 31)),
                                       (D(2025, 1, 1), D(2025, 12, 31)), n=1, source="keywords")
    assert table.select("keyword", "papers_before", "papers_after", "direction").rows() == [
        ("agent", 2, 9, "rising"), ("gpt 4", 8, 1, "falling")]


def test_rising_keywords_of_nothing():
    assert dp.compute_rising_keywords(EMPTY).is_empty()


# -- upvotes ------------------------------------------------------------------------------------

def test_upvotes_by_team_size_buckets_and_order():
    frame = papers(author_count=[1, 1, 3, 4, 150, None, 2], upvotes=[2, 4, 5, 7, 50, 9, None])
    table = dp.compute_upvotes_by_team_size(frame, "all")
    assert table["team_size"].to_list() == [label for label, _, _ in dp.compute.TEAM_SIZES]
    got = {r[0]: r[1:3] for r in table.select("team_size", "papers", "median").rows()}
    assert got["1"] == (2, 3.0) and got["3–4"] == (2, 6.0) and got[">100"] == (1, 50.0)
    assert got["2"] == (0, None)


def test_upvotes_by_organization_min_papers():
    frame = papers(organization=["a"] * 3 + ["b"] * 2, upvotes=[1, 2, 3, 10, 20])
    table = dp.compute_upvotes_by_organization(frame, min_papers=3, observations="all")
    assert table.select("organization", "papers", "median", "total").rows() == [("a", 3, 2.0, 6)]


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
    ours = dp.compute_upvotes_by_team_size(corpus).filter(pl.col("papers") > 0)
    assert ours["median"].to_list() == medians


# -- prepared papers are a value ------------------------------------------------------

@pytest.fixture(scope="module")
def mixed() -> pl.DataFrame:
    """A corpus where a third of the papers have no keywords (text terms stand in)."""
    frame = dp.generate_corpus(4000, seed=21)
    return frame.with_columns(keywords=pl.when(pl.int_range(pl.len()) % 3 == 0)
                              .then(None).otherwise("keywords"))


def test_prepared_is_a_value_not_a_memory(mixed):
    """Two preparations of equal papers answer alike, whatever was asked before; the frame
    a Prepared holds is a plain frame (no code columns) and a plain frame is never
    taken for prepared."""
    first = dp.prepare(mixed)
    dp.compute_keyword_frequencies(first.restrict(np.ones(first.height, dtype=bool)), 5)
    second = dp.prepare(mixed)
    assert dp.compute_top_authors(first, 9).equals(dp.compute_top_authors(second, 9))
    assert not any(dtype == pl.List for dtype in first.frame.schema.dtypes())
    assert dp.prepare(first) is first
    # a table's vocabularies are made when a question first asks for one
    assert first.vocabularies == ["keywords"] and second.vocabularies == []
    with pytest.raises(ValueError, match="a mask of 3 rows for 4,000 papers"):
        first.restrict(np.ones(3, dtype=bool))


# -- restricted prepared papers answer like the filtered table -----------------------------------

RESTRICTED_CASES = [
    ("compute_overview", {}), ("compute_author_counts", {}), ("compute_top_authors", {}),
    ("compute_top_authors_over_time", {"every": "1mo"}), ("compute_top_organizations", {}),
    ("compute_organization_share", {"every": "1mo"}), ("compute_upvotes_by_organization", {}),
    ("compute_upvotes_by_team_size", {}), ("compute_papers_over_time", {"every": "1w"}),
    ("compute_team_size_over_time", {"every": "1q"}), ("compute_keyword_frequencies", {}),
    ("compute_keyword_frequencies", {"source": "text"}),
    ("compute_keyword_trends", {"every": "1mo"}),
    ("compute_keyword_trends", {"every": "1q", "source": "keywords"}),
    ("compute_trend_topics", {}), ("compute_trend_topics", {"source": "text"}),
    ("compute_rising_keywords", {}),
    # windows with a gap between them: the second is counted, not the rest of the papers
    ("compute_rising_keywords", {"before": (date(2023, 5, 1), date(2023, 6, 15)),
                                 "after": (date(2023, 8, 1), date(2023, 10, 31))}),
    # read off the table's coded lists: keyword spellings, authors written out per row
    ("compute_abbreviations", {}), ("compute_paper_list", {"n": 40}),
    ("compute_paper_list", {"n": 40, "order": "stars"}),
]


@pytest.fixture(scope="module")
def corpus_and_prepared():
    corpus = dp.generate_corpus(3_000, seed=2)
    return corpus, dp.prepare(corpus)


def without_labels(table: pl.DataFrame) -> pl.DataFrame:
    """A keyword's label is its most frequent spelling in the whole prepared table (a name
    that stays while the rows change), in a plain frame that of the frame's rows."""
    return table.drop("label", strict=False)


@pytest.mark.parametrize("threshold", [1, 10])  # keeps 75 % / 21 % of the papers
@pytest.mark.parametrize(("name", "options"), RESTRICTED_CASES)
def test_restricted_papers_give_the_tables_of_the_filtered_table(corpus_and_prepared, name,
                                                                options, threshold):
    """Restricted prepared papers copy no list: their code views are cut from the table's
    (counting kept rows, or subtracting the rows left out when they are fewer), and every
    answer is that of the filtered table."""
    corpus, prepared = corpus_and_prepared
    mask = (corpus["upvotes"].fill_null(0) >= threshold).to_numpy()
    compute = getattr(dp, name)
    ours = compute(prepared.restrict(mask), **options)
    theirs = compute(corpus.filter(pl.Series(mask)), **options)
    assert without_labels(ours).equals(without_labels(theirs)), (ours, theirs)


def test_a_restriction_of_a_restriction_is_the_restriction_of_both(corpus_and_prepared):
    corpus, prepared = corpus_and_prepared
    voted = (corpus["upvotes"].fill_null(0) >= 2).to_numpy()
    step = prepared.restrict(voted)
    big = (step.frame["author_count"].fill_null(0) >= 8).to_numpy()
    both = voted.copy()
    both[np.flatnonzero(voted)] = big
    twice, once = step.restrict(big), prepared.restrict(both)
    assert twice.frame.equals(once.frame)
    assert dp.compute_top_authors(twice, 10).equals(dp.compute_top_authors(once, 10))


@pytest.mark.parametrize("threshold", [0, 1, 2, 5, 20, 60])
def test_top_authors_of_restricted_rows_without_a_full_tally(corpus_and_prepared, threshold):
    """Restricted papers count only the table's leading authors among their rows, more of
    them until no other author can reach the top: the same top as counting every author."""
    corpus, prepared = corpus_and_prepared
    mask = (corpus["upvotes"].fill_null(0) >= threshold).to_numpy()
    view = prepared.restrict(mask).authors
    expected = dp.prepare(corpus.filter(pl.Series(mask))).authors
    for n in (1, 5, 15):
        assert view.labels_of(view.top(n)).to_list() == \
            expected.labels_of(expected.top(n)).to_list()


@pytest.mark.parametrize(("name", "options"), [
    case for case in RESTRICTED_CASES if "keyword" in case[0] or "topics" in case[0]
    or "over_time" in case[0]])
def test_restricted_papers_with_undated_papers(name, options):
    """Papers without a date are left out of the dated questions."""
    corpus = dp.generate_corpus(1_500, seed=5).with_columns(
        published_on=pl.when(pl.int_range(pl.len()) % 7 == 0).then(None)
        .otherwise(pl.col("published_on")))
    mask = (corpus["upvotes"].fill_null(0) >= 2).to_numpy()
    compute = getattr(dp, name)
    ours = compute(dp.prepare(corpus).restrict(mask), **options)
    theirs = compute(corpus.filter(pl.Series(mask)), **options)
    assert without_labels(ours).equals(without_labels(theirs)), (ours, theirs)


@pytest.mark.parametrize("filters", [
    dp.Filters(min_upvotes=2),
    dp.Filters(text="diffusion", min_upvotes=1),  # reads titles: columns the frame leaves out
    dp.Filters(since=date(2023, 8, 1)),
])
def test_a_filter_applies_to_prepared_papers_as_to_the_table(corpus_and_prepared, filters):
    corpus, prepared = corpus_and_prepared
    kept, plain = filters.apply(prepared), filters.apply(corpus)
    assert isinstance(kept, dp.Prepared) and 0 < kept.height == plain.height < corpus.height
    assert dp.compute_top_authors(kept, 10).equals(dp.compute_top_authors(plain, 10))
    twice = filters.apply(kept)  # a restriction filtered again reads its own rows
    assert twice.height == kept.height
    assert kept.papers.equals(plain)  # every column of the rows kept


def test_coverage_shows_a_field_appearing_mid_series():
    """Organizations recorded only from 2025 on: 0 % before, not a gap; an empty period is
    a gap (share null), not a zero."""
    papers = dp.conform(pl.DataFrame({
        "paper_id": ["a", "b", "c", "d"],
        "published_on": [date(2023, 3, 1), date(2023, 9, 1), date(2025, 2, 1), date(2025, 8, 1)],
        "organization": [None, None, "meta", None], "authors": [["X"], None, ["Y"], []],
        "keywords": [["llm"], None, None, ["agents"]]}))
    table = dp.compute_coverage(papers, "1y")
    share = {(row["period"].year, row["field"]): row["share"]
             for row in table.iter_rows(named=True)}
    assert share[(2023, "organization")] == 0.0 and share[(2025, "organization")] == 0.5
    assert share[(2024, "organization")] is None  # no papers in 2024: a gap
    assert share[(2023, "authors")] == 0.5 and share[(2025, "authors")] == 0.5  # [] is none
    assert share[(2023, "keywords")] == 0.5
    assert table.filter(pl.col("period").dt.year() == 2024)["papers"].to_list() == [0] * 7
    assert dp.compute_coverage(dp.prepare(papers), "1y").equals(table)


def test_upvotes_count_settled_observations_unless_asked_for_all():
    """A same-morning capture (seen on the paper's day) holds early upvotes: left out and
    counted as such; a re-fetch two weeks or more after the day is settled."""
    day = date(2025, 11, 3)
    papers = dp.conform(pl.DataFrame({
        "paper_id": ["early", "settled", "old", "undated"],
        "author_count": [3, 3, 3, 3], "upvotes": [2, 40, 20, 9],
        "organization": ["meta"] * 4, "published_on": [day, day, date(2024, 1, 1), None],
        "daily_on": [day, day, None, None],
        "seen_at": [datetime(2025, 11, 3, 9, tzinfo=UTC), datetime(2026, 6, 26, tzinfo=UTC),
                    datetime(2024, 1, 10, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)]}))
    settled = dp.compute_upvotes_by_team_size(papers).filter(pl.col("papers") > 0)
    # "old" is 9 days after its published day: early too; "undated" has no day: left out
    assert settled.select("team_size", "papers", "median").rows() == [("3–4", 1, 40.0)]
    assert settled["early_left_out"][0] == 3
    everything = dp.compute_upvotes_by_team_size(papers, "all").filter(pl.col("papers") > 0)
    assert everything["papers"].to_list() == [4] and everything["early_left_out"][0] == 0
    by_org = dp.compute_upvotes_by_organization(papers, min_papers=1)
    assert by_org.select("papers", "early_left_out").row(0) == (1, 3)
    with pytest.raises(ValueError, match='"settled" or "all"'):
        dp.compute_upvotes_by_team_size(papers, "fresh")


@pytest.mark.parametrize(("every", "partial"), [
    ("1y", [True, True]),  # 2025 from 2025-03-04, 2026 to 2026-08-20
    ("1mo", [True, False, False, False, False, False, True]),  # March and September cut
])
def test_partial_periods_are_marked(every, partial):
    papers = pl.DataFrame({"published_on": [date(2025, 3, 4), date(2025, 9, 20)],
                           "upvotes": [1, 2]})
    if every == "1y":
        papers = pl.DataFrame({"published_on": [date(2025, 3, 4), date(2026, 8, 20)],
                               "upvotes": [1, 2]})
    table = dp.compute_papers_over_time(papers, every)
    assert table["partial"].to_list() == partial
    assert table["first_day"][0] == papers["published_on"][0]
    assert table["last_day"][-1] == papers["published_on"][-1]


def test_upvotes_over_time_are_settled_unless_asked_for_all():
    day = date(2025, 11, 3)
    papers = dp.conform(pl.DataFrame({
        "paper_id": ["early", "settled"], "upvotes": [2, 40],
        "published_on": [day, day], "daily_on": [day, day],
        "seen_at": [datetime(2025, 11, 3, 9, tzinfo=UTC), datetime(2026, 6, 26, tzinfo=UTC)]}))
    settled = dp.compute_papers_over_time(papers, "1mo")
    assert settled.select("papers", "upvotes", "median_upvotes", "voted_papers").row(0) == (
        2, 40, 40.0, 1)
    everything = dp.compute_papers_over_time(papers, "1mo", observations="all")
    assert everything.select("upvotes", "median_upvotes", "voted_papers").row(0) == (42, 21.0, 2)


def test_partial_periods_are_marked_on_every_time_table():
    papers = dp.conform(pl.DataFrame({
        "paper_id": ["a", "b", "c"], "author_count": [2, 4, 6], "organization": ["m"] * 3,
        "keywords": [["rl"]] * 3,
        "published_on": [date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 15)]}))
    for table in (dp.compute_team_size_over_time(papers, "1q"),
                  dp.compute_organization_share(papers, "1q", 1),
                  dp.compute_keyword_trends(papers, ["rl"], "1q", source="keywords")):
        flags = dict(table.select("period", "partial").unique().iter_rows())
        assert flags == {date(2025, 1, 1): False, date(2025, 4, 1): False,
                         date(2025, 7, 1): True}  # the data ends on 2025-07-15


# -- the list of papers ---------------------------------------------------------------------

@pytest.mark.parametrize("order", list(dp.compute.PAPER_ORDERS))
def test_paper_list_of_prepared_papers_equals_the_plain_list(corpus_and_prepared, order):
    corpus, prepared = corpus_and_prepared
    mask = (corpus["upvotes"].fill_null(0) >= 2).to_numpy()
    ours = dp.compute_paper_list(prepared.restrict(mask), 40, order)
    theirs = dp.compute_paper_list(corpus.filter(pl.Series(mask)), 40, order)
    assert ours.equals(theirs) and ours.height == 40


@pytest.mark.parametrize(("order", "expected"), [
    # most first, unknown last; ties by newest, then table order
    ("upvotes", ["b", "d", "c", "a", "e"]),
    ("newest", ["d", "c", "a", "b", "e"]),
    ("comments", ["c", "a", "d", "b", "e"]),
])
def test_paper_list_order(order, expected):
    papers = conform(pl.DataFrame({
        "paper_id": ["a", "b", "c", "d", "e"],
        "upvotes": [1, 9, 5, 5, None],
        "comments": [7, None, 7, None, None],
        "published_on": [date(2025, 1, 2), date(2025, 1, 1), date(2025, 1, 3),
                         date(2025, 1, 4), None]}))
    assert dp.compute_paper_list(papers, order=order)["paper_id"].to_list() == expected
    assert dp.compute_paper_list(papers, 2, order)["paper_id"].to_list() == expected[:2]


@pytest.mark.parametrize(("paper_id", "title", "shown", "hub_url"), [
    ("2501.00001", "Thinking with Video: a Promising Multimodal\n  Reasoning Paradigm",
     "Thinking with Video: a Promising Multimodal Reasoning Paradigm",
     "https://huggingface.co/papers/2501.00001"),
    # a paper known by its title only: a Hub search for it, the title encoded
    ("title:ace", "ACE++: Instruction-Based Image Creation",
     "ACE++: Instruction-Based Image Creation",
     "https://huggingface.co/papers?q=ACE%2B%2B%3A+Instruction-Based+Image+Creation"),
    ("title:qa", " Q&A for #1 agents?  ", "Q&A for #1 agents?",
     "https://huggingface.co/papers?q=Q%26A+for+%231+agents%3F"),
])
def test_paper_list_titles_are_one_line_and_searched_for_exactly(paper_id, title, shown,
                                                                  hub_url):
    papers = conform(pl.DataFrame({"paper_id": [paper_id], "title": [title]}))
    for listed in (dp.compute_paper_list(papers), dp.compute_paper_list(dp.prepare(papers))):
        assert listed.select("title", "hub_url").row(0) == (shown, hub_url)


def test_paper_list_refuses_an_unknown_order():
    with pytest.raises(ValueError, match="order is one of upvotes, newest"):
        dp.compute_paper_list(pl.DataFrame({"paper_id": ["a"]}), order="stars!")
