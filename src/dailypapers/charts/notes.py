"""What a chart says in words about the data it draws: the periods the data covers in part,
why a line breaks or draws nothing, the papers far from the rest left off the axis, what a
rate per listing day is (:mod:`~dailypapers.compute.sampling`), and a tie at a ranking's
cut."""

from __future__ import annotations

import polars as pl

from ..compute.sampling import drawn_span
from ..words import counted, plural
from .base import _period_label


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


def _gaps_note(papers: pl.Series, without: str | None, statistic: str,
               every: str = "", drawn: bool = True) -> list[str]:
    """Why a line breaks, from the papers of each period it skips: those without papers
    (``without`` says which papers; ``None``: not told), and those with too few of them for
    the ``statistic`` (``TREND_MIN_PAPERS``: compute's ``min_papers``). When no period of
    step ``every`` has enough (nothing ``drawn``), that is said instead, with what to do:
    an empty plot is no answer.

    Examples
    --------
    >>> _gaps_note(pl.Series([0, 0, 3]), "keywords", "a share")
    ['Gaps: 2 periods without keywords, 1 with too few of them for a share (at most 3)']
    >>> _gaps_note(pl.Series([0, 2]), None, "a median")
    ['Gaps: 1 period with too few papers for a median (at most 2)']
    >>> _gaps_note(pl.Series([0, 2, 9]), None, "a median", "1q", drawn=False)[0][:64]
    'Nothing to draw: no quarter has enough papers for a median (9 at'
    """
    empty = int((papers == 0).sum()) if without else 0
    few = papers.filter(papers > 0)
    which = without or "papers"
    if not drawn and few.len():
        return [f"Nothing to draw: no {_period_label(every).lower()} has enough {which} for "
                f"{statistic} ({int(few.max())} at most); try a longer period or a wider "
                "filter"]
    parts = [f"{counted(empty, 'period')} without {without}"] if empty else []
    if few.len():
        many = f"{few.len():,}" if parts else counted(few.len(), "period")
        parts.append(f"{many} with too few {'of them' if parts else which} for {statistic} "
                     f"(at most {int(few.max())})")
    return [f"Gaps: {', '.join(parts)}"] if parts else []


def _drawn(table: pl.DataFrame, every: str, count: str = "papers"
           ) -> tuple[pl.DataFrame, list[str]]:
    """The rows of the periods a time axis draws, and what it leaves off, in words: a few
    papers far before or after the rest (:func:`~dailypapers.compute.sampling.drawn_span`)
    would stretch the axis over empty years. They still count in every other question.
    ``count`` holds the period's papers on each of its rows (a row per series or not)."""
    if table.is_empty() or count not in table.columns:
        return table, []
    totals = table.group_by("period").agg(pl.col(count).max()).sort("period")
    low, high = drawn_span(totals["period"], totals[count].to_numpy(), every)
    first, last = totals["period"][low], totals["period"][high]
    before = int(totals[count][:low].sum())
    after = int(totals[count][high + 1:].sum())
    notes = []
    if before:
        notes.append(f"{counted(before, 'paper')} before "
                     f"{_period_names(pl.Series([first]), every)[0]}")
    if after:
        notes.append(f"{after:,} after {_period_names(pl.Series([last]), every)[0]}")
    kept = table.filter(pl.col("period").is_between(first, last))
    return kept, ([f"Not drawn, far from the rest: {' and '.join(notes)} (counted everywhere "
                   "else)"] if notes else [])


def _period_names(periods: pl.Series, every: str) -> pl.Series:
    """A short name per period start: 2024, 2024-Q3, 2024-07, 2024-07-15."""
    if every == "1y":
        return periods.dt.strftime("%Y")
    if every == "1q":
        return pl.select(pl.format("{}-Q{}", periods.dt.year(), periods.dt.quarter())
                         ).to_series()
    if every == "1mo":
        return periods.dt.strftime("%Y-%m")
    return periods.dt.strftime("%Y-%m-%d")


