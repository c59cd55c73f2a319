"""chart_*: one Altair chart per compute_* table, and the slide-ready theme.

Every function takes the table its compute_* function returns and returns an ``alt.Chart``
(or a layered chart); none displays anything. Tables are small: aggregation happened in polars,
so no chart embeds more than :data:`MAX_ROWS` rows.

Examples
--------
>>> from dailypapers.compute import compute_author_counts
>>> table = compute_author_counts(pl.DataFrame({"author_count": [1, 2, 2, 9]}), max_authors=3)
>>> chart_author_counts(table).to_dict()["encoding"]["x"]["field"]
'authors'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import numpy as np
import polars as pl

from .compute import MIN_RECORDED, OTHER, SETTLE_DAYS, TREND_MIN_PAPERS
from .errors import DailyPapersError

THEME = "dailypapers"
#: Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442",
           "#000000", "#999999"]
MUTED = "#999999"
#: A chart at this size fills a 16:9 slide below its title.
WIDTH, HEIGHT = 720, 360
#: The whole width, labels and legend included, of a chart whose labels are long
#: (keywords): it fits a notebook's output area beside JupyterLab's file browser (~960 px
#: in a 1,400 px window); the plot takes what the labels leave.
FIT_WIDTH = 940
_FIT = alt.AutoSizeParams(type="fit-x", contains="padding")
MAX_ROWS = 4000


def _count_axis(table: pl.DataFrame, column: str = "papers") -> alt.Axis:
    """An axis of counts with whole-number ticks only (no "0.5 papers" on a small
    selection); Vega ignores tickMinStep here, so the tick count follows the largest count."""
    largest = table[column].max() if table.height and column in table.columns else None
    return alt.Axis(tickCount=int(min(max(largest or 1, 1), 8)), format=",d")


@alt.theme.register(THEME, enable=False)
def slide_theme() -> alt.theme.ThemeConfig:
    """Large type, a colour-blind-safe palette, no chart border: readable on a 16:9 slide."""
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "config": {
            "font": "Helvetica, Arial, sans-serif",
            "view": {"stroke": None},
            "title": {"fontSize": 20, "anchor": "start", "subtitleFontSize": 14,
                      "subtitleColor": "#555555", "offset": 12},
            # labelLimit: names whole ("National University of Singapore"), not cut at 180 px
            "axis": {"labelFontSize": 13, "titleFontSize": 14, "titleFontWeight": "normal",
                     "labelLimit": 320,
                     "gridColor": "#e6e6e6", "domainColor": "#888888", "tickColor": "#888888"},
            # legends whole: Vega cuts labels at 160 px by default
            "legend": {"labelFontSize": 13, "titleFontSize": 14, "orient": "right",
                       "labelLimit": 320},
            "header": {"labelFontSize": 13, "titleFontSize": 14},
            "range": {"category": PALETTE},
            "bar": {"color": PALETTE[0]},
            "line": {"color": PALETTE[0], "strokeWidth": 2.5},
            "point": {"color": PALETTE[0], "size": 60},
            "area": {"color": PALETTE[0]},
            "text": {"fontSize": 14},
        },
    }


#: The click selection of a chart whose marks are things (an organization, a keyword, an
#: author, a team size, a period): the filter panel reads it to narrow its filter
#: (:meth:`dailypapers.widgets.FilterPanel.pick`). Its fields name what was clicked.
PICK = "pick"


def _pick(*fields: str) -> alt.Parameter:
    """A click on a mark selects the thing it draws (``fields`` of its row)."""
    return alt.selection_point(name=PICK, fields=list(fields), on="click", clear=False)


def _fitted(chart: alt.LayerChart) -> alt.LayerChart:
    """``chart`` (a layered chart made here, not shared) :data:`FIT_WIDTH` wide in all, its
    labels included. Set, not passed through ``.properties()``: that validates them again
    at every filter change."""
    chart.width, chart.autosize = FIT_WIDTH, _FIT
    return chart


def _layer_picking(*layers: alt.Chart, picked: int, fields: tuple[str, ...],
                   title: alt.TitleParams | None = None) -> alt.LayerChart:
    """Layers whose layer ``picked`` carries the click selection (on ``fields``).

    The selection is written at the top, naming its layer, as Vega-Lite has it: given to
    a layer, Altair lifts it there itself and validates it on every build (~2 ms a chart,
    paid at each filter change).
    """
    named = [layer.copy(deep=False) for layer in layers]
    named[picked].name = f"{PICK}_layer"  # a name is a name: set, not validated again
    chart = alt.layer(*named, title=title if title is not None else alt.Undefined)
    chart.params = [alt.TopLevelSelectionParameter(
        name=PICK, select=_pick(*fields).param.select, views=[f"{PICK}_layer"])]
    return chart


def _bounds_of(table: pl.DataFrame, column: str = "authors") -> pl.DataFrame:
    """Team-size bounds of labelled buckets ("3–4", ">100", "1 author"): ``min_authors``
    and ``max_authors`` (null: no upper bound)."""
    digits = pl.col(column).str.extract_all(r"\d+").cast(pl.List(pl.Int32))
    above = pl.col(column).str.starts_with(">")
    return table.with_columns(
        min_authors=pl.when(above).then(digits.list.first() + 1).otherwise(digits.list.first()),
        max_authors=pl.when(above).then(None).otherwise(digits.list.last()))


# Channels are given as objects, never as "field:type" strings: Altair resolves a string
# through its whole schema (~3 ms a channel), which a filter change pays for every chart.


def _data(table: pl.DataFrame) -> pl.DataFrame:
    """The table as chart data; refuses what would bloat a notebook or a slide."""
    if table.height > MAX_ROWS:
        raise DailyPapersError(
            f"a chart of {table.height:,} rows would be slow and heavy; aggregate first "
            f"(for time series pick a coarser period, e.g. every='1w' or '1mo')")
    # Without a time zone, Vega reads a date-time as local time: the calendar day stays the
    # day in every time zone (a bare "YYYY-MM-DD" would be UTC midnight, the day before in
    # the Americas).
    return table.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%dT00:00:00"))


def _title(text: str, subtitle: str | list[str] | None = None) -> alt.TitleParams:
    return alt.TitleParams(text, subtitle=subtitle or alt.Undefined)


def _period_label(every: str) -> str:
    return {"1d": "Day", "1w": "Week", "1mo": "Month", "1q": "Quarter", "1y": "Year"}.get(
        every, "Period")


def _spans(table: pl.DataFrame, every: str) -> pl.DataFrame:
    """``table`` with ``period_end``, the next period's start: a bar spans its period.

    (Vega-Lite has no Monday week: a bar drawn by a day time unit would be one day wide.)
    """
    return table.with_columns(period_end=pl.col("period").dt.offset_by(every))


def _time_unit(every: str) -> str:
    return {"1d": "yearmonthdate", "1w": "yearmonthdate", "1mo": "yearmonth",
            "1q": "yearquarter", "1y": "year"}.get(every, "yearmonthdate")


def _partial_note(table: pl.DataFrame) -> list[str]:
    """The periods the data covers only in part, in words (drawn pale)."""
    if "partial" not in table.columns:
        return []
    cut = table.filter(pl.col("partial")).unique("period", maintain_order=True)
    if not cut.height:
        return []
    spans = ", ".join(f"{first:%Y-%m-%d} → {last:%Y-%m-%d}"
                      for first, last in cut.select("first_day", "last_day").iter_rows())
    return [f"Pale: a period the data covers only in part ({spans})"]


def _pale_when_partial(table: pl.DataFrame, full: float = 1.0) -> Any:
    """Opacity: pale where a period is partial (a table without the flag: all full)."""
    if "partial" not in table.columns:
        return alt.value(full)
    return _pale(0.35 * full, full)


def _pale(pale: float, full: float) -> alt.OpacityValue:
    """Opacity ``pale`` where a row's period is partial, else ``full``. Typed: Altair finds
    the class of a bare ``alt.condition`` dict by validating it against each candidate
    schema (~3 ms a chart, at every filter change)."""
    return alt.OpacityValue(**alt.condition(alt.datum.partial, alt.value(pale), alt.value(full)))


def chart_overview(overview: pl.DataFrame) -> alt.Chart:
    """The overview card: each figure of compute_overview as a labelled line of text."""
    row = overview.row(0, named=True) if overview.height else {}

    def fmt(value: Any, kind: str = "") -> str:
        if value is None:
            return "—"
        if kind == "share":
            return f"{value:.0%}"
        return f"{value:,}" if isinstance(value, int) else str(value)

    lines = [
        ("Papers", fmt(row.get("papers"))),
        ("Published", f"{fmt(row.get('first_published'))} → {fmt(row.get('last_published'))}"),
        ("Papers with a known team size", fmt(row.get("papers_with_authors"))),
        ("Distinct author names", fmt(row.get("distinct_authors"))
         if row.get("distinct_authors") else "— (these listings name no authors)"),
        ("Median team size", fmt(row.get("median_team_size"))),
        ("Organizations", fmt(row.get("organizations"))),
        ("Papers with Hub keywords", fmt(row.get("share_with_keywords"), "share")
         + ("" if row.get("keywords_lowest_year") is None else
            f"  (by year: {row['keywords_lowest_year']:.0%} – "
            f"{row['keywords_highest_year']:.0%})")),
        ("Total upvotes", fmt(row.get("total_upvotes"))),
    ]
    data = pl.DataFrame({"measure": [m for m, _ in lines], "value": [v for _, v in lines],
                         "order": list(range(len(lines)))})
    base = alt.Chart(data).encode(
        y=alt.Y("order:O", axis=None),
        tooltip=[alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("value:N", title="Value")])
    label = base.mark_text(align="right", dx=-10, color="#555555").encode(
        text=alt.Text("measure:N"))
    value = base.mark_text(align="left", dx=10, fontWeight="bold").encode(
        text=alt.Text("value:N"))
    return (alt.layer(label, value).properties(title=_title("What is in the data"),
                                                width=WIDTH, height=28 * len(lines)))


_FIELD_NAMES = {"authors": "Author names", "organization": "Organization",
                "keywords": "Hub keywords", "daily_on": "Daily Papers day",
                "upvotes": "Upvotes", "github_repo": "GitHub repository",
                "github_stars": "GitHub stars"}


def _period_names(periods: pl.Series, every: str) -> pl.Series:
    """A short name per period start: 2024, 2024-Q3, 2024-07, 2024-07-15."""
    if every == "1y":
        return periods.dt.strftime("%Y")
    if every == "1q":
        return pl.format("{}-Q{}", periods.dt.year(), periods.dt.quarter())
    if every == "1mo":
        return periods.dt.strftime("%Y-%m")
    return periods.dt.strftime("%Y-%m-%d")


def chart_coverage(table: pl.DataFrame, every: str = "1y") -> alt.LayerChart:
    """A heat table: the share of each period's papers that carry each field.

    A chart of a field says something only where the field is recorded; this shows where.
    Each column is labelled with its period and its number of papers.
    """
    named = table.with_columns(
        field_name=pl.col("field").replace_strict(_FIELD_NAMES, default=pl.col("field")),
        column=pl.format("{} · {}", _period_names(table["period"], every),
                         pl.col("papers").map_elements(lambda n: f"{n:,}",
                                                       return_dtype=pl.String)),
        shown=pl.when(pl.col("share").is_null()).then(pl.lit("—"))
        .otherwise((pl.col("share") * 100).round(0).cast(pl.Int64).cast(pl.String) + "%"))
    columns = named.unique("period", maintain_order=True).sort("period")["column"].to_list()
    fields = [_FIELD_NAMES.get(f, f) for f in named.unique("field", maintain_order=True)["field"]]
    base = alt.Chart(_data(named)).encode(
        x=alt.X("column:O", sort=columns, title=f"{_period_label(every)} and its papers",
                # two lines: the period, then its papers (narrow columns for quarters)
                axis=alt.Axis(labelAngle=0, orient="bottom", labelLimit=200,
                              labelExpr="split(datum.label, ' · ')")),
        y=alt.Y("field_name:N", sort=fields, title=None),
        tooltip=[alt.Tooltip("column:O", title=_period_label(every)),
                 alt.Tooltip("field_name:N", title="Field"),
                 alt.Tooltip("carrying:Q", title="Papers carrying it", format=","),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("share:Q", title="Share", format=".0%")])
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("share:Q", title="Share", legend=alt.Legend(format="%"),
                        scale=alt.Scale(domain=[0, 1], scheme="blues")))
    text = base.mark_text(fontSize=12).encode(
        text=alt.Text("shown:N"),
        color=alt.ColorValue(**alt.condition(alt.datum.share > 0.6, alt.value("white"),
                                             alt.value("#222222"))))
    return alt.layer(cells, text).properties(
        height=34 * len(fields), width=max(WIDTH // 2, 60 * len(columns)),
        title=_title("Which fields are recorded, when?",
                     "Share of each period's papers that carry the field: read a chart of a "
                     "field only where it is recorded"))


def chart_author_counts(counts: pl.DataFrame) -> alt.Chart:
    """Bars: papers per number of authors, the last bar the ``>N`` bucket."""
    order = counts.sort("bucket")["authors"].to_list()
    return alt.Chart(_data(_bounds_of(counts))).mark_bar(cursor="pointer").encode(
        x=alt.X("authors:O", sort=order, title="Authors per paper",
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("papers:Q", title="Papers", axis=_count_axis(counts)),
        tooltip=[alt.Tooltip("authors:O", title="Authors"),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("share:Q", title="Share of papers", format=".1%")],
    ).add_params(_pick("min_authors", "max_authors")).properties(title=_title(
        "How big are the teams?",
                              "Papers by number of authors (papers whose count is known)"))


def chart_team_size_over_time(table: pl.DataFrame, every: str = "1mo") -> alt.LayerChart:
    """Median authors per paper over time, with the interquartile band."""
    unit = _time_unit(every)
    # a period without a median (no papers, or too few) breaks the line and the band
    shown = (table.with_columns(segment=pl.col("median").is_null().cum_sum())
             .filter(pl.col("median").is_not_null()))
    base = alt.Chart(_data(shown)).encode(
        x=alt.X(f"{unit}(period):T", title=_period_label(every)),
        detail=alt.Detail("segment:N"))
    band = base.mark_area(opacity=0.25).encode(
        y=alt.Y("q1:Q", title="Authors per paper"), y2=alt.Y2("q3"))
    line = base.mark_line(point=True).encode(
        y=alt.Y("median:Q"), opacity=_pale_when_partial(shown),
        tooltip=[alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("median:Q", title="Median authors"),
                 alt.Tooltip("q1:Q", title="25th percentile"),
                 alt.Tooltip("q3:Q", title="75th percentile")])
    counted = int(table["papers"].sum()) if table.height else 0
    return alt.layer(band, line).properties(title=_title(
        "Are teams growing?",
        [f"Median authors per paper; band: middle half of the papers ({counted:,} papers; "
         "each period's number in the tooltip)",
         *_gaps_note(table.filter(pl.col("median").is_null())["papers"], None,
                     "papers for a median"),
         *_partial_note(shown)]))


def chart_top_authors(table: pl.DataFrame) -> alt.Chart:
    """Horizontal bars: the most productive authors."""
    return alt.Chart(_data(table)).mark_bar(cursor="pointer").encode(
        x=alt.X("papers:Q", title="Papers", axis=_count_axis(table)),
        y=alt.Y("author:N", sort="-x", title=None),
        tooltip=[alt.Tooltip("author:N", title="Author"),
                 alt.Tooltip("papers:Q", title="Papers"),
                 alt.Tooltip("first_published:T", title="First paper"),
                 alt.Tooltip("last_published:T", title="Latest paper"),
                 alt.Tooltip("upvotes:Q", title="Upvotes", format=",")],
    ).add_params(_pick("author")).properties(title=_title("Who publishes most?",
                              "Papers per author (only listings that name authors)"))


def chart_top_authors_over_time(table: pl.DataFrame, every: str = "1y") -> alt.Chart:
    """Dots: each top author's papers per period (bibliometrix's author production)."""
    unit = _time_unit(every)
    return alt.Chart(_data(table)).mark_circle(opacity=0.8, cursor="pointer").encode(
        x=alt.X(f"{unit}(period):T", title=_period_label(every)),
        y=alt.Y("author:N", title=None),
        size=alt.Size("papers:Q", title="Papers"),
        tooltip=[alt.Tooltip("author:N", title="Author"),
                 alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("papers:Q", title="Papers"),
                 alt.Tooltip("upvotes:Q", title="Upvotes", format=",")],
    ).add_params(_pick("author")).properties(
        title=_title("When did the top authors publish?"))


def chart_papers_over_time(table: pl.DataFrame, every: str = "1d",
                           measure: str = "papers") -> alt.Chart:
    """Bars: papers (or upvotes) per period; empty periods show as gaps at zero."""
    unit = _time_unit(every)
    label = {"papers": "Papers", "upvotes": "Upvotes", "median_upvotes": "Median upvotes"}[measure]
    if "partial" not in table.columns:
        table = table.with_columns(partial=pl.lit(False), first_day=pl.col("period"),
                                   last_day=pl.col("period"))
    note = _partial_note(table)
    if measure == "median_upvotes" and "voted_papers" in table.columns:
        few = table.filter((pl.col("voted_papers") > 0)
                           & (pl.col("voted_papers") < TREND_MIN_PAPERS)).height
        # a median of three papers drawn as tall as one of three hundred would mislead
        table = table.with_columns(median_upvotes=pl.when(
            pl.col("voted_papers") >= TREND_MIN_PAPERS).then(pl.col("median_upvotes")))
        if few:
            note.append(f"{few} period(s) with fewer than {TREND_MIN_PAPERS} such papers "
                        "left blank")
    if measure != "papers" and "voted_papers" in table.columns:
        voted = int(table["voted_papers"].sum())
        note.insert(0, f"Upvotes of {voted:,} of {int(table['papers'].sum()):,} papers: "
                       f"observations settled {SETTLE_DAYS}+ days after the paper's day"
                       if voted < table["papers"].sum() else "Upvotes of every paper")
    # the period as plain day strings: a date the chart parses comes back from a click as
    # a time stamp in the browser's time zone
    spans = _spans(table, every).with_columns(
        pick_from=pl.col("period").dt.to_string("%Y-%m-%d"),
        pick_to=pl.col("period").dt.offset_by(every).dt.offset_by("-1d").dt.to_string("%Y-%m-%d"))
    return alt.Chart(_data(spans)).mark_bar(cursor="pointer").encode(
        x=alt.X("period:T", title=_period_label(every)), x2=alt.X2("period_end"),
        y2=alt.datum(0),
        y=alt.Y(f"{measure}:Q", title=label,
                axis=_count_axis(table, measure) if measure != "median_upvotes"
                else alt.Undefined),
        opacity=_pale(0.4, 1.0),
        tooltip=[alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("first_day:T", title="Data from"),
                 alt.Tooltip("last_day:T", title="Data to"),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("upvotes:Q", title="Upvotes", format=","),
                 alt.Tooltip("median_upvotes:Q", title="Median upvotes"),
                 alt.Tooltip("voted_papers:Q", title="Papers whose upvotes count",
                             format=",")],
    ).add_params(_pick("pick_from", "pick_to")).properties(
        title=_title(f"{label} per {_period_label(every).lower()}", note or None))


def chart_top_organizations(table: pl.DataFrame) -> alt.Chart:
    """Horizontal bars of the top organizations; the subtitle counts "other" and "none"."""
    top = table.filter(pl.col("kind") == "top")
    rest = {kind: int(table.filter(pl.col("kind") == kind)["papers"].sum())
            for kind in ("other", "none")}
    return alt.Chart(_data(top)).mark_bar(cursor="pointer").encode(
        x=alt.X("papers:Q", title="Papers", axis=_count_axis(top)),
        y=alt.Y("organization_name:N", sort="-x", title=None),
        tooltip=[alt.Tooltip("organization_name:N", title="Organization"),
                 alt.Tooltip("organization:N", title="Hub handle"),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("share:Q", title="Share of all papers", format=".1%")],
    ).add_params(_pick("organization")).properties(title=_title(
        "Which organizations?",
        [f"Papers per Hub organization; {rest['other']:,} more in other organizations, "
         f"{rest['none']:,} without one", *_named_span(table)]))


def _named_span(table: pl.DataFrame) -> list[str]:
    """["90 % of the papers naming one were published 2025-10 → 2026-08"], when known."""
    if "named_from" not in table.columns or table["named_from"].null_count() == table.height:
        return []
    return [f"90 % of the papers naming one were published {table['named_from'][0]:%Y-%m} → "
            f"{table['named_to'][0]:%Y-%m}: the ranking is of that span"]


def chart_organization_share(table: pl.DataFrame, every: str = "1mo") -> alt.LayerChart:
    """Stacked bars: each organization's share of the papers naming one, per period.

    Periods where too few papers name an organization (``recorded`` false) are drawn as a
    pale "not recorded" bar, never as a share: a share among a handful says nothing.
    """
    unit = _time_unit(every)
    if "organization_name" not in table.columns:
        table = table.with_columns(organization_name=pl.col("organization"))
    if "recorded" not in table.columns:  # a table from before coverage was known
        table = table.with_columns(recorded=pl.lit(True), named=pl.col("papers").sum()
                                   .over("period"), period_papers=pl.col("papers").sum()
                                   .over("period"))
    shown = table.filter(pl.col("recorded") & pl.col("organization").is_not_null())
    named = (shown.filter(pl.col("organization") != OTHER)
             .group_by("organization_name").agg(pl.col("papers").sum())
             .sort(["papers", "organization_name"], descending=[True, False])
             ["organization_name"].to_list())
    # named organizations take the palette; "other" stays grey at the top
    order = [*named, OTHER]
    colours = [PALETTE[i % 8] for i in range(len(named))] + [MUTED]
    # stacked here, in polars: each bar spans its period (x to x2), which Vega-Lite would
    # not stack
    stacked = (shown.with_columns(stack_order=pl.col("organization_name").replace_strict(
        {name: i for i, name in enumerate(order)}, default=len(order), return_dtype=pl.Int32))
        .sort("period", "stack_order")
        .with_columns(share_top=pl.col("share").cum_sum().over("period"))
        .with_columns(share_bottom=pl.col("share_top") - pl.col("share")))
    gaps = (table.filter(~pl.col("recorded")).unique("period").sort("period")
            .select("period", "named", "period_papers")
            .with_columns(note=pl.lit("not recorded")))
    x = alt.X("period:T", title=_period_label(every))
    bars = alt.Chart(_data(_spans(stacked, every))).mark_bar(cursor="pointer").encode(
        x=x, x2=alt.X2("period_end"),
        y=alt.Y("share_bottom:Q", title="Share of the papers naming an organization",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y2=alt.Y2("share_top"),
        color=alt.Color("organization_name:N", sort=order, title="Organization",
                        scale=alt.Scale(domain=order, range=colours)),
        order=alt.Order("stack_order:Q"), opacity=_pale_when_partial(stacked),
        tooltip=[alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("organization_name:N", title="Organization"),
                 alt.Tooltip("organization:N", title="Hub handle"),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("share:Q", title="Share of those naming one", format=".1%"),
                 alt.Tooltip("named:Q", title="Papers naming one", format=",")])
    unrecorded = alt.Chart(_data(_spans(gaps, every))).mark_bar(
        color="#eeeeee", stroke="#dddddd").encode(
        x=x, x2=alt.X2("period_end"), y=alt.datum(0), y2=alt.datum(1),
        tooltip=[alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("note:N", title="Organizations"),
                 alt.Tooltip("named:Q", title="Papers naming one", format=","),
                 alt.Tooltip("period_papers:Q", title="Papers", format=",")])
    recorded_from = shown["period"].min()
    subtitle = ([f"Grey: not recorded (fewer than {MIN_RECORDED:.0%} of the papers name an "
                 "organization; the Hub shows them from 2025-10)"] if gaps.height else [])
    subtitle += _partial_note(stacked)
    chart = _layer_picking(unrecorded, bars, picked=1, fields=("organization",), title=_title(
        "How does each organization's share move?"
        + (f" (recorded from {recorded_from:%Y-%m})" if recorded_from and gaps.height else ""),
        subtitle or None))
    return _fitted(chart)


def _vocabulary_note(table: pl.DataFrame) -> list[str]:
    """Which vocabulary a keyword chart counts, and of how many papers."""
    if "vocabulary" not in table.columns or table.height == 0:
        return []
    covered, papers = int(table["covered_papers"][0]), int(table["all_papers"][0])
    left_out = (table["carried_by_all"][0].to_list() if "carried_by_all" in table.columns
                else [])
    # a keyword filter's keywords: every paper here has them, so their bars would say 100 %
    not_shown = ([f"Not shown: {', '.join(left_out)}, which every one of these papers "
                  "carries"] if left_out else [])
    if table["vocabulary"][0] == "keywords":
        return [f"Hub keywords of {covered:,} of {papers:,} papers", *not_shown]
    return [f"Keyphrases from the titles and abstracts of all {papers:,} papers", *not_shown]


def chart_keyword_frequencies(table: pl.DataFrame) -> alt.Chart:
    """Horizontal bars: papers per keyword."""
    # the title given to the constructor, not .properties(): that validates it again at
    # every filter change (~1 ms a chart, ~4 for a layered one)
    title = _title("Which topics?", ["Papers per keyword (spelling variants merged)",
                                     *_vocabulary_note(table)])
    return alt.Chart(_data(table), title=title, width=FIT_WIDTH,
                     autosize=_FIT).mark_bar(cursor="pointer").encode(
        x=alt.X("papers:Q", title="Papers", axis=_count_axis(table)),
        y=alt.Y("label:N", sort="-x", title=None),
        tooltip=[alt.Tooltip("label:N", title="Keyword"),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("share:Q", title="Share of papers", format=".1%")],
    ).add_params(_pick("keyword", "vocabulary"))


def _gaps_note(papers: pl.Series, without: str | None, too_few: str) -> list[str]:
    """Why a line breaks, from the papers of each period it skips: those without papers
    (``without`` says of what; ``None``: not told), and those with too few for the statistic
    (``TREND_MIN_PAPERS``: compute's ``min_papers``).

    Examples
    --------
    >>> _gaps_note(pl.Series([0, 0, 3]), "keywords", "of them for a share")
    ['Gaps: 2 period(s) without keywords, 1 with too few of them for a share (at most 3)']
    >>> _gaps_note(pl.Series([0, 2]), None, "papers for a median")
    ['Gaps: 1 period(s) with too few papers for a median (at most 2)']
    """
    empty = int((papers == 0).sum()) if without else 0
    few = papers.filter(papers > 0)
    parts = [f"{empty} period(s) without {without}"] if empty else []
    if few.len():
        parts.append(f"{few.len()}{'' if parts else ' period(s)'} with too few {too_few} "
                     f"(at most {int(few.max())})")
    return [f"Gaps: {', '.join(parts)}"] if parts else []


def chart_keyword_trends(table: pl.DataFrame, every: str = "1mo") -> alt.Chart:
    """Lines: the share of papers with each keyword, per period."""
    unit = _time_unit(every)
    # a period without the vocabulary is a gap: the line breaks there (a segment per run)
    shown = (table.sort("keyword", "period")
             .with_columns(segment=pl.col("share").is_null().cum_sum().over("keyword"))
             .filter(pl.col("share").is_not_null()))
    title = _title("Which topics rise and fall?", [
        *_vocabulary_note(table),
        *_gaps_note(table.filter(pl.col("share").is_null()).group_by("period")
                    .agg(pl.col("period_papers").first())["period_papers"],
                    "papers carrying this vocabulary", "of them for a share"),
        *_partial_note(shown)] or None)
    return alt.Chart(_data(shown), title=title, width=FIT_WIDTH,
                     autosize=_FIT).mark_line(point=True, cursor="pointer").encode(
        x=alt.X(f"{unit}(period):T", title=_period_label(every)),
        y=alt.Y("share:Q", title="Share of the papers with this vocabulary",
                axis=alt.Axis(format="%")),
        color=alt.Color("label:N", title="Keyword", scale=alt.Scale(range=PALETTE)),
        detail=alt.Detail("segment:N"), opacity=_pale_when_partial(shown),
        tooltip=[alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("label:N", title="Keyword"),
                 alt.Tooltip("papers:Q", title="Papers"),
                 alt.Tooltip("period_papers:Q", title="Papers in period"),
                 alt.Tooltip("share:Q", title="Share", format=".1%")],
    ).add_params(_pick("keyword", "vocabulary"))


def chart_trend_topics(table: pl.DataFrame) -> alt.LayerChart:
    """Each keyword's median date with its interquartile range (bibliometrix trend topics)."""
    order = table.sort("median_date")["label"].to_list()
    base = alt.Chart(_data(table)).encode(y=alt.Y("label:N", sort=order, title=None))
    span = base.mark_rule(strokeWidth=3, color=MUTED).encode(
        x=alt.X("q1_date:T", title="Date (median and middle half of its papers)",
                axis=alt.Axis(format="%b %Y", tickCount=8, labelOverlap=True)),
        x2=alt.X2("q3_date"))
    dot = base.mark_circle(color=PALETTE[0], cursor="pointer").encode(
        x=alt.X("median_date:T"), size=alt.Size("papers:Q", title="Papers"),
        tooltip=[alt.Tooltip("label:N", title="Keyword"),
                 alt.Tooltip("papers:Q", title="Papers"),
                 alt.Tooltip("q1_date:T", title="25th percentile"),
                 alt.Tooltip("median_date:T", title="Median date"),
                 alt.Tooltip("q3_date:T", title="75th percentile")])
    return _fitted(_layer_picking(span, dot, picked=1, fields=("keyword", "vocabulary"),
                                  title=_title("When was each topic hot?",
                                               _vocabulary_note(table) or None)))


def chart_rising_keywords(table: pl.DataFrame, before: str = "before",
                          after: str = "after") -> alt.Chart:
    """Diverging bars: z-scores of the log-odds ratio, rising to the right."""
    title = _title("Rising and falling keywords",
                   [f"Before: {before} · After: {after} · log-odds with an informative "
                    "Dirichlet prior", *_vocabulary_note(table)])
    return alt.Chart(_data(table), title=title, width=FIT_WIDTH,
                     autosize=_FIT).mark_bar(cursor="pointer").encode(
        x=alt.X("z:Q", title="z-score of the log-odds ratio:  ← more typical of Before  ·  "
                             "more typical of After →"),
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=300)),
        color=alt.Color("direction:N", title=None,
                        scale=alt.Scale(domain=["rising", "falling"],
                                        range=[PALETTE[0], PALETTE[3]]),
                        # on top: beside the bars it made the chart wider than a notebook
                        legend=alt.Legend(orient="top", direction="horizontal")),
        tooltip=[alt.Tooltip("label:N", title="Keyword"),
                 alt.Tooltip("papers_before:Q", title=f"Papers {before}"),
                 alt.Tooltip("papers_after:Q", title=f"Papers {after}"),
                 alt.Tooltip("log_odds:Q", title="Log-odds ratio", format=".2f"),
                 alt.Tooltip("z:Q", title="z-score", format=".2f")],
    ).add_params(_pick("keyword", "vocabulary"))


