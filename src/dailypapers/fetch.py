"""Fetch Daily Papers from the Hub API over httpx: paginated, polite, cached, resumable.

- One request per page (``limit=100``, ``p=0,1,…`` or the ``Link: rel="next"`` header) until
  a day is exhausted; days run a few at a time (``concurrency``).
- The client, its token, retries and the response cache are :mod:`.hub`'s; a cached
  response is a file ``dailypapers ingest`` reads too. A cached day
  is not asked again, unless it was cached less than ``settle_days`` after the day itself
  (upvotes and stars were still rising): such a day is fetched again.

Examples
--------
>>> rows = fetch_daily([date(2025, 3, 3)], offline=True)  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import polars as pl

from .hub import (
    RETRIES,
    FetchError,
    _client,
    _Fetcher,
    _read_cached,
    _write_cached,
    cache_dir,
    endpoint,
    run_each,
)
from .readers.api import items_to_listing
from .readers.base import Listing
from .schema import SETTLE_DAYS, empty_frame

PAGE_SIZE = 100


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

def _daily_path(cache: Path, day: date, page: int) -> Path:
    return cache / "daily_papers" / f"{day.isoformat()}_p{page}.json"


def _search_path(cache: Path, query: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", query.lower()).strip("-")[:40] or "query"
    digest = hashlib.sha1(query.encode("utf-8")).hexdigest()[:8]
    return cache / "papers_search" / f"{slug}_{digest}.json"


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


def fetch_days(days: Iterable[date], *, client: httpx.Client | None = None,
               transport: httpx.BaseTransport | None = None,
               cache: str | Path | None = None, refresh: bool = False, offline: bool = False,
               settle_days: int = SETTLE_DAYS, concurrency: int = 4, retries: int = RETRIES,
               quiet: bool = False, sleep: Callable[[float], None] = time.sleep,
               now: Callable[[], datetime] | None = None) -> FetchReport:
    """Fetch every day, a few at a time; failures are collected, not raised (see the report)."""
    cache = Path(cache) if cache is not None else cache_dir()
    now = now or (lambda: datetime.now(UTC))
    base = endpoint()

    def day_of(fetcher: _Fetcher | None, day: date) -> tuple[list[Listing], int]:
        return _fetch_day(fetcher, base, day, cache, refresh=refresh, offline=offline,
                          settle_days=settle_days, now=now)

    results, failures, requests = run_each(
        sorted(set(days)), day_of, client=client, transport=transport, offline=offline,
        retries=retries, sleep=sleep, concurrency=concurrency, quiet=quiet, unit="day",
        desc="daily papers")
    return FetchReport(
        listings=[listing for day in sorted(results) for listing in results[day][0]],
        requests=requests, cached=sum(hits for _, hits in results.values()),
        failures=failures)


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