def _measure_of(table: pl.DataFrame, measure: str) -> str:
    """``measure``, or for ``auto`` the rate per listing day when the store is a sample (the
    table's ``sampled``: :mod:`~dailypapers.compute.sampling`), else the count."""
    if measure != "auto":
        return measure
    sampled = "sampled" in table.columns and table.height and table["sampled"][0]
    return "papers_per_day" if sampled else "papers"


def _rate_notes(table: pl.DataFrame, every: str) -> list[str]:
    """The notes of a rate per listing day: what it is (:func:`_listing_note`), and how many
    periods hold papers but no listing day (no rate: nothing drawn there)."""
    note = _listing_note(table, every)
    without = (table.filter((pl.col("papers") > 0) & pl.col("papers_per_day").is_null())
               ["period"].n_unique())
    if without:
        note.append(f"{counted(without, 'period')} with papers but no listing day held: no rate")
    return note


def _listing_note(table: pl.DataFrame, every: str) -> list[str]:
    """What a rate per listing day is, and how the periods are held: "papers per listing
    day the data holds: 3 months hold every weekday, 31 hold 4–22 listing days"."""
    held = table.filter(pl.col("listing_days") > 0)
    if held.is_empty():
        return []
    unit = _period_label(every).lower()
    whole = held.filter(pl.col("listing_days") >= pl.col("weekdays"))
    rest = held.filter(pl.col("listing_days") < pl.col("weekdays"))
    parts = []
    if whole.height:
        parts.append(f"{counted(whole.height, unit)} {plural(whole.height, 'holds', 'hold')} "
                     "every weekday")
    if rest.height:
        low, high = int(rest["listing_days"].min()), int(rest["listing_days"].max())
        span = f"{low}" if low == high else f"{low}–{high}"
        many = f"{rest.height:,}" if parts else counted(rest.height, unit)
        parts.append(f"{many} {plural(rest.height, 'holds', 'hold')} {span} "
                     f"{plural(high, 'listing day')}")
    return ["Papers per listing day the data holds, as the data is a sample: "
            + ", ".join(parts)]


def _tie_at_cut(table: pl.DataFrame, noun: str, key: str, count: str = "papers"
                ) -> tuple[pl.DataFrame, list[str]]:
    """The rows of a top-n table a chart draws, and what it says of a tie at the cut.

    When others left out have as many papers as the last listed (``tied_beyond``), the
    name chose among equals: the tied rows are left out and counted, for a bar drawn by the
    alphabet would read as a rank. If they are all there is, they are drawn, and the choice
    by name is said. The tied rows are those of the fewest ``count`` (one row per ``key``,
    or several: a row per period).

    >>> top = pl.DataFrame({"author": ["A", "B", "C"], "papers": [5, 3, 3], "tied_beyond": 4})
    >>> drawn, note = _tie_at_cut(top, "author", "author")
    >>> drawn["author"].to_list(), note
    (['A'], ['Not drawn: 6 authors tied for the last place, with 3 papers each'])
    >>> _tie_at_cut(top.filter(pl.col("papers") == 3), "author", "author")[1]
    ['6 authors tie for the first place, with 3 papers each: the 2 drawn are the first by name']
    """
    beyond = int(table["tied_beyond"][0]) if "tied_beyond" in table.columns \
        and table.height else 0
    if not beyond or count not in table.columns:
        return table, []
    at_cut = pl.col(count) == pl.col(count).min()
    tied = table.filter(at_cut)
    names = tied[key].n_unique() + beyond
    each = f", with {counted(int(tied[count][0]), 'paper')} each"
    kept = table.filter(~at_cut)
    if kept.is_empty():
        return table, [f"{counted(names, noun)} tie for the first place{each}: the "
                       f"{names - beyond} drawn are the first by name"]
    return kept, [f"Not drawn: {counted(names, noun)} tied for the last place{each}"]
