"""The notebooks: their shape, committed without stray outputs, the filter panel driven from
Python (running every notebook at scale is timed in benchmarks/notebooks.py)."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta

import altair as alt
import polars as pl
import pytest
from pptx import Presentation

import dailypapers as dp
from dailypapers.widgets import FilterPanel, date_stops
from tests import reference
from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell) -> str:
    return "".join(cell["source"])


def test_the_eight_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == [
        "01-overview.ipynb", "02-authors.ipynb", "03-dates.ipynb", "04-organizations.ipynb",
        "05-keywords.ipynb", "06-slides.ipynb", "07-maps.ipynb", "08-impact.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_shape(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb["metadata"]
    items = nb["cells"]
    first = source(items[0])
    assert items[0]["cell_type"] == "markdown" and first.startswith("# ")
    assert len(first.split("\n\n", 1)[1]) > 60  # a paragraph saying the question it answers
    code = [c for c in items if c["cell_type"] == "code"]
    assert source(code[0]) == "import dailypapers as dp\n\ndp.setup_notebook()"
    assert source(code[1]) == "papers = dp.prepare(dp.default_store())"
    for before, cell in itertools.pairwise(items):
        if cell["cell_type"] == "code":
            assert before["cell_type"] == "markdown", f"{path.name}: code without a sentence"
    checks = [c for c in code if "# NBVAL_CHECK_OUTPUT" in source(c)]
    assert checks, "each notebook checks a real value"
    for cell in code:
        if cell in checks:
            assert cell["outputs"] and cell["execution_count"]
        else:
            assert cell["outputs"] == [] and cell["execution_count"] is None, source(cell)
    assert not any(line.lstrip().startswith(("def ", "class ", "for ", "import polars"))
                   for c in code for line in source(c).splitlines()), "logic belongs in src/"


# -- the panel, driven from Python ----------------------------------------------------------

@pytest.fixture
def papers():
    return dp.generate_corpus(3000, seed=4)


def rows_of(values) -> list:
    """A dataset's rows; a live refresh sends them as JSON text (``format: json``)."""
    return json.loads(values) if isinstance(values, str) else values


def data_of(jupyter_chart) -> list:
    """The rows of the spec the browser is sent."""
    spec = jupyter_chart.spec
    return [row for rows in spec["datasets"].values() for row in rows_of(rows)]


def plain(spec: dict) -> dict:
    """``spec`` with each dataset's rows in place of its name (names hash the encoding)."""
    datasets = {name: rows_of(values) for name, values in spec.get("datasets", {}).items()}

    def walk(node):
        if isinstance(node, dict):
            if "data" in node and isinstance(node["data"], dict) and "name" in node["data"]:
                node = {**node, "data": datasets[node["data"]["name"]]}
            return {key: walk(value) for key, value in node.items() if key != "datasets"}
        return [walk(value) for value in node] if isinstance(node, list) else node

    return walk(spec)


def test_panel_label_frame_and_charts_follow_every_control(papers):
    panel = FilterPanel(papers)
    teams = panel.chart("author_counts")
    orgs = panel.chart("top_organizations")
    assert panel.label.value.startswith("<b>3,000 of 3,000 papers</b>")
    before_teams, before_orgs = data_of(teams), data_of(orgs)

    top_org = dp.compute_top_organizations(papers, 1)["organization"][0]
    panel.organizations.value = [top_org]
    kept = papers.filter(pl.col("organization") == top_org)
    assert panel.frame.height == kept.height
    assert panel.label.value.startswith(f"<b>{kept.height:,} of 3,000 papers</b>")
    assert data_of(teams) != before_teams
    assert data_of(orgs) != before_orgs
    assert [row["organization"] for row in data_of(orgs)] == [top_org]
    assert sum(row["papers"] for row in data_of(teams)) == kept.height
    # a refresh skips re-validation and sends rows as JSON text, yet the chart's full spec
    assert "format" in json.dumps(teams.spec["data"])
    assert plain(teams.spec) == plain(teams.chart.to_dict())

    first = papers["published_on"].min() + timedelta(days=40)
    panel.since.value = first
    assert panel.filters.since == first
    assert panel.frame["published_on"].min() >= first
    assert "published from" in panel.describe()

    panel.min_upvotes.value = 3
    assert (panel.frame["upvotes"] >= 3).all()
    panel.team_size.value = (2, 10)
    assert panel.frame["author_count"].is_between(2, 10).all()
    panel.text.value = panel.frame["title"][0].split()[0]
    assert panel.frame.height >= 1

    panel.clear()
    assert panel.frame.height == 3000 and panel.filters.is_empty()
    assert data_of(teams) == before_teams


