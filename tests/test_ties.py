"""A tie at a ranking's cut: a top-n question counts those left out that have as many papers
as its last (``tied_beyond``), and a chart leaves the tie out and says so, rather than let
the alphabet choose among equals and draw that as a rank."""

from __future__ import annotations

from datetime import date

import altair as alt
import numpy as np
import polars as pl
import pytest

import dailypapers as dp
from dailypapers.charts import subtitle_lines
from dailypapers.compute.common import tied_beyond


def drawn(chart: alt.TopLevelMixin, field: str) -> list[str]:
    """The values of ``field`` in the rows a chart draws."""
    rows = [row for values in chart.to_dict().get("datasets", {}).values() for row in values]
    return sorted({row[field] for row in rows})


@pytest.mark.parametrize(("counts", "n", "every", "expected"), [
    ([5, 3, 3], 2, [5, 3, 3, 3, 1], 2),   # two more have 3 papers: ranked by name only
    ([5, 3, 2], 2, [5, 3, 2, 2], 0),      # the cut falls between 3 and 2
    ([5, 3], 2, [5, 3], 0),               # nobody left out
    ([3, 3, 3], 2, [3, 3, 3], 1),         # all tie: one left out
    ([3, 3, 3], 0, [3, 3, 3], 0),         # a top 0 cuts nothing
    ([], 5, [], 0),
])
def test_tied_beyond_counts_those_left_out_with_as_many(counts, n, every, expected):
    assert tied_beyond(counts, n, lambda: np.array(every)) == expected


def test_every_count_is_read_only_at_a_tie():
    def never() -> np.ndarray:
        raise AssertionError("read every count without a tie")
    assert tied_beyond([5, 3, 2], 2, never) == 0


# Ada 3, Bo 2, Cy 2, Di 2, Ed 1: a top 2 cuts the three authors with 2 papers by name
AUTHORS = pl.DataFrame({
    "paper_id": list("abcdef"),
    "authors": [["Ada", "Bo"], ["Ada", "Cy"], ["Ada", "Di"], ["Bo", "Cy"], ["Di"], ["Ed"]],
    "organization": ["meta", "meta", "meta", "google", "nvidia", "ibm"],
    "keywords": [["agents", "RL"], ["agents", "RL"], ["agents", "VLM"], ["VLM", "LoRA"],
                 ["LoRA"], ["LoRA", "MoE"]],
    "published_on": [date(2025, 1, 6)] * 6,
})


@pytest.mark.parametrize(("question", "n", "expected"), [
    (lambda f, n: dp.compute_top_authors(f, n), 1, 0),     # Ada alone has 3
    (lambda f, n: dp.compute_top_authors(f, n), 2, 2),     # Bo listed; Cy, Di left out
    (lambda f, n: dp.compute_top_authors(f, n), 4, 0),     # the three with 2 all listed
    (lambda f, n: dp.compute_top_authors_over_time(f, n), 2, 2),
    # meta 3, then google, ibm, nvidia 1 each
    (lambda f, n: dp.compute_top_organizations(f, n), 1, 0),
    (lambda f, n: dp.compute_top_organizations(f, n), 2, 2),
    # LoRA 3, agents 3, RL 2, VLM 2, MoE 1
    (lambda f, n: dp.compute_keyword_frequencies(f, n), 2, 0),
    (lambda f, n: dp.compute_keyword_frequencies(f, n), 3, 1),
])
def test_each_top_question_counts_the_tie_it_cuts(question, n, expected):
    table = question(AUTHORS, n)
    assert table["tied_beyond"].unique().to_list() == [expected]


@pytest.mark.parametrize("n", [3, 8, 15, 40])
def test_tied_beyond_is_counted_from_the_whole_ranking(n):
    """Against every organization's count on a generated corpus (the reference holds the
    authors and keywords), whole and filtered."""
    papers = dp.prepare(dp.generate_corpus(3000, seed=5))
    for subset in (papers, dp.Filters(min_upvotes=10).apply(papers)):
        every = dp.compute_top_organizations(subset, 10_000).filter(pl.col("kind") == "top")
        top = every["papers"].head(n)
        expected = int((every["papers"] == top.min()).sum() - (top == top.min()).sum())
        assert dp.compute_top_organizations(subset, n)["tied_beyond"][0] == expected


