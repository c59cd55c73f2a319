"""Fetching from the Hub, replayed through httpx.MockTransport: paging, ranges, faults, the
cache, the settle window, offline mode, the token. No network."""

from __future__ import annotations

import copy
import json
import logging
from datetime import UTC, date, datetime, timedelta

import httpx
import polars as pl
import pytest

import dailypapers as dp
from dailypapers.cli import main
from dailypapers.fetch import FetchError, days_of, fetch_days, search_report, settled
from tests.conftest import FIXTURES, RECORDED

TEMPLATE = json.loads((FIXTURES / "api_two_schemas.json").read_text())[0]
NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)  # long after the days fetched: all settled


def item(day: date, number: int) -> dict:
    """An API item of our own for paper ``number`` of ``day``."""
    made = copy.deepcopy(TEMPLATE)
    paper_id = f"{day:%y%m}.{day.day:02d}{number:03d}"
    made["paper"]["id"] = paper_id
    made["paper"]["title"] = made["title"] = f"Paper {paper_id}"
    made["paper"]["submittedOnDailyAt"] = f"{day}T00:00:00.000Z"
    made["paper"]["upvotes"] = number
    return made


def weekday_papers(day: date, count: int = 25) -> list[dict]:
    return [] if day.weekday() >= 5 else [item(day, n) for n in range(count)]


class Hub:
    """A fake Hub: papers per day, optional faults, and a log of every request."""

    def __init__(self, papers=weekday_papers, faults=None, link_paging=False):
        self.papers, self.faults, self.link_paging = papers, faults or {}, link_paging
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        params = request.url.params
        if request.url.path == "/api/papers/search":
            return httpx.Response(200, json=[item(date(2025, 5, 1), 1), item(date(2025, 5, 2), 2)])
        day, page = date.fromisoformat(params["date"]), int(params.get("p", 0))
        key = (day, page)
        if self.faults.get(key):
            return self.faults[key].pop(0)(request)
        everything = self.papers(day)
        limit = int(params.get("limit", 100))
        body = everything[page * limit:(page + 1) * limit]
        headers = {}
        if self.link_paging and (page + 1) * limit < len(everything):
            nxt = f"/api/daily_papers?date={day}&limit={limit}&p={page + 1}"
            headers["Link"] = f'<{nxt}>; rel="next"'
        return httpx.Response(200, json=body, headers=headers)

    def days_asked(self) -> list[str]:
        return [r.url.params["date"] for r in self.requests if "date" in r.url.params]


def run(hub, days, tmp_path, **options):
    options.setdefault("now", lambda: NOW)
    options.setdefault("sleep", lambda seconds: None)
    return fetch_days(days, transport=httpx.MockTransport(hub), cache=tmp_path / "api",
                      quiet=True, **options)


