"""Hub API JSON: a daily list, search results, one paper, or JSON Lines.

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
seen_at                the fetch time or ``--as-of`` day; else the latest of every time in the
                       file, authors' ``statusLastChangedAt`` included (noted): a re-fetch
                       writes midnight dates but holds claims made up to its fetch
=====================  ==============================================================

An item without a paper id is skipped and reported with its line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import msgspec
import polars as pl
import pyarrow as pa

from ..errors import InputError, SkippedLine
from ..schema import POLARS_SCHEMA, conform, one_line_expr
from .base import Listing, no_gc

#: Keys under which a saved page or a wrapper keeps its list of items.
LIST_KEYS = ("dailyPapers", "searchResults", "papers", "items")


# The fields we read, typed: msgspec skips the rest without building objects for it.
# gc=False: these objects hold no cycles, and collector passes over millions of them
# cost more than the parse itself.
class _Named(msgspec.Struct, gc=False):
    name: str | None = None
    statusLastChangedAt: str | None = None  # when the author claimed the paper: a time seen


class _Org(msgspec.Struct, gc=False):
    name: str | None = None
    fullname: str | None = None


class _Submitter(msgspec.Struct, gc=False):
    user: str | None = None
    name: str | None = None


class _Paper(msgspec.Struct, gc=False):
    id: str | None = None
    authors: list[_Named] | None = None
    publishedAt: str | None = None
    submittedOnDailyAt: str | None = None
    title: str | None = None
    summary: str | None = None
    upvotes: int | None = None
    numComments: int | None = None
    ai_summary: str | None = None
    ai_keywords: list[str] | None = None
    githubRepo: str | None = None
    githubStars: int | None = None
    projectPage: str | None = None
    organization: _Org | None = None
    submittedOnDailyBy: _Submitter | None = None


class _Item(msgspec.Struct, gc=False):
    paper: _Paper | None = None
    publishedAt: str | None = None
    # kept raw: only needed when the paper lacks them, and their presence marks the schema
    title: msgspec.Raw | msgspec.UnsetType = msgspec.UNSET
    summary: msgspec.Raw | msgspec.UnsetType = msgspec.UNSET
    numComments: int | None = None
    submittedBy: _Named | None = None
    organization: _Org | None = None


_FAST = msgspec.json.Decoder(list[_Item])


def parse_api(text: str | bytes, source: str, as_of: date | None = None,
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
    with no_gc():
        try:
            items = _FAST.decode(text)
            if all(item.paper is not None for item in items):
                return _to_listing(items, [], source, "api", as_of, seen_at,
                                   lambda index: _array_item_line(text, index))
        except (msgspec.ValidationError, msgspec.DecodeError):
            pass  # not the common shape: the careful path below says what is wrong
        raw, line_of, bad_lines = _load_untyped(text, source)
        if _is_cached_response(raw):
            # a response cached by `dailypapers fetch`: its fetch time is the observation time
            seen_at = seen_at or datetime.fromisoformat(raw["fetched_at"])
            raw, line_of = raw["body"], None
        return items_to_listing(find_items(raw, source), source, "api", as_of=as_of,
                                seen_at=seen_at, line_of=line_of, skipped=bad_lines)


def _is_cached_response(raw: Any) -> bool:
    return (isinstance(raw, dict) and isinstance(raw.get("body"), list)
            and isinstance(raw.get("fetched_at"), str))


def _load_untyped(text: str | bytes, source: str) -> tuple[Any, Any, list[SkippedLine]]:
    """Parsed JSON (or JSON Lines), a function giving an item's line, and bad lines."""
    try:
        return msgspec.json.decode(text), lambda index: _array_item_line(text, index), []
    except msgspec.DecodeError as exc:
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        if "\n" in text.strip() and text.lstrip().startswith("{"):
            return _load_json_lines(text, source)
        reason = str(exc).split(" (line")[0]
        raise InputError(source, f"not valid JSON ({reason[0].lower() + reason[1:]})") from None


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


def _load_json_lines(text: str, source: str) -> tuple[list[Any], Any, list[SkippedLine]]:
    items: list[Any] = []
    lines: list[int] = []
    bad: list[SkippedLine] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(msgspec.json.decode(line))
            lines.append(number)
        except msgspec.DecodeError:
            bad.append(SkippedLine(source, number, "not valid JSON", line.strip()))
    if not items:
        raise InputError(source, "not valid JSON or JSON Lines", line=bad[0].line if bad else None)
    return items, lambda index: lines[index], bad