def _upvote_ranges(table: pl.DataFrame, field: str, title: str,
                   sort: Callable[[pl.DataFrame], list[str]],
                   tooltip_extra: list[alt.Tooltip] | None = None,
                   picked: tuple[str, ...] = ()) -> alt.LayerChart:
    """Horizontal ranges: each group's median upvotes and middle half, its N in the label.

    Horizontal, so that long names stay whole at slide size; the N sits beside the name
    because a median of 3 papers and one of 300 must not look alike.
    """
    shown = table.filter(pl.col("papers") > 0)
    shown = shown.with_columns(group=pl.Series(
        [f"{name} · {papers:,} paper{'s' if papers != 1 else ''}"
         for name, papers in zip(shown[field], shown["papers"], strict=True)], dtype=pl.String))
    order = sort(shown)
    base = alt.Chart(_data(shown)).encode(
        y=alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=360)))
    span = base.mark_rule(strokeWidth=8, opacity=0.4).encode(
        x=alt.X("q1:Q", title="Upvotes: median (dot) and middle half of the papers (bar)"),
        x2=alt.X2("q3"))
    dot = base.mark_point(filled=True, size=110, opacity=1, cursor="pointer").encode(
        x=alt.X("median:Q"),
        tooltip=[alt.Tooltip(f"{field}:N", title=title), *(tooltip_extra or []),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("median:Q", title="Median upvotes"),
                 alt.Tooltip("q1:Q", title="25th percentile"),
                 alt.Tooltip("q3:Q", title="75th percentile"),
                 alt.Tooltip("mean:Q", title="Mean upvotes", format=".1f")])
    layered = (_layer_picking(span, dot, picked=1, fields=picked) if picked
               else alt.layer(span, dot))
    return _fitted(layered.properties(height=max(8 * 34, 34 * shown.height)))