@pytest.mark.parametrize("name", list(dp.views.VIEWS))
def test_a_refresh_sends_every_views_rows_as_json_text(papers, name):
    """Layers, dates, nulls and floats: the text parses to the rows Altair would send."""
    panel = FilterPanel(papers)
    chart = panel.chart(name)
    panel.min_upvotes.value = 4
    assert all(isinstance(values, str) for values in chart.spec["datasets"].values())
    assert plain(chart.spec) == plain(chart.chart.to_dict())  # to_dict() validates
    assert alt.utils.schemapi.DEBUG_MODE  # rebuilt without Altair's checks, then restored


def test_widget_options_are_followed(papers):
    panel = FilterPanel(papers)
    period = dp.period_toggle("1mo")
    chart = panel.chart("papers_over_time", every=period)
    monthly = len(data_of(chart))
    period.value = "1q"
    assert len(data_of(chart)) < monthly


def test_rising_keywords_follow_the_period_pickers(papers):
    panel = FilterPanel(papers)
    before = dp.period_picker(papers, "Before", half=0)
    after = dp.period_picker(papers, "After", half=1)
    chart = panel.chart("rising_keywords", before=before, after=after)
    first = data_of(chart)
    options = [value for _, value in before.options]
    before.value = (options[0], options[3])
    assert data_of(chart) != first


def test_slide_exporter_writes_deck_and_images(papers, tmp_path):
    panel = FilterPanel(papers)
    panel.min_upvotes.value = 2
    exporter = dp.SlideExporter(panel, out_dir=tmp_path, chosen=["author_counts"])
    written = exporter.export()
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "daily-papers.pptx", "daily-papers/author_counts.png", "daily-papers/author_counts.svg"]
    assert all(p.is_file() for p in written)
    assert "at least 2 upvotes" in panel.describe()
    again = exporter.export()
    assert again[0].name == "daily-papers-2.pptx"
    assert "daily-papers.pptx exists" in exporter.result.value


def test_slide_exporter_exports_live_charts_as_shown(papers, tmp_path):
    panel = FilterPanel(papers)
    period = dp.period_toggle("1q")
    live = panel.chart("papers_over_time", every=period)
    period.value = "1y"
    exporter = dp.SlideExporter(panel, out_dir=tmp_path)
    labels = [label for label, _ in exporter.choice.options]
    assert labels[0] == "Papers per year (as shown)"
    assert "Papers over time" not in labels  # the view is listed once, as shown
    assert len(labels) == len(dp.VIEWS)
    assert set(labels) & set(dp.VIEWS) == set()  # every view listed by its question
    exporter.choice.value = ["live:0"]
    assert exporter.selected() == {"papers_over_time": live.chart}
    assert len(exporter.thumbnails.children) == 1
    written = exporter.export()
    deck = Presentation(str(written[0]))
    assert list(deck.slides)[1].shapes.title.text.splitlines()[0] == "Papers per year"


@pytest.mark.parametrize(
    ("first", "last", "count", "step"),
    [(date(2025, 1, 1), date(2025, 1, 1), 1, 1), (date(2025, 1, 1), date(2025, 12, 31), 365, 1),
     (date(2025, 1, 1), date(2026, 12, 31), 106, 7),
     (date(2010, 1, 5), date(2025, 1, 1), 182, None)],
)
def test_date_stops_stay_usable(first, last, count, step):
    stops = date_stops(first, last)
    assert len(stops) == count <= 400
    assert stops[0] <= first and stops[-1] + timedelta(days=31) > last
    if step:
        assert all((b - a).days == step for a, b in itertools.pairwise(stops))


def test_views_coarsen_a_period_too_fine_for_a_chart():
    # 200k synthetic papers span ~30 years: 1,500 weeks, fine; 11,000 days, too many bars
    frame = dp.generate_corpus(200_000, seed=2, abstracts=False)
    spec = dp.view("papers_over_time", frame, every="1d").to_dict()
    assert spec["encoding"]["x"]["title"] != "Day"
    assert len(next(iter(spec["datasets"].values()))) <= dp.charts.MAX_ROWS