@pytest.fixture(autouse=True)
def endpoint(monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://hub.test")
    monkeypatch.delenv("HF_TOKEN", raising=False)


# -- paging and ranges --------------------------------------------------------------------------

@pytest.mark.parametrize("link_paging", [False, True], ids=["p-param", "link-header"])
def test_a_day_of_more_than_100_papers_comes_back_whole(tmp_path, link_paging):
    day = date(2025, 3, 3)
    hub = Hub(papers=lambda d: [item(d, n) for n in range(250)], link_paging=link_paging)
    report = run(hub, [day], tmp_path)
    frame = report.frame
    assert frame.height == frame["paper_id"].n_unique() == 250
    assert [r.url.params["p"] for r in hub.requests] == ["0", "1", "2"]
    assert report.failures == [] and report.requests == 3


def test_exactly_100_papers_asks_one_more_page(tmp_path):
    hub = Hub(papers=lambda d: [item(d, n) for n in range(100)])
    assert run(hub, [date(2025, 3, 3)], tmp_path).frame.height == 100
    assert len(hub.requests) == 2  # the second page is empty: the day is exhausted


@pytest.mark.parametrize(
    ("selector", "first", "last", "weekdays"),
    [({"week": "2025-W10"}, date(2025, 3, 3), date(2025, 3, 9), 5),
     ({"month": "2025-02"}, date(2025, 2, 1), date(2025, 2, 28), 20),
     ({"since": date(2025, 2, 27), "until": date(2025, 3, 4)}, date(2025, 2, 27),
      date(2025, 3, 4), 4),
     ({"day": date(2025, 3, 8)}, date(2025, 3, 8), date(2025, 3, 8), 0)],
)
def test_ranges_fetch_every_day_and_weekends_are_empty_not_errors(tmp_path, selector, first,
                                                                   last, weekdays):
    days = days_of(**selector)
    assert (days[0], days[-1]) == (first, last)
    hub = Hub()
    report = run(hub, days, tmp_path)
    assert report.failures == []
    assert sorted(set(hub.days_asked())) == [d.isoformat() for d in days]
    assert report.frame.height == report.frame["paper_id"].n_unique() == 25 * weekdays


@pytest.mark.parametrize("bad", ["2025-10", "2025W10", "2025-W60"])
def test_bad_week_is_a_clear_error(bad):
    with pytest.raises(FetchError, match=r"YYYY-Www|week"):
        days_of(week=bad)


def test_rows_carry_the_fetch_time_and_the_url(tmp_path):
    frame = run(Hub(), [date(2025, 3, 3)], tmp_path).frame
    assert frame["seen_at"].unique().to_list() == [NOW]
    assert frame["source"][0] == "http://hub.test/api/daily_papers?date=2025-03-03&limit=100&p=0"
    assert frame["daily_on"].unique().to_list() == [date(2025, 3, 3)]


def test_search(tmp_path):
    report = search_report("agents", transport=httpx.MockTransport(Hub()),
                           cache=tmp_path / "api", now=lambda: NOW)
    assert report.frame.height == 2 and report.requests == 1
    again = search_report("agents", transport=httpx.MockTransport(Hub()),
                          cache=tmp_path / "api", now=lambda: NOW)
    assert (again.requests, again.cached) == (0, 1)


def test_search_replays_a_recorded_response(tmp_path):
    recorded = RECORDED / "papers_search_q-kazakh_2025-05_hf-mcp-server.json"
    body = json.loads(recorded.read_text(encoding="utf-8"))
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    frame = search_report("kazakh", transport=transport, cache=tmp_path, now=lambda: NOW).frame
    assert frame.height == len(body)
    assert frame["daily_on"].null_count() == frame.height  # search results have no daily day


# -- faults -------------------------------------------------------------------------------------

def respond(status, body=b"[]", headers=None):
    return lambda request: httpx.Response(status, content=body, headers=headers or {})


def raise_(exc):
    def handler(request):
        raise exc("boom", request=request)
    return handler


FAULTS = {
    "429-retry-after": ([respond(429, b"slow down", {"Retry-After": "7"})], [7.0]),
    "429-ratelimit": ([respond(429, b"", {"RateLimit": '"api";r=0;t=42'})], [42.0]),
    "500-then-ok": ([respond(500), respond(503)], None),
    "timeout": ([raise_(httpx.ReadTimeout)], None),
    "connection": ([raise_(httpx.ConnectError)], None),
    "truncated": ([respond(200, b'[{"paper": {"id": "2503.0')], None),
    "html-200": ([respond(200, b"<!DOCTYPE html><html>Hub is down</html>",
                          {"content-type": "text/html"})], None),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_faults_are_retried_and_end_with_exactly_the_right_papers(tmp_path, fault):
    handlers, expected_waits = FAULTS[fault]
    day = date(2025, 3, 4)
    hub = Hub(faults={(day, 0): list(handlers)})
    waits: list[float] = []
    report = run(hub, [date(2025, 3, 3), day], tmp_path, sleep=waits.append)
    assert report.failures == []
    frame = report.frame
    assert frame.height == frame["paper_id"].n_unique() == 50
    if expected_waits is not None:
        assert waits == expected_waits
    else:
        assert len(waits) == len(handlers) and all(0 < w <= 60 for w in waits)


def test_last_retry_gives_one_line_naming_the_day_and_keeps_the_other_days(tmp_path):
    bad = date(2025, 3, 4)
    hub = Hub(faults={(bad, 0): [respond(500)] * 10})
    report = run(hub, [date(2025, 3, 3), bad, date(2025, 3, 5)], tmp_path, retries=3)
    assert report.failures == ["2025-03-04: HTTP 500 after 4 attempts"]
    assert report.frame.height == 50
    assert sorted((tmp_path / "api" / "daily_papers").iterdir())[0].name == "2025-03-03_p0.json"


def test_a_client_error_is_not_retried(tmp_path):
    hub = Hub(faults={(date(2025, 3, 3), 0): [respond(404)] * 5})
    report = run(hub, [date(2025, 3, 3)], tmp_path)
    assert report.failures == ["2025-03-03: HTTP 404 for "
                               "http://hub.test/api/daily_papers?date=2025-03-03&limit=100&p=0"]
    assert len(hub.requests) == 1


# -- the cache ----------------------------------------------------------------------------------

def test_second_run_makes_zero_requests(tmp_path):
    days = days_of(week="2025-W10")
    first = run(Hub(), days, tmp_path)
    hub = Hub()
    again = run(hub, days, tmp_path)
    assert hub.requests == [] and again.requests == 0 and again.cached == 7
    assert again.frame.equals(first.frame)


def test_interrupted_run_resumes_with_only_the_missing_requests(tmp_path):
    days = days_of(month="2025-02")
    calls = {"n": 0}

    class Killed(BaseException):
        pass

    def dying(request):
        calls["n"] += 1
        if calls["n"] > 6:
            raise Killed  # like Ctrl-C or a kill half-way
        return Hub()(request)

    with pytest.raises(Killed):
        run(dying, days, tmp_path, concurrency=1)
    cached = {p.name for p in (tmp_path / "api" / "daily_papers").iterdir()}
    assert len(cached) == 6 and not any(name.endswith(".tmp") for name in cached)
    hub = Hub()
    report = run(hub, days, tmp_path)
    assert len(hub.requests) == len(days) - 6
    assert report.frame.height == report.frame["paper_id"].n_unique() == 25 * 20


def test_unsettled_days_are_fetched_again_settled_ones_are_not(tmp_path):
    old, recent = date(2025, 3, 3), date(2025, 3, 20)
    run(Hub(), [old, recent], tmp_path, now=lambda: datetime(2025, 3, 21, tzinfo=UTC))
    assert settled(old, datetime(2025, 3, 21, tzinfo=UTC))
    assert not settled(recent, datetime(2025, 3, 21, tzinfo=UTC))
    hub = Hub()
    report = run(hub, [old, recent], tmp_path, now=lambda: datetime(2025, 4, 30, tzinfo=UTC))
    assert hub.days_asked() == ["2025-03-20"]
    # now both are settled: nothing more to ask
    hub = Hub()
    run(hub, [old, recent], tmp_path, now=lambda: datetime(2025, 5, 1, tzinfo=UTC))
    assert hub.requests == []
    assert report.cached == 1


def test_refresh_fetches_everything_again(tmp_path):
    days = days_of(week="2025-W10")
    run(Hub(), days, tmp_path)
    hub = Hub()
    run(hub, days, tmp_path, refresh=True)
    assert sorted(hub.days_asked()) == [d.isoformat() for d in days]


def test_offline_with_an_empty_cache_is_a_clear_error(tmp_path):
    report = fetch_days([date(2025, 3, 3)], offline=True, cache=tmp_path, quiet=True)
    assert report.failures == ["2025-03-03: offline, and no cached response "
                               "(run without --offline to fetch it)"]


def test_offline_uses_even_an_unsettled_cache(tmp_path):
    day = date(2025, 3, 20)
    run(Hub(), [day], tmp_path, now=lambda: datetime(2025, 3, 21, tzinfo=UTC))
    report = fetch_days([day], offline=True, cache=tmp_path / "api", quiet=True)
    assert report.failures == [] and report.frame.height == 25


def test_cached_responses_can_be_ingested_with_their_fetch_time(tmp_path):
    run(Hub(), [date(2025, 3, 3)], tmp_path)
    listing = dp.read_listing(tmp_path / "api" / "daily_papers" / "2025-03-03_p0.json")
    assert listing.papers == 25 and listing.notes == []
    assert listing.frame["seen_at"].unique().to_list() == [NOW]


# -- the token ----------------------------------------------------------------------------------

def test_token_is_sent_but_never_printed_logged_or_cached(tmp_path, monkeypatch, capsys, caplog):
    secret = "hf_SECRETtoken1234567890"
    monkeypatch.setenv("HF_TOKEN", secret)
    hub = Hub(faults={(date(2025, 3, 3), 0): [respond(500)] * 20})
    caplog.set_level(logging.DEBUG)
    report = run(hub, [date(2025, 3, 3), date(2025, 3, 4)], tmp_path, retries=1)
    assert all(r.headers["Authorization"] == f"Bearer {secret}" for r in hub.requests)
    out, err = capsys.readouterr()
    texts = [out, err, caplog.text, *report.failures]
    texts += [p.read_text() for p in (tmp_path / "api").rglob("*.json")]
    assert all(secret not in text for text in texts)


# -- the command line ---------------------------------------------------------------------------

def test_fetch_command_merges_into_the_store_and_records_history(tmp_path, monkeypatch, capsys):
    hub = Hub()
    original = httpx.Client

    def client_with_hub(*args, **kwargs):
        kwargs["transport"] = httpx.MockTransport(hub)
        return original(*args, **kwargs)

    monkeypatch.setattr(httpx, "Client", client_with_hub)
    monkeypatch.setattr("dailypapers.fetch.cache_dir", lambda: tmp_path / "api")
    store = tmp_path / "papers.parquet"
    status = main(["fetch", "--week", "2025-W10", "--store", str(store), "--quiet"])
    out = capsys.readouterr().out
    assert status == 0
    assert "7 days 2025-03-03 → 2025-03-09: 7 requests, 0 cached" in out
    assert dp.load(store).height == 125
    history = dp.load_observations(store)
    assert history.height == 125
    status = main(["fetch", "--week", "2025-W10", "--store", str(store), "--quiet"])
    assert status == 0 and "0 requests, 7 cached" in capsys.readouterr().out


def test_fetch_command_failure_exits_non_zero(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("dailypapers.fetch.cache_dir", lambda: tmp_path / "api")
    status = main(["fetch", "--date", "2025-03-03", "--offline", "--store",
                   str(tmp_path / "p.parquet")])
    assert status == 1
    assert capsys.readouterr().err.strip() == (
        "error: 2025-03-03: offline, and no cached response (run without --offline to fetch it)")


def test_history_shows_upvotes_growing(tmp_path):
    store = tmp_path / "papers.parquet"
    day = date(2025, 3, 3)
    for offset, extra in ((2, 0), (9, 40)):
        hub = Hub(papers=lambda d, extra=extra: [
            {**item(d, 1), "paper": {**item(d, 1)["paper"], "upvotes": 1 + extra}}])
        report = run(hub, [day], tmp_path, refresh=True,
                     now=lambda offset=offset: datetime.combine(day + timedelta(days=offset),
                                                                datetime.min.time(), UTC))
        dp.store.merge_listings(report.listings, store)
    history = dp.load_observations(store)
    assert history["upvotes"].to_list() == [1, 41]
    assert dp.load(store)["upvotes"].to_list() == [41]
    assert history["seen_at"].is_sorted()
    assert isinstance(history, pl.DataFrame)
