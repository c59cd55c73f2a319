"""Hub API JSON and saved HTML pages: contract tests on our fixtures and the shipped real data."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime

import polars as pl
import pytest

from dailypapers.errors import InputError
from dailypapers.readers import detect, parse_api, read_listing
from tests.conftest import FIXTURES, HUB_API, RECORDED

NEW = {"paper_id": "2506.01234", "title": "Counting Papers With Care",
       "authors": ["Ada Lovelace", "Alan Turing"], "author_count": 2,
       "organization": "exampleorg", "organization_name": "Example Org",
       "published_on": date(2025, 6, 2), "daily_on": date(2025, 6, 3), "upvotes": 12,
       "comments": 2, "keywords": ["paper counting", "LLMs", "bibliometrics"],
       "ai_summary": "Careful counting matters.", "github_repo": "https://github.com/example/count",
       "github_stars": 40, "project_page": "https://example.org/count",
       "submitted_by": "akhaliq"}
# 2024 schema: no submittedOnDailyAt; the outer publishedAt is the daily-submission time
OLD = {"paper_id": "2403.07508", "authors": ["Grace Hopper"], "author_count": 1,
       "published_on": date(2024, 3, 12), "daily_on": date(2024, 3, 13), "upvotes": 29,
       "comments": 0, "keywords": None, "organization": None, "submitted_by": None}


def subset(row: dict, expected: dict) -> dict:
    return {key: row[key] for key in expected}


@pytest.mark.parametrize(
    ("name", "form", "expected_rows"),
    [
        ("api_two_schemas.json", "api", [NEW, OLD]),
        ("api_lines.jsonl", "api", [NEW, OLD]),
        ("saved_daily_page.html", "html", [NEW, OLD]),
        ("saved_search_page.html", "html", [NEW]),
        ("saved_paper_page.html", "html",
         [{**NEW, "comments": None, "submitted_by": "akhaliq"}]),
    ],
)
def test_fixture_forms_read_to_the_same_rows(name, form, expected_rows):
    listing = read_listing(FIXTURES / name, as_of=date(2025, 7, 1))
    assert listing.source_format == form
    assert listing.skipped == []
    rows = listing.frame.rows(named=True)
    assert [subset(row, exp) for row, exp in zip(rows, expected_rows, strict=True)] == expected_rows
    assert {row["seen_at"] for row in rows} == {datetime(2025, 7, 1, tzinfo=UTC)}


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ('[{"paper": {"id": "1"}}]', "api"), ('  \n{"paper": {}}', "api"),
        ("<!DOCTYPE html>\n<html>", "html"), ("<html lang=en>", "html"),
        ("<div class=x data-props='{}'></div>", "html"),
        ("Daily Papers\n\nTitle\n", "text"), ("[Bracketed] Title of a paper\n", "text"),
    ],
)
def test_detect_by_content(text, form):
    assert detect(text) == form


def test_extension_does_not_matter(tmp_path):
    disguised = tmp_path / "listing.txt"
    disguised.write_bytes((FIXTURES / "api_two_schemas.json").read_bytes())
    assert read_listing(disguised, as_of=date(2025, 7, 1)).source_format == "api"


@pytest.mark.parametrize("name", ["listing.json.gz", "listing.json", "dump.bin"])
def test_gzip_is_read_by_content_whatever_the_name(tmp_path, name):
    plain = (FIXTURES / "api_two_schemas.json").read_bytes()
    packed = tmp_path / name
    packed.write_bytes(gzip.compress(plain))
    expected = read_listing(FIXTURES / "api_two_schemas.json", as_of=date(2025, 7, 1)).frame
    got = read_listing(packed, as_of=date(2025, 7, 1)).frame
    assert got.drop("source").equals(expected.drop("source"))


def test_search_result_has_no_daily_day():
    item = {"paper": {"id": "2404.04487", "title": "KazQAD", "authors": [],
                      "publishedAt": "2024-04-06T03:40:36.000Z", "upvotes": 1},
            "publishedAt": "2024-04-05T23:40:36.000Z", "summary": "…", "numComments": 0,
            "highlightedTitle": [{"type": "text", "text": "KazQAD"}]}
    row = parse_api(json.dumps([item]), "s.json", as_of=date(2025, 5, 18)).frame.row(0, named=True)
    assert (row["daily_on"], row["published_on"]) == (None, date(2024, 4, 6))


@pytest.mark.parametrize(("title", "stored"), [
    ("Multimodal\n  Reasoning for Agents", "Multimodal Reasoning for Agents"),  # arXiv's layout
    ("  Spaced\tout  ", "Spaced out"),
    ("One line", "One line"),
])
def test_a_title_is_stored_as_one_line(title, stored):
    body = json.dumps([{"paper": {"id": "2503.02130", "title": title, "authors": []}}])
    assert parse_api(body, "t.json", as_of=date(2025, 4, 1)).frame["title"].to_list() == [stored]


def test_numeric_id_is_restored_and_noted():
    body = '[{"paper": {"id": 2503.0213, "title": "T", "authors": []}}]'
    listing = parse_api(body, "n.json", as_of=date(2025, 4, 1))
    assert listing.frame["paper_id"].to_list() == ["2503.02130"]
    assert "was a number" in listing.notes[0]


def test_item_without_id_is_reported_with_its_line():
    body = '[\n  {"paper": {"id": "2501.00001", "title": "A"}},\n  {"paper": {"title": "B"}}\n]'
    listing = parse_api(body, "m.json", as_of=date(2025, 4, 1))
    assert listing.frame["paper_id"].to_list() == ["2501.00001"]
    assert [(s.line, s.reason) for s in listing.skipped] == [(3, "item 1: no paper id")]


def test_bad_json_line_is_reported(tmp_path):
    good = (FIXTURES / "api_lines.jsonl").read_text().splitlines()[0]
    path = tmp_path / "l.jsonl"
    path.write_text(good + "\n{broken\n")
    listing = read_listing(path, as_of=date(2025, 7, 1))
    assert listing.papers == 1
    assert [(s.line, s.reason) for s in listing.skipped] == [(2, "not valid JSON")]


def test_seen_at_inferred_from_latest_time_when_not_given():
    listing = read_listing(FIXTURES / "api_two_schemas.json")
    assert listing.frame["seen_at"].unique().to_list() == [datetime(2025, 6, 3, 4, 12, tzinfo=UTC)]
    assert "assumed 2025-06-03 04:12 UTC" in listing.notes[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"\n  \n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Title\n\xff\xfe\xfa broken", "not UTF-8 text"),
        (b'{"models": [1, 2]}', "JSON of another shape"),
        (b"[1, 2, 3]", "holds no Daily Papers items"),
        (b'{"just": "a string"}', "JSON of another shape"),
        (b"[{\"paper\": ", "not valid JSON"),
        (b"<html><body><p>Hello</p></body></html>", "without Daily Papers data"),
        (b"hello\nworld\n", "not a Daily Papers listing"),
        # mtime=0: the same bytes in every process (xdist's workers collect the same ids)
        (gzip.compress(b"[1, 2, 3]", mtime=0)[:12],
         "not a readable gzip file: it ends before its end"),
        (b"\x1f\x8b\x08\x00garbage-after-a-gzip-header", "not a readable gzip file"),
        (gzip.compress(b"", mtime=0), "file is empty"),
    ],
)
def test_bad_input_gets_one_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.input"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_listing(path)
    assert str(info.value).startswith(path.as_posix())


def test_utf16_with_bom_is_read(tmp_path):
    text = (FIXTURES / "copied_counting.txt").read_text(encoding="utf-8")
    path = tmp_path / "utf16.txt"
    path.write_bytes(text.encode("utf-16"))
    assert read_listing(path, as_of=date(2025, 6, 20)).papers == 2


# -- contract tests over real recorded responses (data/raw/) -----------------------------------

def _items(path):
    raw = path.read_bytes()
    return json.loads(gzip.decompress(raw) if path.suffix == ".gz" else raw)


def _expected(item: dict) -> dict:
    paper = item["paper"]
    org = paper.get("organization") or item.get("organization")
    daily = paper.get("submittedOnDailyAt") or (
        item["publishedAt"] if "summary" not in item else None)
    return {
        "paper_id": paper["id"],
        "published_on": date.fromisoformat(paper["publishedAt"][:10]),
        "daily_on": date.fromisoformat(daily[:10]) if daily else None,
        "upvotes": paper.get("upvotes"),
        "comments": item.get("numComments"),
        "keywords": paper.get("ai_keywords"),
        "organization": org["name"] if org else None,
        "author_count": len(paper["authors"]),
    }


def _check_file(path):
    items = _items(path)
    frame = read_listing(path).frame
    assert frame.height == len(items)
    assert frame["paper_id"].dtype == pl.String
    for row, item in zip(frame.rows(named=True), items, strict=True):
        expected = _expected(item)
        assert subset(row, expected) == expected, path.name


@pytest.mark.parametrize("path", sorted(RECORDED.glob("*.json")), ids=lambda p: p.name)
def test_recorded_hub_responses_one_row_per_item(path):
    _check_file(path)


def test_the_shipped_corpus_every_item_one_row():
    for path in HUB_API:
        _check_file(path)
    assert len(HUB_API) == 210
