"""How a benchmark prints: the machine it ran on, and a table as text or Markdown."""

from __future__ import annotations

import contextlib
import os
import platform
from pathlib import Path


def machine() -> str:
    """The CPU, cores, memory and the versions that matter, in one line."""
    import duckdb
    import pandas as pd
    import polars as pl

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in
                   Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line)
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; Python "
            f"{platform.python_version()}, polars {pl.__version__}, pandas {pd.__version__}, "
            f"duckdb {duckdb.__version__}")


def table(header: list[str], rows: list[list[str]], markdown: bool = False) -> str:
    """``rows`` under ``header``: a Markdown table, or columns padded for a terminal."""
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]
    return "\n".join("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True))
                     .rstrip() for line in [header, *rows]) + "\n"


def seconds(value: float | None) -> str:
    """A time as people read it: milliseconds below ten seconds."""
    if value is None:
        return "—"
    return f"{value * 1000:.1f} ms" if value < 10 else f"{value:.1f} s"