def _settled_note(table: pl.DataFrame) -> list[str]:
    """What the upvotes are: settled observations (and how many were left out), or all."""
    if "early_left_out" not in table.columns:
        return []
    left_out = int(table["early_left_out"][0]) if table.height else 0
    if not left_out:
        return ["Every observation counted"]
    return [f"Settled upvotes only (seen {SETTLE_DAYS}+ days after the paper's day): "
            f"{left_out:,} early snapshots left out"]


def chart_upvotes_by_team_size(table: pl.DataFrame) -> alt.LayerChart:
    """Median upvotes (and middle half) per team-size bucket, smallest teams on top."""
    labelled = table.with_columns(pl.format("{} authors", pl.col("team_size"))
                                  .str.replace("^1 authors$", "1 author").alias("team_size"))
    return _upvote_ranges(_bounds_of(table, "team_size").with_columns(labelled["team_size"]),
                          "team_size", "Authors per paper",
                          lambda shown: shown["group"].to_list(),
                          picked=("min_authors", "max_authors")).properties(
        title=_title("Do bigger teams get more upvotes?",
                     ["Upvotes per paper by number of authors", *_settled_note(table)]))


def chart_upvotes_by_organization(table: pl.DataFrame) -> alt.LayerChart:
    """Median upvotes (and middle half) of the organizations with most papers, best first."""
    named = table if "organization_name" in table.columns else table.with_columns(
        organization_name=pl.col("organization"))
    return _upvote_ranges(
        named, "organization_name", "Organization",
        lambda shown: shown.sort(["median", "papers"], descending=True)["group"].to_list(),
        [alt.Tooltip("organization:N", title="Hub handle")],
        picked=("organization",)).properties(
        title=_title("Which organizations get upvoted?",
                     [f"The {named.height} organizations with most papers, by median upvotes",
                      *_settled_note(table)]))


