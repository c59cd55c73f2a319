"""Filters: what each control keeps, and how it is described in a footnote."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dailypapers import Filters, conform

PAPERS = conform(pl.DataFrame({
    "paper_id": ["a", "b", "c", "d"],
    "title": ["Agents at scale", "Diffusion", "LLM agents", "Vision"],
    "abstract": ["…", "About AGENTS too.", "…", None],
    "keywords": [["agents"], None, ["llm", "Agent planning"], []],
    "organization": ["meta", None, "google", "meta"],
    "published_on": [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1), None],
    "daily_on": [date(2025, 1, 2), None, date(2025, 3, 3), date(2025, 4, 1)],
    "upvotes": [5, None, 12, 1],
    "author_count": [3, 40, None, 7],
}))


@pytest.mark.parametrize(
    ("filters", "kept", "description"),
    [
        (Filters(), ["a", "b", "c", "d"], "no filter"),
        (Filters(since=date(2025, 2, 1)), ["b", "c"], "published from 2025-02-01"),
        (Filters(until=date(2025, 2, 1)), ["a", "b"], "published until 2025-02-01"),
        (Filters(since=date(2025, 1, 1), until=date(2025, 1, 31)), ["a"],
         "published 2025-01-01 → 2025-01-31"),
        (Filters(since=date(2025, 3, 1), date_column="daily_on"), ["c", "d"],
         "on Daily Papers from 2025-03-01"),
        (Filters(organizations=("meta",)), ["a", "d"], "organization: meta"),
        (Filters(organizations=("meta", "google")), ["a", "c", "d"],
         "organizations: meta, google"),
        (Filters(text="agent"), ["a", "b", "c"], 'mentions "agent"'),
        (Filters(text="planning"), ["c"], 'mentions "planning"'),
        (Filters(min_upvotes=5), ["a", "c"], "at least 5 upvotes"),
        (Filters(min_authors=5), ["b", "d"], "at least 5 authors"),
        (Filters(min_authors=2, max_authors=10), ["a", "d"], "2–10 authors"),
        (Filters(organizations=("meta",), min_upvotes=2), ["a"],
         "organization: meta; at least 2 upvotes"),
    ],
)
def test_filter_keeps_and_describes(filters, kept, description):
    assert filters.apply(PAPERS)["paper_id"].to_list() == kept
    assert filters.describe() == description
    assert filters.is_empty() == (description == "no filter")


def test_filter_accepts_lazy_and_pandas():
    f = Filters(min_upvotes=5)
    assert f.apply(PAPERS.lazy()).equals(f.apply(PAPERS))
    assert f.apply(PAPERS.to_pandas())["paper_id"].to_list() == ["a", "c"]
