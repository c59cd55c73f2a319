"""Charts of what became of the papers: the share cited by models, datasets or Spaces, the
papers whose models are used most, and how soon a first model follows a paper."""

from __future__ import annotations

import altair as alt
import polars as pl

from ..hub import ANONYMOUS_RATE, minutes_for
from ..words import counted, plural
from .base import (
    WIDTH,
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
from .notes import _drawn, _partial_note
from .topics import _vocabulary_note

_KIND_NAMES = {"model": "a model", "dataset": "a dataset", "space": "a Space"}


def chart_impact_share(table: pl.DataFrame, every: str = "1q",
                       to_ask: int | None = None) -> alt.Chart:
    """Bars: the share of each period's papers (of those whose impact was fetched) that a
    ``kind`` of Hub repository cites; without impact data, what to run to get it (for
    ``to_ask`` papers: by default all of the table's)."""
    kind = table["kind"][0] if table.height and "kind" in table.columns else "model"
    title = f"Which papers led to {_KIND_NAMES.get(kind, kind)} on the Hub?"
    if not table.height or not table["fetched"].sum():
        return _without_impact(table, title, to_ask)
    fetched, papers = int(table["fetched"].sum()), int(table["papers"].sum())
    # the axis spans the periods whose papers were read (a fetch --since 2025-10 draws
    # from there), a few of them far from the rest left off and named
    table, off_axis = _drawn(table.filter(pl.col("fetched") > 0), every, "fetched")
    unit = _time_unit(every)
    spans = _spans(table.filter(pl.col("share").is_not_null()), every).with_columns(
        pick_from=pl.col("period").dt.to_string("%Y-%m-%d"),
        pick_to=pl.col("period").dt.offset_by(every).dt.offset_by("-1d").dt.to_string(
            "%Y-%m-%d"))
    subtitle = [f"Share of the {counted(fetched, 'paper')} whose Hub page was read (of "
                f"{papers:,}); links are added by authors, by hand and "
                "late: a lower bound that rises as papers age",
                *_partial_note(table), *off_axis]
    return alt.Chart(_data(spans)).mark_bar(cursor="pointer").encode(
        x=alt.X("period:T", title=_period_label(every),
                axis=_time_axis(every, spans["period"])),
        x2=alt.X2("period_end"),
        y=alt.Y("share:Q", title=f"Share cited by {_KIND_NAMES.get(kind, kind)}",
                axis=alt.Axis(format="%")), y2=alt.Y2Datum(0),
        opacity=_pale(0.4, 1.0),
        tooltip=[alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("having:Q", title=f"Papers cited by {_KIND_NAMES.get(kind, kind)}",
                             format=","),
                 alt.Tooltip("fetched:Q", title="Papers whose page was read", format=","),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("share:Q", title="Share", format=".0%")],
    ).add_params(_pick("pick_from", "pick_to")).properties(
        title=_title(title, subtitle), width=WIDTH)


def chart_impact_by_organization(table: pl.DataFrame, papers: int = 0,
                                 fetched: int = 0) -> alt.Chart:
    """Horizontal bars: each organization's share of papers a ``kind`` of repository cites,
    its number of papers read beside its name (a share of 5 and one of 50 must not look
    alike); without impact data (``fetched``: papers read), what to run (``papers``: how
    many it would read)."""
    kind = table["kind"][0] if table.height else "model"
    title = f"Which organizations' papers led to {_KIND_NAMES.get(kind, kind)}?"
    if not table.height:
        return _too_few(title, papers, fetched, "organization")
    return _shares_by_group(
        table, "organization_name", title, kind,
        ["Share of each organization's papers whose Hub page was read; links are added by "
         "hand and late (a lower bound)"], "organizations with too few papers read",
        [alt.Tooltip("organization_name:N", title="Organization"),
         alt.Tooltip("organization:N", title="Hub handle")], ("organization",))


def chart_impact_by_upvotes(table: pl.DataFrame, to_ask: int | None = None) -> alt.Chart:
    """Horizontal bars: the share of papers a ``kind`` of repository cites, by upvotes, each
    bucket's number of papers read beside it; without impact data, what to run (for
    ``to_ask`` papers: by default all of the table's)."""
    kind = table["kind"][0] if table.height else "model"
    title = f"Do upvoted papers lead to {_KIND_NAMES.get(kind, kind)}?"
    if not table.height or not table["fetched"].sum():
        return _without_impact(table.head(1).select("papers"), title, to_ask)
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


def chart_impact_by_keyword(table: pl.DataFrame, papers: int = 0,
                            fetched: int = 0) -> alt.Chart:
    """Horizontal bars: each keyword's share of papers a ``kind`` of repository cites, its
    number of papers read beside it; a click narrows the panel to the keyword. Without
    impact data (``fetched``: papers read), what to run (``papers``: how many to read)."""
    kind = table["kind"][0] if table.height else "model"
    title = f"Which topics led to {_KIND_NAMES.get(kind, kind)}?"
    if not table.height:
        return _too_few(title, papers, fetched, "keyword")
    return _shares_by_group(
        table, "label", title, kind,
        ["Share of each keyword's papers whose Hub page was read; links are added by hand and "
         "late (a lower bound)", *_vocabulary_note(table)],
        "keywords with too few papers read for a share",
        [alt.Tooltip("label:N", title="Keyword")], ("keyword", "vocabulary"))


def _shares_by_group(table: pl.DataFrame, name: str, title: str, kind: str,
                     subtitle: list[str], too_few: str, named: list[alt.Tooltip],
                     pick: tuple[str, ...]) -> alt.Chart:
    """Horizontal bars of each group's share cited by ``kind`` (organizations, keywords),
    its papers read beside its ``name``, largest share first; ``too_few`` names the groups
    left out (``too_few`` of the table); a click picks the group (``pick``)."""
    shown = table.with_columns(group=pl.format("{} · {} papers", name, "fetched"))
    order = shown.sort(["share", "fetched"], descending=True)["group"].to_list()
    few = int(table["too_few"][0])
    cited = _KIND_NAMES.get(kind, kind)
    return alt.Chart(_data(shown)).mark_bar(cursor="pointer").encode(
        y=alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=360)),
        x=alt.X("share:Q", title=f"Share cited by {cited}", axis=alt.Axis(format="%")),
        tooltip=[*named,
                 alt.Tooltip("having:Q", title=f"Papers cited by {cited}"),
                 alt.Tooltip("fetched:Q", title="Papers whose page was read"),
                 alt.Tooltip("share:Q", title="Share", format=".0%")],
    ).add_params(_pick(*pick)).properties(
        title=_title(title, [*subtitle, *([f"Not drawn: {few:,} more {too_few}"] if few
                                          else [])]),
        width=WIDTH, height=max(8 * 30, 30 * shown.height))


