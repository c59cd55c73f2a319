"""Readers: one module per input form, and :func:`read_listing`, which picks by content."""

from __future__ import annotations

import gzip
import zlib
from datetime import date, datetime
from pathlib import Path

from ..errors import InputError
from .api import parse_api
from .base import Listing, decode
from .html import parse_html
from .text import parse_text

__all__ = ["Listing", "detect", "parse_api", "parse_html", "parse_text", "read_listing",
           "read_string"]


def detect(text: str) -> str:
    """The form of an input, by content (never by file extension).

    Examples
    --------
    >>> detect('[{"paper": {}}]'), detect("<!DOCTYPE html><html>"), detect("A title\\n")
    ('api', 'html', 'text')
    """
    head = text.lstrip("\ufeff \t\r\n")[:512]
    if head.startswith(("[", "{")) and head[1:].lstrip()[:1] in '{["]}-0123456789':
        return "api"
    lowered = head.lower()
    if lowered.startswith("<") and any(tag in lowered for tag in ("<html", "<!doctype", "<div",
                                                                  "<head", "<body", "<!--")):
        return "html"
    return "text"


def read_string(text: str, source: str, as_of: date | None = None,
                seen_at: datetime | None = None) -> Listing:
    """Read one input already in memory (see :func:`read_listing`)."""
    form = detect(text)
    if form == "api":
        return parse_api(text, source, as_of=as_of, seen_at=seen_at)
    if form == "html":
        return parse_html(text, source, as_of=as_of)
    return parse_text(text, source, as_of=as_of)


def read_listing(path: str | Path, as_of: date | None = None) -> Listing:
    """Read one input file — copied text, saved HTML or API JSON — into the table's schema.

    Returns a :class:`Listing`: ``.frame`` (the papers), ``.skipped`` (lines that are not part
    of a paper, with reasons), ``.notes`` (assumptions made, e.g. the as-of day).
    A gzip file (recognised by its first bytes, whatever its name) is read decompressed.
    Raises :class:`~dailypapers.errors.InputError` for input that is not a listing.

    Examples
    --------
    >>> listing = read_listing(raw_dir() / "daily-papers-search_2025-12-09.txt",
    ...                        as_of=date(2025, 12, 9))  # doctest: +SKIP
    >>> listing.papers  # doctest: +SKIP
    36
    """
    path = Path(path)
    source = path.as_posix()
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(source, "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(source, f"cannot read ({exc.strerror})") from None
    return read_string(decode(_gunzip(data, source), source), source, as_of=as_of)


_GZIP_MAGIC = b"\x1f\x8b"


def _gunzip(data: bytes, source: str) -> bytes:
    """The bytes themselves, or their decompressed content when they are gzip.

    Examples
    --------
    >>> _gunzip(gzip.compress(b"[]"), "x.json.gz"), _gunzip(b"[]", "x.json")
    (b'[]', b'[]')
    """
    if not data.startswith(_GZIP_MAGIC):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        reason = "it ends before its end" if isinstance(exc, EOFError) else str(exc)
        raise InputError(source, f"not a readable gzip file: {reason}") from None
