"""compute_*: the questions people bring to Daily Papers, each a table in and a table out.

Every function takes papers prepared by ``dp.prepare``
(:class:`~dailypapers.prepared.Prepared`), or a table it prepares (a polars DataFrame or
LazyFrame, or pandas), and asks its question once, of the prepared papers' integer codes.
Every returns a small polars DataFrame ready to chart. Nothing here knows of Altair.

Examples
--------
>>> from datetime import date
>>> papers = conform(pl.DataFrame({
...     "paper_id": ["a", "b", "c"], "author_count": [2, 9, None],
...     "organization": ["meta", None, "meta"], "published_on": [date(2025, 1, 6)] * 3,
...     "upvotes": [3, 10, None]}))
>>> compute_overview(papers).select("papers", "median_team_size", "organizations").row(0)
(3, 5.5, 1)
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal
from urllib.parse import quote_plus

import numpy as np
import polars as pl

from . import codes, grouped
from .frames import Frame
from .keywords.abbreviations import MAY_DEFINE, learn, shipped_abbreviations
from .keywords.normalise import log_odds_dirichlet
from .prepared import COVERED, Prepared, Vocabulary, carries, prepare
from .schema import conform, one_line_expr
from .store import source_groups

DateColumn = Literal["published_on", "daily_on"]
NO_ORGANIZATION = "(no organization)"
OTHER = "other"
#: Team-size buckets for upvotes by team size: (label, smallest, largest).
TEAM_SIZES = [("1", 1, 1), ("2", 2, 2), ("3–4", 3, 4), ("5–8", 5, 8), ("9–16", 9, 16),
              ("17–32", 17, 32), ("33–100", 33, 100), (">100", 101, None)]


#: Upvotes keep rising for one to two weeks after a paper's day (the fetch command's settle
#: window): an observation at least this many days after it counts as settled.
SETTLE_DAYS = 14
Observations = Literal["settled", "all"]


def counted_upvotes(frame: pl.DataFrame, observations: str) -> pl.Expr:
    """Whether a row's upvotes count: settled ones (seen :data:`SETTLE_DAYS` or more after
    the paper's day) unless ``observations="all"``; every row when no time was recorded."""
    if observations not in ("settled", "all"):
        raise ValueError(f'observations must be "settled" or "all", not {observations!r}')
    if observations == "all" or "seen_at" not in frame.columns:
        return pl.lit(True)
    return (observation_age(frame) >= SETTLE_DAYS).fill_null(False)


def observation_age(frame: pl.DataFrame) -> pl.Expr:
    """Days from a paper's Daily Papers day (else its published day) to when its figures
    were seen: how settled its upvotes are."""
    day = pl.coalesce(pl.col("daily_on"), pl.col("published_on")) if "daily_on" in \
        frame.columns else pl.col("published_on")
    return (pl.col("seen_at").dt.date() - day).dt.total_days()


def _frame(df: Frame | Prepared) -> pl.DataFrame:
    """The prepared rows of the papers (see :func:`~dailypapers.prepared.prepare`)."""
    return prepare(df).frame


def _dated(papers: Prepared, date: str) -> Prepared:
    """The papers with a known ``date``."""
    dates = papers.frame[date]
    return papers if not dates.null_count() else papers.restrict(
        dates.is_not_null().to_numpy())


def compute_overview(df: Frame) -> pl.DataFrame:
    """One row: papers, date span, authors, teams, organizations, keywords, upvotes.

    ``papers_with_authors`` counts papers whose number of authors is known;
    ``distinct_authors`` counts names, so only papers that name their authors (API/HTML).
    """
    papers = prepare(df)
    frame = papers.frame
    distinct = pl.lit(int((papers.authors.tally() > 0).sum()))
    has_keywords = carries(frame, "keywords")
    # the share of papers with keywords in the least and the most covered year: one overall
    # share would hide a year without any
    yearly = (pl.DataFrame({"year": frame["published_on"].dt.year(), "k": has_keywords})
              .drop_nulls("year").group_by("year").agg(pl.col("k").mean())["k"])
    return frame.select(
        papers=pl.len(),
        first_published=pl.col("published_on").min(),
        last_published=pl.col("published_on").max(),
        papers_with_authors=pl.col("author_count").is_not_null().sum(),
        distinct_authors=distinct,
        median_team_size=pl.col("author_count").median(),
        organizations=pl.col("organization").drop_nulls().n_unique(),
        share_with_keywords=pl.lit(has_keywords.mean(), dtype=pl.Float64),
        keywords_lowest_year=pl.lit(yearly.min(), dtype=pl.Float64),
        keywords_highest_year=pl.lit(yearly.max(), dtype=pl.Float64),
        total_upvotes=pl.col("upvotes").sum(),
    ).with_columns(pl.col("papers", "papers_with_authors", "distinct_authors", "organizations")
                   .cast(pl.Int64), total_upvotes=pl.col("total_upvotes").cast(pl.Int64))


