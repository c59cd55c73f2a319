"""chart_*: tested through to_dict() — marks, fields, types, titles, row counts; never pixels."""

from __future__ import annotations

import json
import re
from datetime import date

import altair as alt
import polars as pl
import pytest

import dailypapers as dp
from dailypapers.charts import MAX_ROWS, PALETTE, THEME, subtitle_lines
from dailypapers.errors import DailyPapersError


@pytest.fixture(scope="module")
def corpus() -> pl.DataFrame:
    return dp.generate_corpus(3000, seed=5)


def layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def rows(spec: dict) -> int:
    datasets = spec.get("datasets", {})
    return sum(len(values) for values in datasets.values())


def rows_of_spec(spec: dict) -> list[dict]:
    return [row for values in spec.get("datasets", {}).values() for row in values]


def encodings(spec: dict) -> dict[str, tuple[str, str]]:
    found = {}
    for layer in reversed(layers(spec)):  # the top layer (line, dot) is the one read
        for channel, enc in layer.get("encoding", {}).items():
            if isinstance(enc, dict) and "field" in enc:
                found.setdefault(channel, (enc["field"], enc.get("type")))
    return found


CASES = [
    ("author_counts", lambda f: dp.chart_author_counts(dp.compute_author_counts(f)), "bar",
     {"x": ("authors", "ordinal"), "y": ("papers", "quantitative")}, 21),
    ("team_size", lambda f: dp.chart_team_size_over_time(
        dp.compute_team_size_over_time(f, "1q"), "1q"), "area",
     {"x": ("period", "temporal"), "y": ("median", "quantitative")}, None),
    ("top_authors", lambda f: dp.chart_top_authors(dp.compute_top_authors(f, 12)), "bar",
     {"x": ("papers", "quantitative"), "y": ("author", "nominal")}, 12),
    ("author_production", lambda f: dp.chart_top_authors_over_time(
        dp.compute_top_authors_over_time(f, 5, "1y"), "1y"), "circle",
     {"x": ("period", "temporal"), "y": ("author", "nominal"), "size": ("papers", "quantitative")},
     None),
    ("papers_over_time", lambda f: dp.chart_papers_over_time(
        dp.compute_papers_over_time(f, "1w"), "1w"), "bar",
     {"x": ("period", "temporal"), "y": ("papers", "quantitative")}, None),
    ("top_organizations", lambda f: dp.chart_top_organizations(
        dp.compute_top_organizations(f, 10)), "bar",
     # the 9th and 10th tie with organizations left out: not drawn (tests/test_ties.py)
     {"x": ("papers", "quantitative"), "y": ("organization_name", "nominal")}, 8),
    ("coverage", lambda f: dp.chart_coverage(dp.compute_coverage(f, "1y"), "1y"), "rect",
     {"x": ("column", "ordinal"), "y": ("field_name", "nominal"), "text": ("shown", "nominal")},
     None),
    ("organization_share", lambda f: dp.chart_organization_share(
        dp.compute_organization_share(f, "1q", 5), "1q"), "bar",
     {"x": ("period", "temporal"), "y": ("share_bottom", "quantitative"),
      "y2": ("share_top", None), "color": ("organization_name", "nominal")}, None),
    ("keyword_frequencies", lambda f: dp.chart_keyword_frequencies(
        dp.compute_keyword_frequencies(f, 25)), "bar",
     {"x": ("papers", "quantitative"), "y": ("label", "nominal")}, 25),
    ("keyword_trends", lambda f: dp.chart_keyword_trends(
        dp.compute_keyword_trends(f, None, "1q", n=4), "1q"), "line",
     {"x": ("period", "temporal"), "y": ("share", "quantitative"), "color": ("label", "nominal")},
     None),
    ("trend_topics", lambda f: dp.chart_trend_topics(dp.compute_trend_topics(f, 10)), "rule",
     {"x": ("median_date", "temporal"), "y": ("label", "nominal")}, 10),
    ("rising", lambda f: dp.chart_rising_keywords(dp.compute_rising_keywords(f, n=6)), "bar",
     {"x": ("z", "quantitative"), "y": ("label", "nominal"), "color": ("direction", "nominal")},
     12),
    ("upvotes_team", lambda f: dp.chart_upvotes_by_team_size(
        dp.compute_upvotes_by_team_size(f)), "rule",
     {"y": ("group", "nominal"), "x": ("median", "quantitative")}, None),
    ("upvotes_org", lambda f: dp.chart_upvotes_by_organization(
        dp.compute_upvotes_by_organization(f, 8)), "rule",
     {"y": ("group", "nominal"), "x": ("median", "quantitative")}, 8),
]


