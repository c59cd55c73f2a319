"""Which topics: keyword frequencies, trends, trend topics, rising and falling keywords,
and the abbreviations the keywords define."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from .. import codes, grouped
from ..frames import Frame
from ..keywords.abbreviations import learn, shipped_abbreviations
from ..keywords.definitions import MAY_DEFINE
from ..keywords.normalise import log_odds_dirichlet
from ..prepared import Prepared, carries, prepare
from .common import (
    TREND_MIN_PAPERS,
    DateColumn,
    _code_lookup,
    _codes_and,
    _dated,
    _periods,
    tied_beyond,
)
from .sampling import periods_cut, split_halves
from .vocabulary import _covered, _vocabulary_facts, _vote, _window_counts, choose_vocabulary


def compute_keyword_frequencies(df: Frame, n: int = 30, source: str = "auto",
                                omit_carried_by_all: bool = True) -> pl.DataFrame:
    """The ``n`` most frequent keywords, counted in papers (not occurrences).

    Variants merge (``LLMs`` = ``LLM``, ``fine-tuning`` = ``fine tuning``), and so does an
    abbreviation with its long form (``RL`` = ``reinforcement learning``: the field's table,
    :func:`~dailypapers.keywords.abbreviations.shipped_abbreviations`, the same whichever papers are
    counted); ``label`` is the most frequent spelling, cased as the keyword is mostly written
    (:func:`~dailypapers.keywords.normalise.labels_of`). ``share`` is of all papers in the table.

    A keyword that every paper carrying the vocabulary carries (the keyword a table was
    filtered by) says nothing of these papers; it is left out, and its label listed in
    ``carried_by_all``, unless ``omit_carried_by_all`` is false or every keyword is so.
    ``single_paper_keywords`` counts the keywords one paper alone carries: on few papers most
    keywords are, and ties of one paper are ranked only by name. ``tied_beyond``: how many
    keywords left out have as many papers as the last one listed
    (:func:`~dailypapers.compute.common.tied_beyond`).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b", "c", "d"],
    ...     "keywords": [["LLMs", "agents"], ["LLM"], ["agent", "LLMs", "llm"], ["RL"]]})
    >>> compute_keyword_frequencies(papers).select("label", "papers").rows()
    [('large language models (LLMs)', 3), ('agent', 2), ('reinforcement learning (RL)', 1)]
    >>> with_llms = compute_keyword_frequencies(papers.head(3))
    >>> with_llms.select("label", "papers").rows(), with_llms["carried_by_all"][0].to_list()
    ([('agent', 2)], ['large language models (LLMs)'])
    """
    papers = prepare(df)
    source = choose_vocabulary(papers, source)
    flat, vocabulary = papers.keywords(source)
    universal, left_out = (_left_out_codes(flat, papers.frame, source) if omit_carried_by_all
                           else (np.zeros(flat.size, dtype=bool), []))
    tally = flat.tally()
    top = flat.top(n + 1 + int(universal.sum()))
    top = top[~universal[top]]
    beyond = tied_beyond(tally[top].tolist(), n, lambda: tally[~universal])
    top = top[:n]
    return _code_lookup(flat, vocabulary, top).drop("code").with_columns(
        papers=pl.Series(tally[top], dtype=pl.Int64),
    ).with_columns(share=pl.col("papers") / max(papers.height, 1),
                   **_vocabulary_facts(papers.frame, source),
                   carried_by_all=_label_list(left_out),
                   single_paper_keywords=pl.lit(int((tally == 1).sum()), pl.Int64),
                   tied_beyond=pl.lit(beyond, pl.Int64))


def _carried_by_all(papers: np.ndarray, covered: int) -> np.ndarray:
    """Which keywords (``papers`` each) every paper carrying the vocabulary carries, as
    after a keyword filter: they say nothing of these papers, and a bar at 100 % would
    squeeze the others. None when every keyword is (one paper, or papers alike: then
    nothing else would be left to show).

    Examples
    --------
    >>> _carried_by_all(np.array([830, 80, 40]), 830).tolist()
    [True, False, False]
    >>> _carried_by_all(np.array([1, 1]), 1).tolist()
    [False, False]
    """
    every = (papers == covered) & (papers > 0)
    return every if (papers[papers > 0] < covered).any() else np.zeros(len(papers), bool)


def _left_out_codes(flat: codes.CodeView, frame: pl.DataFrame, source: str,
                    tally: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
    """:func:`_carried_by_all` of prepared papers' keyword codes (a mask by code) and the
    labels of those left out, sorted; of the papers of ``frame`` (those counted in
    ``tally``, by default all of them)."""
    universal = _carried_by_all(flat.tally() if tally is None else tally,
                                _covered(frame, source))
    return universal, sorted(flat.labels_of(np.flatnonzero(universal)).to_list())


def _label_list(labels: list[str]) -> pl.Expr:
    """A list of labels as one value for every row of a table."""
    return pl.lit(pl.Series([labels], dtype=pl.List(pl.String))).first()


def compute_keyword_trends(df: Frame, keywords: list[str] | None = None, every: str = "1mo",
                           n: int = 8, source: str = "auto",
                           date: DateColumn = "published_on",
                           min_papers: int = TREND_MIN_PAPERS) -> pl.DataFrame:
    """Per period, the share of papers that carry each keyword.

    The share is among the period's papers that carry the vocabulary in use
    (``period_papers``: with ``source="keywords"`` those with Hub keywords), so a period
    without that vocabulary is a gap (share null), not a topic falling to zero; so is a period
    with fewer than ``min_papers`` of them (``papers`` still counts them).

    ``keywords`` are matched after normalisation; by default the ``n`` most frequent.
    Columns: ``period``, ``keyword``, ``label``, ``papers``, ``period_papers``, ``share``;
    sorted by keyword, then period.
    """
    prepared = _dated(prepare(df), date)
    # each paper's period, and each period's papers with and without Hub keywords, once:
    # the vocabulary's vote and the shares' denominators
    period = _periods(prepared, date, every)
    flags = carries(prepared.frame, "keywords").to_numpy()
    in_period, carrying = _window_counts(period[0], flags, len(period[1]))
    source = (_vote(flags, in_period, carrying) if source == "auto"
              else choose_vocabulary(prepared, source))
    chosen, left_out = _chosen(prepared, keywords, n, source)
    return _keyword_trends_of_codes(
        prepared, chosen, period, carrying if source == "keywords" else in_period, source,
        min_papers).with_columns(
        periods_cut(prepared, date, prepared.frame[date], every),
        **_vocabulary_facts(prepared.frame, source), carried_by_all=_label_list(left_out))


def _chosen(papers: Prepared, keywords: list[str] | None, n: int,
            source: str) -> tuple[pl.Series, list[str]]:
    """The keywords a trend follows, sorted: those given (each read by the one resolver, as
    the filter box reads it: "RL" and "Reinforcement Learning (RL)" are its long form), else
    the top ``n`` (those every paper carries left out); and the labels of those left out."""
    left_out: list[str] = []
    if keywords is None:
        top = compute_keyword_frequencies(papers, n, source)
        chosen = top["keyword"]
        left_out = top["carried_by_all"][0].to_list() if top.height else []
    else:
        aliases = papers.keywords(source)[1].aliases
        chosen = pl.Series([aliases.key_of(keyword) for keyword in keywords], dtype=pl.String)
    return chosen.unique().sort().rename("keyword"), left_out


def _keyword_trends_of_codes(prepared: Prepared, keywords: pl.Series,
                             periods: tuple[np.ndarray, pl.Series], per_period: np.ndarray,
                             source: str, min_papers: int) -> pl.DataFrame:
    """compute_keyword_trends of a prepared frame: a (keyword × period) grid of counts, by
    one ``bincount`` of the chosen keywords' rows (each row is one paper: codes are distinct
    within a paper), with every period of the date span present; a share is of the
    period's ``per_period`` papers (those carrying the vocabulary)."""
    flat, vocabulary = prepared.keywords(source)
    code = vocabulary.codes_of(keywords.to_list())
    known = np.flatnonzero(code >= 0)
    rows, picked = flat.select(code[known])
    period, starts = periods
    width = len(starts)
    slot = codes.slots(code[known], flat.size, values=known)  # a code's keyword
    papers = np.bincount(slot[picked] * width + period[rows], minlength=len(code) * width)
    totals = np.tile(per_period, len(code))
    labels = keywords.clone()  # scatter writes in place
    if len(known):
        labels.scatter(known, flat.labels_of(code[known]))
    return pl.DataFrame({
        "period": starts.gather(np.tile(np.arange(width), len(code))),
        "keyword": keywords.gather(np.repeat(np.arange(len(code)), width)),
        "label": labels.gather(np.repeat(np.arange(len(code)), width)).rename("label"),
        "papers": pl.Series(papers, dtype=pl.Int64),
        "period_papers": pl.Series(totals, dtype=pl.Int64),
        "share": pl.Series(np.divide(papers, totals, out=np.full(len(papers), np.nan),
                                     where=totals >= max(min_papers, 1))).fill_nan(None)})