def compute_coverage(df: Frame, every: str = "1y",
                     date: DateColumn = "published_on") -> pl.DataFrame:
    """Per period, the share of papers that carry each field a chart uses.

    The Hub added fields over time (organizations, keywords, GitHub stars), and captures of
    one morning hold less than a later re-fetch: a chart of a field says something only
    where the field is recorded. Columns: ``period``, ``field`` (in the order of
    :data:`~dailypapers.prepared.COVERED`), ``papers`` (in the period), ``carrying`` and
    ``share``. Every period of the span is present (an empty one has share null).

    Examples
    --------
    >>> from datetime import date
    >>> papers = conform(pl.DataFrame({"paper_id": ["a", "b", "c"],
    ...     "published_on": [date(2024, 5, 1), date(2025, 5, 1), date(2025, 6, 1)],
    ...     "organization": [None, "meta", None]}))
    >>> table = compute_coverage(papers)
    >>> table.filter(pl.col("field") == "organization").select("papers", "share").rows()
    [(1, 0.0), (2, 0.5)]
    """
    frame = _frame(df)
    dated = frame[date].is_not_null().to_numpy()
    all_dated = bool(dated.all())
    days = frame[date].to_physical().to_numpy()
    index, periods = grouped.period_index(days if all_dated else days[dated], every)
    papers = np.bincount(index, minlength=len(periods))
    parts = []
    for field in COVERED:
        flags = carries(frame, field).to_numpy()
        carrying = np.bincount(index[flags if all_dated else flags[dated]],
                               minlength=len(periods))
        parts.append(pl.DataFrame({
            "period": periods, "field": pl.Series([field] * len(periods), dtype=pl.String),
            "papers": pl.Series(papers, dtype=pl.Int64),
            "carrying": pl.Series(carrying, dtype=pl.Int64)}))
    table = pl.concat(parts) if parts else pl.DataFrame()
    return table.with_columns(share=pl.when(pl.col("papers") > 0)
                              .then(pl.col("carrying") / pl.col("papers")))


def compute_author_counts(df: Frame, max_authors: int = 20) -> pl.DataFrame:
    """Papers per number of authors, 1 … ``max_authors``, then one bucket ``>max_authors``.

    Every bucket is present (zero when empty); papers whose count is unknown are left out.
    The last bucket really holds every paper with more than ``max_authors`` authors.

    Examples
    --------
    >>> papers = pl.DataFrame({"author_count": [1, 2, 2, 5, 40, None]})
    >>> compute_author_counts(papers, max_authors=3)["papers"].to_list()
    [1, 2, 0, 2]
    """
    counts = _frame(df)["author_count"]
    known = max(counts.len() - counts.null_count(), 1)
    # unknown (and zero) counts fall in slot 0, which no bucket reads
    tally = np.bincount(np.clip(counts.fill_null(0).cast(pl.Int64).to_numpy(), 0,
                                max_authors + 1),
                        minlength=max_authors + 2)[1:]
    buckets = np.arange(1, max_authors + 2)
    return pl.DataFrame({
        "bucket": pl.Series(buckets, dtype=pl.Int32),
        "authors": [str(b) for b in buckets[:-1]] + [f">{max_authors}"],
        "papers": pl.Series(tally, dtype=pl.Int64),
        "share": tally / known})


#: The fewest papers a period needs for a statistic of them to be drawn in a trend (a
#: keyword's share, the median team, the median upvotes of the papers-over-time chart): one
#: paper of one makes 100 %, a team of one paper makes the month's median, spikes that say
#: nothing and squash every other point.
TREND_MIN_PAPERS = 10


def compute_team_size_over_time(df: Frame, every: str = "1mo",
                                date: DateColumn = "published_on",
                                min_papers: int = TREND_MIN_PAPERS) -> pl.DataFrame:
    """Median and quartiles of authors per paper in each period (papers with a known count);
    a period with fewer than ``min_papers`` of them has none (``papers`` still counts them).
    ``partial`` marks a period the data's first or last day cuts (see
    :func:`compute_papers_over_time`).

    Examples
    --------
    >>> from datetime import date
    >>> papers = pl.DataFrame({"author_count": [2, 4, 6, 10],
    ...     "published_on": [date(2025, 1, 2), date(2025, 1, 9), date(2025, 1, 20),
    ...                      date(2025, 3, 1)]})
    >>> compute_team_size_over_time(papers, min_papers=1)["median"].to_list()
    [4.0, None, 10.0]
    >>> compute_team_size_over_time(papers, min_papers=2)["median"].to_list()
    [4.0, None, None]
    """
    frame = (_frame(df).lazy().select(date, "author_count")
             .filter(pl.col("author_count").is_not_null() & pl.col(date).is_not_null())
             .collect())
    index, periods = grouped.period_index(frame[date].to_physical().to_numpy(), every)
    teams = grouped.Histogram(index, frame["author_count"].to_numpy(), len(periods))
    return pl.DataFrame({
        "period": periods, "papers": pl.Series(teams.counts, dtype=pl.Int64),
        **_quartiles_and_mean(teams, hidden=teams.counts < min_papers),
    }).with_columns(_partial_periods(frame[date], every))


def _quartiles_and_mean(values: grouped.Histogram, hidden: np.ndarray | None = None
                        ) -> dict[str, pl.Series]:
    """Each group's ``q1``, ``median``, ``q3`` and ``mean`` columns; null where ``hidden``
    (and for an empty group)."""
    stats = np.column_stack([values.quantiles((0.25, 0.5, 0.75)), values.means()])
    if hidden is not None:
        stats[hidden] = np.nan
    return {name: grouped.as_column(stats[:, i], name)
            for i, name in enumerate(("q1", "median", "q3", "mean"))}


def _rows_of_codes(prepared: Prepared, flat: codes.CodeView, chosen: np.ndarray,
                   columns: list[str]) -> pl.DataFrame:
    """(label, *columns) for every (paper, code) whose code is in ``chosen``."""
    chosen = np.asarray(chosen, dtype=np.int64)
    found = _codes_and(prepared, flat, chosen, columns)
    lookup = pl.DataFrame({"code": np.arange(len(chosen)), "label": flat.labels_of(chosen)})
    return found.join(lookup, on="code", how="left").drop("code")


