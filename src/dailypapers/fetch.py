"""Fetch Daily Papers from the Hub API over httpx: paginated, polite, cached, resumable.

- Base URL from ``$HF_ENDPOINT`` (default :data:`DEFAULT_ENDPOINT`); ``$HF_TOKEN``, when set, is
  sent as a bearer token and never printed, logged or cached.
- One request per page (``limit=100``, ``p=0,1,…`` or the ``Link: rel="next"`` header) until
  a day is exhausted; days run a few at a time (``concurrency``).
- Retries with exponential backoff and jitter on 429, 5xx, timeouts, connection errors and
  bodies that are not the expected JSON (truncated, an HTML page with status 200); honours
  ``Retry-After`` and the ``RateLimit`` headers.
- Every response is cached under ``data/raw/api/`` (one file per request, written atomically)
  as ``{"url", "fetched_at", "body"}`` — a file ``dailypapers ingest`` reads too. A cached day
  is not asked again, unless it was cached less than ``settle_days`` after the day itself
  (upvotes and stars were still rising): such a day is fetched again.

Examples
--------
>>> rows = fetch_daily([date(2025, 3, 3)], offline=True)  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin

import httpx
import msgspec
import polars as pl

from .errors import DailyPapersError
from .files import atomic_write
from .paths import raw_dir
from .readers.api import items_to_listing
from .readers.base import Listing
from .schema import empty_frame

DEFAULT_ENDPOINT = "https://huggingface-proxy-6ci.pages.dev"
PAGE_SIZE = 100
SETTLE_DAYS = 14
RETRIES = 5
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class FetchError(DailyPapersError):
    """A request that failed after its last retry, or a cache miss when offline."""


@dataclass
class FetchReport:
    """What a fetch did: listings read, requests made, cache hits, days that failed."""

    listings: list[Listing] = field(default_factory=list)
    requests: int = 0
    cached: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def frame(self) -> pl.DataFrame:
        frames = [listing.frame for listing in self.listings]
        return pl.concat(frames) if frames else empty_frame()


def endpoint() -> str:
    """The Hub's base URL: ``$HF_ENDPOINT`` or https://huggingface-proxy-6ci.pages.dev."""
    return os.environ.get("HF_ENDPOINT", DEFAULT_ENDPOINT).rstrip("/")


def _headers() -> dict[str, str]:
    headers = {"Accept": "application/json", "User-Agent": "dailypapers (+https://github.com)"}
    token = os.environ.get("HF_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def days_of(*, day: date | None = None, week: str | None = None, month: str | None = None,
            since: date | None = None, until: date | None = None,
            today: date | None = None) -> list[date]:
    """Every day a range names: one day, an ISO week (``2025-W10``), a month, or since/until.

    Examples
    --------
    >>> [d.isoformat() for d in days_of(week="2025-W10")][:2]
    ['2025-03-03', '2025-03-04']
    >>> len(days_of(month="2024-02"))
    29
    """
    if day is not None:
        return [day]
    if week is not None:
        match = re.fullmatch(r"(\d{4})-W(\d{2})", week)
        if not match:
            raise FetchError(f'week "{week}" is not YYYY-Www (e.g. 2025-W10)')
        try:
            first = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise FetchError(f'week "{week}" does not exist') from None
        return [first + timedelta(days=i) for i in range(7)]
    if month is not None:
        match = re.fullmatch(r"(\d{4})-(\d{2})", month)
        if not match or not 1 <= int(match[2]) <= 12:
            raise FetchError(f'month "{month}" is not YYYY-MM')
        first = date(int(match[1]), int(match[2]), 1)
        after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return [first + timedelta(days=i) for i in range((after - first).days)]
    if since is not None:
        last = until or today or date.today()
        if last < since:
            raise FetchError(f"--until {last} is before --since {since}")
        return [since + timedelta(days=i) for i in range((last - since).days + 1)]
    raise FetchError("say which days: --date, --week, --month or --since")


# -- the cache ----------------------------------------------------------------------------------

def cache_dir() -> Path:
    """Where raw responses are kept: ``data/raw/api/``."""
    return raw_dir() / "api"


def _daily_path(cache: Path, day: date, page: int) -> Path:
    return cache / "daily_papers" / f"{day.isoformat()}_p{page}.json"


