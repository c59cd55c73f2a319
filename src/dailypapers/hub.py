"""The Hub's API over httpx: one client, requests retried politely, a few at a time, and
the response cache every fetch shares.

- Base URL from ``$HF_ENDPOINT`` (default :data:`DEFAULT_ENDPOINT`); ``$HF_TOKEN``, when set, is
  sent as a bearer token and never printed, logged or cached.
- At most the Hub's published rate (:class:`Budget`: 500 requests per 5 minutes
  anonymously, 1,000 with a token), spent as a bucket: a short job goes at full speed, a long
  one is paced before the Hub has to say 429.
- Retries with exponential backoff and jitter on 429, 5xx, timeouts, connection errors and
  bodies that are not the expected JSON (truncated, an HTML page with status 200); honours
  ``Retry-After`` and the ``RateLimit`` headers.
- Every response is cached under ``data/raw/api/`` (one file per request, written atomically)
  as ``{"url", "fetched_at", "body"}``.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import msgspec

from .errors import DailyPapersError
from .files import atomic_write
from .paths import raw_dir

DEFAULT_ENDPOINT = "https://huggingface-proxy-6ci.pages.dev"
RETRIES = 5
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class FetchError(DailyPapersError):
    """A request that failed after its last retry, or a cache miss when offline."""


def endpoint() -> str:
    """The Hub's base URL: ``$HF_ENDPOINT`` or https://huggingface-proxy-6ci.pages.dev."""
    return os.environ.get("HF_ENDPOINT", DEFAULT_ENDPOINT).rstrip("/")


