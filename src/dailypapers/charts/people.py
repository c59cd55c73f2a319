"""Charts of authors and teams: team sizes, team size over time, the most frequent authors."""

from __future__ import annotations

import altair as alt
import polars as pl

from ..words import counted
from .base import (
    _bounds_of,
    _count_axis,
    _data,
    _layer,
    _pale_when_partial,
    _period_label,
    _pick,
    _ranked,
    _time_unit,
    _title,
)
from .notes import _drawn, _gaps_note, _measure_of, _partial_note, _rate_notes, _tie_at_cut


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
    table, off_axis = _drawn(table, every)
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
    papers = int(table["papers"].sum()) if table.height else 0
    return _layer(band, line, title=_title(
        "Are teams growing?",
        [f"Median authors per paper; band: middle half of the papers "
         f"({counted(papers, 'paper')}; each period's number in the tooltip)"
         if papers else "Nothing to draw: no paper here has a known number of authors",
         *_gaps_note(table.filter(pl.col("median").is_null())["papers"], None, "a median",
                     every, not shown.is_empty()),
         *_partial_note(shown), *off_axis]))


def chart_top_authors(table: pl.DataFrame) -> alt.Chart:
    """Horizontal bars: the most productive authors; a tie at the cut is left out and
    counted (:func:`~dailypapers.charts.notes._tie_at_cut`)."""
    table, tie = _tie_at_cut(table, "author", "author")
    return alt.Chart(_data(table)).mark_bar(cursor="pointer").encode(
        x=alt.X("papers:Q", title="Papers", axis=_count_axis(table)),
        y=alt.Y("author:N", sort=_ranked(table, "author"), title=None),
        tooltip=[alt.Tooltip("author:N", title="Author"),
                 alt.Tooltip("papers:Q", title="Papers"),
                 alt.Tooltip("first_published:T", title="First paper"),
                 alt.Tooltip("last_published:T", title="Latest paper"),
                 alt.Tooltip("upvotes:Q", title="Upvotes", format=",")],
    ).add_params(_pick("author")).properties(title=_title("Who publishes most?",
                              ["Papers per author (only listings that name authors)", *tie]))


def chart_top_authors_over_time(table: pl.DataFrame, every: str = "1y",
                                measure: str = "auto") -> alt.Chart:
    """Dots: each top author's papers per period (bibliometrix's author production).

    ``measure``: ``papers``, ``papers_per_day`` (per listing day the data holds), or ``auto``:
    the rate when the store is a sample (the table's ``sampled``), as papers over time draws
    it, for a year held on a third of its days would otherwise look like a lean year. Counts
    draw a period the data covers only in part pale; a few papers far from the rest are left
    off the axis. Authors tied for the last place with others left out are left out too
    (:func:`~dailypapers.charts.notes._tie_at_cut`)."""
    measure = _measure_of(table, measure)
    if measure not in ("papers", "papers_per_day"):
        raise ValueError(f"measure is auto, papers or papers_per_day; not {measure!r}")
    unit = _time_unit(every)
    table, tie = _tie_at_cut(table, "author", "author", "author_papers")
    table, off_axis = _drawn(table, every)
    rate = measure == "papers_per_day"
    periods = table.unique("period", maintain_order=True).sort("period")
    note = (_rate_notes(periods, every) if rate else _partial_note(periods)) + off_axis + tie
    return alt.Chart(_data(table)).mark_circle(cursor="pointer").encode(
        x=alt.X(f"{unit}(period):T", title=_period_label(every)),
        y=alt.Y("author:N", title=None),
        size=alt.Size(f"{measure}:Q", title="Papers per listing day" if rate else "Papers"),
        # a rate is a rate of the days a period holds: a period cut short is no less read
        opacity=alt.OpacityValue(0.8) if rate else _pale_when_partial(table, 0.8),
        tooltip=[alt.Tooltip("author:N", title="Author"),
                 alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("papers:Q", title="Papers"),
                 alt.Tooltip("papers_per_day:Q", title="Papers per listing day", format=".2f"),
                 alt.Tooltip("upvotes:Q", title="Upvotes", format=","),
                 alt.Tooltip("author_papers:Q", title="Papers in all")],
    ).add_params(_pick("author")).properties(
        title=_title("When did the top authors publish?", note or None))
