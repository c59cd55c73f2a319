"""Charts of organizations: the most frequent ones and how their share moves."""

from __future__ import annotations

import altair as alt
import polars as pl

from ..compute import MIN_RECORDED, OTHER
from .base import (
    MUTED,
    PALETTE,
    _count_axis,
    _data,
    _fitted,
    _layer_picking,
    _pale_when_partial,
    _period_label,
    _pick,
    _ranked,
    _spans,
    _time_axis,
    _time_unit,
    _title,
)
from .notes import _partial_note, _period_names, _tie_at_cut


def chart_top_organizations(table: pl.DataFrame) -> alt.Chart:
    """Horizontal bars of the top organizations; the subtitle counts "other" and "none",
    and a tie at the cut, left out (:func:`~dailypapers.charts.notes._tie_at_cut`) and
    counted in "other"."""
    listed = table.filter(pl.col("kind") == "top")
    top, tie = _tie_at_cut(listed, "organization", "organization")
    rest = {kind: int(table.filter(pl.col("kind") == kind)["papers"].sum())
            for kind in ("other", "none")}
    rest["other"] += int(listed["papers"].sum() - top["papers"].sum())
    return alt.Chart(_data(top)).mark_bar(cursor="pointer").encode(
        x=alt.X("papers:Q", title="Papers", axis=_count_axis(top)),
        y=alt.Y("organization_name:N", sort=_ranked(top, "organization_name"), title=None),
        tooltip=[alt.Tooltip("organization_name:N", title="Organization"),
                 alt.Tooltip("organization:N", title="Hub handle"),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("share:Q", title="Share of all papers", format=".1%")],
    ).add_params(_pick("organization")).properties(title=_title(
        "Which organizations?",
        [_papers_elsewhere(rest["other"], rest["none"]), *tie, *_named_span(table)]))


def _papers_elsewhere(other: int, none: int) -> str:
    """The top organizations' subtitle: the papers in other organizations and without one,
    when there are.

    >>> _papers_elsewhere(120, 0)
    'Papers per Hub organization; 120 more in other organizations'
    >>> _papers_elsewhere(0, 0)
    'Papers per Hub organization'
    """
    said = ", ".join([f"{other:,} more in other organizations"] * (other > 0)
                     + [f"{none:,} without one"] * (none > 0))
    return "Papers per Hub organization" + (f"; {said}" if said else "")


def _named_span(table: pl.DataFrame) -> list[str]:
    """["90 % of the papers naming one were published 2025-10 → 2026-08"], when known."""
    if "named_from" not in table.columns or table["named_from"].null_count() == table.height:
        return []
    return [f"90 % of the papers naming one were published {table['named_from'][0]:%Y-%m} → "
            f"{table['named_to'][0]:%Y-%m}: the ranking is of that span"]


def chart_organization_share(table: pl.DataFrame, every: str = "1mo") -> alt.LayerChart:
    """Stacked bars: each organization's share of the papers naming one, per period.

    The chart spans the periods where organizations are recorded (``recorded``: enough of
    the papers name one); the unrecorded span before and after is named in the subtitle, and
    an unrecorded period between is a pale "not recorded" bar, never a share: a share among
    a handful says nothing.
    """
    unit = _time_unit(every)
    if "organization_name" not in table.columns:
        table = table.with_columns(organization_name=pl.col("organization"))
    if "recorded" not in table.columns:  # a table from before coverage was known
        table = table.with_columns(recorded=pl.lit(True), named=pl.col("papers").sum()
                                   .over("period"), period_papers=pl.col("papers").sum()
                                   .over("period"))
    # drawn where organizations are recorded: from the first such period to the last (a gap
    # inside stays a grey bar); the span before and after is named, not drawn
    recorded = table.filter(pl.col("recorded"))["period"]
    outside: list[str] = []
    if recorded.len():
        first, last = recorded.min(), recorded.max()
        all_periods = table["period"].unique().sort()
        before, after = all_periods.filter(all_periods < first), all_periods.filter(
            all_periods > last)
        for span in (before, after):
            if span.len():
                names = _period_names(span, every)
                outside.append(f"{names[0]} → {names[-1]}" if span.len() > 1 else names[0])
        table = table.filter(pl.col("period").is_between(first, last))
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
    x = alt.X("period:T", title=_period_label(every),
              axis=_time_axis(every, stacked["period"]))
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
        x=x, x2=alt.X2("period_end"), y=alt.YDatum(0), y2=alt.Y2Datum(1),
        tooltip=[alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("note:N", title="Organizations"),
                 alt.Tooltip("named:Q", title="Papers naming one", format=","),
                 alt.Tooltip("period_papers:Q", title="Papers", format=",")])
    subtitle = ([f"Not drawn: {' and '.join(outside)}, where fewer than {MIN_RECORDED:.0%} "
                 "of the papers name an organization"] if outside else [])
    subtitle += ([f"Grey: a period where fewer than {MIN_RECORDED:.0%} of the papers name "
                  "an organization"] if gaps.height else [])
    subtitle += _partial_note(stacked)
    chart = _layer_picking(unrecorded, bars, picked=1, fields=("organization",), title=_title(
        "How does each organization's share move?", subtitle or None))
    return _fitted(chart)