def _codes_and(prepared: Prepared, flat: codes.CodeView, chosen: np.ndarray,
               columns: list[str]) -> pl.DataFrame:
    """(code, *columns) for every (paper, code) whose code is in ``chosen``; ``code`` is the
    code's position in ``chosen``: small integer keys, so whoever aggregates them groups
    integers and names the few groups afterwards."""
    chosen = np.asarray(chosen, dtype=np.int64)
    rows, picked = flat.select(chosen)
    position = codes.slots(chosen, flat.size)
    return prepared.frame.select(columns)[rows].with_columns(
        code=pl.Series(position[picked]))


def _code_lookup(flat: codes.CodeView, vocabulary: Vocabulary,
                 chosen: np.ndarray) -> pl.DataFrame:
    """``code`` (position in ``chosen``), ``keyword`` and ``label`` of keyword codes."""
    return pl.DataFrame({
        "code": np.arange(len(chosen), dtype=np.int64),
        "keyword": vocabulary.keys.gather(chosen).rename("keyword"),
        "label": flat.labels_of(chosen)})


def _top_author_rows(prepared: Prepared, n: int) -> pl.DataFrame:
    """The (paper, author) rows of the ``n`` most productive authors of prepared papers."""
    flat = prepared.authors
    return (_rows_of_codes(prepared, flat, flat.top(n), ["published_on", "upvotes"])
            .rename({"label": "author"}))


def compute_top_authors(df: Frame, n: int = 20) -> pl.DataFrame:
    """The ``n`` authors with most papers (ties by name), with their first/last paper and upvotes.

    Only papers that name their authors count (copied text does not).

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["a", "b"], "authors": [["Ada", "Bo"], ["Ada"]]})
    >>> compute_top_authors(papers, n=1)["author"].to_list()
    ['Ada']
    """
    rows = _top_author_rows(prepare(df), n)
    return (rows.group_by("author")
            .agg(papers=pl.len(), first_published=pl.col("published_on").min(),
                 last_published=pl.col("published_on").max(),
                 upvotes=pl.col("upvotes").sum().cast(pl.Int64))
            .with_columns(pl.col("papers").cast(pl.Int64))
            .sort(["papers", "author"], descending=[True, False]).head(n))


def compute_top_authors_over_time(df: Frame, n: int = 10, every: str = "1y") -> pl.DataFrame:
    """Papers per period of the ``n`` most productive authors (bibliometrix's production)."""
    rows = _top_author_rows(prepare(df), n).filter(pl.col("published_on").is_not_null())
    return (rows.group_by("author", period=pl.col("published_on").dt.truncate(every))
            .agg(papers=pl.len().cast(pl.Int64), upvotes=pl.col("upvotes").sum().cast(pl.Int64))
            .sort(["author", "period"]))


def compute_papers_over_time(df: Frame, every: str = "1d",
                             date: DateColumn = "published_on",
                             observations: Observations = "settled") -> pl.DataFrame:
    """Papers and upvotes (sum, median) per period; empty periods present as zero.

    ``papers`` counts every paper. The upvotes are of settled observations only (seen
    :data:`SETTLE_DAYS` or more after the paper's day; ``voted_papers`` counts them) unless
    ``observations="all"``: a month of morning captures would otherwise look unloved next to
    a re-fetched one.

    ``partial`` marks a period that the data's first or last day cuts; ``first_day`` and
    ``last_day`` are the days of the period the data covers.

    ``every`` is a polars interval: ``"1d"``, ``"1w"`` (weeks start on Monday), ``"1mo"``,
    ``"1q"``, ``"1y"``. ``date`` picks the paper's date or its Daily Papers day.

    Examples
    --------
    >>> from datetime import date
    >>> papers = pl.DataFrame({"published_on": [date(2025, 1, 1), date(2025, 1, 3)],
    ...                        "upvotes": [5, None]})
    >>> compute_papers_over_time(papers)["papers"].to_list()
    [1, 0, 1]
    """
    papers = _frame(df)
    settled = counted_upvotes(papers, observations)
    frame = papers.lazy().filter(pl.col(date).is_not_null()).select(
        date, upvotes=pl.when(settled).then(pl.col("upvotes"))).collect()
    index, periods = grouped.period_index(frame[date].to_physical().to_numpy(), every)
    upvotes = frame["upvotes"].fill_null(0).to_numpy()
    if frame["upvotes"].null_count():  # counts, sums and medians of the voted papers only
        voted = frame["upvotes"].is_not_null().to_numpy()
        per_period = np.bincount(index, minlength=len(periods))
        # (compress: boolean indexing is several times slower)
        votes = grouped.Histogram(np.compress(voted, index), np.compress(voted, upvotes),
                                  len(periods))
    else:
        votes = grouped.Histogram(index, upvotes, len(periods))
        per_period = votes.counts
    return pl.DataFrame({
        "period": periods,
        "papers": pl.Series(per_period, dtype=pl.Int64),
        "upvotes": pl.Series(votes.sums, dtype=pl.Int64),
        "median_upvotes": grouped.as_column(votes.quantiles((0.5,))[:, 0], "median_upvotes"),
        "voted_papers": pl.Series(votes.counts, dtype=pl.Int64),
    }).with_columns(_partial_periods(frame[date], every))


