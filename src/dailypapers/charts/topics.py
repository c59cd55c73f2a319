"""Charts of keywords: the most frequent, their trends, trend topics and rising keywords."""

from __future__ import annotations

import altair as alt
import polars as pl

from ..compute import Z_BEYOND_CHANCE
from ..words import counted
from .base import (
    _FIT,
    FIT_WIDTH,
    MUTED,
    PALETTE,
    _count_axis,
    _data,
    _fitted,
    _layer_picking,
    _pale,
    _pale_when_partial,
    _period_label,
    _pick,
    _ranked,
    _time_unit,
    _title,
)
from .notes import _drawn, _gaps_note, _partial_note, _tie_at_cut


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
        return [f"Hub keywords of {covered:,} of {counted(papers, 'paper')}", *not_shown]
    return [f"Keyphrases from the titles and abstracts of {'all ' if papers > 1 else ''}"
            f"{counted(papers, 'paper')}", *not_shown]


def chart_keyword_frequencies(table: pl.DataFrame) -> alt.Chart:
    """Horizontal bars: papers per keyword.

    Keywords that one paper alone carries are left out when some keyword is shared, and
    counted in the subtitle: a count of one ranks nothing, and their tie would be cut by
    name. When no keyword is shared, each is drawn (there is nothing else to show) and the
    subtitle says so. A tie for the last place with keywords left out is left out too
    (:func:`~dailypapers.charts.notes._tie_at_cut`).
    """
    shared = table.filter(pl.col("papers") > 1)
    if shared.height:
        drawn, single_note = shared, [] if shared.height == table.height else [
            f"Not drawn: {counted(_single_paper_keywords(table), 'keyword')} that one paper "
            "alone carries"]
    else:
        drawn, single_note = table, (["No keyword here is shared by two papers"]
                                     if table.height else [])
    if drawn.height == table.height:  # else the tie is of one paper, counted above
        drawn, tie = _tie_at_cut(drawn, "keyword", "keyword")
        single_note += tie
    # the title given to the constructor, not .properties(): that validates it again at
    # every filter change
    title = _title("Which topics?", ["Papers per keyword (spelling variants merged)",
                                     *_vocabulary_note(table), *single_note])
    return alt.Chart(_data(drawn), title=title, width=FIT_WIDTH,
                     autosize=_FIT).mark_bar(cursor="pointer").encode(
        x=alt.X("papers:Q", title="Papers", axis=_count_axis(drawn)),
        y=alt.Y("label:N", sort=_ranked(drawn, "label"), title=None),
        tooltip=[alt.Tooltip("label:N", title="Keyword"),
                 alt.Tooltip("papers:Q", title="Papers", format=","),
                 alt.Tooltip("share:Q", title="Share of papers", format=".1%")],
    ).add_params(_pick("keyword", "vocabulary"))


def _single_paper_keywords(table: pl.DataFrame) -> int:
    """The keywords one paper alone carries: the table's count, else its rows of one paper
    (a table made without that column)."""
    if "single_paper_keywords" in table.columns:
        return int(table["single_paper_keywords"][0])
    return int((table["papers"] == 1).sum())


def chart_keyword_trends(table: pl.DataFrame, every: str = "1mo") -> alt.Chart:
    """Lines: the share of papers with each keyword, per period."""
    unit = _time_unit(every)
    table, off_axis = _drawn(table, every, "period_papers")
    # a period without the vocabulary is a gap: the line breaks there (a segment per run)
    shown = (table.sort("keyword", "period")
             .with_columns(segment=pl.col("share").is_null().cum_sum().over("keyword"))
             .filter(pl.col("share").is_not_null()))
    title = _title("Which topics rise and fall?", [
        *_vocabulary_note(table),
        *_gaps_note(table.filter(pl.col("share").is_null()).group_by("period")
                    .agg(pl.col("period_papers").first())["period_papers"],
                    "papers carrying this vocabulary", "a share", every, not shown.is_empty()),
        *_partial_note(shown), *off_axis] or None)
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


def _chance_note(table: pl.DataFrame) -> list[str]:
    """What the pale bars of the rising keywords are: those within chance."""
    if "within_chance" not in table.columns or not table["within_chance"].any():
        return []
    if table["within_chance"].all():
        return [f"No keyword here rises or falls beyond chance (every |z| < "
                f"{Z_BEYOND_CHANCE}): too few papers to tell"]
    return [f"Pale: within chance (|z| < {Z_BEYOND_CHANCE})"]


def chart_rising_keywords(table: pl.DataFrame, before: str = "before",
                          after: str = "after") -> alt.Chart:
    """Diverging bars: z-scores of the log-odds ratio, rising to the right; without any,
    why (``before`` and ``after`` are ``—`` when the papers span no two periods). A keyword
    within chance (``within_chance``) is pale, and when every one is, the subtitle says
    that none rises or falls beyond chance."""
    empty = ([] if table.height else
             ["Nothing to rank: these papers span a single day, not two periods"]
             if before == after == "—" else
             ["Nothing to rank: no keyword is held by enough papers of the two periods"])
    title = _title("Rising and falling keywords",
                   [f"Before: {before} · After: {after} · log-odds with an informative "
                    "Dirichlet prior", *_vocabulary_note(table), *empty, *_chance_note(table)])
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
        opacity=(_pale(0.35, 1.0, "within_chance") if "within_chance" in table.columns
                 else alt.OpacityValue(1.0)),
        tooltip=[alt.Tooltip("label:N", title="Keyword"),
                 alt.Tooltip("papers_before:Q", title=f"Papers {before}"),
                 alt.Tooltip("papers_after:Q", title=f"Papers {after}"),
                 alt.Tooltip("log_odds:Q", title="Log-odds ratio", format=".2f"),
                 alt.Tooltip("z:Q", title="z-score", format=".2f")],
    ).add_params(_pick("keyword", "vocabulary"))
