"""Several writers at once: they take turns, readers never fail, a kill loses nothing committed.

The writers are real processes running ``python -m dailypapers.cli ingest``; the inputs are
API listings written here, overlapping so that the merge policy decides figures under
contention (a paper in two files carries different upvotes in each).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import dailypapers as dp
from dailypapers.store import load_observations, lock_path, writer_lock

pytestmark = pytest.mark.slow

WRITERS = 8


def write_api_listing(path: Path, day: date, first: int, papers: int = 20) -> Path:
    """An API daily list of ``papers`` papers numbered from ``first``; figures vary by day."""
    items = []
    for number in range(first, first + papers):
        stamp = f"{day.isoformat()}T{8 + number % 10:02d}:00:00.000Z"
        items.append({
            "paper": {
                "id": f"2501.{number:05d}", "title": f"Paper number {number}",
                "authors": [{"name": f"Author {number % 7}"}, {"name": f"Author {day.day}"}],
                "publishedAt": stamp, "submittedOnDailyAt": stamp,
                "summary": f"Abstract of paper {number}.",
                "upvotes": number % 13 + day.day, "ai_keywords": ["locks", f"topic {number % 5}"],
            },
            "numComments": day.day % 3,
        })
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    """Eight listings of 20 papers; neighbours share 5 papers (125 distinct papers)."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    return [write_api_listing(folder / f"day{k}.json", date(2025, 1, 1) + timedelta(days=k),
                              first=15 * k) for k in range(WRITERS)]


def ingest_process(store: Path, *paths: Path, timeout: float | None = None,
                   ) -> subprocess.Popen[str]:
    extra = ["--lock-timeout", str(timeout)] if timeout is not None else []
    return subprocess.Popen(
        [sys.executable, "-m", "dailypapers.cli", "ingest", *map(str, paths), "--store",
         str(store), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def sequential(paths: list[Path], store: Path) -> Path:
    for path in paths:
        dp.ingest([path], store=store)
    return store


def assert_same_store(got: Path, expected: Path) -> None:
    assert_frame_equal(dp.load(got), dp.load(expected))
    assert_frame_equal(load_observations(got), load_observations(expected))


@pytest.mark.parametrize("trial", range(3))
def test_concurrent_ingests_equal_the_sequential_ingest(inputs, tmp_path, trial):
    reference = sequential(inputs, tmp_path / "reference" / "papers.parquet")
    store = tmp_path / "together" / "papers.parquet"
    writers = [ingest_process(store, path) for path in inputs]
    results = [(writer.wait(timeout=300), *writer.communicate()) for writer in writers]
    assert [status for status, _, _ in results] == [0] * WRITERS, results
    assert dp.load(store).height == 125
    assert_same_store(store, reference)


def test_readers_never_fail_while_writers_run(inputs, tmp_path):
    store = tmp_path / "processed" / "papers.parquet"
    dp.ingest(inputs[:1], store=store)
    writers = [ingest_process(store, path) for path in inputs[1:]]
    reads, errors, heights = 0, [], set()
    while any(writer.poll() is None for writer in writers):
        try:
            heights.add(dp.load(store).height)
            dp.scan(store).select(pl.len()).collect()
            load_observations(store)
            reads += 1
        except Exception as exc:  # the assertion below reports every one
            errors.append(repr(exc))
    assert [writer.wait() for writer in writers] == [0] * (WRITERS - 1)
    assert errors == []
    assert reads > 0
    assert max(heights) <= 125 and dp.load(store).height == 125


def test_a_scan_keeps_the_file_it_opened_when_a_writer_replaces_it(inputs, tmp_path):
    store = tmp_path / "processed" / "papers.parquet"
    dp.ingest(inputs[:1], store=store)
    before = dp.scan(store)
    dp.ingest(inputs[1:3], store=store)
    assert before.collect().height == 20
    assert dp.scan(store).collect().height == 50


def test_a_writer_waits_for_the_lock_and_says_so_once(inputs, tmp_path, capfd):
    store = tmp_path / "processed" / "papers.parquet"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from dailypapers.store import writer_lock
            with writer_lock({str(store)!r}):
                print("locked", flush=True)
                time.sleep(2.5)
        """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    report = dp.ingest(inputs[:1], store=store)
    holder.wait()
    assert report.new == 20
    assert capfd.readouterr().err.count(f"waiting for another writer of {store}") == 1


def test_the_lock_timeout_ends_with_exit_2_and_the_store_untouched(inputs, tmp_path):
    store = tmp_path / "processed" / "papers.parquet"
    dp.ingest(inputs[:1], store=store)
    before = store.read_bytes()
    with writer_lock(store):
        started = time.monotonic()
        writer = ingest_process(store, inputs[1], timeout=1.5)
        _, err = writer.communicate(timeout=120)
    assert writer.returncode == 2
    assert err.strip().splitlines()[-1].startswith(
        f"error: another writer held {store} for more than 1.5 s")
    assert time.monotonic() - started < 60
    assert store.read_bytes() == before


# A writer that stops at a named point of its write, says so, and waits to be killed.
# Each point is a moment where a kill once could have left a broken or a mixed store.
STOPPING_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import dailypapers.store as store

    point, path, target = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])

    def stop():
        print("stopped", flush=True)
        time.sleep(600)

    merge_locked, write_atomic, atomic_write = (
        store._merge_locked, store.write_atomic, store.atomic_write)

    def merge_then(listings, where):
        if point == "holding the lock":
            stop()
        return merge_locked(listings, where)

    def atomic_write_then(where, write, **options):
        if Path(where).name == "papers.parquet" and point == "between the two files":
            stop()
        def half_then(out):
            if Path(where).name == "papers.parquet" and point == "half of the new file":
                import io
                whole = io.BytesIO()
                write(whole)
                out.write(whole.getvalue()[: len(whole.getvalue()) // 2])
                out.flush()
                stop()
            write(out)
        return atomic_write(where, half_then, **options)

    def write_atomic_then(frame, where):
        write_atomic(frame, where)
        if point == "after the write":
            stop()

    store._merge_locked, store.atomic_write, store.write_atomic = (
        merge_then, atomic_write_then, write_atomic_then)
    store.ingest([path], store=target)
""")


@pytest.mark.parametrize(("point", "committed"), [
    ("holding the lock", False),
    ("half of the new file", False),
    ("between the two files", False),
    ("after the write", True),
])
def test_a_killed_writer_loses_nothing_committed_and_leaves_no_lock(
        inputs, tmp_path, point, committed):
    store = tmp_path / "processed" / "papers.parquet"
    dp.ingest(inputs[:2], store=store)
    before_papers = dp.load(store)
    before_history = load_observations(store)
    writer = subprocess.Popen([sys.executable, "-c", STOPPING_WRITER, point, str(inputs[2]),
                               str(store)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "stopped"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()

    after_kill = dp.load(store)
    if committed:
        assert after_kill.height == 50
    else:
        assert_frame_equal(after_kill, before_papers)
    # the history is either untouched or holds the killed write's observations already
    history = load_observations(store)
    assert history.height in (before_history.height, before_history.height + 20)
    assert lock_path(store).exists()  # the file stays; the kernel dropped the dead lock

    started = time.monotonic()
    retry = ingest_process(store, inputs[2], timeout=5)
    _, err = retry.communicate(timeout=120)
    assert retry.returncode == 0, err
    assert "waiting for another writer" not in err
    assert time.monotonic() - started < 60
    assert not list(store.parent.glob(".*.tmp"))  # the half-written file is gone
    assert_same_store(store, sequential(inputs[:3], tmp_path / "reference" / "papers.parquet"))
