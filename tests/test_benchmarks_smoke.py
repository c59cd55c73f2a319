"""The benchmarks run (tiny sizes) so they never rot; their timings are never asserted."""

from __future__ import annotations

import subprocess
import sys

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
