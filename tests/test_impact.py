"""Impact: the paper pages of a fake Hub (the documented shapes), fetched politely, cached,
kept as observations beside the store; a real local server for the command line."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import polars as pl
import pytest

import dailypapers as dp
from dailypapers.cli import main
from dailypapers.impact import fetch_impact, impact_paths, load_impact_repos, record_impact

NOW = datetime(2026, 2, 1, 12, tzinfo=UTC)

#: Paper pages as the Hub answers them (its PR #4240 quotes a real one): counts, a preview.
PAGES = {
    # 261 models in total, a preview of two; no dataset; one Space
    "2601.15621": {"id": "2601.15621", "numTotalModels": 261, "numTotalDatasets": 0,
                   "numTotalSpaces": 1,
                   "linkedModels": [
                       {"id": "org/model-a", "author": "org", "downloads": 1200, "likes": 30,
                        "lastModified": "2026-01-20T10:00:00.000Z",
                        "pipeline_tag": "text-generation", "library_name": "transformers"},
                       {"id": "someone/model-b", "downloads": 5, "likes": 0}],
                   "linkedDatasets": [],
                   "linkedSpaces": [{"id": "org/demo", "likes": 12, "sdk": "gradio"}]},
    # an older answer: no numTotal* (the preview is all there is), fields missing
    "2601.00005": {"id": "2601.00005", "linkedDatasets": [{"id": "lab/data"}]},
}


#: The complete list of models citing 2601.15621, as ``/api/models?filter=arxiv:…`` pages it.
LISTED = [{**repo, "downloadsAllTime": 9999, "createdAt": "2026-01-15T00:00:00.000Z"}
          for repo in PAGES["2601.15621"]["linkedModels"]] + [
    {"id": f"org/model-{i:03d}", "author": "org", "downloads": i, "likes": 1,
     "downloadsAllTime": 10 * i, "createdAt": f"2026-01-{1 + i % 28:02d}T00:00:00.000Z"}
    for i in range(259)]


class Hub:
    """/api/papers/{id}: a page, 404 for a paper not indexed, 429 once with RateLimit, an
    HTML error page with status 200 for one paper, always. /api/models: the list of one
    paper, 100 a page, paged by a relative ``Link``; a page answers 503 while ``down`` names it."""

    def __init__(self, pages=PAGES):
        self.pages, self.calls, self.down = dict(pages), [], None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path in ("/api/models", "/api/datasets", "/api/spaces"):
            return self.listed(request)
        paper = request.url.path.rsplit("/", 1)[-1]
        self.calls.append(paper)
        if paper == "2601.00003" and self.calls.count(paper) == 1:
            return httpx.Response(429, headers={"RateLimit": '"api";r=0;t=7'})
        if paper == "2601.00003":
            return httpx.Response(200, json={"id": paper, "numTotalModels": 2,
                                             "linkedModels": [{"id": "x/y"}]})
        if paper == "2601.00004":
            return httpx.Response(200, text="<html>maintenance</html>",
                                  headers={"content-type": "text/html"})
        if paper in self.pages:
            return httpx.Response(200, json=self.pages[paper])
        return httpx.Response(404, json={"error": "Paper not found"})


    def listed(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        cursor = int(params.get("cursor", 0))
        self.calls.append(f"{request.url.path}:{params['filter']}:{cursor}")
        if cursor == self.down:
            return httpx.Response(503)
        assert params.get_list("expand") and int(params["limit"]) == 100
        repos = LISTED if (request.url.path, params["filter"]) == (
            "/api/models", "arxiv:2601.15621") else []
        page = [{key: repo[key] for key in ("id", *params.get_list("expand")) if key in repo}
                for repo in repos[cursor:cursor + 100]]
        more = cursor + 100 < len(repos)
        nxt = request.url.copy_merge_params({"cursor": cursor + 100}).raw_path.decode()
        return httpx.Response(200, json=page, headers={"Link": f'<{nxt}>; rel="next"'}
                              if more else {})


IDS = ["2601.15621", "2601.00002", "2601.00003", "2601.00004", "2601.00005",
       "title:a copied paper"]


def fetch(hub, tmp_path, **options):
    slept = options.pop("slept", [])
    return fetch_impact(IDS, transport=httpx.MockTransport(hub), cache=tmp_path / "api",
                        retries=2, sleep=slept.append, now=lambda: NOW, quiet=True,
                        **options)


def test_each_paper_page_becomes_counts_and_repositories(tmp_path):
    hub, slept = Hub(), []
    report = fetch(hub, tmp_path, slept=slept)
    totals = {(p, k): t for p, k, t in report.counts.select("paper_id", "kind", "total").rows()}
    assert totals[("2601.15621", "model")] == 261  # the count, not the preview's two
    assert totals[("2601.15621", "space")] == 1 and totals[("2601.15621", "dataset")] == 0
    assert totals[("2601.00005", "dataset")] == 1  # no count given: the preview's length
    assert totals[("2601.00003", "model")] == 2
    # not indexed: recorded, not an error
    assert report.not_indexed == ["2601.00002"]
    assert report.counts.filter(pl.col("paper_id") == "2601.00002")["indexed"].to_list() == [
        False] * 3
    # the 429 was waited out as its RateLimit header asked; the HTML page named, the rest kept
    assert 7.0 in slept
    assert len(report.failures) == 1 and report.failures[0].startswith("2601.00004: the body")
    assert "title:a copied paper" not in hub.calls  # no arXiv id: nothing to ask
    model_a = report.repos.filter(pl.col("repo_id") == "org/model-a").row(0, named=True)
    assert (model_a["downloads"], model_a["likes"], model_a["library"]) == (
        1200, 30, "transformers")
    assert report.repos.filter(pl.col("repo_id") == "someone/model-b")["author"][0] == "someone"


def test_a_second_run_reads_the_cache_and_refresh_asks_again(tmp_path):
    first = fetch(Hub(), tmp_path)
    hub = Hub()
    again = fetch(hub, tmp_path)
    # the failed page is asked again; the others (404 included) come from the cache
    assert set(hub.calls) == {"2601.00004"} and again.cached == 4
    assert again.counts.equals(first.counts)
    offline = fetch_impact(["2601.15621"], cache=tmp_path / "api", offline=True, quiet=True)
    assert offline.requests == 0 and offline.counts["total"].to_list() == [261, 0, 1]
    refreshed = fetch(Hub(), tmp_path, refresh=True)
    assert refreshed.cached == 0


def test_a_long_fetch_is_paced_to_the_hubs_rate_before_it_says_429(tmp_path, monkeypatch):
    monkeypatch.setattr("dailypapers.hub.ANONYMOUS_RATE", 2)  # two requests per 5 minutes
    monkeypatch.delenv("HF_TOKEN", raising=False)
    slept = []
    fetch_impact(["2601.15621", "2601.00002", "2601.00005", "2601.00009"],
                 transport=httpx.MockTransport(Hub()), cache=tmp_path / "api", retries=0,
                 sleep=slept.append, quiet=True, concurrency=1)
    # two at once, then each waits for the bucket to refill (the clock stands still here)
    assert slept == [pytest.approx(150, rel=0.01), pytest.approx(300, rel=0.01)]


def test_full_pages_the_complete_lists_where_the_preview_falls_short(tmp_path):
    hub = Hub()
    hub.down = 200  # the third page of models fails: that paper is named, the rest kept
    report = fetch(hub, tmp_path, full=True)
    assert any(f.startswith("2601.15621: HTTP 503") for f in report.failures)
    assert "2601.15621" not in report.counts["paper_id"].to_list()
    # a Space of one shown on the page is not listed
    assert not [c for c in hub.calls if c.startswith(("/api/spaces", "/api/datasets"))]
    hub.down, hub.calls = None, []
    report = fetch(hub, tmp_path, full=True)
    # resumed: the page and the first two list pages come from the cache
    assert [c for c in hub.calls if c.startswith("/api/")] == [
        "/api/models:arxiv:2601.15621:200"]
    assert report.listed == 2 and report.failures == ["2601.00004: the body is not JSON "
                                                      "(text/html, 24 bytes) after 3 attempts"]
    models = report.repos.filter((pl.col("paper_id") == "2601.15621")
                                 & (pl.col("kind") == "model"))
    assert models.height == 261 and models["listed"].all()
    last = models.filter(pl.col("repo_id") == "org/model-258").row(0, named=True)
    assert (last["downloads"], last["downloads_all_time"], last["created_at"].day) == (
        258, 2580, 1 + 258 % 28)
    # a repository only the preview holds is kept; the preview is read where no list was
    assert report.repos.filter(pl.col("paper_id") == "2601.00003")["repo_id"].to_list() == [
        "x/y"]
    spaces = report.repos.filter(pl.col("kind") == "space")
    assert spaces["repo_id"].to_list() == ["org/demo"] and not spaces["listed"].any()
    columns = dp.impact.impact_columns(report.counts, report.repos).filter(
        pl.col("paper_id") == "2601.15621").row(0, named=True)
    assert (columns["models"], columns["models_seen"], columns["model_downloads"]) == (
        261, 261, 1200 + 5 + sum(range(259)))
    assert columns["first_model_at"] == datetime(2026, 1, 1, tzinfo=UTC)


def test_a_list_older_than_the_paper_page_it_is_recorded_with_is_read_again(tmp_path):
    def at(day):
        return lambda: NOW + timedelta(days=day)

    def run(hub, day, **options):
        return fetch_impact(["2601.15621"], transport=httpx.MockTransport(hub),
                            cache=tmp_path / "api", now=at(day), quiet=True, **options)

    run(Hub(), 0, full=True)  # the page and its lists, cached on day 0
    run(Hub(), 9, refresh=True)  # the page observed again on day 9, no lists
    hub = Hub()
    report = run(hub, 10, full=True)  # the page of day 9 from the cache: its lists too
    assert [c for c in hub.calls if c.startswith("/api/")] == [
        "/api/models:arxiv:2601.15621:0", "/api/models:arxiv:2601.15621:100",
        "/api/models:arxiv:2601.15621:200"]
    assert set(report.repos["seen_at"].to_list()) == {NOW + timedelta(days=9)}
    hub = Hub()
    run(hub, 11, full=True)  # now every part is as new as the page: nothing asked
    assert hub.calls == []
    # offline, a list older than its page is not read as if it were new: the paper is named
    second = tmp_path / "api" / "papers" / "lists" / "2601.15621.model.1.json"
    envelope = json.loads(second.read_text())
    second.write_text(json.dumps({**envelope, "fetched_at": at(5)().isoformat()}))
    report = run(None, 12, full=True, offline=True)
    assert report.failures == ["2601.15621: offline, and no cached list of models (page 2) "
                               "as recent as 2026-02-10 12:00 UTC"]
    # a time written without its zone (by hand, or an older tool) is read as UTC
    second.write_text(json.dumps({**envelope, "fetched_at": "2026-02-06T12:00:00"}))
    report = run(None, 12, full=True, offline=True)
    assert report.failures[0].endswith("as recent as 2026-02-10 12:00 UTC")


@pytest.mark.parametrize(("page", "listed"), [
    # (a paper page, the kinds whose complete list --full reads)
    ({"numTotalModels": 2, "linkedModels": [{"id": "a/b"}, {"id": "c/d"}]}, ["model"]),
    ({"numTotalDatasets": 3, "linkedDatasets": [{"id": "a/b"}]}, ["dataset"]),
    ({"numTotalSpaces": 1, "linkedSpaces": [{"id": "a/b"}]}, []),
    ({"numTotalModels": 0, "numTotalSpaces": 2}, ["space"]),
    (None, []),  # not indexed
])
def test_full_reads_models_whenever_there_are_any_and_the_rest_when_short(page, listed):
    from dailypapers.impact import _to_list

    assert _to_list(page) == listed  # a preview has no creation dates: models always listed


def test_the_lists_read_later_enrich_the_same_observation_and_are_kept(tmp_path):
    store = tmp_path / "papers.parquet"
    record_impact(fetch(Hub(), tmp_path), store)  # the pages: previews only
    record_impact(fetch(Hub(), tmp_path, full=True), store)  # the same pages, and the lists
    models = load_impact_repos(store).filter((pl.col("paper_id") == "2601.15621")
                                             & (pl.col("kind") == "model"))
    assert models.height == 261 and models["created_at"].null_count() == 0
    assert record_impact(fetch(Hub(), tmp_path), store) == (0, 0)  # a preview again: kept
    assert load_impact_repos(store).filter(pl.col("repo_id") == "org/model-a")[
        "listed"].to_list() == [True]
    # a later observation of the preview alone: the newest counts, the creation date kept
    later = fetch_impact(["2601.15621"], transport=httpx.MockTransport(Hub()),
                         cache=tmp_path / "later", now=lambda: NOW + timedelta(days=9),
                         quiet=True)
    record_impact(later, store)
    paper = dp.with_impact(pl.DataFrame({"paper_id": ["2601.15621"]}), store).row(0, named=True)
    assert (paper["models_seen"], paper["impact_seen_at"]) == (2, NOW + timedelta(days=9))
    assert paper["first_model_at"] == datetime(2026, 1, 1, tzinfo=UTC)


def test_an_impact_file_of_an_older_version_reads_with_the_new_columns_null(tmp_path):
    store = tmp_path / "papers.parquet"
    report = fetch(Hub(), tmp_path)
    old = report.repos.drop("downloads_all_time", "created_at", "listed")
    old.write_parquet(impact_paths(store)[1])
    report.repos = report.repos.head(1).with_columns(seen_at=pl.lit(NOW + timedelta(days=1)))
    assert record_impact(report, store)[1] == 1
    repos = load_impact_repos(store, latest=False)
    assert repos.height == old.height + 1 and repos["listed"].null_count() == old.height


def test_observations_are_kept_beside_the_store_and_the_newest_is_read(tmp_path):
    store = tmp_path / "papers.parquet"
    report = fetch(Hub(), tmp_path)
    assert record_impact(report, store)[0] == report.counts.height
    assert record_impact(report, store) == (0, 0)  # the same observation twice: nothing
    later = {**PAGES, "2601.15621": {**PAGES["2601.15621"], "numTotalModels": 300}}
    newer = fetch_impact(["2601.15621"], transport=httpx.MockTransport(Hub(later)),
                         cache=tmp_path / "api2", now=lambda: NOW + timedelta(days=30),
                         quiet=True)
    record_impact(newer, store)
    assert all(path.is_file() for path in impact_paths(store))
    latest = dp.load_impact(store).filter(pl.col("paper_id") == "2601.15621")
    assert latest.filter(pl.col("kind") == "model")["total"].to_list() == [300]
    every = dp.load_impact(store, latest=False).filter(
        (pl.col("paper_id") == "2601.15621") & (pl.col("kind") == "model"))
    assert every["total"].to_list() == [261, 300]
    assert load_impact_repos(store).filter(pl.col("paper_id") == "2601.15621").height == 3


def test_without_impact_data_the_error_says_how_to_get_it(tmp_path):
    with pytest.raises(dp.errors.StoreError, match="dailypapers fetch --impact"):
        dp.load_impact(tmp_path / "papers.parquet")


@pytest.fixture
def local_hub():
    """The fake Hub served on 127.0.0.1, as the command line reaches it ($HF_ENDPOINT)."""
    hub = Hub()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            response = hub(httpx.Request("GET", f"http://hub{self.path}"))
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.content)))
            self.end_headers()
            self.wfile.write(response.content)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield hub, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_command_fetches_the_impact_of_the_papers_chosen(tmp_path, monkeypatch, capsys,
                                                             local_hub):
    hub, url = local_hub
    monkeypatch.setenv("HF_ENDPOINT", url)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr("dailypapers.impact.cache_dir", lambda: tmp_path / "api")
    store = tmp_path / "papers.parquet"
    items = [{"paper": {"id": paper_id, "title": f"Paper {paper_id}",
                        "publishedAt": "2026-01-05T00:00:00.000Z", "authors": [],
                        "upvotes": 3}, "publishedAt": "2026-01-05T00:00:00.000Z"}
             for paper_id in ("2601.15621", "2601.00002", "2601.00005")]
    listing = tmp_path / "day.json"
    listing.write_text(json.dumps(items))
    assert main(["ingest", str(listing), "--store", str(store)]) == 0
    capsys.readouterr()
    status = main(["fetch", "--impact", "--since", "2026-01-01", "--store", str(store),
                   "--quiet"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "3 paper pages to read" in out and "HF_TOKEN doubles it" in out
    assert ("3 requests, 0 cached; 1 with a model, 1 with a dataset, 1 with a Space; "
            "1 not indexed by the Hub") in out
    assert sorted(set(hub.calls)) == ["2601.00002", "2601.00005", "2601.15621"]
    assert dp.load_impact(store)["paper_id"].n_unique() == 3
    hub.calls.clear()
    # one paper, its complete lists: the page is cached, the models take three requests
    assert main(["fetch", "--impact", "--full", "--paper", "2601.15621", "--store", str(store),
                 "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "1 paper page to read" in out and "3 requests, 1 cached" in out
    assert "1 with complete lists" in out and len(hub.calls) == 3
    assert load_impact_repos(store).filter(pl.col("kind") == "model").height == 261


@pytest.mark.parametrize(("args", "message"), [
    (["--impact", "--month", "2026-01"], "--impact takes --since/--until"),
    (["--org", "nvidia", "--month", "2026-01"], "--org, --paper and --full go with --impact"),
    (["--full", "--month", "2026-01"], "--org, --paper and --full go with --impact"),
    ([], "say what to fetch"),
])
def test_the_command_says_what_goes_with_what(tmp_path, capsys, args, message):
    status = main(["fetch", *args, "--store", str(tmp_path / "papers.parquet"), "--offline"])
    assert status == 2 and message in capsys.readouterr().err


def test_full_is_an_option_of_fetch_only(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["slides", "--full"])
    assert stop.value.code == 2 and "unrecognized arguments: --full" in capsys.readouterr().err


# -- what became of the papers: questions and charts ------------------------------------------

def stored_with_impact(tmp_path):
    """A store of the three papers of PAGES' kinds, and their impact recorded beside it."""
    store = tmp_path / "papers.parquet"
    items = [{"paper": {"id": paper_id, "title": f"Paper {paper_id}",
                        "publishedAt": "2026-01-05T00:00:00.000Z", "authors": [],
                        "upvotes": 3}, "publishedAt": "2026-01-05T00:00:00.000Z"}
             for paper_id in ("2601.15621", "2601.00002", "2601.00005", "2601.00009")]
    listing = tmp_path / "day.json"
    listing.write_text(json.dumps(items))
    dp.ingest([listing], store=store)
    report = fetch_impact(["2601.15621", "2601.00002", "2601.00005"],
                          transport=httpx.MockTransport(Hub()), cache=tmp_path / "api",
                          now=lambda: NOW, quiet=True)
    record_impact(report, store)
    return store