def test_the_top_authors_chart_leaves_the_tie_out_and_says_so():
    chart = dp.chart_top_authors(dp.compute_top_authors(AUTHORS, 2))
    assert drawn(chart, "author") == ["Ada"]
    assert "Not drawn: 3 authors tied for the last place, with 2 papers each" \
        in subtitle_lines(chart)


def test_a_tie_for_the_first_place_is_drawn_and_the_choice_by_name_said():
    chart = dp.chart_top_authors(dp.compute_top_authors(AUTHORS.tail(3), 2))  # Bo, Cy, Di, Ed
    assert drawn(chart, "author") == ["Bo", "Cy"]
    assert ("4 authors tie for the first place, with 1 paper each: the 2 drawn are the "
            "first by name") in subtitle_lines(chart)


def test_without_a_tie_the_chart_draws_every_row_and_says_nothing_of_ties():
    chart = dp.chart_top_authors(dp.compute_top_authors(AUTHORS, 4))
    assert drawn(chart, "author") == ["Ada", "Bo", "Cy", "Di"]
    assert not any("tie" in line for line in subtitle_lines(chart))


def test_top_authors_over_time_leaves_the_same_tie_out():
    table = dp.compute_top_authors_over_time(AUTHORS, 2)
    assert table.select("author", "author_papers").unique().sort("author").rows() == [
        ("Ada", 3), ("Bo", 2)]
    chart = dp.chart_top_authors_over_time(table, "1y", "papers")
    assert drawn(chart, "author") == ["Ada"]
    assert "Not drawn: 3 authors tied for the last place, with 2 papers each" \
        in subtitle_lines(chart)


def test_organizations_left_out_for_a_tie_count_in_other():
    chart = dp.chart_top_organizations(dp.compute_top_organizations(AUTHORS, 2))
    assert drawn(chart, "organization") == ["meta"]
    lines = subtitle_lines(chart)
    assert lines[0] == "Papers per Hub organization; 3 more in other organizations"
    assert "Not drawn: 3 organizations tied for the last place, with 1 paper each" in lines


def test_keywords_tied_at_the_cut_are_left_out():
    chart = dp.chart_keyword_frequencies(dp.compute_keyword_frequencies(AUTHORS, 3))
    assert drawn(chart, "label") == ["agents", "low-rank adaptation (LoRA)"]
    assert "Not drawn: 2 keywords tied for the last place, with 2 papers each" \
        in subtitle_lines(chart)


def test_a_tie_of_one_paper_is_said_once():
    """Keywords of one paper are left out by their own rule; the tie adds nothing."""
    chart = dp.chart_keyword_frequencies(dp.compute_keyword_frequencies(AUTHORS, 5))
    lines = subtitle_lines(chart)
    assert "Not drawn: 1 keyword that one paper alone carries" in lines
    assert not any("tied" in line for line in lines)


def test_a_table_made_without_the_column_is_drawn_whole():
    table = dp.compute_top_authors(AUTHORS, 2).drop("tied_beyond")
    assert drawn(dp.chart_top_authors(table), "author") == ["Ada", "Bo"]


@pytest.mark.parametrize(("chart", "field"), [
    (lambda t: dp.chart_top_organizations(t.with_columns(kind=pl.lit("top"))),
     "organization_name"),
    (lambda t: dp.chart_top_authors(t.rename({"organization_name": "author"})), "author"),
    (lambda t: dp.chart_keyword_frequencies(t.rename({"organization_name": "label"})), "label"),
])
def test_bars_of_equal_count_are_in_the_order_a_reader_looks_one_up(chart, field):
    """Most papers first; equals by name, case aside (handles sort "Qwen" before "apple")."""
    table = pl.DataFrame({"organization_name": ["Qwen", "apple", "NVIDIA", "Ant Group"],
                          "papers": [2, 2, 5, 2]})
    y = chart(table).to_dict()["encoding"]["y"]
    assert (y["field"], y["sort"]) == (field, ["NVIDIA", "Ant Group", "apple", "Qwen"])
