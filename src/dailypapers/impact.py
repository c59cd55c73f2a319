"""Impact: the models, datasets and Spaces on the Hub that cite each paper, fetched and kept.

The Hub's paper page, ``GET {HF_ENDPOINT}/api/papers/{arxiv_id}`` (huggingface_hub's
``PaperInfo.linked_models`` etc., its PR #4240), holds ``numTotalModels``,
``numTotalDatasets`` and ``numTotalSpaces`` (the counts) beside ``linkedModels``,
``linkedDatasets`` and ``linkedSpaces`` (a preview of the repositories: ``id``, ``likes``,
``downloads`` of the last 30 days for models and datasets, often ``author``,
``lastModified``, ``pipeline_tag``, ``library_name``; ``sdk`` for Spaces). A paper the Hub has
not indexed answers 404: recorded as *not indexed*, not as an error.

The preview may be short of the count (261 models, a few listed), and holds no creation
date. ``full`` pages the complete lists (of models whenever there are any; of datasets and
Spaces where the preview falls short), ``GET {HF_ENDPOINT}/api/models?filter=arxiv:{id}``
(and ``/api/datasets``, ``/api/spaces``; huggingface_hub's ``list_models(filter=...)``),
followed by their ``Link: rel="next"`` header, with the fields named by ``expand``
(:data:`EXPAND`: only those come back), which add ``downloadsAllTime`` and ``createdAt``.

A repository is linked when its card cites the paper, which authors add by hand and late:
"none yet" is weak evidence, and counts rise. So every fetch is an *observation*, kept with
its time, like upvotes: ``impact.parquet`` (paper, time, kind, total, indexed) and
``impact_repos.parquet`` (the repositories seen) beside the store, written under the store's
writers' lock. :func:`load_impact` gives the newest observation of each paper (what charts
use), or all of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import polars as pl

from .files import open_for_reading
from .hub import (
    RETRIES,
    _Fetcher,
    cache_dir,
    cached_get,
    endpoint,
    run_each,
)
from .paths import default_store
from .store import LOCK_TIMEOUT, append_unique, writer_lock

KINDS = ("model", "dataset", "space")
_TOTAL = {"model": "numTotalModels", "dataset": "numTotalDatasets", "space": "numTotalSpaces"}
_LINKED = {"model": "linkedModels", "dataset": "linkedDatasets", "space": "linkedSpaces"}
SEEN = pl.Datetime("us", "UTC")
COUNTS = {"paper_id": pl.String, "seen_at": SEEN, "kind": pl.String, "total": pl.Int64,
          "indexed": pl.Boolean}
#: A repository seen citing a paper. ``listed``: read from the complete list (``full``), not
#: the page's preview; ``downloads`` are of the last 30 days, ``downloads_all_time`` and
#: ``created_at`` come with the list only.
REPOS = {"paper_id": pl.String, "seen_at": SEEN, "kind": pl.String, "repo_id": pl.String,
         "author": pl.String, "downloads": pl.Int64, "likes": pl.Int64,
         "last_modified": SEEN, "pipeline_tag": pl.String, "library": pl.String,
         "sdk": pl.String, "downloads_all_time": pl.Int64, "created_at": SEEN,
         "listed": pl.Boolean}
#: The fields each list endpoint is asked for (the names of huggingface_hub's
#: ``ExpandModelProperty_T`` and kin).
EXPAND = {
    "model": ("author", "downloads", "downloadsAllTime", "likes", "createdAt", "lastModified",
              "pipeline_tag", "library_name"),
    "dataset": ("author", "downloads", "downloadsAllTime", "likes", "createdAt",
                "lastModified"),
    "space": ("author", "likes", "createdAt", "lastModified", "sdk"),
}
#: Repositories per page of a list.
LIST_PAGE = 100


def page_url(base: str, paper_id: str) -> str:
    return f"{base}/api/papers/{paper_id}"


def list_url(base: str, kind: str, paper_id: str) -> str:
    """The first page of the complete list of ``kind`` repositories citing a paper.

    Examples
    --------
    >>> list_url("https://hf.co", "space", "2601.15621")  # doctest: +NORMALIZE_WHITESPACE
    'https://hf.co/api/spaces?filter=arxiv%3A2601.15621&limit=100&expand=author&expand=likes&expand=createdAt&expand=lastModified&expand=sdk'
    """
    query = [("filter", f"arxiv:{paper_id}"), ("limit", LIST_PAGE),
             *(("expand", name) for name in EXPAND[kind])]
    return f"{base}/api/{kind}s?{urlencode(query)}"


def _paper_path(cache: Path, paper_id: str) -> Path:
    return cache / "papers" / f"{paper_id.replace('/', '_')}.json"


def _list_path(cache: Path, paper_id: str, kind: str, page: int) -> Path:
    return cache / "papers" / "lists" / f"{paper_id.replace('/', '_')}.{kind}.{page}.json"


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def impact_rows(body: dict | None, paper_id: str, seen_at: datetime,
                lists: dict[str, list] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The counts (one row per kind) and the repositories of one paper page as fetched at
    ``seen_at``; ``body`` None: the Hub has not indexed the paper. ``lists`` holds the
    complete list of a kind, read before the page's preview.

    A count is ``numTotal*``; without one (an older answer) the longer of the preview and
    the list. Fields missing from a repository are null.

    Examples
    --------
    >>> body = {"numTotalModels": 261, "linkedModels": [{"id": "a/b", "downloads": 9}],
    ...         "linkedSpaces": [{"id": "c/d", "likes": 2, "sdk": "gradio"}]}
    >>> counts, repos = impact_rows(body, "2601.15621", datetime(2026, 2, 1, tzinfo=UTC))
    >>> counts.select("kind", "total").rows()
    [('model', 261), ('dataset', 0), ('space', 1)]
    >>> repos.select("kind", "repo_id", "downloads", "sdk").rows()
    [('model', 'a/b', 9, None), ('space', 'c/d', None, 'gradio')]
    """
    counts, repos = [], []
    for kind in KINDS:
        listed = [repo for repo in (lists or {}).get(kind, [])
                  if isinstance(repo, dict) and repo.get("id")]
        preview = [repo for repo in (body or {}).get(_LINKED[kind]) or []
                   if isinstance(repo, dict) and repo.get("id")]
        # the list first: its fields are the ones asked for; a repository only the preview
        # holds (a list a little behind the page) is kept too
        linked = {str(repo["id"]): (repo, False) for repo in preview}
        linked.update({str(repo["id"]): (repo, True) for repo in listed})
        total = _int((body or {}).get(_TOTAL[kind]))
        counts.append({"paper_id": paper_id, "seen_at": seen_at, "kind": kind,
                       "total": (total if total is not None else len(linked))
                       if body is not None else None, "indexed": body is not None})
        for repo, from_list in linked.values():
            repos.append({
                "paper_id": paper_id, "seen_at": seen_at, "kind": kind,
                "repo_id": str(repo["id"]),
                "author": repo.get("author") or str(repo["id"]).split("/")[0],
                "downloads": _int(repo.get("downloads")), "likes": _int(repo.get("likes")),
                "last_modified": _time(repo.get("lastModified")),
                "pipeline_tag": repo.get("pipeline_tag"), "library": repo.get("library_name"),
                "sdk": repo.get("sdk"), "downloads_all_time": _int(repo.get("downloadsAllTime")),
                "created_at": _time(repo.get("createdAt")), "listed": from_list})
    return (pl.DataFrame(counts, schema=COUNTS, orient="row"),
            pl.DataFrame(repos, schema=REPOS, orient="row"))


