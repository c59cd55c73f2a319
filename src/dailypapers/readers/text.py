"""Text copied from a Daily Papers page.

A listing is a page header, then one block per paper::

    <title>
    <abstract>
      • 5 authors          (or, for a paper with a Hub organization: "<handle> <display name>")
    ·
    Oct 1 3                (date, "May 23, 2023" for other years; then optional upvotes)

Policy for every kind of mess (each line is part of a paper, page chrome, or skipped with a reason):

============================================  ===================================================
input                                         result
============================================  ===================================================
header (``new`` … ``Dec 9``)                  chrome; its day is the as-of hint
footer / theme switcher lines                 chrome
``• N authors`` / ``• 1 authors``             ``author_count`` = N, ``authors`` null
organization line                             ``organization``, ``organization_name``; count null
no author/organization line                   both null
yearless date                                 year of the as-of day (given, or inferred + noted)
dated after the given as-of day               error: the as-of day is wrong
no trailing number                            ``upvotes`` null
extra paragraph after the abstract            appended to the abstract (pasted comment text)
title + abstract with no author/date lines    skipped: incomplete card (e.g. a truncated block)
``·`` not followed by a date                  the block is skipped with the reason
anything else outside a block                 skipped: unrecognised line
============================================  ===================================================
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import polars as pl

from ..errors import InputError, SkippedLine
from ..schema import POLARS_SCHEMA, conform, title_id_expr
from .base import Listing, no_gc

SEPARATOR = "·"
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_DATE = re.compile(
    r"(?P<month>[A-Za-z]{3,9})\.? (?P<day>\d{1,2})(?:, ?(?P<year>\d{4}))?"
    r"(?: +(?P<count>\d[\d,]*(?:\.\d+)?[kK]?))?"
)
_AUTHORS = re.compile(r"•\s*(\d+)\s+authors?")
_ORG = re.compile(r"(?P<handle>[A-Za-z0-9][A-Za-z0-9._-]*)(?: (?P<name>.+))?")
_HEADER = frozenset({
    "new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
    "byAK and the research community", "by AK and the research community",
    "Daily Papers by AK and the research community", "Search", "Trending", "Submit",
})
_FOOTER = frozenset({
    "System theme", "Light theme", "Dark theme", "Company", "TOS", "Privacy", "About", "Jobs",
    "Website", "Models", "Datasets", "Spaces", "Pricing", "Docs", "Previous", "Next",
    "Hugging Face", "Enterprise", "Blog", "Learn", "Discord", "Forum", "GitHub",
})
#: Titles are short and do not end in a full stop; abstracts are long or end in one.
_TITLE_MAX = 300
_ORG_MAX = 120


def _is_title_like(line: str) -> bool:
    return len(line) <= _TITLE_MAX and not line.endswith(".")


def _parse_count(text: str) -> int:
    text = text.replace(",", "")
    if text[-1] in "kK":
        return round(float(text[:-1]) * 1000)
    return int(float(text))


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower())


class _Block:
    """One paper as found in the text, before yearless dates are resolved."""

    __slots__ = ("abstract", "author_count", "count", "day", "line", "month", "org", "org_name",
                 "title", "year")

    def __init__(self, line, title, abstract, author_count, org, org_name, month, day, year, count):
        # line: where the date is, for messages about it
        self.line, self.title, self.abstract = line, title, abstract
        self.author_count, self.org, self.org_name = author_count, org, org_name
        self.month, self.day, self.year, self.count = month, day, year, count


def _date_parts(line: str) -> tuple[int, int, int | None, int | None] | None:
    m = _DATE.fullmatch(line)
    if m is None or (month := _month(m["month"])) is None:
        return None
    year = int(m["year"]) if m["year"] else None
    count = _parse_count(m["count"]) if m["count"] else None
    return month, int(m["day"]), year, count


def parse_text(text: str, source: str, as_of: date | None = None,
               today: date | None = None) -> Listing:
    """Read copied Daily Papers text into the table.

    Parameters
    ----------
    text : the copied page (CRLF, a BOM and page chrome are fine).
    source : the file name or label recorded in ``source`` and in error messages.
    as_of : the day the page was copied; yearless dates take its year. When ``None`` it is
        inferred from the page header and the years shown, and the assumption is noted.
    today : the day used to bound the inference (for tests); defaults to today.

    Examples
    --------
    >>> page = ("Daily Papers\\n\\nA Title\\n\\nAn abstract.\\n\\n"
    ...         "  • 3 authors\\n·\\nMay 4, 2023 7\\n")
    >>> listing = parse_text(page, "copied.txt")
    >>> listing.frame.select("title", "author_count", "upvotes").row(0)
    ('A Title', 3, 7)
    """
    with no_gc():
        return _parse_text(text, source, as_of, today)


def _parse_text(text: str, source: str, as_of: date | None, today: date | None) -> Listing:
    text = text.removeprefix("\ufeff")
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]
    lines = [(number, line) for number, line in lines if line]
    skipped: list[SkippedLine] = []
    chrome: list[SkippedLine] = []
    blocks: list[_Block] = []
    header_day: tuple[int, int] | None = None
    pos = 0  # first line not yet consumed

    def leftovers(start: int, stop: int, *, leading: bool, trailing: bool) -> None:
        """Lines between blocks: page chrome, the header's day, or skipped with a reason."""
        nonlocal header_day
        i = start
        while i < stop:
            number, line = lines[i]
            if line in _HEADER or (trailing and line in _FOOTER):
                chrome.append(SkippedLine(source, number, "page chrome", line))
            elif leading and header_day is None and chrome and chrome[-1].line == lines[i - 1][0] \
                    and (parts := _date_parts(line)) and parts[2] is None and parts[3] is None:
                header_day = (parts[0], parts[1])
                chrome.append(SkippedLine(source, number, "page header: the listing's day", line))
            elif (i + 1 < stop and _is_title_like(line)
                  and not _is_title_like(lines[i + 1][1])):
                reason = ("truncated last block: title and abstract without author and date lines"
                          if trailing and i + 2 >= stop else
                          "title and abstract without author and date lines (incomplete card)")
                skipped.append(SkippedLine(source, number, reason, line))
                skipped.append(SkippedLine(source, lines[i + 1][0], reason, lines[i + 1][1]))
                i += 1
            elif trailing and (_AUTHORS.fullmatch(line) or line == SEPARATOR):
                skipped.append(SkippedLine(
                    source, number, "truncated last block: no date line after it", line))
            else:
                skipped.append(SkippedLine(source, number, "unrecognised line", line))
            i += 1

    anchors = [i for i, (_, line) in enumerate(lines) if line == SEPARATOR]
    for anchor in anchors:
        if anchor < pos:
            continue  # consumed as part of a skipped block
        meta_index = anchor - 1
        author_count = org = org_name = None
        meta = lines[meta_index][1] if meta_index >= pos else ""
        if (m := _AUTHORS.fullmatch(meta)) is not None:
            author_count = int(m[1])
        elif len(meta) <= _ORG_MAX and (m := _ORG.fullmatch(meta)) is not None:
            org, org_name = m["handle"], m["name"]
        else:
            meta_index = anchor  # no meta line: the body runs up to the separator
        body_end = meta_index
        date_line = lines[anchor + 1] if anchor + 1 < len(lines) else None
        parts = _date_parts(date_line[1]) if date_line else None
        # body: the last title-like line before the abstract's paragraphs
        abstract_start = body_end - 1
        while abstract_start - 1 >= pos and not _is_title_like(lines[abstract_start - 1][1]):
            abstract_start -= 1
        title_index = abstract_start - 1
        if body_end - pos < 1:
            reason = "author and date lines without a title and abstract"
            stop = anchor + 2 if parts else anchor + 1
            skipped += [SkippedLine(source, lines[i][0], reason, lines[i][1])
                        for i in range(pos, stop)]
            pos = stop
            continue
        if title_index < pos:  # no title-like line: the first line is the title
            title_index, abstract_start = pos, pos + 1
        if parts is None:
            found = f'"{date_line[1]}" is not a date' if date_line else "the file ends"
            reason = f"paper block without its date: {found} after '{SEPARATOR}'"
            skipped += [SkippedLine(source, lines[i][0], reason, lines[i][1])
                        for i in range(title_index, anchor + 1)]
            leftovers(pos, title_index, leading=not blocks, trailing=False)
            pos = anchor + 1
            continue
        leftovers(pos, title_index, leading=not blocks, trailing=False)
        month, day, year, count = parts
        abstract = "\n\n".join(line for _, line in lines[abstract_start:body_end]) or None
        blocks.append(_Block(date_line[0], lines[title_index][1], abstract,
                             author_count, org, org_name, month, day, year, count))
        pos = anchor + 2
    leftovers(pos, len(lines), leading=not blocks, trailing=True)

    if not blocks:
        if not lines:
            raise InputError(source, "file holds only blank lines")
        raise InputError(source, "not a Daily Papers listing: no paper block "
                         "(title, abstract, '• N authors', '·', date) found")
    as_of, notes = _resolve_as_of(blocks, header_day, as_of, today or date.today(), source)
    return Listing(source, "text", _to_frame(blocks, as_of, source), skipped, chrome, as_of, notes)


