"""Hub API JSON (NOTES §1c): a daily list, search results, one paper, or JSON Lines.

Both schemas are read: the 2024 one (no ``submittedOnDailyAt``: the outer ``publishedAt`` is the
daily-submission time) and the 2025–26 one. Field by field:

=====================  ==============================================================
column                 from
=====================  ==============================================================
paper_id               ``paper.id`` (a string; a number is restored to 4/5 decimals, noted)
authors                ``paper.authors[].name`` in order (hidden authors included)
published_on           ``paper.publishedAt`` (UTC day)
daily_on               ``paper.submittedOnDailyAt``; old schema (no outer ``summary``):
                       the outer ``publishedAt``; otherwise null (search results)
upvotes / comments     ``paper.upvotes`` / outer ``numComments``
keywords               ``paper.ai_keywords``; null when absent
organization(_name)    ``paper.organization`` or the outer ``organization``: ``name``, ``fullname``
submitted_by           outer ``submittedBy.name``, else ``paper.submittedOnDailyBy.user``
seen_at                the fetch time or ``--as-of`` day; else the latest time in the file (noted)
=====================  ==============================================================

An item without a paper id is skipped and reported with its line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import orjson
import polars as pl

from ..errors import InputError, SkippedLine
from ..schema import POLARS_SCHEMA, conform
from .base import Listing

#: Keys under which a saved page or a wrapper keeps its list of items.
LIST_KEYS = ("dailyPapers", "searchResults", "papers", "items")


def parse_api(text: str, source: str, as_of: date | None = None,
              seen_at: datetime | None = None) -> Listing:
    """Read a Hub API response (JSON or JSON Lines) into the table.

    Parameters
    ----------
    text : the response body.
    source : recorded in ``source`` and used in messages.
    as_of : the day the response was fetched, when known.
    seen_at : the exact fetch time (wins over ``as_of``).

    Examples
    --------
    >>> body = ('[{"paper": {"id": "2503.02130", "title": "T", "upvotes": 4, '
    ...         '"publishedAt": "2025-03-04T00:00:00.000Z", "authors": [{"name": "A"}]}}]')
    >>> listing = parse_api(body, "r.json", as_of=date(2025, 3, 5))
    >>> listing.frame.select("paper_id", "upvotes").row(0)
    ('2503.02130', 4)
    """
    items, line_of = _load_items(text, source)
    return items_to_listing(items, source, "api", as_of=as_of, seen_at=seen_at, line_of=line_of)


def _load_items(text: str, source: str) -> tuple[list[Any], Any]:
    """The list of items in a body, and a function giving an item's line number."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "\n" in text.strip() and text.lstrip().startswith("{"):
            return _load_json_lines(text, source)
        line = text.count("\n", 0, getattr(exc, "pos", 0) or 0) + 1
        raise InputError(source, f"not valid JSON ({exc.args[0].split(':')[0]})",
                         line=line) from None
    items = find_items(data, source)
    return items, lambda index: _array_item_line(text, index)


def find_items(data: Any, source: str) -> list[Any]:
    """The list of API items in parsed JSON of any known shape, or a clear error."""
    if isinstance(data, list):
        if data and not any(isinstance(item, dict) and ("paper" in item or "id" in item)
                            for item in data[:50]):
            raise InputError(source, "JSON list holds no Daily Papers items "
                             "(expected objects with a 'paper' or 'id' key)")
        return data
    if isinstance(data, dict):
        if "paper" in data or ("id" in data and "title" in data):
            return [data]
        for key in LIST_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
        keys = ", ".join(sorted(data)[:6])
        raise InputError(source, f"JSON of another shape: an object with keys {keys} "
                         "(expected a list of items, one paper, or JSON Lines)")
    raise InputError(source, f"JSON of another shape: a {type(data).__name__}, not a list of items")


def _load_json_lines(text: str, source: str) -> tuple[list[Any], Any]:
    items: list[Any] = []
    lines: list[int] = []
    bad: list[SkippedLine] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(orjson.loads(line))
            lines.append(number)
        except orjson.JSONDecodeError:
            bad.append(SkippedLine(source, number, "not valid JSON", line.strip()))
    if not items:
        raise InputError(source, "not valid JSON or JSON Lines", line=bad[0].line if bad else None)
    items.append(_Bad(bad))
    return items, lambda index: lines[index]


class _Bad:
    """Carries the JSON Lines that did not parse through to the skipped report."""

    def __init__(self, skipped: list[SkippedLine]):
        self.skipped = skipped


def _array_item_line(text: str, index: int) -> int | None:
    """The line on which item ``index`` of a top-level JSON array starts (error path only)."""
    decoder = json.JSONDecoder()
    pos = text.index("[") + 1
    for current in range(index + 1):
        while text[pos] in " \t\r\n,":
            pos += 1
        if current == index:
            return text.count("\n", 0, pos) + 1
        _, pos = decoder.raw_decode(text, pos)
    return None


def _restore_id(value: Any) -> tuple[str | None, str | None]:
    """An arXiv id as a string; a number (from a careless re-serialisation) restored."""
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, None
    # New-style ids (from 2015-01, yymm >= 1501) have five digits after the dot.
    digits = 5 if value >= 1501 else 4
    restored = f"{value:.{digits}f}"
    return restored, f"paper id {value!r} was a number; read as {restored!r}"