def compute_trend_topics(df: Frame, n: int = 20, min_papers: int = 5, source: str = "auto",
                         date: DateColumn = "published_on") -> pl.DataFrame:
    """Each frequent keyword's median date and interquartile range (bibliometrix trend topics).

    Keywords with at least ``min_papers`` papers; the ``n`` most frequent, sorted by median date.
    A keyword every dated paper carries is left out and named in ``carried_by_all`` (as in
    :func:`compute_keyword_frequencies`): its dates are the table's.
    """
    prepared = _dated(prepare(df), date)
    source = choose_vocabulary(prepared, source)
    flat, vocabulary = prepared.keywords(source)
    tally = flat.tally()
    universal, left_out = _left_out_codes(flat, prepared.frame, source)
    top = codes.top_codes(np.where((tally >= min_papers) & ~universal, tally, 0), n,
                          vocabulary.view.ties)
    found = _codes_and(prepared, flat, top, [date])
    group = found["code"].to_numpy()
    # dates span a bounded range: one histogram holds them all
    stats = grouped.quantiles(group, found[date].to_physical().to_numpy(), len(top),
                              (0.25, 0.5, 0.75), max_width=1 << 20, method="nearest")
    as_dates = [pl.Series(name, stats[:, i]).cast(pl.Int32).cast(pl.Date)
                for i, name in enumerate(("q1_date", "median_date", "q3_date"))]
    papers = pl.Series("papers", np.bincount(group, minlength=len(top)), dtype=pl.Int64)
    return (_code_lookup(flat, vocabulary, top).with_columns(papers, *as_dates)
            .sort(["median_date", "keyword"])
            .select("keyword", "label", "papers", "q1_date", "median_date", "q3_date")
            .with_columns(**_vocabulary_facts(prepared.frame, source),
                          carried_by_all=_label_list(left_out)))


