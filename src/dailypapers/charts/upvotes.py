"""Charts of upvotes: each group's median and middle half, by team size and by organization."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import polars as pl

from ..compute import SETTLE_DAYS
from ..words import counted
from .base import _bounds_of, _data, _fitted, _layer, _layer_picking, _title


def _upvote_ranges(table: pl.DataFrame, field: str, title: str,
                   sort: Callable[[pl.DataFrame], list[str]],
                   tooltip_extra: list[alt.Tooltip] | None = None,
                   picked: tuple[str, ...] = ()) -> alt.LayerChart:
    """Horizontal ranges: each group's median upvotes and middle half, its N in the label.

    Horizontal, so that long names stay whole at slide size; the N sits beside the name
    because a median of 3 papers and one of 300 must not look alike.
    """
    shown = table.filter((pl.col("papers") > 0) & pl.col("median").is_not_null())
    shown = shown.with_columns(group=pl.Series(
        [f"{name} · {counted(papers, 'paper')}"
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
    height = max(8 * 34, 34 * shown.height)
    return _fitted(_layer_picking(span, dot, picked=1, fields=picked, height=height) if picked
                   else _layer(span, dot, height=height))


def _settled_note(table: pl.DataFrame) -> list[str]:
    """What the upvotes are: settled observations (and how many were left out), or all."""
    if "early_left_out" not in table.columns or not table.height:  # no row says: not told
        return []
    left_out = int(table["early_left_out"][0])
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
                     ["Upvotes per paper by number of authors",
                      *_too_few_note(table, "team size", _groups_drawn(table)),
                      *_settled_note(table)]))


def chart_upvotes_by_organization(table: pl.DataFrame) -> alt.LayerChart:
    """Median upvotes (and middle half) of the organizations with most papers, best first."""
    named = table if "organization_name" in table.columns else table.with_columns(
        organization_name=pl.col("organization"))
    drawn = _groups_drawn(table)
    ranked = ([] if not drawn else
              ["The only organization here with enough papers whose upvotes count"]
              if drawn == 1 else
              [f"The {drawn} organizations with most papers whose upvotes count, "
               "by median upvotes"])
    return _upvote_ranges(
        named, "organization_name", "Organization",
        lambda shown: shown.sort(["median", "papers"], descending=True)["group"].to_list(),
        [alt.Tooltip("organization:N", title="Hub handle")],
        picked=("organization",)).properties(
        title=_title("Which organizations get upvoted?",
                     [*ranked, *_too_few_note(table, "organization", drawn),
                      *_settled_note(table)]))


def _groups_drawn(table: pl.DataFrame) -> int:
    """The groups an upvotes chart draws: those with a median."""
    return table.filter((pl.col("papers") > 0) & pl.col("median").is_not_null()).height


def _too_few_note(table: pl.DataFrame, what: str, drawn: int) -> list[str]:
    """The groups left out for too few papers to have a median worth ranking; when that is
    every group (``drawn``: :func:`_groups_drawn`), or there is none, that nothing is drawn
    and why (an empty plot is no answer). A table without rows (organizations: only those
    drawn are rows) tells no more than that."""
    if not table.height:
        return [f"Nothing to draw: no {what} here has enough papers whose upvotes count for "
                "a median"]
    few = int(table["too_few"][0]) if "too_few" in table.columns else 0
    if not few:
        return [] if drawn else ["Nothing to draw: no paper here has upvotes that count"]
    most, needs = int(table["too_few_most"][0]), int(table["min_papers"][0])
    if not drawn:
        return [f"Nothing to draw: no {what} has the {needs} papers whose upvotes count that "
                f"a median needs ({most} at most)"]
    return [f"Not drawn: {counted(few, f'more {what}')} with 1–{most} such "
            f"papers (a median needs {needs})"]