SOURCES = [{"source": source} for source in ("auto", "keywords", "text")]
#: every option each view offers, one at a time (and every keyword vocabulary)
VIEW_OPTIONS = {
    "overview": [{}],
    "coverage": [{}, {"every": "1q"}],
    "papers_over_time": [{}, {"every": "1mo"}, {"date": "daily_on"},
                         {"measure": "upvotes"}, {"measure": "median_upvotes"},
                         {"measure": "upvotes", "observations": "all"}],
    "author_counts": [{}, {"max_authors": 5}],
    "team_size_over_time": [{}, {"every": "1q"}],
    "top_authors": [{}, {"n": 5}],
    "top_authors_over_time": [{}, {"n": 4, "every": "1q"}],
    "top_organizations": [{}, {"n": 3}],
    "organization_share": [{}, {"every": "1y", "n": 3}],
    "upvotes_by_organization": [{}, {"n": 4}, {"observations": "all"}],
    "keyword_frequencies": [*SOURCES, {"n": 5}],
    "keyword_trends": [*SOURCES, {"every": "1y", "n": 3},
                       {"keywords": ["LLMs", "diffusion models"]}],
    "trend_topics": [*SOURCES, {"n": 5}],
    "rising_keywords": [*SOURCES, {"n": 4},
                        {"before": (date(2023, 6, 1), date(2024, 5, 31)),
                         "after": (date(2024, 6, 1), date(2025, 5, 31))}],
    "upvotes_by_team_size": [{}, {"observations": "all"}],
    "keyword_map": [*SOURCES, {"n": 20, "min_papers": 1}],
    "coauthor_map": [{}, {"n": 10}],
    "impact_share": [{}, {"kind": "space", "every": "1y"}],
    "impact_by_organization": [{}, {"n": 3, "kind": "dataset"}],
    "impact_by_upvotes": [{}, {"kind": "space", "observations": "all"}],
    "impact_by_keyword": [*SOURCES, {"n": 3, "kind": "dataset"}],
    "most_used": [{}, {"n": 5}],
    "days_to_first_model": [{}, {"every": "1y"}],
}


def chart_rows(chart) -> list[list[dict]]:
    """Each dataset's rows; a keyword's label left out (the panel names a keyword by its
    most frequent spelling in the whole table, a plain frame by its own rows'), and so are
    the listing days and the days each period covers (a panel reads the days its whole data
    holds, whatever the filter keeps; a plain frame holds only its own:
    tests/test_sampling.py), shares to 12 digits (numpy and some polars versions divide a
    last bit apart)."""
    def value(v):
        return round(v, 12) if isinstance(v, float) else v

    return [[{k: value(v) for k, v in row.items() if k not in NAMED} for row in rows_of(values)
             if row.get("measure") != "Listing days held"]  # the overview card's line of them
            for values in chart.to_dict()["datasets"].values()]


#: What a chart derives from a keyword's label (see chart_rows): a map's short label, its
#: clusters' names, which labels have room and where they go, the labels left out.
NAMED = {"label", "short", "cluster_name", "labelled", "label_x", "label_y", "carried_by_all",
         # the days the whole data holds, and what is read from them (see chart_rows)
         *reference.WHOLE_TABLE_COLUMNS, "column"}


def test_every_view_option_is_a_view_option():
    assert set(VIEW_OPTIONS) == set(dp.VIEWS)


