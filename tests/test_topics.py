"""The keyword questions: frequencies, trends, trend topics, rising keywords, on small
hand-built frames."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dailypapers as dp
from dailypapers.keywords.normalise import log_odds_dirichlet, normalize
from tests.tables import EMPTY, D, papers

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
    assert ("Gaps: 1 period without papers carrying this vocabulary, 1 with too few of "
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


def test_rising_keywords_leave_out_the_keyword_every_paper_carries():
    """The keyword a table was filtered by is 100 % of both windows: it neither rises nor
    falls, whatever the share of the other keywords does; it is named, as in the others."""
    before = [["agents", "gpt 4"]] * 8 + [["agents", "robots"]] * 7
    after = [["agents", "robots"]] * 12 + [["agents", "gpt 4"]] * 3
    frame = papers(keywords=before + after,
                   published_on=[D(2024, 1, 1)] * len(before) + [D(2025, 1, 1)] * len(after))
    table = dp.compute_rising_keywords(frame, (D(2024, 1, 1), D(2024, 12, 31)),
                                       (D(2025, 1, 1), D(2025, 12, 31)), source="keywords")
    assert "agent" not in table["keyword"].to_list()
    assert table["carried_by_all"][0].to_list() == ["agents"]
    assert sorted(table["keyword"].to_list()) == ["gpt 4", "robot"]


@pytest.mark.parametrize(("copies", "within_chance"), [
    (1, [True, True]),     # 1 → 3 and 3 → 1 papers (|z| 1.16): too few to tell
    (2, [True, True]),     # |z| 1.64
    (4, [False, False]),   # the same shares over four times the papers: |z| 2.32
])
def test_a_rise_within_chance_is_marked(copies, within_chance):
    before = ([["gpt 4"]] * 3 + [["agents"]] * 1 + [["robots"]] * 4) * copies
    after = ([["agents"]] * 3 + [["gpt 4"]] * 1 + [["robots"]] * 4) * copies
    frame = papers(keywords=before + after,
                   published_on=[D(2024, 1, 1)] * len(before) + [D(2025, 1, 1)] * len(after))
    table = dp.compute_rising_keywords(frame, (D(2024, 1, 1), D(2024, 12, 31)),
                                       (D(2025, 1, 1), D(2025, 12, 31)), n=1, source="keywords")
    assert table["keyword"].to_list() == ["agent", "gpt 4"]
    assert table["within_chance"].to_list() == within_chance
    assert (table["z"].abs() < dp.compute.Z_BEYOND_CHANCE).to_list() == within_chance


def test_rising_keywords_of_nothing():
    assert dp.compute_rising_keywords(EMPTY).is_empty()