def _resolve_as_of(blocks: list[_Block], header_day: tuple[int, int] | None, as_of: date | None,
                   today: date, source: str) -> tuple[date, list[str]]:
    """Pick the day the page was copied, and say what was assumed."""
    notes: list[str] = []
    years = [b.year for b in blocks if b.year is not None]
    yearless = [(b.month, b.day) for b in blocks if b.year is None]
    if as_of is None:
        # Dates of the copy's year carry no year, so the copy is later than every year shown.
        floor = max(years) + 1 if years else None
        if header_day is not None:
            lowest = floor or today.year - 1
            candidates = [y for y in range(today.year, lowest - 1, -1)
                          if (day := _safe_date(y, *header_day)) is not None and day <= today]
            year = candidates[0] if candidates else (floor or today.year)
            as_of = _safe_date(year, *header_day) or today
            how = f'the page header "{_month_name(header_day[0])} {header_day[1]}"'
        else:
            year = min(floor, today.year) if floor else today.year
            latest = max((_safe_date(year, m, d) or date(year, 1, 1) for m, d in yearless),
                         default=None)
            as_of = today if year == today.year or latest is None else latest
            how = "the years shown (no page header)"
        notes.append(f"{source}: assumed the page was copied on {as_of.isoformat()} "
                     f"(from {how}); pass --as-of YYYY-MM-DD to set it")
    for block in blocks:
        if block.year is None and (block.month, block.day) > (as_of.month, as_of.day):
            raise InputError(
                source,
                f'date "{_month_name(block.month)} {block.day}" (no year) is after the as-of day '
                f"{as_of.isoformat()}: pass the day the page was copied with --as-of YYYY-MM-DD",
                line=block.line,
            )
    return as_of, notes


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_name(month: int) -> str:
    return date(2000, month, 1).strftime("%b")


def _to_frame(blocks: list[_Block], as_of: date, source: str) -> pl.DataFrame:
    published = []
    for block in blocks:
        day = _safe_date(block.year or as_of.year, block.month, block.day)
        if day is None:
            raise InputError(source, f'date "{_month_name(block.month)} {block.day}'
                             f'{", " + str(block.year) if block.year else ""}" is not a date',
                             line=block.line)
        published.append(day)
    n = len(blocks)
    seen = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    frame = pl.DataFrame(
        {
            "title": [b.title for b in blocks],
            "abstract": [b.abstract for b in blocks],
            "author_count": [b.author_count for b in blocks],
            "organization": [b.org for b in blocks],
            "organization_name": [b.org_name for b in blocks],
            "published_on": published,
            "upvotes": [b.count for b in blocks],
            "source_format": ["text"] * n,
            "source": [source] * n,
            "seen_at": [seen] * n,
        },
        schema_overrides={k: POLARS_SCHEMA[k] for k in
                          ("author_count", "upvotes", "seen_at", "published_on")},
        strict=False,
    )
    return conform(frame.with_columns(paper_id=title_id_expr(pl.col("title"))))