@pytest.mark.parametrize(("name", "build", "mark", "expected", "n_rows"), CASES,
                         ids=[c[0] for c in CASES])
def test_chart_spec(corpus, name, build, mark, expected, n_rows):
    chart = build(corpus)
    assert isinstance(chart, alt.TopLevelMixin)
    spec = chart.to_dict()
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
             for layer in layers(spec)]
    assert marks[0] == mark
    found = encodings(spec)
    for channel, field_type in expected.items():
        assert found[channel] == field_type, channel
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert title and isinstance(title, str)
    # a reader who hovers a mark finds what it stands for (a range's bar may leave it to
    # its dot, a label to its mark: some layer carries the tooltip)
    assert any("tooltip" in layer.get("encoding", {}) for layer in layers(spec))
    if n_rows is not None:
        assert rows(spec) == n_rows
    assert 0 < rows(spec) <= MAX_ROWS


@pytest.mark.parametrize(("build", "first_label"), [
    (lambda: dp.chart_upvotes_by_team_size(pl.DataFrame({
        "team_size": ["1", "3–4"], "papers": [1, 1234], "q1": [1.0, 2.0], "median": [2.0, 5.0],
        "q3": [3.0, 9.0], "mean": [2.0, 6.0]})), "1 author · 1 paper"),
    (lambda: dp.chart_upvotes_by_organization(pl.DataFrame({
        "organization": ["kaist-ai", "nvidia"], "organization_name": ["KAIST AI", "NVIDIA"],
        "papers": [21, 1034], "q1": [4.0, 5.0], "median": [22.0, 14.5], "q3": [27.0, 35.0],
        "mean": [20.0, 18.0], "total": [400, 600]})), "KAIST AI · 21 papers"),
])
def test_upvote_ranges_name_each_group_with_its_papers(build, first_label):
    """Display names (handles in the tooltip), N beside each, best median first."""
    spec = build().to_dict()
    groups = [row["group"] for row in rows_of_spec(spec)]
    assert spec["layer"][0]["encoding"]["y"]["sort"][0] == first_label
    assert any("1,034 papers" in group or "1,234 papers" in group for group in groups)
    tooltips = [t["title"] for t in spec["layer"][1]["encoding"]["tooltip"]]
    assert "Papers" in tooltips


@pytest.mark.parametrize(("papers", "singles", "drawn", "says"), [
    ([9, 4, 2], 0, ["a", "b", "c"], None),
    ([9, 4, 1, 1], 37, ["a", "b"], "Not drawn: 37 keywords that one paper alone carries"),
    ([1, 1, 1], 3, ["a", "b", "c"], "No keyword here is shared by two papers"),
    ([2, 1], None, ["a"], "Not drawn: 1 keyword that one paper alone carries"),  # a table's own
])
def test_keywords_of_one_paper_are_not_ranked_beside_shared_ones(papers, singles, drawn, says):
    """On few papers most keywords are one paper's: their tie is cut by name, so they are
    left out (and counted) when some keyword is shared, and drawn when none is."""
    table = pl.DataFrame({"keyword": list("abcd"[:len(papers)]), "papers": papers}).with_columns(
        label=pl.col("keyword"), share=pl.col("papers") / 40)
    if singles is not None:
        table = table.with_columns(single_paper_keywords=pl.lit(singles, pl.Int64))
    chart = dp.chart_keyword_frequencies(table)
    assert [row["label"] for row in rows_of_spec(chart.to_dict())] == drawn
    lines = subtitle_lines(chart)
    assert (says in lines) if says else not any("one paper" in line or "two papers" in line
                                                for line in lines)