#: A map names this many of its largest nodes (the others in their tooltip).
MAP_LABELS = 25
#: Fewer nodes linked than this make no map (a chart says so instead).
MIN_MAP_NODES = 3
MAP_HEIGHT = 480
#: The map's frame around the nodes' [-1, 1] square: room for the outer labels.
MAP_MARGIN = 1.12


def _map(network: Any, key: str, title: str, subtitle: list[str], picked: tuple[str, ...],
         node_name: str) -> alt.LayerChart:
    """Nodes (size: papers, colour: cluster), edges (width: papers together, darker:
    stronger) and the labels of the largest nodes, on hidden axes."""
    edges = network.edges
    label = "label" if "label" in network.nodes.columns else key
    nodes = network.nodes.filter(pl.col("x").is_not_null()).with_columns(
        short=pl.coalesce(pl.col(label).str.extract(r"\(([^()]+)\)$", 1), pl.col(label)))
    if nodes.height < MIN_MAP_NODES:
        return _empty_map(title, f"Too few {node_name}s share papers to draw a map "
                                 f"({nodes.height} linked; widen the filter)")
    alone = network.nodes.height - nodes.height
    if alone:
        subtitle = [*subtitle, f"Not drawn: {alone} without a link to the others"]
    # a cluster is named by its largest nodes: the legend says what each colour holds
    names = (nodes.sort(["papers", key], descending=[True, False])
             .group_by("cluster", maintain_order=True).agg(pl.col("short").head(2))
             .with_columns(cluster_name=pl.col("short").list.join(", "))
             .sort("cluster"))
    nodes = nodes.join(names.select("cluster", "cluster_name"), on="cluster")
    scale = alt.Scale(domain=[-MAP_MARGIN, MAP_MARGIN], nice=False)
    x = alt.X("x:Q", axis=None, scale=scale)
    y = alt.Y("y:Q", axis=None, scale=scale)
    where = nodes.select(key, "x", "y")
    lines = (edges.join(where.rename({key: "a"}), on="a")
             .join(where.rename({key: "b", "x": "x2", "y": "y2"}), on="b")
             .sort("strength"))  # the strongest drawn last, on top
    colours = [PALETTE[i % 8] for i in range(names.height)]
    edge_layer = alt.Chart(_data(lines)).mark_rule(color="#8a8a8a").encode(
        x=x, y=y, x2=alt.X2("x2"), y2=alt.Y2("y2"),
        strokeWidth=alt.StrokeWidth("papers:Q", scale=alt.Scale(range=[0.5, 4]), legend=None),
        opacity=alt.Opacity("strength:Q", scale=alt.Scale(type="log", range=[0.15, 0.7]),
                            legend=None),
        tooltip=[alt.Tooltip("a:N", title=node_name.capitalize()),
                 alt.Tooltip("b:N", title="and"),
                 alt.Tooltip("papers:Q", title="Papers together"),
                 alt.Tooltip("strength:Q", title="Association strength", format=".1f")])
    node_layer = alt.Chart(_data(nodes)).mark_circle(
        opacity=0.9, stroke="white", strokeWidth=1, cursor="pointer").encode(
        x=x, y=y, size=alt.Size("papers:Q", title="Papers",
                                    scale=alt.Scale(range=[30, 600], zero=False)),
        color=alt.Color("cluster_name:N", title="Cluster",
                        scale=alt.Scale(domain=names["cluster_name"].to_list(),
                                        range=colours)),
        tooltip=[alt.Tooltip(f"{label}:N", title=node_name.capitalize()),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("cluster_name:N", title="Cluster")])
    nodes = pl.concat([nodes, _placed_labels(nodes, key, MAP_HEIGHT)], how="horizontal")
    node_layer = node_layer.properties(data=_data(nodes))
    # the nodes' own rows (one dataset), the text drawn where a label has room
    text_layer = alt.Chart(_data(nodes)).mark_text(
        fontSize=12, color="#222222", baseline="middle").encode(
        x=alt.X("label_x:Q", axis=None, scale=scale),
        y=alt.Y("label_y:Q", axis=None, scale=scale),
        text=alt.Text("short:N")).transform_filter(alt.datum.labelled)
    return _layer_picking(edge_layer, node_layer, text_layer, picked=1, fields=picked
                          ).properties(width=WIDTH, height=MAP_HEIGHT,
                                       title=_title(title, subtitle))


