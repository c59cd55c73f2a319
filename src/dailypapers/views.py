"""Views: a question answered as a chart, by name — compute_* then chart_* in one call.

The notebooks, the filter panel and the standard deck all draw views, so each pairing of a
table and its chart is written once, here.

Examples
--------
>>> from dailypapers import generate_corpus
>>> frame = generate_corpus(200, seed=1)
>>> view("author_counts", frame).to_dict()["mark"]["type"]
'bar'
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import altair as alt
import polars as pl

from . import charts as ch
from . import compute as cp
from . import maps
from .prepared import prepare

View = Callable[..., alt.TopLevelMixin]


#: The most bars a time chart draws when it chooses its period.
BARS = 120


def auto_period(frame: Any, date_column: str = "published_on", bars: int = BARS) -> str:
    """The finest period among day, week, month, quarter, year giving at most ``bars`` bars.

    Examples
    --------
    >>> auto_period(pl.DataFrame({"published_on": [date(2025, 1, 1), date(2025, 3, 1)]}))
    '1d'
    """
    span = _days_spanned(frame, date_column)
    for every, length in _LENGTHS.items():
        if span / length <= bars:
            return every
    return "1y"


_LENGTHS = {"1d": 1, "1w": 7, "1mo": 30.4, "1q": 91.3, "1y": 365.25}


def _days_spanned(papers: Any, date_column: str) -> int:
    """Days from the first to the last date of ``date_column`` (1 without dates)."""
    frame = prepare(papers).frame_of([date_column])
    days = frame[date_column] if date_column in frame.columns else pl.Series([], dtype=pl.Date)
    first, last = days.min(), days.max()
    return (last - first).days + 1 if first is not None else 1


def _every(frame: Any, every: str | None, date_column: str = "published_on",
           series: int = 1, per_period: int = 1) -> str:
    """The period asked for, or a coarser one when it would draw more than a chart holds.

    ``series`` is how many rows each period adds (e.g. one per organization). When no
    period is asked for, one holding ``per_period`` papers on average (a median or a share
    needs :data:`~dailypapers.compute.TREND_MIN_PAPERS`): 34 papers over two years are read
    by year, not as 30 months too thin to draw.
    """
    if every is None:
        bars = BARS if per_period == 1 else max(1, min(BARS, prepare(frame).height // per_period))
        return auto_period(frame, date_column, bars=bars)
    span = _days_spanned(frame, date_column)
    if every in _LENGTHS and span / _LENGTHS[every] * series > ch.MAX_ROWS:
        return auto_period(frame, date_column, bars=ch.MAX_ROWS // series)
    return every


def _rising(frame: Any, before: tuple[date, date] | None = None,
            after: tuple[date, date] | None = None, n: int = 12, **kw: Any) -> alt.TopLevelMixin:
    if before is None or after is None:  # the halves of the dates, only when not given
        halves = cp.split_halves(frame)
        before = before or (halves[0] if halves else None)
        after = after or (halves[1] if halves else None)
    table = cp.compute_rising_keywords(frame, before, after, n=n, **kw)
    return ch.chart_rising_keywords(table, _span(before), _span(after))


def _span(span: tuple[date, date] | None) -> str:
    return f"{span[0]} → {span[1]}" if span else "—"


VIEWS: dict[str, View] = {
    "overview": lambda f: ch.chart_overview(cp.compute_overview(f)),
    "papers_over_time": lambda f, every=None, date="published_on", measure="auto",
        observations="settled": ch.chart_papers_over_time(
            cp.compute_papers_over_time(f, _every(f, every, date), date, observations),
            _every(f, every, date), measure),
    "coverage": lambda f, every="1y": ch.chart_coverage(cp.compute_coverage(f, every), every),
    "author_counts": lambda f, max_authors=20: ch.chart_author_counts(
        cp.compute_author_counts(f, max_authors)),
    "team_size_over_time": lambda f, every=None: ch.chart_team_size_over_time(
        cp.compute_team_size_over_time(f, _every(f, every, per_period=cp.TREND_MIN_PAPERS)),
        _every(f, every, per_period=cp.TREND_MIN_PAPERS)),
    "top_authors": lambda f, n=15: ch.chart_top_authors(cp.compute_top_authors(f, n)),
    "top_authors_over_time": lambda f, n=10, every="1y", measure="auto":
        ch.chart_top_authors_over_time(cp.compute_top_authors_over_time(f, n, every), every,
                                       measure),
    "top_organizations": lambda f, n=15: ch.chart_top_organizations(
        cp.compute_top_organizations(f, n)),
    "organization_share": lambda f, every=None, n=8: ch.chart_organization_share(
        cp.compute_organization_share(f, _every(f, every, series=n + 2), n),
        _every(f, every, series=n + 2)),
    "upvotes_by_organization": lambda f, n=15, observations="settled", min_papers=5:
        ch.chart_upvotes_by_organization(
            cp.compute_upvotes_by_organization(f, n, min_papers, observations)),
    "keyword_frequencies": lambda f, n=25, source="auto": ch.chart_keyword_frequencies(
        cp.compute_keyword_frequencies(f, n, source)),
    "keyword_trends": lambda f, keywords=None, every=None, n=6, source="auto":
        ch.chart_keyword_trends(
            cp.compute_keyword_trends(
                f, keywords, _every(f, every, series=n, per_period=cp.TREND_MIN_PAPERS), n,
                source),
            _every(f, every, series=n, per_period=cp.TREND_MIN_PAPERS)),
    "trend_topics": lambda f, n=15, source="auto": ch.chart_trend_topics(
        cp.compute_trend_topics(f, n, source=source)),
    "rising_keywords": _rising,
    "upvotes_by_team_size": lambda f, observations="settled", min_papers=5:
        ch.chart_upvotes_by_team_size(
            cp.compute_upvotes_by_team_size(f, observations, min_papers)),
    "keyword_map": lambda f, n=60, source="auto", min_papers=maps.MIN_PAPERS:
        ch.chart_keyword_map(maps.compute_keyword_cooccurrence(f, n, source, min_papers)),
    "coauthor_map": lambda f, n=50, min_papers=1: ch.chart_coauthor_map(
        maps.compute_coauthorship(f, n, min_papers)),
    "impact_share": lambda f, every="1q", kind="model": ch.chart_impact_share(
        cp.compute_impact_share(f, every, kind), every, impact_read(f)[0]),
    "impact_by_organization": lambda f, n=15, kind="model", min_fetched=cp.MIN_FETCHED:
        ch.chart_impact_by_organization(
            cp.compute_impact_by_organization(f, n, kind, min_fetched), *impact_read(f)),
    "impact_by_keyword": lambda f, n=15, kind="model", min_fetched=cp.MIN_FETCHED,
    source="auto": ch.chart_impact_by_keyword(
        cp.compute_impact_by_keyword(f, n, kind, min_fetched, source), *impact_read(f)),
    "impact_by_upvotes": lambda f, kind="model", observations="settled":
        ch.chart_impact_by_upvotes(
            cp.compute_impact_by_upvotes(f, kind, observations=observations),
            impact_read(f)[0]),
    "most_used": lambda f, n=15: ch.chart_most_used(cp.compute_most_used(f, n),
                                                    *impact_read(f)),
    "days_to_first_model": lambda f, every="1q": ch.chart_days_to_first_model(
        cp.compute_days_to_first_model(f, every), every, *impact_read(f)),
}

#: The impact views, drawn in the deck when impact was fetched for the papers.
IMPACT = ["impact_share", "impact_by_organization", "impact_by_keyword", "most_used",
          "days_to_first_model", "impact_by_upvotes"]


def impact_read(papers: Any) -> tuple[int, int]:
    """The papers whose impact can be asked (an arXiv id: a paper known by its title has no
    Hub page), and those whose impact was read: the impact charts say both."""
    prepared = prepare(papers)
    frame = prepared.frame_of(["impact_seen_at"])
    read = (int(frame["impact_seen_at"].is_not_null().sum())
            if "impact_seen_at" in frame.columns else 0)
    if read:  # the count is not drawn
        return prepared.height, read
    ids = prepared.select(["paper_id"])["paper_id"]
    return int((ids.is_not_null() & ~ids.str.starts_with("title:")).sum()), read

#: The standard deck: one slide per question, in this order.
STANDARD = ["overview", "papers_over_time", "author_counts", "team_size_over_time",
            "top_authors", "top_organizations", "keyword_frequencies", "rising_keywords",
            "upvotes_by_team_size"]


def view(name: str, frame: Any, **options: Any) -> alt.TopLevelMixin:
    """The chart of view ``name`` for ``frame`` (any frame compute_* accepts, or prepared
    papers)."""
    if name not in VIEWS:
        raise KeyError(f"no view {name!r}; the views are: {', '.join(VIEWS)}")
    return VIEWS[name](prepare(frame), **options)
