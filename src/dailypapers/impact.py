"""Impact: the models, datasets and Spaces on the Hub that cite each paper, fetched and kept.

The Hub's paper page, ``GET {HF_ENDPOINT}/api/papers/{arxiv_id}`` (huggingface_hub's
``PaperInfo.linked_models`` etc., its PR #4240), holds ``numTotalModels``,
``numTotalDatasets`` and ``numTotalSpaces`` (the counts) beside ``linkedModels``,
``linkedDatasets`` and ``linkedSpaces`` (a preview of the repositories: ``id``, ``likes``,
``downloads`` of the last 30 days for models and datasets, often ``author``,
``lastModified``, ``pipeline_tag``, ``library_name``; ``sdk`` for Spaces). A paper the Hub has
not indexed answers 404: recorded as *not indexed*, not as an error.

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

import polars as pl

from .files import open_for_reading
from .hub import (
    RETRIES,
    FetchError,
    _Fetcher,
    _read_cached,
    _write_cached,
    cache_dir,
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
REPOS = {"paper_id": pl.String, "seen_at": SEEN, "kind": pl.String, "repo_id": pl.String,
         "author": pl.String, "downloads": pl.Int64, "likes": pl.Int64,
         "last_modified": SEEN, "pipeline_tag": pl.String, "library": pl.String,
         "sdk": pl.String}
#: Anonymous requests per five minutes (the Hub's published limit; a free token: 1,000).
ANONYMOUS_RATE = 500


def page_url(base: str, paper_id: str) -> str:
    return f"{base}/api/papers/{paper_id}"


def _paper_path(cache: Path, paper_id: str) -> Path:
    return cache / "papers" / f"{paper_id.replace('/', '_')}.json"


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def impact_rows(body: dict | None, paper_id: str, seen_at: datetime
                ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The counts (one row per kind) and the repositories of one paper page as fetched at
    ``seen_at``; ``body`` None: the Hub has not indexed the paper.

    A count is ``numTotal*``; without one (an older answer) the preview's length, which may
    fall short. Fields missing from a repository are null.

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
        linked = (body or {}).get(_LINKED[kind]) or []
        linked = [repo for repo in linked if isinstance(repo, dict) and repo.get("id")]
        total = _int((body or {}).get(_TOTAL[kind]))
        counts.append({"paper_id": paper_id, "seen_at": seen_at, "kind": kind,
                       "total": (total if total is not None else len(linked))
                       if body is not None else None, "indexed": body is not None})
        for repo in linked:
            repos.append({
                "paper_id": paper_id, "seen_at": seen_at, "kind": kind,
                "repo_id": str(repo["id"]),
                "author": repo.get("author") or str(repo["id"]).split("/")[0],
                "downloads": _int(repo.get("downloads")), "likes": _int(repo.get("likes")),
                "last_modified": _time(repo.get("lastModified")),
                "pipeline_tag": repo.get("pipeline_tag"), "library": repo.get("library_name"),
                "sdk": repo.get("sdk")})
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
    not_indexed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _one(fetcher: _Fetcher | None, base: str, paper_id: str, cache: Path, *, refresh: bool,
         offline: bool, now: Callable[[], datetime]) -> tuple[dict | None, datetime, bool]:
    """One paper page: (body or None when not indexed, when it was fetched, from cache?)."""
    path = _paper_path(cache, paper_id)
    cached = None if refresh else _read_cached(path)
    if cached is not None:
        body, fetched_at, _, _ = cached
        return (body if isinstance(body, dict) else None), fetched_at, True
    if offline or fetcher is None:
        raise FetchError("offline, and no cached paper page")
    url = page_url(base, paper_id)
    body, _ = fetcher.get_json(url, expect=dict, missing_ok=True)
    fetched_at = now()
    _write_cached(path, url, fetched_at, body, None)  # None: "not indexed", kept too
    return body, fetched_at, False


def fetch_impact(paper_ids: Iterable[str], *, client: Any = None, transport: Any = None,
                 cache: str | Path | None = None, refresh: bool = False,
                 offline: bool = False, concurrency: int = 4, retries: int = RETRIES,
                 quiet: bool = False, sleep: Callable[[float], None] = time.sleep,
                 now: Callable[[], datetime] | None = None) -> ImpactReport:
    """The paper page of every id (arXiv ids; others are skipped), a few at a time, cached
    under ``data/raw/api/papers/`` one response each: a re-run asks only what is missing
    (``refresh`` asks again, for a new observation). Honours ``Retry-After`` and
    ``RateLimit`` as every fetch does; ``$HF_TOKEN`` is sent when set, never printed."""
    ids = sorted({p for p in paper_ids if p and not p.startswith("title:")})
    cache = Path(cache) if cache is not None else cache_dir()
    now = now or (lambda: datetime.now(UTC))
    base = endpoint()

    def page_of(fetcher: _Fetcher | None, paper_id: str) -> tuple[dict | None, datetime, bool]:
        return _one(fetcher, base, paper_id, cache, refresh=refresh, offline=offline, now=now)

    results, failures, requests = run_each(
        ids, page_of, client=client, transport=transport, offline=offline, retries=retries,
        sleep=sleep, concurrency=concurrency, quiet=quiet, unit="paper",
        desc=f"paper pages (the Hub allows {ANONYMOUS_RATE} per 5 min anonymously)")
    report = ImpactReport(requests=requests, failures=failures,
                          cached=sum(hit for _, _, hit in results.values()),
                          not_indexed=sorted(p for p, (body, _, _) in results.items()
                                             if body is None))
    rows = [impact_rows(body, paper_id, fetched_at)
            for paper_id, (body, fetched_at, _) in sorted(results.items())]
    if rows:
        report.counts = pl.concat([counts for counts, _ in rows])
        report.repos = pl.concat([repos for _, repos in rows])
    return report


def impact_paths(store: str | Path | None = None) -> tuple[Path, Path]:
    """``impact.parquet`` and ``impact_repos.parquet`` beside the store."""
    where = Path(store) if store is not None else default_store()
    return where.with_name("impact.parquet"), where.with_name("impact_repos.parquet")


def _read(path: Path, schema: Any) -> pl.DataFrame:
    with open_for_reading(path, "no impact at {path}: dailypapers fetch --impact") as handle:
        return pl.read_parquet(handle).cast(dict(schema))


def record_impact(report: ImpactReport, store: str | Path | None = None,
                  lock_timeout: float = LOCK_TIMEOUT) -> tuple[int, int]:
    """Add the report's observations beside the store, under its writers' lock; returns the
    counts and repositories added (an observation recorded twice adds nothing)."""
    counts_path, repos_path = impact_paths(store)
    with writer_lock(Path(store) if store is not None else default_store(), lock_timeout):
        return (append_unique(counts_path, report.counts, ["paper_id", "seen_at", "kind"]),
                append_unique(repos_path, report.repos,
                              ["paper_id", "seen_at", "kind", "repo_id"]))


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


#: The columns impact adds to a paper (:func:`with_impact`): models, datasets and Spaces
#: citing it at the newest observation (0 for a paper the Hub has not indexed), and when.
IMPACT_COLUMNS = ("models", "datasets", "spaces", "impact_seen_at")


def impact_columns(counts: pl.DataFrame) -> pl.DataFrame:
    """One row per paper of impact counts (:func:`load_impact`, all or newest): the newest
    observation's ``models``, ``datasets``, ``spaces`` and ``impact_seen_at``.

    Examples
    --------
    >>> counts, _ = impact_rows({"numTotalModels": 3}, "2601.1", datetime(2026, 2, 1, tzinfo=UTC))
    >>> impact_columns(counts).select("paper_id", "models", "spaces").rows()
    [('2601.1', 3, 0)]
    """
    newest = _newest(counts).with_columns(pl.col("total").fill_null(0))
    wide = newest.pivot("kind", index=["paper_id", "seen_at"], values="total",
                        aggregate_function="first")
    return wide.select(
        "paper_id",
        *(pl.col(kind).cast(pl.Int64).alias(f"{kind}s") if kind in wide.columns
          else pl.lit(0, dtype=pl.Int64).alias(f"{kind}s") for kind in KINDS),
        impact_seen_at="seen_at")


def with_impact(papers: pl.DataFrame, store: str | Path | None = None) -> pl.DataFrame:
    """``papers`` with :data:`IMPACT_COLUMNS` (null for a paper whose impact was not
    fetched), from the impact kept beside ``store``; as they are when none was fetched."""
    counts_path = impact_paths(store)[0]
    if not counts_path.is_file():
        return papers
    joined = impact_columns(_read(counts_path, COUNTS))
    return papers.drop([c for c in IMPACT_COLUMNS if c in papers.columns]).join(
        joined, on="paper_id", how="left", maintain_order="left")


__all__ = ["IMPACT_COLUMNS", "KINDS", "ImpactReport", "fetch_impact", "impact_columns",
           "impact_paths", "impact_rows", "load_impact", "load_impact_repos", "record_impact",
           "with_impact"]