def _placed_labels(nodes: pl.DataFrame, key: str, height: int) -> pl.DataFrame:
    """Where each node's label goes (``label_x``, ``label_y``, in the map's units) and
    whether it is shown (``labelled``): of the largest nodes, at most :data:`MAP_LABELS`,
    above, below, right or left of the node — the first place that overlaps no larger
    node's label; a label with no free place is left to the tooltip."""
    order = nodes.select(pl.arg_sort_by(["papers", key], descending=[True, False]))
    ranked = nodes[order.to_series()]
    scale_x, scale_y = WIDTH / (2 * MAP_MARGIN), height / (2 * MAP_MARGIN)  # px a unit
    low, high = (nodes["papers"].min() or 0), (nodes["papers"].max() or 1)
    placed: list[tuple[float, float, float, float]] = []
    shown, label_x, label_y = [], [], []
    for short, x, y, papers in ranked.select("short", "x", "y", "papers").iter_rows():
        # the node's radius (its area runs 30–600 px² with its papers) and the text's box
        # (12 px type: ~6.5 px a character)
        radius = np.sqrt((30 + 570 * (papers - low) / max(high - low, 1)) / np.pi)
        half = 3.3 * len(short) + 2
        px, py = (x + MAP_MARGIN) * scale_x, (MAP_MARGIN - y) * scale_y
        spot = None
        for dx, dy in ((0, -radius - 9), (0, radius + 9), (half + radius + 3, 0),
                       (-half - radius - 3, 0)):
            box = (px + dx - half, px + dx + half, py + dy - 8, py + dy + 8)
            if all(box[1] < b[0] or box[0] > b[1] or box[3] < b[2] or box[2] > b[3]
                   for b in placed):
                spot = (dx, dy, box)
                break
        keep = spot is not None and len(placed) < MAP_LABELS
        if keep:
            placed.append(spot[2])
        shown.append(keep)
        label_x.append(x + (spot[0] if keep else 0) / scale_x)
        label_y.append(y - (spot[1] if keep else 0) / scale_y)
    back = np.argsort(order.to_series().to_numpy())  # ranked order → the nodes' order
    return pl.DataFrame({"labelled": np.array(shown, dtype=bool)[back],
                         "label_x": np.array(label_x)[back], "label_y": np.array(label_y)[back]})