def _array_item_line(text: str | bytes, index: int) -> int | None:
    """The line on which item ``index`` of a top-level JSON array starts (error path only)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
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


def items_to_listing(items: Iterable[Any], source: str, source_format: str, *,
                     as_of: date | None = None, seen_at: datetime | None = None,
                     line_of: Any = None, skipped: list[SkippedLine] | None = None) -> Listing:
    """Turn parsed API items (``{"paper": {...}, ...}`` or flat paper objects) into the table.

    Each item is checked on its own: one that does not fit is reported, the rest are read.
    """
    typed: list[_Item] = []
    origins: list[int] = []  # each typed item's index in the input
    skipped = list(skipped or [])
    notes: list[str] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            skipped.append(SkippedLine(source, _line(line_of, index),
                                       f"item {index}: not a JSON object"))
            continue
        if "paper" not in item and "id" in item:
            item = {"paper": item}  # a flat paper (GET /api/papers/{id}, a paper page)
        paper = item.get("paper")
        if isinstance(paper, dict) and not isinstance(paper.get("id"), str | None):
            restored, note = _restore_id(paper["id"])
            item = {**item, "paper": {**paper, "id": restored}}
            if note:
                notes.append(f"{source}: item {index}: {note}")
        # the fields kept raw in the fast path are re-encoded, so both paths share one type
        item = {**item, **{key: msgspec.Raw(msgspec.json.encode(item[key]))
                           for key in ("title", "summary") if key in item}}
        try:
            converted = msgspec.convert(item, _Item)
        except msgspec.ValidationError as exc:
            skipped.append(SkippedLine(source, _line(line_of, index), f"item {index}: {exc}"))
            continue
        if converted.paper is None:
            skipped.append(SkippedLine(source, _line(line_of, index),
                                       f"item {index}: no 'paper' object"))
            continue
        typed.append(converted)
        origins.append(index)
    listing = _to_listing(typed, skipped, source, source_format, as_of, seen_at, line_of,
                          origins)
    listing.notes[:0] = notes
    return listing


def _to_listing(items: list[_Item], skipped: list[SkippedLine], source: str, source_format: str,
                as_of: date | None, seen_at: datetime | None, line_of: Any,
                origins: list[int] | None = None) -> Listing:
    """Build the table's columns from typed items, as Arrow arrays (no per-cell objects)."""
    ids: list[str] = []
    titles, abstracts, published, daily = [], [], [], []
    upvotes, comments, stars = [], [], []
    orgs, org_names, ai_summaries, repos, pages, submitters = [], [], [], [], [], []
    names, words = _ListColumn(), _ListColumn()
    latest = ""
    for index, item in enumerate(items):
        paper = item.paper
        if paper.id is None:
            index = origins[index] if origins is not None else index
            skipped.append(SkippedLine(source, _line(line_of, index), f"item {index}: no paper id",
                                       paper.title or ""))
            continue
        ids.append(paper.id)
        titles.append(paper.title if paper.title is not None else _raw_str(item.title))
        abstracts.append(paper.summary if paper.summary is not None else _raw_str(item.summary))
        stamp = paper.publishedAt or item.publishedAt
        day = paper.submittedOnDailyAt
        if day is None and item.summary is msgspec.UNSET:
            day = item.publishedAt  # the 2024 schema: the outer time is the daily submission
        published.append(stamp)
        daily.append(day)
        for value in (stamp, day, item.publishedAt):
            if value is not None and value > latest:
                latest = value
        upvotes.append(paper.upvotes)
        comments.append(item.numComments if item.numComments is not None else paper.numComments)
        stars.append(paper.githubStars)
        org = paper.organization or item.organization
        orgs.append(org.name if org else None)
        org_names.append((org.fullname or org.name) if org else None)
        ai_summaries.append(paper.ai_summary)
        repos.append(paper.githubRepo)
        pages.append(paper.projectPage)
        by = item.submittedBy
        submitters.append(by.name if by and by.name else (
            paper.submittedOnDailyBy.user or paper.submittedOnDailyBy.name
            if paper.submittedOnDailyBy else None))
        names.add(None if paper.authors is None else [a.name for a in paper.authors])
        for author in paper.authors or ():
            claimed = author.statusLastChangedAt
            if claimed is not None and claimed > latest:
                latest = claimed
        words.add(paper.ai_keywords)

    notes: list[str] = []
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
    authors = names.array()
    try:
        frame = pl.DataFrame({
            "paper_id": pa.array(ids, pa.string()),
            "title": pa.array(titles, pa.string()),
            "abstract": pa.array(abstracts, pa.string()),
            "authors": authors,
            "author_count": pa.compute.list_value_length(authors).cast(pa.int32()),
            "organization": pa.array(orgs, pa.string()),
            "organization_name": pa.array(org_names, pa.string()),
            "published_on": pa.array(published, pa.string()),
            "daily_on": pa.array(daily, pa.string()),
            "upvotes": pa.array(upvotes, pa.int64()),
            "comments": pa.array(comments, pa.int64()),
            "keywords": words.array(),
            "ai_summary": pa.array(ai_summaries, pa.string()),
            "github_repo": pa.array(repos, pa.string()),
            "project_page": pa.array(pages, pa.string()),
            "submitted_by": pa.array(submitters, pa.string()),
            "github_stars": pa.array(stars, pa.int64()),
        }).with_columns(
            one_line_expr(pl.col("title")),
            pl.col("published_on", "daily_on").str.slice(0, 10).str.to_date("%Y-%m-%d"),
            source_format=pl.lit(source_format), source=pl.lit(source),
            seen_at=pl.lit(seen_at, POLARS_SCHEMA["seen_at"]),
        )
        frame = conform(frame)
    except (pl.exceptions.PolarsError, pa.ArrowException) as exc:
        raise InputError(source, f"unexpected value in the API items ({exc})") from None
    return Listing(source, source_format, frame, skipped, [], seen_at.date(), notes)


class _ListColumn:
    """A list<string> column built as flat values + offsets (no Python list per cell)."""

    def __init__(self) -> None:
        self.values: list[str | None] = []
        self.offsets = [0]
        self.valid: list[bool] = []

    def add(self, cell: list[str | None] | None) -> None:
        if cell is not None:
            self.values.extend(cell)
        self.valid.append(cell is not None)
        self.offsets.append(len(self.values))

    def array(self) -> pa.Array:
        mask = None if all(self.valid) else pa.array([not v for v in self.valid], pa.bool_())
        return pa.ListArray.from_arrays(pa.array(self.offsets, pa.int32()),
                                        pa.array(self.values, pa.string()), mask=mask)


def _raw_str(raw: Any) -> str | None:
    if raw is msgspec.UNSET:
        return None
    value = msgspec.json.decode(raw)
    return value if isinstance(value, str) else None


def _line(line_of: Any, index: int) -> int:
    try:
        return (line_of(index) if line_of else None) or 1
    except (ValueError, IndexError):
        return 1
