"""The benchmarks run (tiny sizes) so they never rot; their timings are never asserted."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_ingest_benchmark_runs_and_prints_both_readers():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "ingest.py"), "--text-mb", "0.2",
         "--api-items", "200", "--repeat", "1"],
        capture_output=True, text=True, check=True, timeout=120)
    lines = result.stdout.splitlines()
    assert lines[0].split()[:5] == ["reader", "MB", "papers", "seconds", "MB/s"]
    assert [line.split()[0] for line in lines[1:]] == ["text", "api"]
    assert lines[2].split()[2] == "200"  # every generated API item became a paper


def test_fetch_benchmark_runs_against_a_local_server():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "fetch.py"), "--month", "2025-02",
         "--delay", "0.001"], capture_output=True, text=True, check=True, timeout=120)
    assert "days 28, requests 28, papers 500, failures 0" in result.stdout
    assert "(0 requests, 28 cached responses)" in result.stdout


def test_the_three_engines_agree_on_every_question(tmp_path):
    out = tmp_path / "compare.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "compare.py"), "--papers", "3000",
                    "--repeat", "1", "--json", str(out)],
                   capture_output=True, text=True, check=True, timeout=300)
    rows = json.loads(out.read_text())["rows"]
    steps = [row["step"] for row in rows]
    assert steps[:2] == ["load the store", "prepare (codes, once per load)"]
    assert {"overview", "keyword frequencies", "rising keywords", "panel keywords",
            "keywords from abstracts"} <= set(steps)
    assert [row["step"] for row in rows if not row["agree"]] == []


def test_the_pandas_keyphrase_reference_follows_the_product_on_real_abstracts(real_papers):
    """Two in three shipped abstracts wrap their lines: a line break joins a pair in both."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from engines import pandas_text_terms

    import dailypapers as dp

    assert real_papers["abstract"].str.contains("\n").sum() > 1000
    ours = dp.compute_keyword_frequencies(real_papers, 30, source="text")
    assert pandas_text_terms(real_papers.to_pandas()) == ours.select("keyword", "papers").rows()


def test_the_memory_benchmark_measures_both_peaks():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "memory.py"),
                             "--papers", "2000"],
                            capture_output=True, text=True, check=True, timeout=300)
    peaks = [line for line in result.stdout.splitlines() if " MB " in f"{line} "]
    assert len(peaks) == 2
    assert all("(the target is for 1M papers)" in line for line in peaks)


@pytest.mark.parametrize(("corpus", "papers"), [("generated", "3000"), ("shipped", "6000")])
def test_plain_benchmark_agrees_with_pandas_and_duckdb_on_every_step(corpus, papers):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "plain.py"), "--papers", papers,
         "--repeat", "1", "--corpus", corpus],
        capture_output=True, text=True, check=True, timeout=300)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{int(papers):,} plain papers ({corpus})")
    steps = {line.split()[0]: line.split()[6] for line in lines[2:]}  # step → agree
    assert {"overview", "keyword_frequencies", "rising_keywords"} <= set(steps)
    assert [step for step, agree in steps.items() if agree != "yes"] == []


def test_panel_benchmark_runs():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "panel.py"), "--papers",
                             "3000", "--repeat", "1"],
                            capture_output=True, text=True, check=True, timeout=300)
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[2:]] == [
        "01-overview", "02-authors", "03-dates", "04-organizations", "05-keywords", "07-maps"]


def test_compute_benchmark_times_every_compute_function():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "compute.py"), "--papers", "3000",
         "--repeat", "1"], capture_output=True, text=True, check=True, timeout=300)
    import dailypapers as dp

    timed = {line.split()[0] for line in result.stdout.splitlines()
             if line.startswith("compute_")}
    public = {name for name in dp.__all__ if name.startswith("compute_")}
    assert timed == public  # a new compute_* gets a timing, or this fails


def test_keyphrases_benchmark_times_the_text_vocabulary():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "keyphrases.py"), "--papers", "500"],
        capture_output=True, text=True, check=True, timeout=300)
    assert result.stdout.splitlines()[0] == "500 papers"
    assert result.stdout.splitlines()[1].startswith("keyphrases from titles and abstracts")


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="versus checks out a commit: needs git")
def test_versus_runs_one_script_under_both_versions_in_turn():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "versus.py"), "HEAD", "keyphrases.py",
         "--rounds", "1", "--", "--papers", "300"],
        capture_output=True, text=True, check=True, timeout=300)
    headers = [line for line in result.stdout.splitlines() if line.startswith("== ")]
    assert headers == ["== base HEAD, round 1 of 1", "== this tree, round 1 of 1"]
    assert result.stdout.count("keyphrases from titles and abstracts") == 2


@pytest.mark.parametrize(("arguments", "says"), [
    (["no-such-commit", "panel.py"], "versus: cannot check out 'no-such-commit'"),
    (["HEAD", "no_such_script.py"], "versus: no benchmark script benchmarks/no_such_script.py"),
])
def test_versus_says_what_it_cannot_compare(arguments, says):
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "versus.py"), *arguments],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert says in result.stderr