def _empty_map(title: str, message: str) -> alt.LayerChart:
    """A map's place, saying why there is none."""
    text = alt.Chart(pl.DataFrame({"message": [message]})).mark_text(
        fontSize=16, color="#555555").encode(text=alt.Text("message:N"))
    return alt.layer(text).properties(width=WIDTH, height=120, title=_title(title))


def chart_keyword_map(network: Any) -> alt.LayerChart:
    """Which topics go together: the keyword co-occurrence map
    (:func:`~dailypapers.maps.compute_keyword_cooccurrence`)."""
    nodes = network.nodes
    return _map(network, "keyword", "Which topics go together?", [
        f"The {nodes.height} most frequent keywords; a line joins two that share papers "
        "(darker: more often than chance); colour: cluster (Louvain)",
        *_vocabulary_note(nodes)], ("keyword", "vocabulary"), "keyword")


def chart_coauthor_map(network: Any) -> alt.LayerChart:
    """Who writes with whom: the co-authorship map of the most productive authors
    (:func:`~dailypapers.maps.compute_coauthorship`)."""
    return _map(network, "author", "Who writes with whom?", [
        f"The {network.nodes.height} authors with most papers; a line joins two who wrote "
        "papers together (wider: more papers); colour: group (Louvain)",
        "Names as the papers print them, not disambiguated"], ("author",), "author")


