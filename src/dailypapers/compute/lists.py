"""The papers themselves: a list with links, and a description of the data."""

from __future__ import annotations

from urllib.parse import quote_plus

import numpy as np
import polars as pl

from ..frames import Frame
from ..prepared import Prepared, prepare
from ..schema import conform, one_line_expr
from ..sources import source_groups


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
                "stars": "github_stars", "downloads": "model_downloads"}
HUB_PAPERS = "https://huggingface.co/papers"


def compute_paper_list(df: Frame, n: int = 500, order: str = "upvotes") -> pl.DataFrame:
    """The ``n`` first papers by ``order`` (``upvotes``, ``newest``, ``comments``, ``stars``
    or ``downloads`` of the models citing them, after ``fetch --impact``; most first, unknown
    last, ties by newest then table order), one row each with
    what a reader needs to open them: ``hub_url`` (the paper's Hub page, or a Hub search
    for a paper known only by its title), ``arxiv_url`` (``None`` without an arXiv id),
    ``first_authors`` ("A, B, C +4"), organization by display name, date, upvotes, comments,
    GitHub repository and stars, project page.

    Prepared papers read the order from their slim rows and fetch only the ``n`` rows shown
    from the table: at a million papers, a list costs a partial sort of one column.

    Examples
    --------
    >>> papers = pl.DataFrame({"paper_id": ["2501.00001", "title:x"],
    ...     "title": ["A", "X"], "authors": [["Ada", "Bo", "Cy", "Di"], None],
    ...     "upvotes": [3, 9]})
    >>> compute_paper_list(papers).select("title", "first_authors", "arxiv_url").rows()
    [('X', None, None), ('A', 'Ada, Bo, Cy +1', 'https://arxiv.org/abs/2501.00001')]
    """
    if order not in PAPER_ORDERS:
        raise ValueError(f"order is one of {', '.join(PAPER_ORDERS)}, not {order!r}")
    papers = prepare(df)
    if PAPER_ORDERS[order] not in papers.table_columns:
        raise ValueError(f"order={order!r} needs the column {PAPER_ORDERS[order]!r}, which "
                         "these papers lack" + (": run dailypapers fetch --impact"
                                                if order == "downloads" else ""))
    rows = _first_rows(papers.frame if PAPER_ORDERS[order] in papers.frame.columns
                       else papers.select([PAPER_ORDERS[order], "published_on"]), n, order)
    chosen = papers.rows_at(rows)
    return _paper_links(chosen)


def _first_rows(frame: pl.DataFrame, n: int, order: str) -> np.ndarray:
    """Positions of the ``n`` first rows by ``order`` (see :func:`compute_paper_list`)."""
    key = frame[PAPER_ORDERS[order]]
    ordered = (key.dt.epoch("d") if key.dtype == pl.Date else key).cast(pl.Float64)
    ordered = ordered.fill_null(-np.inf)
    values = ordered.to_numpy()
    candidates = np.arange(len(values))
    if len(values) > n > 0:  # the n-th value (a partial sort); only ties past it remain
        candidates = np.flatnonzero(values >= ordered.top_k(n).min())
    days = (frame["published_on"].gather(candidates).dt.epoch("d").cast(pl.Float64)
            .fill_null(-np.inf).to_numpy())
    ranked = candidates[np.lexsort((candidates, -days, -values[candidates]))]
    return ranked[:max(n, 0)]


def _paper_links(papers: pl.DataFrame) -> pl.DataFrame:
    """The list's columns of some papers (see :func:`compute_paper_list`)."""
    arxiv = pl.col("paper_id").str.contains(r"^\d{4}\.\d{4,5}(v\d+)?$")
    shown = 3
    # stored titles are one line; a table made another way may not be
    title = one_line_expr(pl.col("title"))
    # what cites the paper on the Hub, when its impact was fetched (dp.with_impact)
    cited = [pl.col(c) for c in ("models", "datasets", "spaces", "models_seen",
                                 "model_downloads", "impact_likes") if c in papers.columns]
    return papers.select(
        "paper_id", title, *cited,
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