def test_papers_prepared_from_the_store_carry_their_impact(tmp_path):
    papers = dp.prepare(stored_with_impact(tmp_path))
    frame = papers.select(["paper_id", "models", "datasets", "spaces"]).sort("paper_id")
    assert frame.rows() == [
        ("2601.00002", 0, 0, 0),  # not indexed: the Hub shows nothing citing it
        ("2601.00005", 0, 1, 0), ("2601.00009", None, None, None),  # not asked
        ("2601.15621", 261, 0, 1)]


@pytest.mark.parametrize(("kind", "having"), [("model", 1), ("dataset", 1), ("space", 1)])
def test_a_share_is_among_the_papers_whose_impact_was_read(tmp_path, kind, having):
    papers = dp.prepare(stored_with_impact(tmp_path))
    table = dp.compute_impact_share(papers, "1y", kind, min_fetched=1)
    assert table.select("papers", "fetched", "having").row(0) == (4, 3, having)
    assert table["share"][0] == pytest.approx(having / 3)
    assert dp.compute_impact_share(papers, "1y", kind)["share"][0] is None  # too few read


def test_the_chart_draws_the_share_or_says_how_to_get_it(tmp_path):
    papers = dp.prepare(stored_with_impact(tmp_path))
    chart = dp.chart_impact_share(dp.compute_impact_share(papers, "1y", min_fetched=1), "1y")
    spec = chart.to_dict()
    assert spec["encoding"]["y"]["field"] == "share"
    assert "3 papers whose Hub page was read (of 4)" in spec["title"]["subtitle"][0]
    plain = dp.load(tmp_path / "papers.parquet")  # a table without impact columns
    message = dp.view("impact_share", plain)
    lines = [row["line"] for rows in message.to_dict()["datasets"].values() for row in rows]
    assert lines[1] == "dailypapers fetch --impact --since 2026-01-01"
    assert "each of these 4 papers" in lines[2]
    with_it = dp.with_impact(plain, tmp_path / "papers.parquet")
    assert sorted(with_it["models"].drop_nulls().to_list()) == [0, 0, 261]
    assert with_it["models"].null_count() == 1 and with_it.height == plain.height