def title_of(chart: alt.TopLevelMixin) -> tuple[str, str]:
    """A chart's title and subtitle as plain text (either may be empty).

    Examples
    --------
    >>> title_of(alt.Chart().mark_bar().properties(title=_title("Teams", "per paper")))
    ('Teams', 'per paper')
    """
    title, subtitle = _title_parts(chart)

    def flat(text: object) -> str:
        return " · ".join(text) if isinstance(text, list) else str(text or "")

    return flat(title), flat(subtitle)


def subtitle_lines(chart: alt.TopLevelMixin) -> list[str]:
    """A chart's subtitle, one string a line (none when it has none).

    Examples
    --------
    >>> subtitle_lines(alt.Chart().mark_bar().properties(title=_title("Teams", ["a", "b"])))
    ['a', 'b']
    """
    _, subtitle = _title_parts(chart)
    return [line for line in (subtitle if isinstance(subtitle, list) else [subtitle]) if line]


def _title_parts(chart: alt.TopLevelMixin) -> tuple[object, object]:
    """A chart's title text and subtitle, as its spec holds them (a string or lines)."""
    title = chart.to_dict(validate=False).get("title", "")
    if isinstance(title, dict):
        return title.get("text", ""), title.get("subtitle", "")
    return title, ""


def setup_notebook() -> None:
    """Enable the slide theme and renderers that work offline in JupyterLab.

    Charts display through ``JupyterChart`` with the JavaScript bundled by vl-convert, so
    nothing is fetched from a CDN.
    """
    alt.theme.enable(THEME)
    alt.JupyterChart.enable_offline()
    alt.renderers.enable("jupyter", offline=True)


__all__ = [name for name in dir() if name.startswith("chart_")] + [
    "MAP_LABELS", "MAX_ROWS", "MIN_MAP_NODES", "PALETTE", "PICK", "THEME", "setup_notebook",
    "slide_theme", "subtitle_lines", "title_of"]