def _partial_periods(days: pl.Series, every: str) -> list[pl.Expr]:
    """``first_day`` and ``last_day`` of each period the data covers, and ``partial``: the
    data's first or last day cuts the period (the 2026 bar of data ending 2026-08-20)."""
    first, last = days.min(), days.max()
    if first is None:
        return [pl.lit(None, pl.Date).alias("first_day"), pl.lit(None, pl.Date).alias("last_day"),
                pl.lit(False).alias("partial")]
    end = pl.col("period").dt.offset_by(every).dt.offset_by("-1d")
    return [pl.max_horizontal(pl.col("period"), pl.lit(first)).alias("first_day"),
            pl.min_horizontal(end, pl.lit(last)).alias("last_day"),
            ((pl.col("period") < pl.lit(first)) | (end > pl.lit(last))).alias("partial")]


def compute_top_organizations(df: Frame, n: int = 15) -> pl.DataFrame:
    """Papers per organization: the top ``n``, then ``other``, then ``(no organization)``.

    ``share`` is of all papers, so the rows sum to 1. ``kind`` is ``top``, ``other`` or
    ``none``: papers without an organization are never counted in "other". ``named_from``
    and ``named_to`` are when 90 % of the papers naming one were published (the 10th
    percentile of their dates, and the last): organizations are recorded only lately.

    Examples
    --------
    >>> papers = pl.DataFrame({"organization": ["meta", "meta", "google", None]})
    >>> compute_top_organizations(papers, n=1).select("organization", "papers").rows()
    [('meta', 2), ('other', 1), ('(no organization)', 1)]
    """
    frame = _frame(df)
    total = max(frame.height, 1)
    unknown = frame["organization"].null_count()
    # one grouping by (handle, display name) gives both the counts and each handle's most
    # given name (ties by name): a second pass over the rows to name the leaders cost as much
    keys = ["organization", "organization_name"] if "organization_name" in frame.columns \
        else ["organization"]
    pairs = (frame.lazy().filter(pl.col("organization").is_not_null()).group_by(keys)
             .len("papers").collect())
    chosen = (pairs.group_by("organization").agg(pl.col("papers").sum())
              .sort(["papers", "organization"], descending=[True, False]).head(n))
    names = dict(pairs.filter(pl.col("organization").is_in(chosen["organization"].implode())
                              & pl.col("organization_name").is_not_null())
                 .sort(["papers", "organization_name"], descending=[True, False])
                 .unique("organization", keep="first")
                 .select("organization", "organization_name").iter_rows()
                 ) if len(keys) == 2 else {}
    handles = chosen["organization"].to_list()
    papers = [int(v) for v in chosen["papers"]]
    # few polars calls: each eager call costs about a millisecond of fixed overhead here
    other = frame.height - unknown - sum(papers)
    # when the papers naming one were published: most may come from a short span
    if "published_on" in frame.columns:
        days = frame["published_on"].filter(frame["organization"].is_not_null()).drop_nulls()
        span = (days.quantile(0.1, "nearest"), days.max()) if days.len() else (None, None)
    else:
        span = (None, None)
    rows = len(handles) + 2
    return pl.DataFrame({
        "organization": [*handles, OTHER, NO_ORGANIZATION],
        "organization_name": [names.get(h, h) for h in handles] + [OTHER, NO_ORGANIZATION],
        "papers": [*papers, other, unknown],
        "share": [p / total for p in (*papers, other, unknown)],
        "kind": ["top"] * len(handles) + ["other", "none"],
        "named_from": [span[0]] * rows, "named_to": [span[1]] * rows,
    }, schema={"organization": pl.String, "organization_name": pl.String,
               "papers": pl.Int64, "share": pl.Float64, "kind": pl.String,
               "named_from": pl.Date, "named_to": pl.Date})


#: A period whose papers name an organization less often than this is "not recorded": the
#: Hub showed organizations from 2025-10 on, and a share among the few papers that name one
#: before then would say nothing of who published.
MIN_RECORDED = 0.2