def test_the_papers_table_links_what_cites_each_paper(tmp_path):
    from dailypapers.widgets import table_html

    papers = dp.prepare(stored_with_impact(tmp_path))
    rows = table_html(dp.compute_paper_list(papers, order="newest")).to_dicts()
    links = {row["Title"].split(">")[1].split("<")[0]: row["Links"] for row in rows}
    assert "261 models</a>" in links["Paper 2601.15621"]
    assert "1 space</a>" in links["Paper 2601.15621"]
    assert "1 dataset</a>" in links["Paper 2601.00005"]
    assert "model" not in links["Paper 2601.00009"]  # never asked: nothing said


def test_organizations_are_ranked_by_papers_read_and_small_ones_counted():
    from datetime import date

    orgs = ["big"] * 20 + ["mid"] * 10 + ["tiny"] * 3 + [None] * 5
    models = [1] * 5 + [0] * 15 + [2] * 10 + [1] * 3 + [1] * 5
    frame = pl.DataFrame({"organization": orgs, "organization_name": orgs, "models": models,
                          "impact_seen_at": [NOW] * 38,
                          "published_on": [date(2026, 1, 5)] * 38})
    table = dp.compute_impact_by_organization(frame)
    assert table.select("organization", "fetched", "having", "share").rows() == [
        ("big", 20, 5, 0.25), ("mid", 10, 10, 1.0)]
    assert table["too_few"][0] == 1
    chart = dp.view("impact_by_organization", frame)
    assert "Not drawn: 1 more organizations with too few papers read" in \
        dp.charts.subtitle_lines(chart)
    labels = [row["group"] for rows in chart.to_dict()["datasets"].values() for row in rows]
    assert labels == ["big · 20 papers", "mid · 10 papers"]
    unread = frame.drop("models", "impact_seen_at")
    ids = unread.with_columns(paper_id=pl.format("2601.{}", pl.int_range(10000, 10038)))
    lines = message_lines(dp.view("impact_by_organization", ids))
    assert lines[1] == "dailypapers fetch --impact" and "each of these 38 papers" in lines[2]
    # a table of one's own without arXiv ids: nothing the Hub can be asked about
    assert "no paper here has one" in message_lines(dp.view("impact_by_organization",
                                                             unread))[1]