@dataclass
class ImpactReport:
    """What an impact fetch did: the observations made, requests, cache hits, the papers
    the Hub has not indexed, and those that failed (named, the others kept)."""

    counts: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=COUNTS))
    repos: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=REPOS))
    requests: int = 0
    cached: int = 0
    listed: int = 0
    not_indexed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _page(fetcher: _Fetcher | None, base: str, paper_id: str, cache: Path, *, refresh: bool,
          offline: bool, now: Callable[[], datetime]) -> tuple[dict | None, datetime, bool]:
    """One paper page: (body or None when not indexed, when it was fetched, from cache?).
    A 404 is cached too, as a null body: "not indexed" is an answer."""
    body, fetched_at, _, hit = cached_get(
        fetcher, page_url(base, paper_id), _paper_path(cache, paper_id), refresh=refresh,
        offline=offline, now=now, what="paper page", expect=dict, missing_ok=True)
    return (body if isinstance(body, dict) else None), fetched_at, hit


def _to_list(body: dict | None) -> list[str]:
    """The kinds whose list ``full`` reads: models whenever there are any (a preview holds
    no creation date: the days to a first model need the list), datasets and Spaces when
    the preview is shorter than their count."""
    def total(kind: str) -> int:
        return _int((body or {}).get(_TOTAL[kind])) or 0

    return [kind for kind in KINDS
            if total(kind) > (0 if kind == "model" else
                              len((body or {}).get(_LINKED[kind]) or []))]