def compute_organization_share(df: Frame, every: str = "1mo", n: int = 8,
                               date: DateColumn = "published_on") -> pl.DataFrame:
    """Per period, each top-``n`` organization's share of the papers that name one, and
    ``other`` (the rest of them).

    The top ``n`` are ranked over the whole table. ``share`` is among the period's papers
    that name an organization (``named``), so shares sum to 1 in every period that has one;
    papers naming none are not a group. ``recorded`` says whether at least
    :data:`MIN_RECORDED` of the period's papers (``period_papers``) name one; a chart shows
    the other periods as "not recorded". A period where no paper names one has one row,
    its organization null.

    Examples
    --------
    >>> from datetime import date
    >>> papers = pl.DataFrame({"organization": ["meta", "meta", "google", None, None],
    ...     "published_on": [date(2025, 1, 2)] * 3 + [date(2025, 2, 3)] * 2})
    >>> table = compute_organization_share(papers, n=1)
    >>> table.select("organization", "share", "recorded").rows()
    [('meta', 0.6666666666666666, True), ('other', 0.3333333333333333, True), (None, None, False)]
    >>> table["period_papers"].to_list()
    [3, 3, 2]
    """
    papers = _dated(prepare(df), date)
    frame = papers.frame
    leaders = compute_top_organizations(papers, n).filter(pl.col("kind") == "top")
    top = leaders["organization"].to_list()
    # counted in integers: each paper's group (a leader, other, none) and its period's
    # position, one bincount; only the few (period, group) cells become rows
    group = _organization_groups(frame["organization"], top)
    days = frame[date]
    distinct = days.unique().sort()
    periods = distinct.dt.truncate(every).unique(maintain_order=True)
    period_of_day = (distinct.dt.truncate(every).to_frame("p").join(
        periods.to_frame("p").with_row_index("i"), on="p", how="left", maintain_order="left")
        ["i"].to_numpy())
    day_index = distinct.search_sorted(days).to_numpy()
    width = len(top) + 2  # the leaders, other, none
    cells = np.bincount(period_of_day[day_index] * width + group,
                        minlength=len(periods) * width).reshape(len(periods), width)
    period_papers = cells.sum(axis=1)
    named = period_papers - cells[:, -1]
    names = [*top, OTHER]
    which_period, which_group = np.nonzero(cells[:, :-1])
    counts = pl.DataFrame({
        "period": periods.gather(which_period),
        "organization": pl.Series([names[g] for g in which_group.tolist()], dtype=pl.String),
        "papers": pl.Series(cells[which_period, which_group], dtype=pl.Int64)})
    totals = pl.DataFrame({"period": periods,
                           "period_papers": pl.Series(period_papers, dtype=pl.Int64),
                           "named": pl.Series(named, dtype=pl.Int64)})
    return (totals.join(counts, on="period", how="left")
            .with_columns(share=pl.col("papers") / pl.col("named"),
                          recorded=pl.col("named") >= MIN_RECORDED * pl.col("period_papers"))
            .join(leaders.select("organization", "organization_name"),
                  on="organization", how="left")
            .with_columns(pl.col("organization_name").fill_null(pl.col("organization")))
            .select("period", "organization", "organization_name", "papers", "share", "named",
                    "period_papers", "recorded")
            .sort(["period", "papers", "organization"], descending=[False, True, False])
            .with_columns(_partial_periods(days, every)))


def _organization_groups(organizations: pl.Series, leaders: list[str]) -> np.ndarray:
    """Each paper's group: the position of its organization among ``leaders``, then
    ``len(leaders)`` for another organization and ``len(leaders) + 1`` for none."""
    other, none = len(leaders), len(leaders) + 1
    categories = organizations.dtype.categories  # prepared: an Enum, its codes looked up
    lookup = np.full(len(categories) + 1, other, dtype=np.int64)
    lookup[-1] = none
    position = categories.to_frame("c").with_row_index("code").filter(
        pl.col("c").is_in(leaders))
    lookup[position["code"].to_numpy()] = [leaders.index(c) for c in position["c"]]
    return lookup[organizations.to_physical().fill_null(len(categories)).to_numpy()]


#: ``source="auto"`` takes the Hub's keywords when at least this share of the papers carry
#: them in every window a question compares (the table; each period of a trend; both periods
#: of a rising/falling comparison), else keyphrases from titles and abstracts for all papers.
MIN_KEYWORD_SHARE = 0.3
#: A window with fewer papers than this has no say in that choice (one 2021 paper copied
#: from a page does not turn a 2023–2026 trend into title words).
MIN_WINDOW_PAPERS = 20
VOCABULARY_NAMES = {"keywords": "Hub keywords", "text": "keyphrases from titles and abstracts"}


def choose_vocabulary(df: Frame, source: str = "auto",
                      windows: np.ndarray | None = None) -> str:
    """The one vocabulary a question counts: ``keywords`` (the Hub's ``ai_keywords``) or
    ``text`` (keyphrases from titles and abstracts). ``auto`` applies the rule above;
    ``windows`` gives each paper's window (-1: in none), by default one window of all.
    Never a mix per paper: a keyword list and a title word are different kinds of thing,
    and a mix follows which papers the Hub happened to annotate.

    Examples
    --------
    >>> papers = pl.DataFrame({"keywords": [["rl"]] * 3 + [None] * 7})
    >>> choose_vocabulary(papers), choose_vocabulary(papers.head(4))
    ('keywords', 'keywords')
    >>> choose_vocabulary(pl.DataFrame({"keywords": [["rl"]] * 2 + [None] * 28}))
    'text'
    """
    if source in ("keywords", "text"):
        return source
    if source != "auto":
        raise ValueError(f'source must be "auto", "keywords" or "text", not {source!r}')
    flags = carries(_frame(df), "keywords").to_numpy()
    if not flags.any():
        return "text"
    if windows is None:  # one window, the table: it decides whatever its size
        return "keywords" if flags.mean() >= MIN_KEYWORD_SHARE else "text"
    # one pass: slot 2·(window+1) + carries; the slots of window -1 (in none) are dropped
    both = np.bincount(2 * (np.asarray(windows, dtype=np.int64) + 1) + flags)[2:]
    both = np.pad(both, (0, len(both) % 2))
    carrying = both[1::2]
    papers = both[0::2] + carrying
    voting = papers >= MIN_WINDOW_PAPERS
    if not voting.any():  # a small table: the table decides
        return "keywords" if flags.mean() >= MIN_KEYWORD_SHARE else "text"
    return ("keywords" if (carrying[voting] >= MIN_KEYWORD_SHARE * papers[voting]).all()
            else "text")


def _vocabulary_facts(frame: pl.DataFrame, source: str) -> dict[str, pl.Expr]:
    """Which vocabulary a table counts and of how many papers, for a chart to say."""
    return {"vocabulary": pl.lit(source),
            "covered_papers": pl.lit(_covered(frame, source), pl.Int64),
            "all_papers": pl.lit(frame.height, pl.Int64)}