def test_overview_card_lists_every_figure(corpus):
    spec = dp.chart_overview(dp.compute_overview(corpus)).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert [v["measure"] for v in values][:2] == ["Papers", "Published"]
    assert values[0]["value"] == "3,000"


@pytest.mark.parametrize(("years", "expected"), [
    ([2024, 2025], "50%  (by year: 0% – 100%)"),   # 2024 without keywords, 2025 with
    ([2025, 2025], "50%"),                         # one year: no spread to tell
])
def test_overview_card_gives_the_spread_of_keywords_by_year_when_there_is_one(years, expected):
    papers = pl.DataFrame({"paper_id": ["a", "b"], "keywords": [None, ["agents"]],
                           "published_on": [date(y, 3, 3) for y in years]})
    values = next(iter(dp.chart_overview(dp.compute_overview(papers)).to_dict()["datasets"]
                       .values()))
    assert next(v["value"] for v in values if v["measure"] == "Papers with Hub keywords") \
        == expected


def test_overview_card_says_when_no_listing_names_authors():
    copied = dp.conform(pl.DataFrame({"paper_id": ["title:a"], "author_count": [3]}))
    values = next(iter(dp.chart_overview(dp.compute_overview(copied)).to_dict()["datasets"]
                       .values()))
    names = next(v["value"] for v in values if v["measure"] == "Distinct author names")
    assert names == "— (these listings name no authors)"


@pytest.mark.parametrize(("name", "build"), [(case[0], case[1]) for case in CASES])
def test_charts_of_empty_tables_still_build(name, build):
    """No papers: a titled chart that counts nothing (zero-filled grids at most)."""
    empty = dp.conform(pl.DataFrame({"paper_id": []}, schema={"paper_id": pl.String}))
    spec = build(empty).to_dict()
    assert spec["title"], name
    counted = [row.get("papers") for row in rows_of_spec(spec)]
    assert all(papers in (0, None) for papers in counted), (name, counted)


@pytest.mark.parametrize(("organizations", "says"), [
    (["meta", "meta", "nvidia", None], "Papers per Hub organization; 1 without one"),
    # one organization's papers (a click on its bar): no "0 more … 0 without one"
    (["meta", "meta"], "Papers per Hub organization"),
])
def test_the_top_organizations_count_the_papers_elsewhere_when_there_are(organizations, says):
    frame = pl.DataFrame({"paper_id": [f"2501.0000{i}" for i in range(len(organizations))],
                          "organization": organizations})
    chart = dp.chart_top_organizations(dp.compute_top_organizations(frame, n=2))
    assert dp.charts.subtitle_lines(chart)[0] == says


def organization_layers(corpus):
    spec = dp.chart_organization_share(dp.compute_organization_share(corpus, "1q", 3)).to_dict()
    unrecorded, bars = spec["layer"]
    return spec, unrecorded, bars


def test_organization_share_bars_stack_to_one_per_period(corpus):
    spec, _, bars = organization_layers(corpus)
    rows = pl.DataFrame(spec["datasets"][bars["data"]["name"]])
    tops = rows.group_by("period").agg(pl.col("share_top").max(), pl.col("share_bottom").min())
    assert tops["share_top"].round(9).to_list() == [1.0] * tops.height
    assert tops["share_bottom"].to_list() == [0.0] * tops.height


def test_organization_share_keeps_other_grey_and_no_organization_out(corpus):
    _, _, bars = organization_layers(corpus)
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"][-1] == "other" and "(no organization)" not in scale["domain"]
    assert scale["range"][-1] == "#999999"
    assert scale["range"][:3] == PALETTE[:3]


