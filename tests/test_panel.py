"""The filter panel as a user drives it: boxes, clicks on charts, the papers table, the state.

A click is what the browser sends when a mark is clicked: the chart's ``pick`` selection
(``_vl_selections``), here set as Vega-Lite's point selection sets it. The browser suite
clicks real marks (tests/browser).
"""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

import dailypapers as dp
from dailypapers.widgets import FilterPanel, table_html
from tests.conftest import build_bundled_store


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The shipped real papers (5,036)."""
    return dp.load(build_bundled_store(tmp_path_factory.mktemp("store") / "papers.parquet"))


@pytest.fixture
def panel(real):
    return FilterPanel(real)


def click(chart, **fields) -> None:
    """A click on the mark whose row holds ``fields``, as the browser reports it."""
    chart._vl_selections = {"pick": {
        "value": {"vlPoint": {"or": [fields]}, **{k: [v] for k, v in fields.items()}},
        "store": [{"unit": "", "fields": [{"field": k, "type": "E"} for k in fields],
                   "values": list(fields.values())}]}}


def rows(chart) -> list[dict]:
    values = next(iter(chart.spec["datasets"].values()))
    return json.loads(values) if isinstance(values, str) else values


def papers_in_label(panel) -> int:
    return int(panel.label.value.split("<b>")[1].split(" of ")[0].replace(",", ""))


# -- clicks ---------------------------------------------------------------------------------

def test_a_click_on_an_organization_narrows_everything_and_a_second_click_undoes_it(
        panel, real):
    organizations = panel.chart("top_organizations")
    teams = panel.chart("author_counts")
    panel.table.selected_index = 0  # the table opened
    top = rows(organizations)[0]
    click(organizations, organization=top["organization"])
    kept = real.filter(pl.col("organization") == top["organization"])
    assert panel.filters.organizations == (top["organization"],)
    assert papers_in_label(panel) == kept.height == top["papers"]
    assert [r["organization"] for r in rows(organizations)] == [top["organization"]]
    assert sum(r["papers"] for r in rows(teams)) == kept.height
    assert panel.table.count.value == f"{kept.height:,} papers, by upvotes"
    assert f"organization: {top['organization_name']}" in panel.label.value
    assert f"organization: {top['organization_name']}" in panel.describe()  # the footnote
    assert set(panel.table.grid.df["Organization"]) == {top["organization_name"]}
    assert organizations.selections.pick.value == []  # the rebuilt chart starts unselected

    click(organizations, organization=top["organization"])  # the same mark again
    assert panel.filters.is_empty() and papers_in_label(panel) == real.height


def test_other_and_no_organization_are_not_filters(panel):
    chart = panel.chart("top_organizations")
    for name in ("other", "(no organization)"):
        click(chart, organization=name)
        assert panel.filters.is_empty()


@pytest.mark.parametrize(("view", "options"), [
    ("keyword_frequencies", {}), ("keyword_trends", {"every": "1q"}), ("trend_topics", {}),
    ("rising_keywords", {}), ("keyword_frequencies", {"source": "text"})])
def test_a_click_on_a_keyword_keeps_the_papers_carrying_it(panel, real, view, options):
    chart = panel.chart(view, **options)
    picked = rows(chart)[0]
    click(chart, keyword=picked["keyword"], vocabulary=picked["vocabulary"])
    assert panel.filters.keywords == (picked["keyword"],)
    assert panel.filters.vocabulary == picked["vocabulary"]
    expected = dp.Filters(keywords=(picked["keyword"],), vocabulary=picked["vocabulary"])
    assert panel.prepared.height == expected.apply(real).height > 0
    assert panel.keywords.value == [picked["keyword"]]


def test_keyword_clicks_drill_down_and_a_click_in_the_other_vocabulary_starts_over(panel):
    hub = panel.chart("keyword_frequencies", source="keywords")
    first = rows(hub)[0]
    click(hub, keyword=first["keyword"], vocabulary="keywords")
    after_one = panel.prepared.height
    second = next(r for r in rows(hub) if r["keyword"] != first["keyword"])
    click(hub, keyword=second["keyword"], vocabulary="keywords")
    assert panel.filters.keywords == (first["keyword"], second["keyword"])
    assert panel.prepared.height == second["papers"] < after_one  # both: fewer papers
    text = panel.chart("keyword_frequencies", source="text")
    term = rows(text)[0]
    click(text, keyword=term["keyword"], vocabulary="text")
    assert panel.filters.keywords == (term["keyword"],) and panel.filters.vocabulary == "text"
    assert panel.keywords.box.description == "Keywords (from text)"


def test_a_click_on_an_author_keeps_their_papers(panel, real):
    chart = panel.chart("top_authors")
    top = rows(chart)[0]
    click(chart, author=top["author"])
    assert panel.filters.authors == (top["author"],)
    assert panel.prepared.height == top["papers"]
    assert panel.frame["authors"].list.contains(top["author"]).all()


@pytest.mark.parametrize(("view", "bucket", "bounds"), [
    ("author_counts", {"min_authors": 3, "max_authors": 3}, (3, 3)),
    ("author_counts", {"min_authors": 21, "max_authors": None}, (21, None)),
    ("upvotes_by_team_size", {"min_authors": 5, "max_authors": 8}, (5, 8)),
])
def test_a_click_on_a_team_size_sets_the_team_size(panel, real, view, bucket, bounds):
    chart = panel.chart(view)
    click(chart, **bucket)
    assert (panel.filters.min_authors, panel.filters.max_authors) == bounds
    low, high = bounds
    counts = panel.frame["author_count"]
    assert (counts >= low).all() and (high is None or (counts <= high).all())
    click(chart, **bucket)
    assert panel.filters.is_empty()


def test_a_click_on_a_period_sets_the_dates(panel, real):
    chart = panel.chart("papers_over_time", every="1mo")
    bar = max(rows(chart), key=lambda r: r["papers"])
    click(chart, pick_from=bar["pick_from"], pick_to=bar["pick_to"])
    first, last = date.fromisoformat(bar["pick_from"]), date.fromisoformat(bar["pick_to"])
    assert (panel.filters.since, panel.filters.until) == (first, last)
    assert (panel.since.value, panel.until.value) == (first, last)
    assert panel.prepared.height == bar["papers"]
    assert last.month == first.month and (last.day >= 28)


def test_a_click_on_a_daily_papers_chart_filters_by_that_date(panel, real):
    chart = panel.chart("papers_over_time", every="1mo", date="daily_on")
    bar = max(rows(chart), key=lambda r: r["papers"])
    click(chart, pick_from=bar["pick_from"], pick_to=bar["pick_to"])
    assert panel.filters.date_column == "daily_on"
    assert panel.prepared.height == bar["papers"]
    assert "on Daily Papers: the data runs" in panel.span_note.value  # which date the boxes hold
    panel.reset.click()
    assert panel.filters.date_column == "published_on"  # Reset: as the panel started
    assert panel.span_note.value.startswith("<span style='color:#666'>published: ")


def test_the_panels_charts_read_the_days_the_filter_cut_not_an_organizations_papers(panel):
    """Qwen's papers start 2025-10-27, in a quarter the store covers whole: its bar is whole
    (not pale) until the panel's dates cut the quarter."""
    chart = panel.chart("papers_over_time", every="1q")
    panel.organizations.value = ["Qwen"]
    assert panel.prepared.days == {}
    first = min((r for r in rows(chart) if r["papers"]), key=lambda r: r["period"])
    assert (first["period"][:7], first["partial"]) == ("2025-10", False)
    panel.since.value = date(2025, 11, 15)
    assert panel.prepared.days["published_on"][0] == date(2025, 11, 15)
    first = min((r for r in rows(chart) if r["papers"]), key=lambda r: r["period"])
    assert (first["period"][:7], first["partial"]) == ("2025-10", True)