def _headers() -> dict[str, str]:
    headers = {"Accept": "application/json", "User-Agent": "dailypapers (+https://github.com)"}
    token = os.environ.get("HF_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def cache_dir() -> Path:
    """Where raw responses are kept: ``data/raw/api/``."""
    return raw_dir() / "api"


def _read_cached(path: Path) -> tuple[Any, datetime, str, str | None] | None:
    """(body, fetched_at, url, next page's URL or None) of a cached response, or None when
    absent or broken."""
    try:
        envelope = msgspec.json.decode(path.read_bytes())
        fetched_at = datetime.fromisoformat(envelope["fetched_at"])
        return (envelope["body"], fetched_at if fetched_at.tzinfo else  # written as UTC
                fetched_at.replace(tzinfo=UTC), envelope["url"], envelope.get("next") or None)
    except (OSError, msgspec.DecodeError, KeyError, TypeError, ValueError):
        return None


def _write_cached(path: Path, url: str, fetched_at: datetime, body: Any,
                  next_url: str | None) -> None:
    envelope = {"url": url, "fetched_at": fetched_at.isoformat(), "next": next_url,
                "body": body}
    data = json.dumps(envelope, ensure_ascii=False).encode("utf-8")
    atomic_write(path, lambda out: out.write(data), durable=False)


def cached_get(fetcher: _Fetcher | None, url: str, path: Path, *, refresh: bool,
               offline: bool, now: Callable[[], datetime], what: str, expect: type = list,
               missing_ok: bool = False, not_before: datetime | None = None
               ) -> tuple[Any, datetime, str | None, bool]:
    """``url``'s body as cached at ``path`` (unless ``refresh``, or cached before
    ``not_before``: part of an observation made later must not be older than it), else
    fetched and cached now: (body, when it was fetched, the next page's URL, from the
    cache?). Offline, a miss is a :class:`FetchError` naming ``what``."""
    cached = None if refresh else _read_cached(path)
    stale = cached is not None and not_before is not None and cached[1] < not_before
    if cached is not None and not stale:
        body, fetched_at, _, next_url = cached
        return body, fetched_at, next_url, True
    if offline or fetcher is None:
        raise FetchError(f"offline, and no cached {what}"
                         + (f" as recent as {not_before.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
                            if stale else ""))
    body, next_url = fetcher.get_json(url, expect=expect, missing_ok=missing_ok)
    fetched_at = now()
    _write_cached(path, url, fetched_at, body, next_url)
    return body, fetched_at, next_url, False


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


#: The Hub's published limits: requests per window of seconds, anonymous and with a token.
ANONYMOUS_RATE, TOKEN_RATE, RATE_WINDOW = 500, 1000, 300.0


def hub_rate() -> int:
    """Requests per window the Hub allows this caller: with ``$HF_TOKEN`` or without."""
    return TOKEN_RATE if os.environ.get("HF_TOKEN") else ANONYMOUS_RATE


def minutes_for(requests: int, rate: int = ANONYMOUS_RATE) -> float:
    """Minutes ``requests`` take at ``rate`` per window (:class:`Budget`): the first
    ``rate`` at once, the rest paced.

    Examples
    --------
    >>> minutes_for(400), minutes_for(2000), minutes_for(2000, TOKEN_RATE)
    (0.0, 15.0, 5.0)
    """
    return max(0, requests - rate) / rate * RATE_WINDOW / 60


@dataclass
class Budget:
    """Requests allowed: a bucket of ``requests`` refilled evenly over ``window`` seconds.
    :meth:`take` waits (by ``sleep``) until one is there; shared by every thread of a fetch.

    Examples
    --------
    >>> waits = []
    >>> budget = Budget(2, 10.0, clock=lambda: 0.0, sleep=waits.append)
    >>> for _ in range(3):
    ...     budget.take()
    >>> waits  # the third request waits for a fifth of the window to refill one
    [5.0]
    """

    requests: int
    window: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _left: float = field(init=False)
    _at: float | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self._left = float(self.requests)

    @classmethod
    def of_hub(cls, sleep: Callable[[float], None] = time.sleep) -> Budget:
        """The Hub's limit for this caller: with ``$HF_TOKEN`` or without."""
        return cls(hub_rate(), RATE_WINDOW, sleep=sleep)

    def take(self) -> None:
        with self._lock:
            now = self.clock()
            if self._at is not None:
                self._left = min(self.requests,
                                 self._left + (now - self._at) * self.requests / self.window)
            self._at = now
            self._left -= 1
            wait = -self._left * self.window / self.requests if self._left < 0 else 0.0
        if wait:
            self.sleep(wait)


@dataclass
class _Fetcher:
    client: httpx.Client
    retries: int = RETRIES
    backoff: float = 0.5
    max_wait: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    budget: Budget | None = None
    requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get_json(self, url: str, expect: type = list, missing_ok: bool = False
                 ) -> tuple[Any, str | None]:
        """The parsed body of ``url`` and the next page's URL (from ``Link``), with retries;
        ``(None, None)`` for a 404 when ``missing_ok`` (a paper the Hub has not indexed)."""
        cause = "no attempt"
        for attempt in range(self.retries + 1):
            wait = None
            if self.budget is not None:
                self.budget.take()
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


def _client(client: httpx.Client | None,
            transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The caller's client, or ours: the token header, explicit timeouts, redirects followed."""
    return client or httpx.Client(headers=_headers(), timeout=TIMEOUT, follow_redirects=True,
                                  transport=transport)


def run_each(items: list, work: Callable[[_Fetcher | None, Any], Any], *,
             client: httpx.Client | None = None,
             transport: httpx.BaseTransport | None = None, offline: bool = False,
             retries: int = RETRIES, sleep: Callable[[float], None] = time.sleep,
             concurrency: int = 4, quiet: bool = False, unit: str = "item",
             desc: str = "") -> tuple[dict, list[str], int]:
    """``work(fetcher, item)`` for every item, a few at a time, sharing one client (ours,
    closed after, unless the caller's), its retries and the Hub's :class:`Budget`; a
    progress bar named ``desc`` and the rate it goes at. Returns each item's result, one
    line per item that failed (``FetchError``: named, the others kept) and the requests
    made. ``fetcher`` is None when offline."""
    own = client is None and not offline
    http = _client(client, transport) if not offline else None
    fetcher = (_Fetcher(http, retries=retries, sleep=sleep, budget=Budget.of_hub(sleep))
               if http is not None else None)
    results: dict = {}
    failures: list[str] = []
    try:
        from tqdm.auto import tqdm

        rate = f"at most {hub_rate()} requests per {RATE_WINDOW / 60:.0f} min"
        bar = tqdm(total=len(items), unit=unit, desc=f"{desc} ({rate})" if desc else desc,
                   disable=quiet or len(items) <= 1)
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            futures = {pool.submit(work, fetcher, item): item for item in items}
            for future in as_completed(futures):
                try:
                    results[futures[future]] = future.result()
                except FetchError as exc:
                    failures.append(f"{futures[future]}: {exc}")
                bar.update(1)
        bar.close()
    finally:
        if own and http is not None:
            http.close()
    return results, sorted(failures), fetcher.requests if fetcher else 0