def test_unrecorded_periods_are_left_off_before_and_a_pale_band_between():
    """Before organizations are recorded the chart draws nothing (the subtitle names the
    span); an unrecorded quarter between recorded ones is a pale band, never a share."""
    days = ([date(2024, 2, 1)] * 10 + [date(2025, 2, 1)] * 3 + [date(2025, 5, 1)] * 10
            + [date(2025, 11, 1)] * 3)
    named = [None] * 10 + ["meta", "meta", None] + [None] * 10 + ["meta", "meta", None]
    table = dp.compute_organization_share(pl.DataFrame({
        "published_on": days, "organization": named}), "1q", 3)
    spec = dp.chart_organization_share(table, "1q").to_dict()
    unrecorded, bars = spec["layer"]
    gaps = spec["datasets"][unrecorded["data"]["name"]]
    assert [(row["period"][:7], row["named"], row["period_papers"]) for row in gaps] == [
        ("2025-04", 0, 10)]
    assert {row["period"][:7] for row in spec["datasets"][bars["data"]["name"]]} == {
        "2025-01", "2025-10"}
    assert spec["title"]["subtitle"][0].startswith("Not drawn: 2024-Q1, where fewer than")


def test_dates_keep_their_calendar_day(corpus):
    spec = dp.chart_papers_over_time(dp.compute_papers_over_time(corpus, "1mo"), "1mo").to_dict()
    first = next(iter(spec["datasets"].values()))[0]["period"]
    assert first == "2023-04-01T00:00:00"  # local midnight, not UTC: no day shift


def test_too_many_rows_is_a_clear_error(corpus):
    daily = dp.compute_papers_over_time(dp.generate_corpus(200_000, seed=1, abstracts=False), "1d")
    assert daily.height > MAX_ROWS
    with pytest.raises(DailyPapersError, match="coarser period"):
        dp.chart_papers_over_time(daily, "1d")


def test_theme_is_registered_and_slide_ready():
    with alt.theme.enable(THEME):
        config = alt.theme.get()()
    assert config["width"] / config["height"] == 2.0
    assert config["config"]["range"]["category"] == PALETTE
    assert config["config"]["axis"]["labelFontSize"] >= 12


def test_charts_never_display(corpus, monkeypatch):
    """chart_* return charts; none is handed to IPython's display (a notebook shows only
    what its cell returns or dp.show shows)."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *items, **_: shown.extend(items))
    for _, build, *_ in CASES:
        assert isinstance(build(corpus), alt.TopLevelMixin)
    assert shown == []
    dp.show(dp.chart_author_counts(dp.compute_author_counts(corpus)))  # the one that does
    assert len(shown) == 1


@pytest.mark.parametrize(("largest", "ticks"), [(1, 1), (3, 3), (500, 8)])
def test_count_axes_tick_whole_numbers(largest, ticks):
    table = pl.DataFrame({"organization": ["a", "b"], "organization_name": ["A", "B"],
                          "papers": [largest, 1], "share": [0.5, 0.5], "kind": ["top", "top"]})
    axis = dp.chart_top_organizations(table).to_dict()["encoding"]["x"]["axis"]
    assert axis == {"tickCount": ticks, "format": ",d"}


@pytest.mark.parametrize("every", ["1d", "1w", "1mo", "1q", "1y"])
def test_period_bars_span_their_whole_period(corpus, every):
    """A week's bar runs Monday to Monday (a day time unit drew weekly bars one day wide)."""
    for chart in (dp.chart_papers_over_time(dp.compute_papers_over_time(corpus, every), every),
                  dp.chart_organization_share(dp.compute_organization_share(corpus, every, 3),
                                              every)):
        spec = chart.to_dict()
        top = layers(spec)[-1]  # the bars (organization share draws "not recorded" first)
        assert top["encoding"]["x2"]["field"] == "period_end"
        rows = spec["datasets"][top["data"]["name"] if "data" in top else spec["data"]["name"]]
        start = pl.Series([rows[0]["period"][:10]]).str.to_date()
        end = pl.Series([rows[0]["period_end"][:10]]).str.to_date()
        assert end.to_list() == start.dt.offset_by(every).to_list()