#: A z-score of the log-odds ratio beyond this, either way, is unlikely by chance alone (two
#: sided, 5 %); a keyword within it neither rises nor falls on this evidence.
Z_BEYOND_CHANCE = 1.96


def compute_rising_keywords(df: Frame, before: tuple[date, date] | None = None,
                            after: tuple[date, date] | None = None, n: int = 15,
                            source: str = "auto", min_papers: int = 3,
                            date: DateColumn = "published_on",
                            prior_scale: float = 0.1) -> pl.DataFrame:
    """Keywords that rise or fall from the ``before`` period to the ``after`` period.

    Scored by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
    Quinn 2008; see :func:`~dailypapers.keywords.normalise.log_odds_dirichlet`), counted in papers.
    ``before``/``after`` are inclusive ``(first, last)`` days; by default the first and the
    second half of the table's dates. Returns the ``n`` highest z-scores (``rising``) and the
    ``n`` lowest (``falling``) among keywords with at least ``min_papers`` papers in all.
    ``within_chance`` marks a z-score below :data:`Z_BEYOND_CHANCE` either way: on a few
    papers every keyword may be, and ranking them says nothing. A keyword every paper of
    the two windows carries (the keyword a table was filtered by) is left out and named in
    ``carried_by_all``, as in :func:`compute_keyword_frequencies`.

    Examples
    --------
    >>> papers = pl.DataFrame({"published_on": [date(2025, 1, d) for d in range(1, 31)],
    ...     "keywords": [["agents", "RL"]] * 5 + [["RL"]] * 10 + [["agents", "RL"]] * 15})
    >>> table = compute_rising_keywords(papers)
    >>> table.select("label", "papers_before", "papers_after", "within_chance").rows()
    [('agents', 5, 15, False)]
    >>> table["carried_by_all"][0].to_list()
    ['reinforcement learning (RL)']
    """
    prepared = _dated(prepare(df), date)
    frame = prepared.frame
    if before is None or after is None:
        halves = split_halves(prepared, date)
        if halves is None:
            return _empty_rising()
        before, after = before or halves[0], after or halves[1]
    days = frame[date].to_physical().to_numpy()  # dated: no nulls
    in_after, in_before = _inside(days, after), _inside(days, before)
    # each paper's window for the vote (a paper in both votes in before's): only when asked
    windows = np.where(in_before, 0, np.where(in_after, 1, -1)) if source == "auto" else None
    source = choose_vocabulary(prepared, source, windows)
    flat, vocabulary = prepared.keywords(source)
    tally_a = flat.tally(in_after)
    if (in_after & in_before).any():
        tally_b = flat.tally(in_before)
    else:  # disjoint windows: before is the rest, less the few papers in neither
        neither = ~(in_after | in_before)
        tally_b = flat.tally() - tally_a - (flat.tally(neither) if neither.any() else 0)
    either = in_after | in_before
    in_either = flat.tally(either) if (in_after & in_before).any() else tally_a + tally_b
    windows_frame = frame.select("has_keywords").filter(pl.Series(either))
    universal, left_out = _left_out_codes(flat, windows_frame, source, in_either)
    kept = np.flatnonzero((tally_a + tally_b >= min_papers) & ~universal)
    # scored by code; only the few keywords shown are named
    counts = pl.DataFrame({"code": kept, "a": pl.Series(tally_a[kept], dtype=pl.Int64),
                           "b": pl.Series(tally_b[kept], dtype=pl.Int64)})
    if counts.is_empty():
        return _empty_rising()
    scored = log_odds_dirichlet(counts, prior_scale).rename(
        {"a": "papers_after", "b": "papers_before"}).with_columns(
        within_chance=pl.col("z").abs() < Z_BEYOND_CHANCE)
    # the n highest and n lowest z, with every tie at the cut (then ordered by keyword)
    z = scored["z"]
    lowest_rising = z.filter(z > 0).top_k(n).min()  # None when no keyword rises
    highest_falling = z.filter(z < 0).bottom_k(n).max()
    shown = scored.filter(
        ((pl.col("z") > 0) & (pl.col("z") >= (lowest_rising or 0.0)))
        | ((pl.col("z") < 0) & (pl.col("z") <= (highest_falling or 0.0)))
    ).with_columns(direction=pl.when(pl.col("z") > 0).then(pl.lit("rising"))
                   .otherwise(pl.lit("falling")))
    named = _code_lookup(flat, vocabulary, shown["code"].to_numpy())
    shown = shown.with_columns(named["keyword"], named["label"])
    order = [pl.col("direction") == "falling",
             pl.when(pl.col("direction") == "rising").then(-pl.col("z")).otherwise("z"),
             "keyword"]
    return (shown.sort(order).group_by("direction", maintain_order=True).head(n)
            .select("keyword", "label", "papers_before", "papers_after", "log_odds", "z",
                    "direction", "within_chance")
            .with_columns(**_vocabulary_facts(windows_frame, source),  # of either window's
                          carried_by_all=_label_list(left_out)))


