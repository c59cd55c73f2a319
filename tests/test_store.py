"""The store: identity, merge policy, idempotence, all-or-nothing, atomic writes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from dailypapers import conform, ingest, load, merge
from dailypapers.errors import InputError, StoreError
from dailypapers.store import write_atomic
from tests.conftest import FIXTURES, HUB_API, SAMPLE, SAMPLE_AS_OF


def row(**values) -> pl.DataFrame:
    values.setdefault("source", "s")
    values.setdefault("seen_at", datetime(2025, 1, 1, tzinfo=UTC))
    return conform(pl.DataFrame({k: [v] for k, v in values.items()}))


T1, T2 = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        pytest.param(  # a newer observation updates the figures, even from a poorer source
            row(paper_id="2501.1", title="A", upvotes=1, comments=4, source_format="api",
                seen_at=T1),
            row(paper_id="title:a", title="A", upvotes=9, source_format="text", seen_at=T2),
            {"paper_id": "2501.1", "upvotes": 9, "comments": 4, "source_format": "api",
             "seen_at": T2}, id="text-updates-figures-not-identity"),
        pytest.param(  # a richer source is never overwritten by a poorer one
            row(paper_id="2501.1", title="Exact Title", abstract="api", author_count=3,
                source_format="api", seen_at=T1),
            row(paper_id="title:exact-title", title="EXACT title", abstract="text",
                author_count=None, organization="org", source_format="text", seen_at=T2),
            {"title": "Exact Title", "abstract": "api", "author_count": 3, "organization": "org"},
            id="api-wins-descriptive-text-fills-nulls"),
        pytest.param(  # an older observation does not roll figures back
            row(paper_id="2501.1", upvotes=30, github_stars=100, source_format="api", seen_at=T2),
            row(paper_id="2501.1", upvotes=3, github_stars=1, source_format="api", seen_at=T1),
            {"upvotes": 30, "github_stars": 100, "seen_at": T2}, id="older-does-not-roll-back"),
        pytest.param(  # the same paper on two days: its first day
            row(paper_id="2501.1", daily_on=date(2025, 1, 8), source_format="api"),
            row(paper_id="2501.1", daily_on=date(2025, 1, 6), source_format="api"),
            {"daily_on": date(2025, 1, 6)}, id="first-daily-day"),
        pytest.param(  # copied text first, API later: the text row adopts the arXiv id
            row(paper_id="title:a-b", title="A: B", upvotes=2, source_format="text", seen_at=T1),
            row(paper_id="2501.9", title="A – B", authors=["X"], source_format="api", seen_at=T2),
            {"paper_id": "2501.9", "authors": ["X"], "upvotes": 2}, id="text-then-api"),
        pytest.param(  # one observation per row: a newer one gives every figure, nulls too
            row(paper_id="2501.1", upvotes=8, comments=1, github_stars=None,
                source_format="api", seen_at=T2),
            row(paper_id="2501.1", upvotes=49, comments=6, github_stars=92,
                source_format="api", seen_at=T1),
            {"upvotes": 8, "comments": 1, "github_stars": None}, id="figures-of-one-observation"),
        pytest.param(  # an observation that shows no figure at all gives none
            row(paper_id="2501.1", upvotes=49, comments=6, source_format="api", seen_at=T1),
            row(paper_id="2501.1", title="A", source_format="api", seen_at=T2),
            {"upvotes": 49, "comments": 6, "seen_at": T2}, id="no-figures-no-observation"),
        pytest.param(  # a title is one line: a store written before the rule is mended,
            # whichever of two equal observations wins the tie
            row(paper_id="2501.1", title="Multimodal\n  Reasoning ", source_format="api"),
            row(paper_id="2501.1", title="Multimodal Reasoning", source_format="api"),
            {"title": "Multimodal Reasoning"}, id="title-one-line"),
    ],
)
def test_merge_policy(first, second, expected):
    for order in ((first, second), (second, first)):  # the input order never matters
        merged = merge(*order)
        assert merged.height == 1
        got = merged.row(0, named=True)
        assert {key: got[key] for key in expected} == expected


def test_merge_keeps_distinct_papers_and_never_duplicates():
    a = row(paper_id="2501.1", title="A", source_format="api")
    b = row(paper_id="2501.2", title="B", source_format="api")
    merged = merge(pl.concat([a, b]), pl.concat([b, a, b]))
    assert merged["paper_id"].to_list() == ["2501.1", "2501.2"]


def test_a_store_with_titles_on_several_lines_is_mended_and_says_so(store):
    """A store written before titles were one line: its next write mends them, and the
    report counts those papers as updated, not as unchanged."""
    write_atomic(pl.concat([row(paper_id="2501.1", title="Multimodal\n  Reasoning",
                                source_format="api"),
                            row(paper_id="2501.2", title="Plain", source_format="api")]), store)
    report = ingest([SAMPLE], store=store, as_of=SAMPLE_AS_OF)
    titles = dict(load(store).select("paper_id", "title").rows())
    assert titles["2501.1"] == "Multimodal Reasoning" and titles["2501.2"] == "Plain"
    assert (report.new, report.updated) == (36, 1)


def test_ingest_sample_then_reingest_changes_nothing(store):
    first = ingest([SAMPLE], store=store, as_of=SAMPLE_AS_OF)
    assert (first.new, first.updated, first.unchanged, first.total) == (36, 0, 0, 36)
    stamp, content = store.stat().st_mtime_ns, store.read_bytes()
    again = ingest([SAMPLE], store=store, as_of=SAMPLE_AS_OF)
    assert (again.new, again.updated, again.unchanged, again.written) == (0, 0, 36, False)
    assert store.stat().st_mtime_ns == stamp and store.read_bytes() == content


def test_text_and_api_rows_of_one_paper_merge(store):
    ingest([FIXTURES / "copied_counting.txt"], store=store, as_of=date(2025, 6, 20))
    report = ingest([FIXTURES / "api_two_schemas.json"], store=store, as_of=date(2025, 6, 10))
    assert (report.new, report.updated, report.total) == (1, 1, 3)
    table = load(store)
    counting = table.filter(pl.col("paper_id") == "2506.01234").row(0, named=True)
    assert counting["title"] == "Counting Papers With Care"  # the API's spelling
    assert counting["upvotes"] == 15  # the copy of 2025-06-20 is the newer observation
    assert counting["comments"] == 2 and counting["source_format"] == "api"
    assert table.filter(pl.col("paper_id").str.starts_with("title:"))["title"].to_list() == [
        "A Paper Only Copied"]


def test_all_or_nothing_on_a_bad_file(store, tmp_path):
    ingest([SAMPLE], store=store, as_of=SAMPLE_AS_OF)
    before = store.read_bytes()
    bad = tmp_path / "empty.json"
    bad.write_text("")
    with pytest.raises(InputError, match=r"empty\.json: file is empty"):
        ingest([FIXTURES / "api_two_schemas.json", bad], store=store)
    assert store.read_bytes() == before


def test_crash_mid_write_leaves_the_old_store_readable(store, monkeypatch):
    ingest([SAMPLE], store=store, as_of=SAMPLE_AS_OF)
    before = load(store)

    def crash(self, file, **kwargs):
        file.write(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr("dailypapers.store.pq.write_table",
                        lambda table, file, **kw: crash(None, file))
    with pytest.raises(OSError, match="disk full"):
        ingest([FIXTURES / "api_two_schemas.json"], store=store, as_of=date(2025, 7, 1))
    assert load(store).equals(before)
    assert not [p.name for p in store.parent.iterdir() if p.suffix == ".tmp"]  # none left


def test_write_atomic_creates_the_folder(tmp_path):
    path = tmp_path / "a" / "b" / "papers.parquet"
    write_atomic(row(paper_id="1"), path)
    assert load(path)["paper_id"].to_list() == ["1"]


def test_store_keeps_the_schema(store):
    ingest([SAMPLE, FIXTURES / "api_two_schemas.json"], store=store, as_of=SAMPLE_AS_OF)
    import pyarrow.parquet as pq

    from dailypapers.schema import ARROW_SCHEMA
    assert pq.read_schema(store).remove_metadata().equals(ARROW_SCHEMA)


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match=r"no store at .*dailypapers ingest"):
        load(tmp_path / "nothing.parquet")


def test_real_corpus_merges_without_duplicates(store):
    files = HUB_API
    report = ingest(files, store=store)
    table = load(store)
    assert table.height == table["paper_id"].n_unique() == report.total == 5001
    # overlapping days: the re-fetch of 2026 (settled figures) is the newer observation
    again = ingest(files, store=store)
    assert (again.new, again.updated, again.written) == (0, 0, False)


def test_observations_keep_every_figure_seen(store):
    first = conform(pl.DataFrame({"paper_id": ["2501.1"], "title": ["A"], "upvotes": [3],
                                  "source_format": ["api"], "source": ["day1.json"],
                                  "seen_at": [T1]}))
    later = first.with_columns(upvotes=pl.lit(9, pl.Int32), source=pl.lit("day2.json"),
                               seen_at=pl.lit(T2))
    from dailypapers.readers import Listing
    from dailypapers.store import load_observations, merge_listings
    for frame in (first, later, later):  # the last one again: nothing new
        merge_listings([Listing("x", "api", frame)], store)
    history = load_observations(store)
    assert history.select("paper_id", "seen_at", "upvotes").rows() == [
        ("2501.1", T1, 3), ("2501.1", T2, 9)]
    assert load(store)["upvotes"].to_list() == [9]


def test_observations_use_the_adopted_arxiv_id(store):
    ingest([FIXTURES / "api_two_schemas.json"], store=store, as_of=date(2025, 6, 10))
    ingest([FIXTURES / "copied_counting.txt"], store=store, as_of=date(2025, 6, 20))
    from dailypapers.store import load_observations
    counting = load_observations(store).filter(pl.col("paper_id") == "2506.01234")
    assert counting["upvotes"].to_list() == [12, 15]


def test_the_shipped_capture_and_refetch_never_mix_in_one_row(tmp_path):
    """2511.21541 was captured on the morning of 2025-11-28 (upvotes 8, comments 1) and
    re-fetched in June 2026 (49, 6, stars 92). The re-fetch writes midnight dates, but its
    authors' claims run to 2026-06-22: it is the newer observation, and gives all three."""
    from tests.conftest import HUB_API

    store = tmp_path / "papers.parquet"
    capture = [p for p in HUB_API if p.name == "2025-11-28.json.gz"]
    refetch = [p for p in HUB_API if p.name == "daily_papers_2025-11.json.gz"]
    for order in (capture + refetch, refetch + capture):
        store.unlink(missing_ok=True)
        for path in order:
            ingest([path], store=store)
        paper = load(store).filter(pl.col("paper_id") == "2511.21541").row(0, named=True)
        assert (paper["upvotes"], paper["comments"], paper["github_stars"]) == (49, 6, 92)
        assert paper["seen_at"] >= datetime(2026, 6, 22, tzinfo=UTC)