def _search_path(cache: Path, query: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", query.lower()).strip("-")[:40] or "query"
    digest = hashlib.sha1(query.encode("utf-8")).hexdigest()[:8]
    return cache / "papers_search" / f"{slug}_{digest}.json"


def _read_cached(path: Path) -> tuple[Any, datetime, str, bool] | None:
    """(items, fetched_at, url, has_next) of a cached response, or None when absent/broken."""
    try:
        envelope = msgspec.json.decode(path.read_bytes())
        return (envelope["body"], datetime.fromisoformat(envelope["fetched_at"]),
                envelope["url"], bool(envelope.get("next")))
    except (OSError, msgspec.DecodeError, KeyError, TypeError, ValueError):
        return None


def _write_cached(path: Path, url: str, fetched_at: datetime, body: Any,
                  next_url: str | None) -> None:
    envelope = {"url": url, "fetched_at": fetched_at.isoformat(), "next": next_url,
                "body": body}
    data = json.dumps(envelope, ensure_ascii=False).encode("utf-8")
    atomic_write(path, lambda out: out.write(data), durable=False)


def settled(day: date, fetched_at: datetime, settle_days: int = SETTLE_DAYS) -> bool:
    """Whether a response for ``day`` taken at ``fetched_at`` holds settled figures.

    Examples
    --------
    >>> settled(date(2025, 3, 3), datetime(2025, 3, 20, tzinfo=UTC))
    True
    >>> settled(date(2025, 3, 3), datetime(2025, 3, 5, tzinfo=UTC))
    False
    """
    return (fetched_at.date() - day).days >= settle_days


# -- one request, with retries --------------------------------------------------------------

def _wait_hint(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait: Retry-After, else the RateLimit reset."""
    retry_after = response.headers.get("Retry-After")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            try:
                when = parsedate_to_datetime(retry_after)
                return max(0.0, (when - datetime.now(UTC)).total_seconds())
            except (TypeError, ValueError):
                pass
    reset = response.headers.get("RateLimit-Reset")
    if reset and reset.strip().isdigit():
        return float(reset)
    ratelimit = response.headers.get("RateLimit", "")
    match = re.search(r"\bt=(\d+)", ratelimit)
    remaining = re.search(r"\br=(\d+)", ratelimit)
    if match and (remaining is None or remaining[1] == "0"):
        return float(match[1])
    return None


@dataclass
class _Fetcher:
    client: httpx.Client
    retries: int = RETRIES
    backoff: float = 0.5
    max_wait: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get_json(self, url: str, expect: type = list, missing_ok: bool = False
                 ) -> tuple[Any, str | None]:
        """The parsed body of ``url`` and the next page's URL (from ``Link``), with retries;
        ``(None, None)`` for a 404 when ``missing_ok`` (a paper the Hub has not indexed)."""
        cause = "no attempt"
        for attempt in range(self.retries + 1):
            wait = None
            try:
                with self._lock:
                    self.requests += 1
                response = self.client.get(url)
            except httpx.TimeoutException:
                cause = "timed out"
            except httpx.TransportError as exc:
                cause = f"connection failed ({type(exc).__name__})"
            else:
                if response.status_code == 200:
                    try:
                        body = msgspec.json.decode(response.content)
                    except msgspec.DecodeError:
                        kind = response.headers.get("content-type", "?").split(";")[0]
                        cause = f"the body is not JSON ({kind}, {len(response.content)} bytes)"
                    else:
                        if isinstance(body, expect):
                            nxt = response.links.get("next", {}).get("url")
                            return body, (urljoin(url, nxt) if nxt else None)
                        cause = f"the body is JSON but not a {expect.__name__}"
                elif response.status_code == 404 and missing_ok:
                    return None, None
                elif response.status_code == 429 or response.status_code >= 500:
                    cause = f"HTTP {response.status_code}"
                    wait = _wait_hint(response)
                else:
                    raise FetchError(f"HTTP {response.status_code} for {url}")
            if attempt < self.retries:
                delay = wait if wait is not None else (
                    self.backoff * 2 ** attempt * (0.5 + random.random()))
                self.sleep(min(delay, self.max_wait))
        raise FetchError(f"{cause} after {self.retries + 1} attempts")


# -- days ---------------------------------------------------------------------------------------

def _fetch_day(fetcher: _Fetcher | None, base: str, day: date, cache: Path, *, refresh: bool,
               offline: bool, settle_days: int, now: Callable[[], datetime]
               ) -> tuple[list[Listing], int]:
    """All pages of one day, from the cache when it may be, else from the Hub; and how many
    cached responses served it."""
    pages = []
    page = 0
    while True:
        cached = _read_cached(_daily_path(cache, day, page))
        if cached is None:
            break
        pages.append(cached)
        if not cached[3]:
            break
        page += 1
    usable = bool(pages) and not refresh and settled(day, pages[0][1], settle_days)
    if usable or (offline and pages):
        listings = [items_to_listing(body, url, "api", seen_at=fetched_at)
                    for body, fetched_at, url, _ in pages]
        return listings, len(pages)
    if offline or fetcher is None:
        raise FetchError("offline, and no cached response (run without --offline to fetch it)")
    listings, page = [], 0
    url: str | None = _page_url(base, day, 0)
    while url is not None:
        body, next_url = fetcher.get_json(url)
        fetched_at = now()
        if next_url is None and len(body) >= PAGE_SIZE:
            next_url = _page_url(base, day, page + 1)
        if not body:
            next_url = None
        _write_cached(_daily_path(cache, day, page), url, fetched_at, body, next_url)
        listings.append(items_to_listing(body, url, "api", seen_at=fetched_at))
        url, page = next_url, page + 1
    # pages left over from an older, longer fetch of this day are not part of it any more
    stale = _daily_path(cache, day, page)
    while stale.exists():
        stale.unlink()
        page += 1
        stale = _daily_path(cache, day, page)
    return listings, 0


def _page_url(base: str, day: date, page: int) -> str:
    return f"{base}/api/daily_papers?" + urlencode(
        {"date": day.isoformat(), "limit": PAGE_SIZE, "p": page})


def _client(client: httpx.Client | None,
            transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The caller's client, or ours: the token header, explicit timeouts, redirects followed."""
    return client or httpx.Client(headers=_headers(), timeout=TIMEOUT, follow_redirects=True,
                                  transport=transport)


def fetch_days(days: Iterable[date], *, client: httpx.Client | None = None,
               transport: httpx.BaseTransport | None = None,
               cache: str | Path | None = None, refresh: bool = False, offline: bool = False,
               settle_days: int = SETTLE_DAYS, concurrency: int = 4, retries: int = RETRIES,
               quiet: bool = False, sleep: Callable[[float], None] = time.sleep,
               now: Callable[[], datetime] | None = None) -> FetchReport:
    """Fetch every day, a few at a time; failures are collected, not raised (see the report)."""
    days = sorted(set(days))
    cache = Path(cache) if cache is not None else cache_dir()
    now = now or (lambda: datetime.now(UTC))
    base = endpoint()
    report = FetchReport()
    own = client is None and not offline
    http = _client(client, transport) if not offline else None
    fetcher = _Fetcher(http, retries=retries, sleep=sleep) if http is not None else None
    results: dict[date, list[Listing]] = {}
    try:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(days), unit="day", desc="daily papers",
                   disable=quiet or len(days) <= 1)
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            futures = {pool.submit(_fetch_day, fetcher, base, day, cache, refresh=refresh,
                                   offline=offline, settle_days=settle_days, now=now): day
                       for day in days}
            for future in as_completed(futures):
                day = futures[future]
                try:
                    listings, hits = future.result()
                    results[day] = listings
                    report.cached += hits
                except FetchError as exc:
                    report.failures.append(f"{day}: {exc}")
                bar.update(1)
        bar.close()
    finally:
        if own and http is not None:
            http.close()
    report.requests = fetcher.requests if fetcher else 0
    report.listings = [listing for day in sorted(results) for listing in results[day]]
    report.failures.sort()
    return report


def fetch_daily(days: Iterable[date] | date, **options: Any) -> pl.DataFrame:
    """The papers of the given days as a polars DataFrame (one row per paper and day).

    Takes the options of :func:`fetch_days`; raises :class:`FetchError` naming the first day
    that failed after the days that did not fail were cached.
    """
    report = fetch_days([days] if isinstance(days, date) else days, **options)
    if report.failures:
        raise FetchError("; ".join(report.failures))
    return report.frame


def fetch_search(query: str, **options: Any) -> pl.DataFrame:
    """The papers the Hub's search finds for ``query`` (cached; re-asked only on ``refresh``).

    Takes the options of :func:`search_report`.
    """
    return search_report(query, **options).frame


def search_report(query: str, *, client: httpx.Client | None = None,
                  transport: httpx.BaseTransport | None = None,
                  cache: str | Path | None = None, refresh: bool = False, offline: bool = False,
                  retries: int = RETRIES, sleep: Callable[[float], None] = time.sleep,
                  now: Callable[[], datetime] | None = None) -> FetchReport:
    cache = Path(cache) if cache is not None else cache_dir()
    path = _search_path(cache, query)
    report = FetchReport()
    cached = None if refresh else _read_cached(path)
    if cached is not None:
        body, fetched_at, url, _ = cached
        report.cached = 1
    else:
        if offline:
            raise FetchError(f'offline, and no cached search for "{query}"')
        http = _client(client, transport)
        fetcher = _Fetcher(http, retries=retries, sleep=sleep)
        url = f"{endpoint()}/api/papers/search?" + urlencode({"q": query})
        try:
            body, _ = fetcher.get_json(url)
        finally:
            if client is None:
                http.close()
        fetched_at = (now or (lambda: datetime.now(UTC)))()
        _write_cached(path, url, fetched_at, body, None)
        report.requests = fetcher.requests
    report.listings = [items_to_listing(body, url, "api", seen_at=fetched_at)]
    return report