def _listed(fetcher: _Fetcher | None, base: str, paper_id: str, kind: str, cache: Path, *,
            refresh: bool, offline: bool, now: Callable[[], datetime],
            seen_at: datetime) -> list:
    """Every ``kind`` repository citing the paper, page after page (``Link: rel="next"``),
    each page cached as it comes: an interrupted run resumes at the page it stopped on.
    The list is recorded under the paper page's observation (``seen_at``), so a page
    cached before it (by a ``--full`` run before a ``--refresh``) is read again."""
    url: str | None = list_url(base, kind, paper_id)
    repos: list = []
    page = 0
    while url is not None:
        body, _, url, _ = cached_get(
            fetcher, url, _list_path(cache, paper_id, kind, page), refresh=refresh,
            offline=offline, now=now, what=f"list of {kind}s (page {page + 1})",
            not_before=seen_at)
        repos.extend(body)
        page += 1
    return repos


def fetch_impact(paper_ids: Iterable[str], *, client: Any = None, transport: Any = None,
                 cache: str | Path | None = None, refresh: bool = False,
                 offline: bool = False, full: bool = False, concurrency: int = 4,
                 retries: int = RETRIES, quiet: bool = False,
                 sleep: Callable[[float], None] = time.sleep,
                 now: Callable[[], datetime] | None = None) -> ImpactReport:
    """The paper page of every id (arXiv ids; others are skipped), a few at a time, cached
    under ``data/raw/api/papers/`` one response each: a re-run asks only what is missing
    (``refresh`` asks again, for a new observation). ``full``: also the complete list of
    models of each paper with any (their creation dates), and of datasets and Spaces where
    the preview falls short of the count (one request per 100 repositories).
    Honours ``Retry-After`` and ``RateLimit`` as every fetch does; ``$HF_TOKEN`` is sent
    when set, never printed."""
    ids = sorted({p for p in paper_ids if p and not p.startswith("title:")})
    cache = Path(cache) if cache is not None else cache_dir()
    now = now or (lambda: datetime.now(UTC))
    base = endpoint()

    def page_of(fetcher: _Fetcher | None, paper_id: str
                ) -> tuple[dict | None, datetime, bool, dict[str, list]]:
        body, fetched_at, hit = _page(fetcher, base, paper_id, cache, refresh=refresh,
                                      offline=offline, now=now)
        lists = {kind: _listed(fetcher, base, paper_id, kind, cache, refresh=refresh,
                               offline=offline, now=now, seen_at=fetched_at)
                 for kind in (_to_list(body) if full else [])}
        return body, fetched_at, hit, lists

    results, failures, requests = run_each(
        ids, page_of, client=client, transport=transport, offline=offline, retries=retries,
        sleep=sleep, concurrency=concurrency, quiet=quiet, unit="paper",
        desc="paper pages")
    report = ImpactReport(requests=requests, failures=failures,
                          cached=sum(hit for _, _, hit, _ in results.values()),
                          listed=sum(bool(lists) for *_, lists in results.values()),
                          not_indexed=sorted(p for p, (body, *_) in results.items()
                                             if body is None))
    rows = [impact_rows(body, paper_id, fetched_at, lists)
            for paper_id, (body, fetched_at, _, lists) in sorted(results.items())]
    if rows:
        report.counts = pl.concat([counts for counts, _ in rows])
        report.repos = pl.concat([repos for _, repos in rows])
    return report


def impact_paths(store: str | Path | None = None) -> tuple[Path, Path]:
    """``impact.parquet`` and ``impact_repos.parquet`` beside the store."""
    where = Path(store) if store is not None else default_store()
    return where.with_name("impact.parquet"), where.with_name("impact_repos.parquet")


def _read(path: Path, schema: Any) -> pl.DataFrame:
    """The file at ``path`` in ``schema``; a column an older version did not write is null."""
    with open_for_reading(path, "no impact at {path}: dailypapers fetch --impact") as handle:
        rows = pl.read_parquet(handle)
    return rows.select(pl.col(name).cast(dtype) if name in rows.columns
                       else pl.lit(None, dtype).alias(name) for name, dtype in schema.items())


def record_impact(report: ImpactReport, store: str | Path | None = None,
                  lock_timeout: float = LOCK_TIMEOUT) -> tuple[int, int]:
    """Add the report's observations beside the store, under its writers' lock; returns the
    counts and repositories added (an observation recorded twice adds nothing; a repository
    read from a complete list replaces the same one of the same observation's preview)."""
    counts_path, repos_path = impact_paths(store)
    with writer_lock(Path(store) if store is not None else default_store(), lock_timeout):
        return (append_unique(counts_path, report.counts, ["paper_id", "seen_at", "kind"]),
                append_unique(repos_path, report.repos,
                              ["paper_id", "seen_at", "kind", "repo_id"], prefer="listed"))