def narrow(panel: FilterPanel, papers: pl.DataFrame, state: str) -> None:
    """Set one of the filter states the equality test tries."""
    if state == "upvotes and dates":
        panel.min_upvotes.value = 3
        days = papers["published_on"].drop_nulls().sort()
        panel.since.value = days[len(days) // 4]
    elif state == "two organizations":
        top = dp.compute_top_organizations(papers, 2)
        panel.organizations.value = top["organization"][:2].to_list()
    elif state == "a keyword click":
        top = dp.compute_keyword_frequencies(papers, 1, source="keywords")["keyword"][0]
        panel.pick({"keyword": top, "vocabulary": "keywords"})
    elif state == "a search":
        panel.text.value = "diffusion"
    else:
        assert state == "no filter"


@pytest.mark.parametrize(("data", "state", "made_from"), [
    ("generated", "no filter", "table"), ("generated", "upvotes and dates", "table"),
    ("generated", "two organizations", "table"),
    ("generated", "upvotes and dates", "store"),  # abstracts left in the file, read when asked
    # the shipped data, whose keywords and abstracts define abbreviations and whose spellings
    # vary: what merges and what is a keyphrase must not depend on the papers counted
    ("real", "upvotes and dates", "table"), ("real", "two organizations", "table"),
    ("real", "a keyword click", "table"), ("real", "a search", "table"),
])
def test_every_view_and_option_from_the_panel_equals_the_plain_filtered_frame(
        request, data, state, made_from, tmp_path):
    papers = request.getfixturevalue("papers" if data == "generated" else "real_papers")
    if made_from == "store":
        dp.store.write_atomic(papers, tmp_path / "papers.parquet")
        papers = dp.conform(papers)
    panel = FilterPanel(papers if made_from == "table" else tmp_path / "papers.parquet",
                        table=False)
    narrow(panel, papers, state)
    plain = papers.filter(pl.Series(panel.prepared.mask)) if made_from == "store" else panel.frame
    assert plain.height > 0 and (state == "no filter") == (plain.height == papers.height)
    for name, variants in VIEW_OPTIONS.items():
        for options in variants:
            ours = chart_rows(dp.view(name, panel.prepared, **options))
            theirs = chart_rows(dp.view(name, plain, **options))
            assert ours == theirs, (name, options)


def test_panel_charts_equal_charts_of_the_full_filtered_frame(papers):
    panel = FilterPanel(papers)
    chart = panel.chart("top_organizations")
    panel.min_upvotes.value = 3
    expected = dp.view("top_organizations", panel.frame).to_dict()
    assert chart.chart.to_dict()["datasets"] == expected["datasets"]
    assert panel.frame.columns[:20] == dp.NAMES  # the full table, every column


@pytest.mark.parametrize(("first", "last", "picked", "span"), [
    # days: a stop is its own day
    (date(2025, 1, 1), date(2025, 1, 31), (date(2025, 1, 3), date(2025, 1, 9)),
     (date(2025, 1, 3), date(2025, 1, 9))),
    # weeks (Mondays) and months: the upper stop runs to the day before the next one
    (date(2020, 1, 15), date(2026, 3, 2), (date(2020, 1, 20), date(2020, 2, 3)),
     (date(2020, 1, 20), date(2020, 2, 9))),
    (date(2018, 1, 15), date(2026, 3, 2), (date(2018, 2, 1), date(2023, 6, 1)),
     (date(2018, 2, 1), date(2023, 6, 30))),
    # the last stop runs to the data's last day
    (date(2018, 1, 15), date(2026, 3, 2), (date(2024, 1, 1), date(2026, 4, 1)),
     (date(2024, 1, 1), date(2026, 3, 2))),
])
def test_a_date_range_spans_whole_stops(first, last, picked, span):
    frame = pl.DataFrame({"published_on": [first, last]})
    picker = dp.period_picker(frame, "Before", half=0)
    picker.value = picked
    assert picker.span == span


def test_a_date_range_shows_its_whole_span_in_its_description():
    frame = pl.DataFrame({"published_on": [date(2018, 1, 15), date(2026, 3, 2)]})
    picker = dp.period_picker(frame, "Before", half=0)
    picker.value = (date(2018, 2, 1), date(2023, 6, 1))
    assert picker.description == "Before: 2018-02-01 → 2023-06-30"
    assert picker.readout is False  # its fixed-width box cut the span


def test_default_pickers_split_the_papers_in_two(papers):
    """Before ends the day before After starts: every dated paper is in exactly one."""
    before = dp.period_picker(papers, "Before", half=0).span
    after = dp.period_picker(papers, "After", half=1).span
    assert before[1] + timedelta(days=1) == after[0]
    assert before[0] <= papers["published_on"].min() and after[1] == papers["published_on"].max()


def test_a_click_on_a_keyword_leaves_it_out_of_the_keyword_charts_and_says_so(papers):
    """After the click every paper kept carries the keyword: the charts show what else
    these papers are about, and their subtitle names the keyword left out."""
    panel = FilterPanel(papers)
    frequencies = panel.chart("keyword_frequencies", source="keywords")
    trends = panel.chart("keyword_trends", source="keywords")
    top = dp.compute_keyword_frequencies(papers, 1, source="keywords").row(0, named=True)
    panel.pick({"keyword": top["keyword"], "vocabulary": "keywords"})
    for chart in (frequencies, trends):
        rows = chart.chart.to_dict()["datasets"]
        assert not any(row.get("keyword") == top["keyword"]
                       for table in rows.values() for row in table)
        assert (f"Not shown: {top['label']}, which every one of these papers carries"
                in dp.charts.title_of(chart.chart)[1])


def test_the_vocabulary_toggle_switches_every_keyword_chart(papers):
    panel = FilterPanel(papers)
    vocabulary = dp.vocabulary_toggle("keywords")
    chart = panel.chart("keyword_frequencies", source=vocabulary)
    assert "Hub keywords of" in dp.charts.title_of(chart.chart)[1]
    vocabulary.value = "text"
    assert "Keyphrases from the titles and abstracts" in dp.charts.title_of(chart.chart)[1]


def test_a_panel_of_restricted_papers_filters_those_papers(papers):
    voted = dp.prepare(papers).where(pl.col("upvotes") >= 3)
    panel = FilterPanel(voted)
    assert panel.papers.height == voted.height < papers.height
    panel.min_upvotes.value = 10
    assert panel.prepared.height == papers.filter(pl.col("upvotes") >= 10).height
