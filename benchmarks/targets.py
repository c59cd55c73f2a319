"""The speed targets, each with the reason it exists: the one place a benchmark reads them.

A benchmark measures, then asks :func:`verdict` whether a measurement meets its target;
``make bench`` (``all.py``) lists every target here at the top of RESULTS.md. A target is
checked at the size it names (most at a million papers); a smaller run says so instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    name: str
    limit: float
    unit: str  # "ms", "s", "MB", "MB/s", "x DuckDB"
    at: str  # the size the target is for
    why: str
    more_is_better: bool = False

    def met(self, value: float) -> bool:
        return value >= self.limit if self.more_is_better else value <= self.limit

    def shown(self) -> str:
        bound = "≥" if self.more_is_better else "≤"
        return f"{bound} {self.limit:g} {self.unit}"


TARGETS = {t.name: t for t in [
    Target("panel change", 100, "ms", "1M papers",
           "a filter change must feel instant: every chart of a notebook and the papers "
           "table rebuilt in the kernel within a tenth of a second"),
    Target("panel change (maps)", 200, "ms", "1M papers",
           "a map lays out its network again at every change; twice the budget of a chart"),
    Target("compute on prepared papers", 1.5, "x DuckDB", "1M papers",
           "the engine must be no worse than a good SQL engine over the same Parquet "
           "(or within 25 ms, where both are instant)"),
    Target("compute under", 25, "ms", "1M papers",
           "below this a question is instant whatever DuckDB does"),
    Target("compute of a question", 100, "ms", "1M papers",
           "each question alone, cold, within a panel change's budget (maps 200 ms)"),
    Target("plain table", 100, "ms", "10k papers",
           "a table handed to a compute_* without dp.prepare is prepared on the way; at "
           "a notebook's size that must still be instant"),
    Target("plain table at 1M", 3, "x DuckDB", "1M papers",
           "the plain path includes preparing what the question needs; the docs say to "
           "prepare once for many questions, as every notebook does"),
    Target("keyphrases", 20, "s", "1M abstracts",
           "keyphrases of every title and abstract, built once when a notebook first counts "
           "text keywords"),
    Target("peak memory", 2048, "MB", "1M papers",
           "a panel with every view, a filter change and the keyphrases of every abstract "
           "must fit a laptop's memory beside a browser"),
    Target("copied text reader", 100, "MB/s", "one core", "a year of copied pages in seconds",
           more_is_better=True),
    Target("API reader", 200, "MB/s", "one core", "a full Hub dump in seconds",
           more_is_better=True),
    Target("--help", 0.3, "s", "fresh process", "a command line answers at once"),
    Target("import dailypapers", 1.5, "s", "fresh process",
           "a notebook's first cell must not keep a reader waiting"),
    Target("notebook", 30, "s", "100k papers", "each notebook runs top to bottom while a "
           "reader fetches a coffee, charts included"),
]}


def verdict(name: str, value: float, size_ok: bool = True) -> str:
    """``met`` or ``MISSED (target …)`` for a measurement of target ``name``; a run below
    the target's size says so instead of judging."""
    target = TARGETS[name]
    if not size_ok:
        return f"(the target is for {target.at})"
    return "met" if target.met(value) else f"MISSED (target {target.shown()})"


def markdown_table() -> str:
    """Every target, its bound, the size it is for and why it exists."""
    lines = ["| target | bound | at | why |", "|---|---|---|---|"]
    lines += [f"| {t.name} | {t.shown()} | {t.at} | {t.why} |" for t in TARGETS.values()]
    return "\n".join(lines) + "\n"