def chart_most_used(table: pl.DataFrame, papers: int = 0, fetched: int = 0) -> alt.Chart:
    """Horizontal bars: the papers whose models were downloaded most in the last 30 days; a
    click opens the paper's Hub page (said by the notebook, not the subtitle: a slide or
    an image cannot be clicked). Without impact data, what to run."""
    title = "Which papers' models are used most?"
    if not fetched:
        return _without_impact(pl.DataFrame({"papers": [papers]}), title)
    if not table.height:
        return _message(title, [f"None of the {counted(fetched, 'paper')} whose Hub page was "
                                "read has a model downloaded in the last 30 days"])
    shown = table.with_columns(
        label=pl.format("{} · {} model{}",
                        pl.when(pl.col("title").str.len_chars() > 60)
                        .then(pl.col("title").str.slice(0, 59) + "…")
                        .otherwise(pl.col("title")), "models",
                        pl.when(pl.col("models") == 1).then(pl.lit("")).otherwise(pl.lit("s"))))
    preview = table.filter(pl.col("models_seen") < pl.col("models"))
    subtitle = [f"Downloads in the last 30 days of the models seen citing each paper (of "
                f"{counted(fetched, 'paper')} whose Hub page was read)",
                *([f"{preview.height:,} of these papers {plural(preview.height, 'shows', 'show')} "
                   "only a preview of their models "
                   f"(e.g. {preview['models_seen'][0]:,} of {preview['models'][0]:,}): "
                   "dailypapers fetch --impact --full reads them all"] if preview.height else [])]
    return alt.Chart(_data(shown)).mark_bar(cursor="pointer").encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=480)),
        x=alt.X("model_downloads:Q", title="Downloads of its models, last 30 days",
                axis=alt.Axis(format="~s")),
        href=alt.Href("hub_url:N"),
        tooltip=[alt.Tooltip("title:N", title="Paper"),
                 alt.Tooltip("organization:N", title="Organization"),
                 alt.Tooltip("published_on:T", title="Published", format="%Y-%m-%d"),
                 alt.Tooltip("models:Q", title="Models citing it", format=","),
                 alt.Tooltip("models_seen:Q", title="Models seen", format=","),
                 alt.Tooltip("model_downloads:Q", title="Their downloads, 30 days",
                             format=","),
                 alt.Tooltip("impact_likes:Q", title="Likes of what cites it", format=",")],
    ).properties(title=_title(title, subtitle), width=WIDTH,
                 height=max(8 * 30, 30 * shown.height))


