"""What became of the papers, asked of tables whose impact is known: the share per keyword
(the engine against the plain reference), the papers whose models are used most, the days
to a first model (hand-built tables), and every impact view and the deck on the shipped
papers carrying a clearly synthetic impact (``dp.add_synthetic_impact``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

import dailypapers as dp
from dailypapers.charts import subtitle_lines, title_of
from dailypapers.views import IMPACT
from tests import reference

SEEN = datetime(2026, 2, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def with_impact(real_papers) -> pl.DataFrame:
    return dp.add_synthetic_impact(real_papers, seen_at=SEEN)


# -- per keyword ------------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["keywords", "text"])
@pytest.mark.parametrize(("kind", "min_fetched"), [("model", 10), ("space", 25),
                                                   ("dataset", 1)])
def test_the_share_per_keyword_is_the_references(with_impact, source, kind, min_fetched):
    engine = dp.compute_impact_by_keyword(with_impact, 20, kind, min_fetched, source)
    plain = reference.compute_impact_by_keyword(with_impact, 20, kind, min_fetched, source)
    assert engine.height == 20
    assert engine.select(plain.columns).equals(plain)


def test_a_keyword_needs_papers_read_and_the_one_filtered_by_is_not_drawn():
    papers = pl.DataFrame({
        "paper_id": [f"2601.{i:05d}" for i in range(16)],
        "keywords": [["agents", "RL"]] * 10 + [["agents", "diffusion"]] * 4 + [["agents"]] * 2,
        "models": [1] * 4 + [0] * 6 + [1] * 4 + [None] * 2,
        "impact_seen_at": [SEEN] * 14 + [None] * 2})
    table = dp.compute_impact_by_keyword(papers, min_fetched=4)
    # "agents" is on every paper: a share of it is the table's; two not read are not counted
    assert table.select("keyword", "fetched", "having", "share").rows() == [
        ("reinforcement learning", 10, 4, 0.4), ("diffusion", 4, 4, 1.0)]
    assert dp.compute_impact_by_keyword(papers, min_fetched=5)["too_few"].to_list() == [1]


# -- the papers most used, the days to a first model ------------------------------------------

def test_the_most_used_papers_are_ordered_by_their_models_downloads():
    papers = pl.DataFrame({
        "paper_id": ["2601.00001", "2601.00002", "2601.00003", "2601.00004"],
        "title": ["A", "B", "C", "D"], "models": [3, 1, 0, 2],
        "models_seen": [2, 1, 0, 2], "model_downloads": [50, 9000, 0, None],
        "impact_likes": [4, 1, 0, None], "impact_seen_at": [SEEN, SEEN, SEEN, None]})
    table = dp.compute_most_used(papers)
    assert table.select("title", "model_downloads", "models", "models_seen").rows() == [
        ("B", 9000, 1, 1), ("A", 50, 3, 2)]
    assert table["hub_url"][0] == "https://huggingface.co/papers/2601.00002"
    assert dp.compute_most_used(papers.drop("model_downloads")).height == 0


def at(day: date, days: int) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=days)


@pytest.mark.parametrize(("days", "expected"), [
    # (days to each paper's first model, (dated, before, q1, median, q3))
    ([0, 10, 20, 30, 40], (5, 0, 10.0, 20.0, 30.0)),
    ([-5, -1, 10, 20, 30], (5, 2, 0.0, 10.0, 20.0)),  # made before the paper: day 0
    ([None, 1, 2, 3, 4, 5], (5, 0, 2.0, 3.0, 4.0)),  # a model not dated: not counted
    ([1, 2, 3, 4], (4, 0, None, None, None)),  # under five dated: no quartiles
])
def test_days_to_the_first_model_per_period(days, expected):
    day = date(2026, 1, 5)
    papers = pl.DataFrame({
        "published_on": [day] * len(days), "models": [1] * len(days),
        "impact_seen_at": [SEEN] * len(days),
        "first_model_at": [None if d is None else at(day, d) for d in days]},
        schema_overrides={"first_model_at": pl.Datetime("us", "UTC")})
    table = dp.compute_days_to_first_model(papers, "1q")
    assert table.select("dated", "before", "q1", "median", "q3").row(0) == expected
    assert table["having"][0] == len(days)


# -- the views, and the deck ------------------------------------------------------------------

def lines_of(chart) -> list[str]:
    return [row["line"] for rows in chart.to_dict()["datasets"].values() for row in rows
            if "line" in row]


@pytest.mark.parametrize("name", IMPACT)
def test_every_impact_view_draws_the_synthetic_impact_or_says_how_to_get_it(
        with_impact, real_papers, name):
    chart = dp.view(name, dp.prepare(with_impact))
    assert not lines_of(chart), lines_of(chart)
    without = lines_of(dp.view(name, dp.prepare(real_papers)))
    assert without[0] == "No impact data yet: run" and without[1].startswith(
        "dailypapers fetch --impact")
    # a paper known only by its title (35 of the copied page's) has no Hub page to read
    askable = real_papers.filter(~pl.col("paper_id").str.starts_with("title:")).height
    assert askable < real_papers.height
    assert f"each of these {askable:,} papers" in without[2]


def test_the_impact_views_say_what_the_figures_are(with_impact):
    papers = dp.prepare(with_impact)
    read = with_impact["impact_seen_at"].is_not_null().sum()
    most = dp.view("most_used", papers)
    assert most.to_dict()["encoding"]["href"]["field"] == "hub_url"
    assert any(f"(of {read:,} papers whose Hub page was read)" in line
               for line in subtitle_lines(most))
    assert any("fetch --impact --full reads them all" in line for line in subtitle_lines(most))
    days = subtitle_lines(dp.view("days_to_first_model", papers))
    assert any("counts as day 0" in line for line in days)
    keywords = dp.view("impact_by_keyword", papers)
    assert keywords.to_dict()["params"][0]["select"]["fields"] == ["keyword", "vocabulary"]


def test_without_creation_dates_the_days_chart_says_to_read_the_lists(with_impact):
    undated = dp.view("days_to_first_model", with_impact.with_columns(
        first_model_at=pl.lit(None, pl.Datetime("us", "UTC"))))
    assert lines_of(undated)[1] == "dailypapers fetch --impact --full"


def test_a_group_chart_with_impact_but_too_few_papers_read_says_so(with_impact):
    few = with_impact.head(200)
    chart = dp.view("impact_by_organization", few, min_fetched=1000)
    assert lines_of(chart)[0].startswith("No organization has 10 of the")


def test_the_deck_adds_the_impact_slides_when_impact_was_read(with_impact, real_papers):
    titles = [title for title in dp.standard_charts(dp.prepare(with_impact))]
    impact_titles = [title_of(dp.view(name, with_impact))[0] for name in IMPACT]
    assert titles[-len(IMPACT):] == impact_titles
    plain = list(dp.standard_charts(dp.prepare(real_papers)))
    assert plain == titles[:-len(IMPACT)]


@pytest.mark.parametrize(("view", "field"), [("impact_by_keyword", "keyword"),
                                             ("impact_by_organization", "organization")])
def test_a_click_on_an_impact_bar_narrows_the_panel(with_impact, view, field):
    from dailypapers.widgets import FilterPanel
    from tests.test_panel import click, rows

    panel = FilterPanel(with_impact)
    chart = panel.chart(view)
    picked = rows(chart)[0]
    click(chart, **{name: picked[name] for name in (field, "vocabulary") if name in picked})
    chosen = panel.filters.keywords if field == "keyword" else panel.filters.organizations
    assert chosen == (picked[field],)
    assert 0 < panel.prepared.height < with_impact.height