# -- the boxes ------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["NVIDIA", "nvidia", "Nvidia", "NVIDIA · nvidia"])
def test_enter_in_the_organizations_box_adds_what_was_typed(panel, typed):
    # the box sends its value on Enter (continuous_update off): what the browser does
    panel.organizations.box.value = typed
    assert panel.organizations.value == ["nvidia"]
    assert panel.organizations.box.value == ""  # ready for the next one
    assert papers_in_label(panel) == 34
    assert [chip.description for chip in panel.organizations.chips.children] == ["NVIDIA  ✕"]
    panel.organizations.chips.children[0].click()  # the chip's ✕ removes it
    assert panel.filters.is_empty()


def test_the_organizations_box_suggests_name_and_handle(panel):
    assert "NVIDIA · nvidia" in panel.organizations.box.options
    assert panel.organizations.box.options[0] == "NVIDIA · nvidia"  # most papers first


def test_an_unknown_name_is_said_not_silently_dropped(panel):
    panel.organizations.box.value = "Nobody Corp"
    assert "no organization “Nobody Corp”" in panel.organizations.message.value
    assert panel.filters.is_empty()


def test_authors_and_keywords_boxes(panel, real):
    panel.authors.box.value = "ziwei liu"
    assert panel.filters.authors == ("Ziwei Liu",)
    panel.keywords.box.value = "LLMs"
    assert panel.filters.keywords == ("large language model",)
    assert "keyword: large language models (LLMs)" in panel.label.value  # its label
    assert [c.description for c in panel.keywords.chips.children] == [
        "large language models (LLMs)  ✕"]
    expected = dp.Filters(authors=("Ziwei Liu",), keywords=("LLMs",)).apply(real)
    assert panel.prepared.height == expected.height > 0