def load_impact(store: str | Path | None = None, latest: bool = True) -> pl.DataFrame:
    """The impact counts (``paper_id``, ``seen_at``, ``kind``, ``total``, ``indexed``): the
    newest observation of each paper (``latest``), or every one.

    Examples
    --------
    >>> models = load_impact().filter(pl.col("kind") == "model")  # doctest: +SKIP
    >>> models.sort("total", descending=True).head()  # doctest: +SKIP
    """
    counts = _read(impact_paths(store)[0], COUNTS)
    return _newest(counts) if latest else counts


def load_impact_repos(store: str | Path | None = None, latest: bool = True) -> pl.DataFrame:
    """The repositories seen citing each paper (the page's preview), of the newest
    observation of each paper (``latest``), or of every one."""
    repos = _read(impact_paths(store)[1], REPOS)
    return _newest(repos) if latest else repos


def _newest(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.filter(pl.col("seen_at") == pl.col("seen_at").max().over("paper_id"))


#: The columns impact adds to a paper (:func:`with_impact`), of its newest observation:
#: the models, datasets and Spaces citing it (0 for a paper the Hub has not indexed); of the
#: repositories seen (the page's preview, or every one with ``--full``): the models seen,
#: their downloads of the last 30 days summed, the likes of every repository summed; when
#: it was seen. And the creation of its first model, of every observation (a creation date
#: does not go stale; it comes with ``--full`` only).
IMPACT_COLUMNS = ("models", "datasets", "spaces", "models_seen", "model_downloads",
                  "impact_likes", "first_model_at", "impact_seen_at")


def impact_columns(counts: pl.DataFrame, repos: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per paper of impact counts (:func:`load_impact`, all or newest) and the
    repositories seen (:func:`load_impact_repos`, all or newest): :data:`IMPACT_COLUMNS`.

    Examples
    --------
    >>> seen = datetime(2026, 2, 1, tzinfo=UTC)
    >>> counts, repos = impact_rows({"numTotalModels": 3, "linkedModels": [
    ...     {"id": "a/b", "downloads": 9, "likes": 2}, {"id": "c/d", "downloads": 1}]},
    ...     "2601.1", seen)
    >>> impact_columns(counts, repos).select("paper_id", "models", "spaces", "models_seen",
    ...                                      "model_downloads", "impact_likes").rows()
    [('2601.1', 3, 0, 2, 10, 2)]
    """
    newest = _newest(counts).with_columns(pl.col("total").fill_null(0))
    wide = newest.pivot("kind", index=["paper_id", "seen_at"], values="total",
                        aggregate_function="first")
    table = wide.select(
        "paper_id", "seen_at",
        *(pl.col(kind).cast(pl.Int64).alias(f"{kind}s") if kind in wide.columns
          else pl.lit(0, dtype=pl.Int64).alias(f"{kind}s") for kind in KINDS))
    model = pl.col("kind") == "model"
    repos = repos if repos is not None else pl.DataFrame(schema=REPOS)
    seen = repos.group_by("paper_id", "seen_at").agg(
        models_seen=model.sum().cast(pl.Int64),
        model_downloads=pl.col("downloads").filter(model).sum().cast(pl.Int64),
        impact_likes=pl.col("likes").sum().cast(pl.Int64))
    first = repos.filter(model).group_by("paper_id").agg(
        first_model_at=pl.col("created_at").min())
    return table.join(seen, on=["paper_id", "seen_at"], how="left").join(
        first, on="paper_id", how="left").select(
        "paper_id", "models", "datasets", "spaces",
        *(pl.col(c).fill_null(0) for c in ("models_seen", "model_downloads", "impact_likes")),
        "first_model_at", impact_seen_at="seen_at")


def with_impact(papers: pl.DataFrame, store: str | Path | None = None) -> pl.DataFrame:
    """``papers`` with :data:`IMPACT_COLUMNS` (null for a paper whose impact was not
    fetched), from the impact kept beside ``store``; as they are when none was fetched."""
    counts_path, repos_path = impact_paths(store)
    if not counts_path.is_file():
        return papers
    repos = _read(repos_path, REPOS) if repos_path.is_file() else None
    joined = impact_columns(_read(counts_path, COUNTS), repos)
    return papers.drop([c for c in IMPACT_COLUMNS if c in papers.columns]).join(
        joined, on="paper_id", how="left", maintain_order="left")


__all__ = ["EXPAND", "IMPACT_COLUMNS", "KINDS", "ImpactReport", "fetch_impact",
           "impact_columns", "impact_paths", "impact_rows", "list_url", "load_impact",
           "load_impact_repos", "record_impact", "with_impact"]