@pytest.mark.parametrize(("every", "axis"), [
    # (the period of the bars, the time axis: its labels and where its ticks fall)
    ("1q", {"format": "%b %Y", "tickCount": {"interval": "month", "step": 3}}),
    ("1y", {"format": "%Y", "tickCount": {"interval": "year", "step": 1}}),
])
def test_a_time_axis_of_quarters_or_years_has_a_tick_at_each_period_with_its_year(every, axis):
    papers = dp.generate_corpus(2000, seed=4, abstracts=False)
    spec = dp.view("papers_over_time", papers, every=every).to_dict()
    assert spec["encoding"]["x"].get("axis") == axis


@pytest.mark.parametrize(("first", "last", "every", "ticks"), [
    # (the first and last period drawn, their step: the axis's tick interval and step)
    (date(2024, 2, 1), date(2026, 7, 1), "1mo", ("month", 3)),  # 30 months
    (date(2023, 2, 1), date(2026, 8, 1), "1mo", ("month", 6)),  # the shipped data
    (date(2025, 10, 1), date(2026, 8, 1), "1mo", ("month", 1)),
    (date(2010, 1, 1), date(2026, 8, 1), "1mo", ("year", 2)),
    (date(2023, 2, 13), date(2026, 8, 17), "1w", ("month", 6)),
    (date(2026, 8, 20), date(2026, 8, 20), "1d", ("day", 1)),  # one day: no hours
    (date(2026, 6, 1), date(2026, 8, 20), "1d", ("day", 7)),
])
def test_a_time_axis_ticks_a_dozen_times_at_most_and_names_each_year(first, last, every,
                                                                      ticks):
    """Left to itself Vega ticked 'February, June, October' over 30 months: no year."""
    from dailypapers.charts.base import _time_axis

    axis = _time_axis(every, pl.Series([first, last])).to_dict()
    assert (axis["tickCount"]["interval"], axis["tickCount"]["step"]) == ticks
    if ticks[0] == "month":  # the first tick of a year (its month below the step) says it
        assert f"month(datum.value) < {ticks[1]} ? '%b %Y'" in axis["labelExpr"]


@pytest.mark.parametrize("impact", [False, True])
def test_no_view_hands_altair_an_untyped_channel(real_papers, impact, monkeypatch):
    """Every channel of every view is a typed Altair object: for a string or a plain dict
    (``alt.datum(0)``, ``alt.value(1)``) Altair hashes its whole schema to find the class,
    milliseconds a channel at every filter change (charts/base.py)."""
    from altair.utils import core
    from altair.utils.schemapi import SchemaBase

    untyped = []
    wrap = core._ChannelCache._wrap_in_channel

    def checked(self, obj, encoding):
        if not isinstance(obj, SchemaBase | list | tuple):
            untyped.append((encoding, obj))
        return wrap(self, obj, encoding)

    monkeypatch.setattr(core._ChannelCache, "_wrap_in_channel", checked)
    papers = dp.prepare(dp.add_synthetic_impact(real_papers) if impact else real_papers)
    for name in dp.VIEWS:
        dp.view(name, papers)
    assert untyped == []


@pytest.mark.parametrize("impact", [False, True])
def test_no_subtitle_asks_for_a_click(real_papers, impact):
    """A subtitle goes onto the slide and the image exported: what a click does is said by
    the notebook and the panel, where there is something to click."""
    papers = dp.prepare(dp.add_synthetic_impact(real_papers) if impact else real_papers)
    asking = {name: line for name in dp.VIEWS
              for line in dp.charts.subtitle_lines(dp.view(name, papers))
              if "click" in line.lower()}
    assert asking == {}


