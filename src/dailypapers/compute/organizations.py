"""Which organizations publish, and how each one's share moves."""

from __future__ import annotations

import numpy as np
import polars as pl

from ..frames import Frame
from ..prepared import prepare
from .common import (
    NO_ORGANIZATION,
    OTHER,
    DateColumn,
    _dated,
    _frame,
    _periods,
    tied_beyond,
)
from .sampling import periods_cut


def compute_top_organizations(df: Frame, n: int = 15) -> pl.DataFrame:
    """Papers per organization: the top ``n``, then ``other``, then ``(no organization)``.

    ``share`` is of all papers, so the rows sum to 1. ``kind`` is ``top``, ``other`` or
    ``none``: papers without an organization are never counted in "other". ``named_from``
    and ``named_to`` are when 90 % of the papers naming one were published (the 10th
    percentile of their dates, and the last): organizations are recorded only lately.
    ``tied_beyond``: how many organizations in "other" have as many papers as the last one
    listed (:func:`~dailypapers.compute.common.tied_beyond`).

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
    ranked = (pairs.group_by("organization").agg(pl.col("papers").sum())
              .sort(["papers", "organization"], descending=[True, False]))
    beyond = tied_beyond(ranked["papers"].head(n + 1).to_list(), n,
                         lambda: ranked["papers"].to_numpy())
    chosen = ranked.head(n)
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
        "tied_beyond": [beyond] * rows,
    }, schema={"organization": pl.String, "organization_name": pl.String,
               "papers": pl.Int64, "share": pl.Float64, "kind": pl.String,
               "named_from": pl.Date, "named_to": pl.Date, "tied_beyond": pl.Int64})


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
    index, periods = _periods(papers, date, every)
    width = len(top) + 2  # the leaders, other, none
    cells = np.bincount(index * width + group,
                        minlength=len(periods) * width).reshape(len(periods), width)
    held = cells.sum(axis=1) > 0  # the periods that hold papers
    cells, periods = cells[held], periods.filter(pl.Series(held))
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
            .with_columns(periods_cut(papers, date, days, every)))


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