def _name(obj: Any, *keys: str) -> str | None:
    if isinstance(obj, dict):
        for key in keys:
            if isinstance(obj.get(key), str):
                return obj[key]
    return None


def items_to_listing(items: Iterable[Any], source: str, source_format: str, *,
                     as_of: date | None = None, seen_at: datetime | None = None,
                     line_of: Any = None) -> Listing:
    """Turn API items (``{"paper": {...}, ...}`` or flat paper objects) into the table."""
    cols: dict[str, list[Any]] = {name: [] for name in (
        "paper_id", "title", "abstract", "authors", "author_count", "organization",
        "organization_name", "published_on", "daily_on", "upvotes", "comments", "keywords",
        "ai_summary", "github_repo", "project_page", "submitted_by", "github_stars")}
    skipped: list[SkippedLine] = []
    notes: list[str] = []
    latest = ""
    for index, item in enumerate(items):
        if isinstance(item, _Bad):
            skipped += item.skipped
            continue
        paper = item.get("paper", item) if isinstance(item, dict) else None
        if not isinstance(paper, dict):
            skipped.append(SkippedLine(source, _line(line_of, index),
                                       f"item {index}: not a JSON object with a 'paper'"))
            continue
        paper_id, note = _restore_id(paper.get("id"))
        if paper_id is None:
            skipped.append(SkippedLine(source, _line(line_of, index),
                                       f"item {index}: no paper id", str(paper.get("title", ""))))
            continue
        if note:
            notes.append(f"{source}: item {index}: {note}")
        outer = item if item is not paper else {}
        authors = paper.get("authors")
        names = ([a.get("name") if isinstance(a, dict) else str(a) for a in authors]
                 if isinstance(authors, list) else None)
        org = paper.get("organization") or outer.get("organization")
        published = paper.get("publishedAt") or outer.get("publishedAt")
        daily = paper.get("submittedOnDailyAt")
        if daily is None and outer and "summary" not in outer:
            daily = outer.get("publishedAt")  # the 2024 schema: the daily-submission time
        for stamp in (published, daily, outer.get("publishedAt")):
            if isinstance(stamp, str) and stamp > latest:
                latest = stamp
        cols["paper_id"].append(paper_id)
        cols["title"].append(paper.get("title") or outer.get("title"))
        cols["abstract"].append(paper.get("summary") or outer.get("summary"))
        cols["authors"].append(names)
        cols["author_count"].append(len(names) if names is not None else None)
        cols["organization"].append(_name(org, "name"))
        cols["organization_name"].append(_name(org, "fullname", "name"))
        cols["published_on"].append(published[:10] if isinstance(published, str) else None)
        cols["daily_on"].append(daily[:10] if isinstance(daily, str) else None)
        cols["upvotes"].append(paper.get("upvotes"))
        cols["comments"].append(outer.get("numComments", paper.get("numComments")))
        keywords = paper.get("ai_keywords")
        cols["keywords"].append(keywords if isinstance(keywords, list) else None)
        cols["ai_summary"].append(paper.get("ai_summary"))
        cols["github_repo"].append(paper.get("githubRepo"))
        cols["project_page"].append(paper.get("projectPage"))
        cols["submitted_by"].append(_name(outer.get("submittedBy"), "name")
                                    or _name(paper.get("submittedOnDailyBy"), "user", "name"))
        cols["github_stars"].append(paper.get("githubStars"))

    if seen_at is None:
        if as_of is not None:
            seen_at = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
        elif latest:
            seen_at = datetime.fromisoformat(latest.replace("Z", "+00:00")).astimezone(UTC)
            notes.append(f"{source}: fetch time unknown; assumed {seen_at:%Y-%m-%d %H:%M} UTC, "
                         "the latest time in the file; pass --as-of YYYY-MM-DD to set it")
        else:
            seen_at = datetime.now(UTC)
            notes.append(f"{source}: no time in the file; assumed it was fetched now")
    try:
        frame = pl.DataFrame(cols, schema_overrides={
            "authors": POLARS_SCHEMA["authors"], "keywords": POLARS_SCHEMA["keywords"],
            "upvotes": pl.Int64, "comments": pl.Int64, "github_stars": pl.Int64,
            "author_count": pl.Int64, "published_on": pl.String, "daily_on": pl.String,
        }, strict=False)
        frame = frame.with_columns(
            pl.col("published_on", "daily_on").str.to_date("%Y-%m-%d"),
            source_format=pl.lit(source_format), source=pl.lit(source),
            seen_at=pl.lit(seen_at, POLARS_SCHEMA["seen_at"]),
        )
    except (pl.exceptions.PolarsError, TypeError, ValueError) as exc:
        raise InputError(source, f"unexpected value in the API items ({exc})") from None
    return Listing(source, source_format, conform(frame), skipped, [],
                   seen_at.date() if seen_at else None, notes)


def _line(line_of: Any, index: int) -> int:
    try:
        return (line_of(index) if line_of else None) or 1
    except (ValueError, IndexError):
        return 1