def chart_days_to_first_model(table: pl.DataFrame, every: str = "1q", papers: int = 0,
                              fetched: int = 0) -> alt.Chart:
    """Per period: the middle half (bar) and median (tick) of the days from a paper's date
    to its first model's creation. Without impact data, or without creation dates (they
    come with ``--full``), what to run."""
    title = "How soon does a model follow a paper?"
    if not fetched:
        return _without_impact(pl.DataFrame({"papers": [papers]}), title)
    having, dated = int(table["having"].sum()), int(table["dated"].sum())
    drawn = table.filter(pl.col("median").is_not_null())
    if not drawn.height:
        return _message(title, [
            f"{dated:,} of the {counted(having, 'paper')} a model cites "
            f"{plural(dated, 'has', 'have')} a first model whose creation date was read: too "
            "few for a period's median." if dated else
            f"The creation dates of the models citing {counted(having, 'paper')} were not "
            "read: run",
            "dailypapers fetch --impact --full",
            "to read the complete lists of models, with their creation dates"])
    drawn, off_axis = _drawn(_spans(drawn, every), every, "having")
    before = int(table["before"].sum())
    subtitle = [f"Days from a paper's date to the creation of the first model citing it: the "
                f"middle half of the papers (bar), the median (tick); {dated:,} of "
                f"{counted(having, 'paper')} with a model, dated",
                *([f"A model made before its paper (released first, linked later) counts as "
                   f"day 0: {counted(before, 'paper')}"] if before else []),
                *([f"{counted(having - dated, 'paper')} with a model "
                   f"{plural(having - dated, 'shows', 'show')} no creation date: "
                   "dailypapers fetch --impact --full reads them"] if having > dated else []),
                *_partial_note(drawn), *off_axis]
    unit = _time_unit(every)
    base = alt.Chart(_data(drawn)).encode(
        x=alt.X("period:T", title=_period_label(every),
                axis=_time_axis(every, drawn["period"])),
        tooltip=[alt.Tooltip(f"{unit}(period):T", title=_period_label(every)),
                 alt.Tooltip("having:Q", title="Papers a model cites", format=","),
                 alt.Tooltip("dated:Q", title="Their first model dated", format=","),
                 alt.Tooltip("q1:Q", title="Days, first quartile", format=",.0f"),
                 alt.Tooltip("median:Q", title="Days, median", format=",.0f"),
                 alt.Tooltip("q3:Q", title="Days, third quartile", format=",.0f")])
    middle = base.mark_bar().encode(
        x2=alt.X2("period_end"), y=alt.Y("q1:Q", title="Days to the first model"),
        y2=alt.Y2("q3"), opacity=_pale(0.25, 0.55))
    median = base.mark_rule(strokeWidth=3).encode(x2=alt.X2("period_end"), y=alt.Y("median:Q"))
    return _layer(middle, median, title=_title(title, subtitle), width=WIDTH)


def _too_few(title: str, papers: int, fetched: int, group: str) -> alt.Chart:
    """No group to draw: no impact data yet (what to run), or too few papers read per
    ``group``."""
    if not fetched:
        return _without_impact(pl.DataFrame({"papers": [papers]}), title)
    return _message(title, [f"No {group} has 10 of the {counted(fetched, 'paper')} whose Hub "
                            "page was read: read more with", "dailypapers fetch --impact"])


def _message(title: str, lines: list[str]) -> alt.Chart:
    """A chart of a few lines of text: why there is nothing to draw, and what to do."""
    data = pl.DataFrame({"line": lines, "order": list(range(len(lines)))})
    return alt.Chart(data).mark_text(align="left", fontSize=15).encode(
        y=alt.Y("order:O", axis=None), text=alt.Text("line:N"),
        x=alt.XValue(0)).properties(
        title=_title(title, None), width=WIDTH, height=30 * len(lines))


def _without_impact(table: pl.DataFrame, title: str, to_ask: int | None = None) -> alt.Chart:
    """No impact data yet: the command that fetches it, and its cost for ``to_ask`` papers
    (by default the table's ``papers``)."""
    papers = to_ask if to_ask is not None else int(table["papers"].sum()) if table.height else 0
    since = (f" --since {table['period'].min():%Y-%m-%d}" if "period" in table.columns
             and table.height else "")
    if not papers:
        return _message(title, ["No impact data, and none to fetch: the Hub names a paper's",
                                "page by its arXiv id, and no paper here has one"])
    minutes = minutes_for(papers)
    took = f"about {minutes:.0f} min" if minutes >= 1 else "under a minute"
    return _message(title, [
        "No impact data yet: run", f"dailypapers fetch --impact{since}",
        f"to read the Hub page of {'each of these ' if papers > 1 else ''}"
        f"{counted(papers, 'paper')} ({took} at the anonymous rate of {ANONYMOUS_RATE} per 5 "
        "minutes; HF_TOKEN doubles it)"])


__all__ = ["chart_days_to_first_model", "chart_impact_by_keyword", "chart_impact_by_organization",
           "chart_impact_by_upvotes", "chart_impact_share", "chart_most_used"]