def _covered(frame: pl.DataFrame, source: str) -> int:
    """The papers that carry the vocabulary: with Hub keywords, or all of them (text)."""
    return int(carries(frame, "keywords").sum()) if source == "keywords" else frame.height


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
    top = flat.top(n + int(universal.sum()))
    top = top[~universal[top]][:n]
    return _code_lookup(flat, vocabulary, top).drop("code").with_columns(
        papers=pl.Series(flat.tally()[top], dtype=pl.Int64),
    ).with_columns(share=pl.col("papers") / max(papers.height, 1),
                   **_vocabulary_facts(papers.frame, source),
                   carried_by_all=_label_list(left_out))


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


def _left_out_codes(flat: codes.CodeView, frame: pl.DataFrame, source: str
                    ) -> tuple[np.ndarray, list[str]]:
    """:func:`_carried_by_all` of prepared papers' keyword codes (a mask by code) and the
    labels of those left out, sorted."""
    universal = _carried_by_all(flat.tally(), _covered(frame, source))
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
    # each paper's period, once: the vocabulary's windows and the trend's columns
    period = grouped.period_index(prepared.frame[date].to_physical().to_numpy(), every)
    source = choose_vocabulary(prepared, source, period[0])
    chosen, left_out = _chosen(prepared, keywords, n, source)
    return _keyword_trends_of_codes(prepared, chosen, period, source, min_papers).with_columns(
        _partial_periods(prepared.frame[date], every),
        **_vocabulary_facts(prepared.frame, source), carried_by_all=_label_list(left_out))


def _chosen(papers: Prepared, keywords: list[str] | None, n: int,
            source: str) -> tuple[pl.Series, list[str]]:
    """The keywords a trend follows, normalised and sorted: those given (each counts as the
    same keyword as in the papers: "RL" and "Reinforcement Learning (RL)" are its long
    form), else the top ``n`` (those every paper carries left out); and the labels of those
    left out."""
    left_out: list[str] = []
    if keywords is None:
        top = compute_keyword_frequencies(papers, n, source)
        chosen = top["keyword"]
        left_out = top["carried_by_all"][0].to_list() if top.height else []
    else:
        chosen = shipped_abbreviations(source).keys_of(pl.Series(keywords, dtype=pl.String))
    return chosen.unique().sort().rename("keyword"), left_out


def _keyword_trends_of_codes(prepared: Prepared, keywords: pl.Series,
                             periods: tuple[np.ndarray, pl.Series],
                             source: str, min_papers: int) -> pl.DataFrame:
    """compute_keyword_trends of a prepared frame: a (keyword × period) grid of counts, by
    one ``bincount`` of the chosen keywords' rows (each row is one paper: codes are distinct
    within a paper), with every period of the date span present."""
    flat, vocabulary = prepared.keywords(source)
    code = vocabulary.codes_of(keywords.to_list())
    known = np.flatnonzero(code >= 0)
    rows, picked = flat.select(code[known])
    period, starts = periods
    width = len(starts)
    slot = codes.slots(code[known], flat.size, values=known)  # a code's keyword
    papers = np.bincount(slot[picked] * width + period[rows], minlength=len(code) * width)
    if source == "keywords":  # among the papers carrying Hub keywords: slot 2·period + 1
        carrying = carries(prepared.frame, "keywords").to_numpy()
        per_period = np.bincount(2 * period + carrying, minlength=2 * width)[1::2]
    else:
        per_period = np.bincount(period, minlength=width)
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