def test_dates_take_any_day_and_has_code(panel, real):
    panel.since.value = date(2026, 1, 1)  # a Thursday
    panel.has_code.value = True
    expected = real.filter((pl.col("published_on") >= date(2026, 1, 1))
                           & pl.col("github_repo").is_not_null())
    assert panel.prepared.height == expected.height > 0
    assert "published from 2026-01-01" in panel.label.value and "with code" in panel.label.value


def test_a_search_is_read_once_while_the_other_filters_change(panel, real, monkeypatch):
    """At a million papers a search reads ~1 GB of abstracts: a panel reads them once per
    search text, and every other change keeps the papers the filter itself keeps."""
    from dailypapers import lookup

    expected = {upvotes: dp.Filters(text="video", min_upvotes=upvotes).apply(real)
                for upvotes in (3, 10, 0)}
    narrower = dp.Filters(text="video -diffusion").apply(real)
    reads = []
    matching = lookup._matching
    monkeypatch.setattr(lookup, "_matching",
                        lambda *args: reads.append(args[1]) or matching(*args))
    panel.text.value = "video"
    for upvotes, kept in expected.items():
        panel.min_upvotes.value = upvotes
        assert panel.prepared.height == kept.height > 0
        assert panel.frame["paper_id"].equals(kept["paper_id"])
    assert reads == ["video"]
    panel.text.value = "video -diffusion"
    assert reads == ["video", "video -diffusion"]
    assert 0 < panel.prepared.height == narrower.height < expected[0].height


def test_a_lookup_answers_only_for_the_papers_it_was_made_of(real):
    lookup = dp.filters.Lookup(real)
    with pytest.raises(ValueError, match="a lookup made for 5,036 papers, asked about 10"):
        dp.Filters(text="video").mask(real.head(10), lookup)


# -- a filter is a value --------------------------------------------------------------------

def test_the_state_round_trips_into_a_new_panel(panel, real):
    panel.organizations.box.value = "NVIDIA"
    panel.text.value = 'video -"world model"'
    panel.min_upvotes.value = 3
    state = json.loads(json.dumps(panel.state))
    assert state == {"organizations": ["nvidia"], "text": 'video -"world model"',
                     "min_upvotes": 3}
    again = FilterPanel(real, state=state)
    assert again.filters == panel.filters
    assert again.organizations.value == ["nvidia"] and again.min_upvotes.value == 3
    assert again.prepared.height == panel.prepared.height
    assert again.describe() == panel.describe()


