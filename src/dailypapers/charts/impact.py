"""Charts of what became of the papers: the share cited by models, datasets or Spaces."""

from __future__ import annotations

import altair as alt
import polars as pl

from ..impact import ANONYMOUS_RATE
from .base import (
    WIDTH,
    _data,
    _drawn,
    _pale,
    _partial_note,
    _period_label,
    _pick,
    _spans,
    _time_unit,
    _title,
)

_KIND_NAMES = {"model": "a model", "dataset": "a dataset", "space": "a Space"}


def chart_impact_share(table: pl.DataFrame, every: str = "1q") -> alt.Chart:
    """Bars: the share of each period's papers (of those whose impact was fetched) that a
    ``kind`` of Hub repository cites; without impact data, what to run to get it."""
    kind = table["kind"][0] if table.height and "kind" in table.columns else "model"
    title = f"Which papers led to {_KIND_NAMES.get(kind, kind)} on the Hub?"
    if not table.height or not table["fetched"].sum():
        return _without_impact(table, title)
    table, off_axis = _drawn(table, every)
    fetched = int(table["fetched"].sum())
    unit = _time_unit(every)
    spans = _spans(table.filter(pl.col("share").is_not_null()), every).with_columns(
        pick_from=pl.col("period").dt.to_string("%Y-%m-%d"),
        pick_to=pl.col("period").dt.offset_by(every).dt.offset_by("-1d").dt.to_string(
            "%Y-%m-%d"))
    subtitle = [f"Share of the {fetched:,} papers whose Hub page was read (of "
                f"{int(table['papers'].sum()):,}); links are added by authors, by hand and "
                "late: a lower bound that rises as papers age",
                *_partial_note(table), *off_axis]
    return alt.Chart(_data(spans)).mark_bar(cursor="pointer").encode(
        x=alt.X("period:T", title=_period_label(every)), x2=alt.X2("period_end"),
        y=alt.Y("share:Q", title=f"Share cited by {_KIND_NAMES.get(kind, kind)}",
                axis=alt.Axis(format="%")), y2=alt.datum(0),
        opacity=_pale(0.4, 1.0),
        tooltip=[alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("having:Q", title=f"Papers cited by {_KIND_NAMES.get(kind, kind)}",
                             format=","),
                 alt.Tooltip("fetched:Q", title="Papers whose page was read", format=","),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("share:Q", title="Share", format=".0%")],
    ).add_params(_pick("pick_from", "pick_to")).properties(
        title=_title(title, subtitle), width=WIDTH)


def chart_impact_by_organization(table: pl.DataFrame, papers: int = 0) -> alt.Chart:
    """Horizontal bars: each organization's share of papers a ``kind`` of repository cites,
    its number of papers read beside its name (a share of 5 and one of 50 must not look
    alike); without impact data, what to run (``papers``: how many it would read)."""
    kind = table["kind"][0] if table.height else "model"
    title = f"Which organizations' papers led to {_KIND_NAMES.get(kind, kind)}?"
    if not table.height:
        return _without_impact(pl.DataFrame({"papers": [papers]}), title)
    shown = table.with_columns(group=pl.format("{} · {} papers", "organization_name",
                                               "fetched"))
    order = shown.sort(["share", "fetched"], descending=True)["group"].to_list()
    few = int(table["too_few"][0])
    subtitle = ["Share of each organization's papers whose Hub page was read; links are added "
                "by hand and late (a lower bound)",
                *([f"Not drawn: {few:,} more organizations with too few papers read"]
                  if few else [])]
    return alt.Chart(_data(shown)).mark_bar(cursor="pointer").encode(
        y=alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=360)),
        x=alt.X("share:Q", title=f"Share cited by {_KIND_NAMES.get(kind, kind)}",
                axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("organization_name:N", title="Organization"),
                 alt.Tooltip("organization:N", title="Hub handle"),
                 alt.Tooltip("having:Q", title=f"Papers cited by {_KIND_NAMES.get(kind, kind)}"),
                 alt.Tooltip("fetched:Q", title="Papers whose page was read"),
                 alt.Tooltip("share:Q", title="Share", format=".0%")],
    ).add_params(_pick("organization")).properties(
        title=_title(title, subtitle), width=WIDTH, height=max(8 * 30, 30 * shown.height))


def chart_impact_by_upvotes(table: pl.DataFrame) -> alt.Chart:
    """Horizontal bars: the share of papers a ``kind`` of repository cites, by upvotes, each
    bucket's number of papers read beside it; without impact data, what to run."""
    kind = table["kind"][0] if table.height else "model"
    title = f"Do upvoted papers lead to {_KIND_NAMES.get(kind, kind)}?"
    if not table.height or not table["fetched"].sum():
        return _without_impact(table.head(1).select("papers"), title)
    shown = table.filter(pl.col("share").is_not_null()).with_columns(
        group=pl.format("{} upvotes · {} papers", "upvotes", "fetched"))
    return alt.Chart(_data(shown)).mark_bar().encode(
        y=alt.Y("group:N", sort=shown["group"].to_list(), title=None,
                axis=alt.Axis(labelLimit=360)),
        x=alt.X("share:Q", title=f"Share cited by {_KIND_NAMES.get(kind, kind)}",
                axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("upvotes:N", title="Upvotes"),
                 alt.Tooltip("having:Q", title=f"Papers cited by {_KIND_NAMES.get(kind, kind)}"),
                 alt.Tooltip("fetched:Q", title="Papers whose page was read"),
                 alt.Tooltip("share:Q", title="Share", format=".0%")],
    ).properties(title=_title(title, [
        "Share of the papers whose Hub page was read, by their settled upvotes; a bucket "
        "needs 10 of them", "Links are added by hand and late: a lower bound"]),
        width=WIDTH, height=max(6 * 30, 30 * shown.height))


def _without_impact(table: pl.DataFrame, title: str) -> alt.Chart:
    """One line: no impact data yet, and the command that fetches it, with its cost."""
    papers = int(table["papers"].sum()) if table.height else 0
    since = (f" --since {table['period'].min():%Y-%m-%d}" if "period" in table.columns
             and table.height else "")
    minutes = papers / ANONYMOUS_RATE * 5
    lines = ["No impact data yet: run",
             f"dailypapers fetch --impact{since}",
             f"to read the Hub page of each of these {papers:,} papers (about {minutes:.0f} "
             f"min at the anonymous rate of {ANONYMOUS_RATE} per 5 minutes; HF_TOKEN doubles "
             "it)"]
    data = pl.DataFrame({"line": lines, "order": list(range(len(lines)))})
    return alt.Chart(data).mark_text(align="left", fontSize=15).encode(
        y=alt.Y("order:O", axis=None), text=alt.Text("line:N"),
        x=alt.value(0)).properties(
        title=_title(title, None), width=WIDTH, height=30 * len(lines))


__all__ = ["chart_impact_by_organization", "chart_impact_by_upvotes", "chart_impact_share"]