#: A count of one said in the plural: never right, on a chart, a slide or a label.
ONE_IN_THE_PLURAL = re.compile(r"(?<![\d,./])\b1 (papers|periods|models|months|quarters|years"
                               r"|weeks|days|weekdays|organizations|keywords|authors"
                               r"|listing days)\b")


@pytest.mark.parametrize("impact", [False, True])
@pytest.mark.parametrize("kept", [1, 2])
def test_no_chart_counts_one_in_the_plural(real_papers, kept, impact):
    """A filter may keep a paper or two: every view then counts them in words ("1 paper",
    "2 papers"), its messages without impact data included."""
    table = real_papers.sort("upvotes", descending=True, nulls_last=True).head(kept)
    papers = dp.prepare(dp.add_synthetic_impact(table) if impact else table)
    said = {name: found.group(0) for name in dp.VIEWS for found in ONE_IN_THE_PLURAL.finditer(
        json.dumps(dp.view(name, papers).to_dict(validate=False)))}
    assert said == {}


@pytest.mark.parametrize(("windows", "said"), [
    ({}, "Nothing to rank: these papers span a single day, not two periods"),
    ({"before": (date(2020, 1, 1), date(2020, 1, 31)), "after": (date(2020, 3, 1),
                                                                  date(2020, 3, 31))},
     "Nothing to rank: no keyword is held by enough papers of the two periods"),
])
def test_rising_keywords_say_why_there_is_nothing_to_rank(real_papers, windows, said):
    one_day = real_papers.filter(pl.col("published_on") == pl.col("published_on").max())
    chart = dp.view("rising_keywords", one_day, **windows)
    assert dp.charts.subtitle_lines(chart)[-1] == said
    assert dp.split_halves(one_day) is None


@pytest.mark.parametrize(("within_chance", "said"), [
    ([False, False], None),
    ([False, True], "Pale: within chance (|z| < 1.96)"),
    ([True, True], "No keyword here rises or falls beyond chance (every |z| < 1.96): too few "
                   "papers to tell"),
])
def test_rising_keywords_within_chance_are_pale(within_chance, said):
    table = pl.DataFrame({"keyword": ["a", "b"], "label": ["a", "b"], "papers_before": [1, 9],
                          "papers_after": [9, 1], "log_odds": [1.0, -1.0], "z": [2.5, -1.0],
                          "direction": ["rising", "falling"], "within_chance": within_chance})
    chart = dp.chart_rising_keywords(table)
    lines = dp.charts.subtitle_lines(chart)
    assert (said in lines) if said else not any("chance" in line for line in lines)
    opacity = chart.to_dict()["encoding"]["opacity"]
    assert opacity["condition"] == {"test": "datum.within_chance", "value": 0.35}


def _two_layers(shared: bool, sized: bool = False) -> tuple[alt.Chart, alt.Chart]:
    table = pl.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})
    first = alt.Chart(table).mark_line().encode(x=alt.X("x:Q"), y=alt.Y("y:Q"))
    second = (first.mark_point() if shared
              else alt.Chart(table.clone()).mark_point().encode(x=alt.X("x:Q")))
    return first, (second.properties(height=200) if sized else second)


@pytest.mark.parametrize(("shared", "sized"), [(True, False), (False, False), (True, True)])
@pytest.mark.parametrize("properties", [{}, {"width": 300, "title": "T"}])
def test_a_layered_chart_made_here_is_altairs(shared, sized, properties):
    """charts.base._layer skips Altair's copies but gives its spec: shared data lifted,
    sizes and properties where Altair puts them; a shallow copy is the same chart."""
    from dailypapers.charts.base import _layer

    ours = _layer(*_two_layers(shared, sized), **properties)
    theirs = alt.layer(*_two_layers(shared, sized), **properties)
    assert ours.to_dict() == theirs.to_dict()
    assert ours.copy(deep=False).to_dict() == theirs.to_dict()
    assert ("data" in ours.to_dict()) == shared  # lifted only when one data object