def message_lines(chart) -> list[str]:
    return [row["line"] for rows in chart.to_dict()["datasets"].values() for row in rows]


def test_impact_by_upvotes_reads_settled_upvotes_of_the_papers_read():
    from datetime import date

    day = date(2026, 1, 5)
    settled, early = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 1, 5, 9, tzinfo=UTC)
    frame = pl.DataFrame({
        "upvotes": [2] * 10 + [30] * 10 + [80] * 3,
        "models": [0] * 9 + [1] + [1] * 6 + [0] * 4 + [5] * 3,
        "impact_seen_at": [NOW] * 23, "published_on": [day] * 23, "daily_on": [day] * 23,
        "seen_at": [settled] * 20 + [early] * 3})  # the last three: early upvotes
    table = dp.compute_impact_by_upvotes(frame)
    rows = {r["upvotes"]: (r["fetched"], r["having"], r["share"]) for r in table.to_dicts()}
    assert rows["0–4"] == (10, 1, 0.1) and rows["25–49"] == (10, 6, 0.6)
    assert rows["50–99"] == (0, 0, None)  # early snapshots left out
    every = dp.compute_impact_by_upvotes(frame, observations="all", min_fetched=1)
    assert every.filter(pl.col("upvotes") == "50–99")["share"].to_list() == [1.0]
    chart = dp.view("impact_by_upvotes", frame)
    labels = [row["group"] for rows in chart.to_dict()["datasets"].values() for row in rows]
    assert labels == ["0–4 upvotes · 10 papers", "25–49 upvotes · 10 papers"]
