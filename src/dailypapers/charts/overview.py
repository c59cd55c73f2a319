"""Charts of what the data holds and when: the overview card, field coverage, papers over
time.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from ..compute import SETTLE_DAYS, TREND_MIN_PAPERS
from ..words import counted
from .base import (
    WIDTH,
    _count_axis,
    _data,
    _layer,
    _pale,
    _period_label,
    _pick,
    _spans,
    _time_axis,
    _time_unit,
    _title,
)
from .notes import _drawn, _measure_of, _partial_note, _period_names, _rate_notes


def _by_year(lowest: float | None, highest: float | None) -> str:
    """How a share spreads across years, when the years differ ("86 % – 86 %" tells
    nothing: one year, or years alike).

    >>> _by_year(0.4, 1.0), _by_year(0.861, 0.858), _by_year(None, None)
    ('  (by year: 40% – 100%)', '', '')
    """
    if lowest is None or highest is None or f"{lowest:.0%}" == f"{highest:.0%}":
        return ""
    return f"  (by year: {lowest:.0%} – {highest:.0%})"


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
         + _by_year(row.get("keywords_lowest_year"), row.get("keywords_highest_year"))),
        ("Total upvotes", fmt(row.get("total_upvotes"))),
        ("Listing days held",
         f"{fmt(row.get('listing_days'))} of "
         f"{counted(row.get('listing_weekdays') or 0, 'weekday')}, "
         f"{fmt(row.get('first_listed'))} → {fmt(row.get('last_listed'))}"
         if row.get("listing_days") else "— (no Daily Papers day known)"),
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
    return _layer(label, value, title=_title("What is in the data"), width=WIDTH,
                  height=28 * len(lines))


_FIELD_NAMES = {"authors": "Author names", "organization": "Organization",
                "keywords": "Hub keywords", "daily_on": "Daily Papers day",
                "upvotes": "Upvotes", "github_repo": "GitHub repository",
                "github_stars": "GitHub stars"}


def chart_coverage(table: pl.DataFrame, every: str = "1y") -> alt.LayerChart:
    """A heat table: the share of each period's papers that carry each field.

    A chart of a field says something only where the field is recorded; this shows where.
    Each column is labelled with its period, its number of papers and the listing days the
    data holds of the weekdays the Hub listed (a sample holds few).
    """
    table, off_axis = _drawn(table, every)
    named = table.with_columns(
        field_name=pl.col("field").replace_strict(_FIELD_NAMES, default=pl.col("field")),
        column=pl.format("{} · {}{}", _period_names(table["period"], every),
                         pl.col("papers").map_elements(lambda n: f"{n:,}",
                                                       return_dtype=pl.String),
                         pl.when(pl.col("listing_days") > 0).then(pl.format(
                             " · {}/{} days", "listing_days", "weekdays")).otherwise(pl.lit(""))
                         if "listing_days" in table.columns else pl.lit("")),
        shown=pl.when(pl.col("share").is_null()).then(pl.lit("—"))
        .otherwise((pl.col("share") * 100).round(0).cast(pl.Int64).cast(pl.String) + "%"))
    columns = named.unique("period", maintain_order=True).sort("period")["column"].to_list()
    fields = [_FIELD_NAMES.get(f, f) for f in named.unique("field", maintain_order=True)["field"]]
    base = alt.Chart(_data(named)).encode(
        x=alt.X("column:O", sort=columns,
                title=f"{_period_label(every)}, its papers and the listing days held of its "
                      "weekdays",
                # a line each: the period, its papers, its listing days (narrow columns)
                axis=alt.Axis(labelAngle=0, orient="bottom", labelLimit=200,
                              labelExpr="split(datum.label, ' · ')")),
        y=alt.Y("field_name:N", sort=fields, title=None),
        tooltip=[alt.Tooltip("column:O", title=_period_label(every)),
                 alt.Tooltip("field_name:N", title="Field"),
                 alt.Tooltip("carrying:Q", title="Papers carrying it", format=","),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 *([alt.Tooltip("listing_days:Q", title="Listing days held"),
                    alt.Tooltip("weekdays:Q", title="Weekdays the Hub lists"),
                    alt.Tooltip("papers_per_day:Q", title="Papers per listing day",
                                format=".1f")] if "listing_days" in table.columns else []),
                 alt.Tooltip("share:Q", title="Share", format=".0%")])
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("share:Q", title="Share", legend=alt.Legend(format="%"),
                        scale=alt.Scale(domain=[0, 1], scheme="blues")))
    text = base.mark_text(fontSize=12).encode(
        text=alt.Text("shown:N"),
        color=alt.ColorValue(**alt.condition(alt.datum.share > 0.6, alt.value("white"),
                                             alt.value("#222222"))))
    return _layer(
        cells, text, height=34 * len(fields), width=max(WIDTH // 2, 100 * len(columns)),
        title=_title("Which fields are recorded, when?",
                     ["Share of each period's papers that carry the field: read a chart of a "
                      "field only where it is recorded", *off_axis]))


MEASURES = {"papers": "Papers", "papers_per_day": "Papers per listing day",
            "upvotes": "Upvotes", "median_upvotes": "Median upvotes"}


def chart_papers_over_time(table: pl.DataFrame, every: str = "1d",
                           measure: str = "auto") -> alt.Chart:
    """Bars: papers per period, or per listing day the data holds (``auto``: the rate when
    the store is a sample, :mod:`~dailypapers.compute.sampling`), or upvotes; empty periods
    show as gaps at zero, and a few papers far from the rest are left off the axis."""
    measure = _measure_of(table, measure)
    if measure not in MEASURES:
        raise ValueError(f"measure is one of auto, {', '.join(MEASURES)}; not {measure!r}")
    unit = _time_unit(every)
    label = MEASURES[measure]
    if "partial" not in table.columns:
        table = table.with_columns(partial=pl.lit(False), first_day=pl.col("period"),
                                   last_day=pl.col("period"))
    table, off_axis = _drawn(table, every)
    note = _partial_note(table) if measure != "papers_per_day" else []
    if measure == "papers_per_day":
        note = _rate_notes(table, every)
    if measure == "median_upvotes" and "voted_papers" in table.columns:
        few = table.filter((pl.col("voted_papers") > 0)
                           & (pl.col("voted_papers") < TREND_MIN_PAPERS)).height
        # a median of three papers drawn as tall as one of three hundred would mislead
        table = table.with_columns(median_upvotes=pl.when(
            pl.col("voted_papers") >= TREND_MIN_PAPERS).then(pl.col("median_upvotes")))
        if few:
            note.append(f"{counted(few, 'period')} with fewer than {TREND_MIN_PAPERS} such "
                        "papers left blank")
    note += off_axis
    if measure in ("upvotes", "median_upvotes") and "voted_papers" in table.columns:
        voted = int(table["voted_papers"].sum())
        note.insert(0, f"Upvotes of {voted:,} of {counted(int(table['papers'].sum()), 'paper')}: "
                       f"observations settled {SETTLE_DAYS}+ days after the paper's day"
                       if voted < table["papers"].sum() else "Upvotes of every paper")
    # the period as plain day strings: a date the chart parses comes back from a click as
    # a time stamp in the browser's time zone
    spans = _spans(table, every).with_columns(
        pick_from=pl.col("period").dt.to_string("%Y-%m-%d"),
        pick_to=pl.col("period").dt.offset_by(every).dt.offset_by("-1d").dt.to_string("%Y-%m-%d"))
    return alt.Chart(_data(spans)).mark_bar(cursor="pointer").encode(
        x=alt.X("period:T", title=_period_label(every), axis=_time_axis(every, spans["period"])),
        x2=alt.X2("period_end"),
        y2=alt.Y2Datum(0),
        y=alt.Y(f"{measure}:Q", title=label,
                axis=_count_axis(table, measure) if measure in ("papers", "upvotes")
                else alt.Undefined),
        # a rate is a rate of the days a period holds: a period cut short is no less read
        opacity=_pale(0.4, 1.0) if measure != "papers_per_day" else alt.OpacityValue(1.0),
        tooltip=[alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("first_day:T", title="Data from"),
                 alt.Tooltip("last_day:T", title="Data to"),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("upvotes:Q", title="Upvotes", format=","),
                 alt.Tooltip("median_upvotes:Q", title="Median upvotes"),
                 alt.Tooltip("voted_papers:Q", title="Papers whose upvotes count",
                             format=",")],
    ).add_params(_pick("pick_from", "pick_to")).properties(
        title=_title(f"Papers per listing day, by {_period_label(every).lower()}"
                     if measure == "papers_per_day" else
                     f"{label} per {_period_label(every).lower()}", note or None))