def _inside(days: np.ndarray, window: tuple[date, date]) -> np.ndarray:
    """Whether each day (days since 1970-01-01) is in ``window``, both ends included.

    >>> _inside(np.array([0, 1, 2]), (date(1970, 1, 2), date(1970, 1, 3))).tolist()
    [False, True, True]
    """
    first, last = (grouped.day_number(day) for day in window)
    return (days >= first) & (days <= last)


def _empty_rising() -> pl.DataFrame:
    return pl.DataFrame(schema={"keyword": pl.String, "label": pl.String,
                                "papers_before": pl.Int64, "papers_after": pl.Int64,
                                "log_odds": pl.Float64, "z": pl.Float64, "direction": pl.String,
                                "within_chance": pl.Boolean})


def compute_abbreviations(df: Frame) -> pl.DataFrame:
    """The abbreviations the Hub's keywords of these papers define ("large language models
    (LLMs)"), and what their definitions say: ``merged`` with one long form, or
    ``competing`` long forms (at least :data:`~dailypapers.keywords.abbreviations.AGREEMENT` of them
    must agree). The keyword questions do not learn from the papers at hand (a filter would
    change what they merge); they merge by the field's table, learned by the same rule from
    the bundled corpus (:func:`~dailypapers.keywords.abbreviations.shipped_abbreviations`):
    ``counted_as`` says what they count this abbreviation as there (the label of its long
    form; null where they keep it apart).

    Columns: ``abbreviation`` (its most frequent spelling), ``key`` (normalised),
    ``long_form`` (the label shown, or the most frequent long form when competing),
    ``definitions`` (keyword occurrences defining it), ``status``, ``alternatives`` (the
    competing long forms and how often each is named), ``counted_as``. Most defined
    first.

    Examples
    --------
    >>> papers = pl.DataFrame({"keywords": [["large language models (LLMs)"], ["LLMs"],
    ...     ["reinforcement learning (RL)"], ["robot learning (RL)"]]})
    >>> report = compute_abbreviations(papers)
    >>> report.select("abbreviation", "status").rows()
    [('RL', 'competing'), ('LLMs', 'merged')]
    >>> report["counted_as"].to_list()  # by the field's table, whatever these papers say
    ['reinforcement learning (RL)', 'large language models (LLMs)']
    """
    # each distinct spelling "long form (SF)" once, sorted: ties between long forms are
    # settled the same way every time
    spelled = _defining_spellings(prepare(df).coded("keywords"))
    found = learn(spelled["keywords"].to_list(), spelled["n"].to_list())
    field = shipped_abbreviations("keywords")
    rows = []
    for key, total in found.definitions.items():
        competing = found.competing.get(key)
        long_form = (competing[0][0] if competing
                     else found.labels.get(found.merged[key], found.merged[key]))
        rows.append({"abbreviation": found.spelled[key], "key": key, "long_form": long_form,
                     "definitions": total, "status": "competing" if competing else "merged",
                     "alternatives": ", ".join(f"{long} ({n})" for long, n in competing)
                     if competing else None,
                     "counted_as": field.labels.get(field.merged.get(key, ""))})
    schema = {"abbreviation": pl.String, "key": pl.String, "long_form": pl.String,
              "definitions": pl.Int64, "status": pl.String, "alternatives": pl.String,
              "counted_as": pl.String}
    return (pl.DataFrame(rows, schema=schema)
            .sort(["definitions", "key"], descending=[True, False]))


def _defining_spellings(coded: pl.Series) -> pl.DataFrame:
    """Each spelling of coded keyword lists (``List(Enum)``) shaped "long form (SF)" that
    occurs, and how often (``keywords``, ``n``; sorted by spelling, as the codes are)."""
    spellings = coded.dtype.inner.categories
    codes = coded.explode(empty_as_null=False, keep_nulls=False).to_physical().to_numpy()
    counts = np.bincount(codes, minlength=spellings.len())
    defining = spellings.str.contains(MAY_DEFINE).to_numpy()
    chosen = np.flatnonzero(defining & (counts > 0))
    return pl.DataFrame({"keywords": spellings.gather(chosen),
                         "n": pl.Series(counts[chosen], dtype=pl.UInt32)})