def test_reset_clears_boxes_clicks_and_dates(panel, real):
    chart = panel.chart("top_authors")
    click(chart, author=rows(chart)[0]["author"])
    panel.since.value = date(2025, 1, 1)
    panel.keywords.box.value = "agents"
    panel.reset.click()
    assert panel.filters.is_empty() and panel.state == {}
    assert panel.since.value is None and panel.authors.value == [] and panel.keywords.value == []
    assert papers_in_label(panel) == real.height


# -- the papers table -----------------------------------------------------------------------

def test_the_table_is_capped_ordered_and_counted(real):
    panel = FilterPanel(real)
    panel.table.limit = 50
    panel.table.selected_index = 0
    assert panel.table.count.value == f"showing 50 of {real.height:,} papers, by upvotes"
    shown = panel.table.grid.df
    assert shown.height == 50
    sent = panel.table.grid._dt_args["data_json"]  # what the browser gets: links, not text
    assert '<a href=\\"https://huggingface.co/papers/' in sent and "&lt;a" not in sent
    upvotes = shown["Upvotes"].to_list()
    assert upvotes == sorted(upvotes, reverse=True)
    assert upvotes[0] == real["upvotes"].max()
    panel.table.order.value = "newest"
    assert panel.table.count.value.endswith("by newest")
    assert panel.table.grid.df["Published"][0] == real["published_on"].max()


def test_the_table_links_each_paper_and_escapes_the_data():
    papers = dp.conform(pl.DataFrame({
        "paper_id": ["2501.00001", "title:evil"],
        "title": ["Good <b>paper</b>", "<script>alert(1)</script>"],
        "authors": [["A", "B", "C", "D", "E"], ["<img src=x onerror=alert(1)>"]],
        "organization": ["nvidia", None], "organization_name": ["NVIDIA & co", None],
        "upvotes": [5, 1], "github_repo": ["https://github.com/o/r", None],
        "project_page": ['https://x.io/"onmouseover="alert(1)', None]}))
    cells = table_html(dp.compute_paper_list(papers)).rows(named=True)
    good, evil = cells
    assert good["Title"] == ('<a href="https://huggingface.co/papers/2501.00001" '
                             'target="_blank" rel="noopener noreferrer" style="color:#0b57d0">'
                             "Good &lt;b&gt;paper&lt;/b&gt;</a>")
    arxiv, code, page = good["Links"].split("<br>")
    assert arxiv.startswith('<a href="https://arxiv.org/abs/2501.00001"')
    assert arxiv.endswith(">arXiv</a>")
    assert code.startswith('<a href="https://github.com/o/r"')
    assert 'title="o/r">code</a>' in code
    assert 'href="https://x.io/&quot;onmouseover=&quot;alert(1)"' in page
    assert good["Authors"] == "A, B, C +2"
    assert good["Organization"] == "NVIDIA &amp; co"
    assert "<script>" not in evil["Title"] and "&lt;script&gt;" in evil["Title"]
    assert evil["Title"].startswith('<a href="https://huggingface.co/papers?q=')
    assert "<img" not in evil["Authors"] and evil["Links"] == ""


def test_a_folded_table_waits_until_opened(real):
    panel = FilterPanel(real)
    panel.min_upvotes.value = 50
    assert panel.table.count.value == ""  # folded: nothing built yet
    panel.table.selected_index = 0
    kept = real.filter(pl.col("upvotes") >= 50).height
    assert panel.table.count.value == f"{kept:,} papers, by upvotes"


def test_the_label_counts_one_paper_in_the_singular(real):
    assert "<b>1 of 1 paper</b>" in FilterPanel(real.head(1)).label.value
