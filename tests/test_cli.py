"""The command line as a user runs it: summaries, exit statuses, one-line errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dailypapers.cli import main
from tests.conftest import FIXTURES, SAMPLE, build_bundled_store


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_ingest_prints_summary_and_skipped_lines(capsys, store):
    status, out, _ = run(capsys, "ingest", str(SAMPLE), "--as-of", "2025-12-09", "--store",
                         str(store))
    assert status == 0
    assert "1 file, 36 papers read: 36 new, 0 updated, 0 unchanged; 6 lines skipped" in out
    assert f"{SAMPLE.as_posix()}:261: title and abstract without author and date lines" in out


@pytest.mark.parametrize(("flags", "listed", "last_line_shown", "more"), [
    ((), 5, False, ["  … and 1 more skipped line (--show-all lists every one)"]),
    (("--show-all",), 6, True, []),
])
def test_show_all_lists_every_skipped_line(capsys, store, flags, listed, last_line_shown,
                                           more):
    _, out, _ = run(capsys, "ingest", str(SAMPLE), "--as-of", "2025-12-09", "--store",
                    str(store), *flags)
    lines = out.splitlines()
    assert sum(line.startswith("  skipped ") for line in lines) == listed
    assert (f"{SAMPLE.as_posix()}:279: " in out) == last_line_shown  # the sixth skipped line
    assert [line for line in lines if "more skipped" in line] == more


def test_ingest_without_as_of_says_what_it_assumed(capsys, store):
    _, out, _ = run(capsys, "ingest", str(SAMPLE), "--store", str(store))
    assert "assumed the page was copied on 2025-12-09" in out


def test_strict_fails_when_lines_were_skipped(capsys, store):
    status, _, err = run(capsys, "ingest", str(SAMPLE), "--as-of", "2025-12-09", "--strict",
                         "--store", str(store))
    assert status == 1 and "--strict: 6 lines skipped" in err
    status, _, _ = run(capsys, "ingest", str(FIXTURES / "api_two_schemas.json"), "--strict",
                       "--store", str(store))
    assert status == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "file is empty"), (b"\x00\x01\x02", "binary file"),
     (b'{"x": 1}', "JSON of another shape"), (b"hello\n", "not a Daily Papers listing")],
)
def test_bad_input_exit_2_one_line_store_untouched(capsys, store, tmp_path, content, reason):
    run(capsys, "ingest", str(SAMPLE), "--as-of", "2025-12-09", "--store", str(store))
    before = store.read_bytes()
    bad = tmp_path / "bad.file"
    bad.write_bytes(content)
    status, _, err = run(capsys, "ingest", str(SAMPLE), str(bad), "--store", str(store))
    assert status == 2
    assert err.startswith(f"error: {bad.as_posix()}: ")
    assert reason in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert store.read_bytes() == before


def test_missing_file_and_bad_day(capsys, store, tmp_path):
    status, _, err = run(capsys, "ingest", str(tmp_path / "nope.txt"), "--store", str(store))
    assert status == 2 and "nope.txt: cannot read" in err
    with pytest.raises(SystemExit) as info:
        main(["ingest", str(SAMPLE), "--as-of", "9 Dec"])
    assert info.value.code == 2
    assert '"9 Dec" is not a day' in capsys.readouterr().err


def test_info(capsys, store):
    run(capsys, "ingest", str(SAMPLE), "--as-of", "2025-12-09", "--store", str(store))
    status, out, _ = run(capsys, "info", "--store", str(store))
    assert status == 0
    assert "papers: 36   published: 2021-07-28 → 2025-10-13" in out
    assert "authors            100.0%" in out


def test_info_on_the_shipped_data_separates_thousands(capsys, tmp_path):
    store = build_bundled_store(tmp_path / "papers.parquet")
    status, out, _ = run(capsys, "info", "--store", str(store))
    assert status == 0
    assert "papers: 5,036   published: 2021-07-28 → 2026-08-20" in out
    assert "    2,904    162 Hub API files in data/raw/hub-api/cn-newsletter" in out


@pytest.mark.parametrize(("command", "printed"), [
    (("info",), "store: "),
    (("slides", "--since", "2025-01-01"), "filter: published from 2025-01-01"),
])
def test_a_command_without_store_reads_the_default_one(capsys, store, tmp_path, monkeypatch,
                                                       command, printed):
    """The README's commands name no store: ``$DAILYPAPERS_STORE`` or data/processed/."""
    run(capsys, "ingest", str(SAMPLE), "--as-of", "2025-12-09", "--store", str(store))
    monkeypatch.setenv("DAILYPAPERS_STORE", str(store))
    monkeypatch.setenv("DAILYPAPERS_REPORTS", str(tmp_path / "reports"))
    status, out, err = run(capsys, *command)
    assert (status, err) == (0, "") and printed in out


def test_console_script_is_installed(store):
    result = subprocess.run(
        [sys.executable, "-m", "dailypapers.cli", "info", "--store", str(store)],
        capture_output=True, text=True, check=False)
    assert result.returncode == 2 and result.stderr.startswith("error: no store at")


def test_the_lock_timeout_default_is_the_stores():
    from dailypapers import cli, store

    assert cli.LOCK_TIMEOUT == store.LOCK_TIMEOUT


def test_output_cut_short_by_the_reader_ends_quietly(tmp_path):
    store = tmp_path / "papers.parquet"
    main(["ingest", str(SAMPLE), "--as-of", "2025-12-09", "--store", str(store)])
    shell = subprocess.run(
        f"{sys.executable} -m dailypapers.cli info --store {store} | head -1",
        shell=True, capture_output=True, text=True, timeout=60)
    assert shell.stdout.startswith("store:")
    assert "Traceback" not in shell.stderr and "BrokenPipe" not in shell.stderr