def split_halves(df: Frame, date: DateColumn = "published_on"
                 ) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """The first and second half of the table's date span (``None`` when it has no dates).

    Examples
    --------
    >>> from datetime import date
    >>> split_halves(pl.DataFrame({"published_on": [date(2025, 1, 1), date(2025, 1, 10)]}))
    ((datetime.date(2025, 1, 1), datetime.date(2025, 1, 5)), (datetime.date(2025, 1, 6), \
datetime.date(2025, 1, 10)))
    """
    days = _frame(df)[date].drop_nulls()
    if days.is_empty():
        return None
    first, last = days.min(), days.max()
    middle = first + timedelta(days=(last - first).days // 2)
    return (first, middle), (middle + timedelta(days=1), last)


def _window(value: date | tuple[date, date] | None, date_col: str) -> pl.Expr:
    if value is None:
        return pl.lit(True)
    start, end = value
    return pl.col(date_col).is_between(start, end, closed="both")


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
    """
    prepared = _dated(prepare(df), date)
    frame = prepared.frame
    if before is None or after is None:
        halves = split_halves(prepared, date)
        if halves is None:
            return _empty_rising()
        before, after = before or halves[0], after or halves[1]
    sides = frame.select(a=_window(after, date), b=_window(before, date))
    if source == "auto":
        source = choose_vocabulary(prepared, source, np.where(
            sides["b"].to_numpy(), 0, np.where(sides["a"].to_numpy(), 1, -1)))
    in_after, in_before = sides["a"].to_numpy(), sides["b"].to_numpy()
    flat, vocabulary = prepared.keywords(source)
    tally_a = flat.tally(in_after)
    if (in_after & in_before).any():
        tally_b = flat.tally(in_before)
    else:  # disjoint windows: before is the rest, less the few papers in neither
        neither = ~(in_after | in_before)
        tally_b = flat.tally() - tally_a - (flat.tally(neither) if neither.any() else 0)
    kept = np.flatnonzero(tally_a + tally_b >= min_papers)
    # scored by code; only the few keywords shown are named
    counts = pl.DataFrame({"code": kept, "a": pl.Series(tally_a[kept], dtype=pl.Int64),
                           "b": pl.Series(tally_b[kept], dtype=pl.Int64)})
    if counts.is_empty():
        return _empty_rising()
    scored = log_odds_dirichlet(counts, prior_scale).rename(
        {"a": "papers_after", "b": "papers_before"})
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
                    "direction")
            .with_columns(**_vocabulary_facts(frame.filter(sides["a"] | sides["b"]), source)))


def _empty_rising() -> pl.DataFrame:
    return pl.DataFrame(schema={"keyword": pl.String, "label": pl.String,
                                "papers_before": pl.Int64, "papers_after": pl.Int64,
                                "log_odds": pl.Float64, "z": pl.Float64, "direction": pl.String})


def _upvote_stats() -> list[pl.Expr]:
    return [pl.len().cast(pl.Int64).alias("papers"),
            pl.col("upvotes").quantile(0.25, "linear").alias("q1"),
            pl.col("upvotes").median().cast(pl.Float64).alias("median"),
            pl.col("upvotes").quantile(0.75, "linear").alias("q3"),
            pl.col("upvotes").mean().alias("mean")]


def _voted(df: Frame, observations: str, columns: list[str]) -> tuple[pl.DataFrame, int]:
    """The papers with upvotes, only settled ones unless ``observations="all"``, and how
    many papers with upvotes were left out as early snapshots."""
    frame = _frame(df)
    # the columns asked for are chosen before the filter: it would copy every list column
    voted = (frame.lazy().filter(pl.col("upvotes").is_not_null())
             .select(*columns, _counts=counted_upvotes(frame, observations)).collect())
    counted = voted.filter(pl.col("_counts"))
    return counted.select(columns), voted.height - counted.height


def compute_upvotes_by_team_size(df: Frame, observations: Observations = "settled"
                                 ) -> pl.DataFrame:
    """Upvotes (quartiles, mean) by team-size bucket, for papers with known authors and upvotes.

    By default only settled observations count (seen :data:`SETTLE_DAYS` or more after the
    paper's day: a same-morning capture holds early upvotes); ``early_left_out`` says how
    many papers were left out; ``observations="all"`` counts every paper.

    Examples
    --------
    >>> papers = pl.DataFrame({"author_count": [1, 3, 4, 200], "upvotes": [2, 5, 7, 50]})
    >>> compute_upvotes_by_team_size(papers).filter(pl.col("papers") > 0)["team_size"].to_list()
    ['1', '3–4', '>100']
    """
    voted, left_out = _voted(df, observations, ["author_count", "upvotes"])
    frame = voted.filter(pl.col("author_count") >= TEAM_SIZES[0][1])
    teams = frame["author_count"].to_numpy()
    # each team size's bucket, looked up (a search per paper is slower)
    lowest = np.array([low for _, low, _ in TEAM_SIZES])
    sizes = np.arange(int(teams.max(initial=0)) + 1)
    bucket = (np.searchsorted(lowest, sizes, side="right") - 1)[teams]
    size = len(TEAM_SIZES)
    upvotes = grouped.Histogram(bucket, frame["upvotes"].to_numpy(), size)
    return pl.DataFrame({
        "team_size": [label for label, _, _ in TEAM_SIZES],
        "papers": pl.Series(upvotes.counts, dtype=pl.Int64),
        **_quartiles_and_mean(upvotes),
        "early_left_out": pl.Series([left_out] * size, dtype=pl.Int64)})


def compute_upvotes_by_organization(df: Frame, n: int = 15, min_papers: int = 3,
                                    observations: Observations = "settled") -> pl.DataFrame:
    """Upvotes (quartiles, mean, total) of the ``n`` organizations with most papers.

    Organizations with fewer than ``min_papers`` papers with upvotes are left out;
    ``organization_name`` is the display name (the handle when none is known). Only settled
    observations count by default, as in :func:`compute_upvotes_by_team_size`
    (``early_left_out``).
    """
    voted, left_out = _voted(df, observations,
                             ["organization", "organization_name", "upvotes"])
    return (voted.lazy()
            .filter(pl.col("organization").is_not_null())
            .group_by("organization")
            .agg(*_upvote_stats(), total=pl.col("upvotes").sum().cast(pl.Int64),
                 organization_name=pl.col("organization_name").cast(pl.String).min())
            .filter(pl.col("papers") >= min_papers)
            .sort(["papers", "organization"], descending=[True, False]).head(n)
            .with_columns(pl.col("organization").cast(pl.String))
            .with_columns(pl.col("organization_name").fill_null(pl.col("organization")),
                          early_left_out=pl.lit(left_out, dtype=pl.Int64))
            .collect())


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


def describe(papers: Frame | Prepared) -> dict[str, object]:
    """Papers, date span, sources and the share of nulls per column (``dailypapers info``).

    ``papers`` is a table or prepared papers (``dp.prepare``); the columns these left in the
    store (the abstracts) are counted there, a batch at a time. ``sources`` is
    :func:`source_groups`: one row per folder and format, not per file.
    """
    papers = prepare(papers)
    # nulls of the columns prepared papers left in the store
    left = [c for c in papers.texts.columns if c not in papers.table_columns]
    in_store = papers.texts.null_counts(left, papers.mask) if left else {}
    frame = conform(papers.papers)
    span = frame.select(pl.col("published_on").min().alias("first"),
                        pl.col("published_on").max().alias("last")).row(0)
    nulls = frame.select(pl.all().null_count() / max(frame.height, 1)).row(0, named=True)
    nulls.update({c: n / max(frame.height, 1) for c, n in in_store.items() if c in nulls})
    return {"papers": frame.height, "first": span[0], "last": span[1],
            "sources": source_groups(frame), "null_share": nulls}


#: What a list of papers can be ordered by (most first), and the column each reads.
PAPER_ORDERS = {"upvotes": "upvotes", "newest": "published_on", "comments": "comments",
                "stars": "github_stars"}
HUB_PAPERS = "https://huggingface.co/papers"


def compute_paper_list(df: Frame, n: int = 500, order: str = "upvotes") -> pl.DataFrame:
    """The ``n`` first papers by ``order`` (``upvotes``, ``newest``, ``comments`` or
    ``stars``; most first, unknown last, ties by newest then table order), one row each with
    what a reader needs to open them: ``hub_url`` (the paper's Hub page, or a Hub search
    for a paper known only by its title), ``arxiv_url`` (``None`` without an arXiv id),
    ``first_authors`` ("A, B, C +4"), organization by display name, date, upvotes, comments,
    GitHub repository and stars, project page.

    Prepared papers read the order from their slim rows and fetch only the ``n`` rows shown
    from the table: at a million papers, a list costs a partial sort of one column.

    Examples
    --------
    >>> papers = conform(pl.DataFrame({"paper_id": ["2501.00001", "title:x"],
    ...     "title": ["A", "X"], "authors": [["Ada", "Bo", "Cy", "Di"], None],
    ...     "upvotes": [3, 9]}))
    >>> compute_paper_list(papers).select("title", "first_authors", "arxiv_url").rows()
    [('X', None, None), ('A', 'Ada, Bo, Cy +1', 'https://arxiv.org/abs/2501.00001')]
    """
    if order not in PAPER_ORDERS:
        raise ValueError(f"order is one of {', '.join(PAPER_ORDERS)}, not {order!r}")
    papers = prepare(df)
    rows = _first_rows(papers.frame if PAPER_ORDERS[order] in papers.frame.columns
                       else papers.select([PAPER_ORDERS[order], "published_on"]), n, order)
    chosen = papers.rows_at(rows)
    return _paper_links(chosen)


def _first_rows(frame: pl.DataFrame, n: int, order: str) -> np.ndarray:
    """Positions of the ``n`` first rows by ``order`` (see :func:`compute_paper_list`)."""
    key = frame[PAPER_ORDERS[order]]
    values = (key.dt.epoch("d") if key.dtype == pl.Date else key).cast(pl.Float64)
    values = values.fill_null(-np.inf).to_numpy()
    days = frame["published_on"].dt.epoch("d").cast(pl.Float64).fill_null(-np.inf).to_numpy()
    candidates = np.arange(len(values))
    if len(values) > n > 0:  # a partial sort finds the n-th value; only ties past it remain
        cutoff = np.partition(values, len(values) - n)[len(values) - n]
        candidates = np.flatnonzero(values >= cutoff)
    ranked = candidates[np.lexsort((candidates, -days[candidates], -values[candidates]))]
    return ranked[:max(n, 0)]


def _paper_links(papers: pl.DataFrame) -> pl.DataFrame:
    """The list's columns of some papers (see :func:`compute_paper_list`)."""
    arxiv = pl.col("paper_id").str.contains(r"^\d{4}\.\d{4,5}(v\d+)?$")
    shown = 3
    # stored titles are one line; a table made another way may not be
    title = one_line_expr(pl.col("title"))
    return papers.select(
        "paper_id", title,
        hub_url=pl.when(pl.col("paper_id").str.starts_with("title:"))
        .then(pl.lit(f"{HUB_PAPERS}?q=") + title.map_elements(
            quote_plus, return_dtype=pl.String, skip_nulls=True))  # "ACE++", "Q&A", "#1"
        .otherwise(pl.format(f"{HUB_PAPERS}/{{}}", pl.col("paper_id"))),
        arxiv_url=pl.when(arxiv).then(pl.format("https://arxiv.org/abs/{}", pl.col("paper_id"))),
        first_authors=pl.when(pl.col("authors").list.len() > shown)
        .then(pl.format("{} +{}", pl.col("authors").list.head(shown).list.join(", "),
                        pl.col("authors").list.len() - shown))
        .otherwise(pl.col("authors").list.join(", ").replace("", None)),
        author_count="author_count",
        organization=pl.coalesce("organization_name", "organization"),
        published_on="published_on", upvotes="upvotes", comments="comments",
        github_repo="github_repo", github_stars="github_stars", project_page="project_page")


__all__ = [
    "HUB_PAPERS",
    "MIN_RECORDED",
    "NO_ORGANIZATION",
    "OTHER",
    "PAPER_ORDERS",
    "SETTLE_DAYS",
    "TEAM_SIZES",
    "choose_vocabulary",
    "compute_abbreviations",
    "compute_author_counts",
    "compute_coverage",
    "compute_keyword_frequencies",
    "compute_keyword_trends",
    "compute_organization_share",
    "compute_overview",
    "compute_paper_list",
    "compute_papers_over_time",
    "compute_rising_keywords",
    "compute_team_size_over_time",
    "compute_top_authors",
    "compute_top_authors_over_time",
    "compute_top_organizations",
    "compute_trend_topics",
    "compute_upvotes_by_organization",
    "compute_upvotes_by_team_size",
    "describe",
    "split_halves",
]
