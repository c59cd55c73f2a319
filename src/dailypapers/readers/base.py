"""What every reader returns, and turning bytes into text with a clear error."""

from __future__ import annotations

import codecs
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from ..errors import InputError, SkippedLine


@dataclass
class Listing:
    """One input read into the table's schema.

    Attributes
    ----------
    frame : the papers, one row each, in the schema of :mod:`dailypapers.schema`.
    source_format : ``text``, ``html`` or ``api``.
    skipped : input lines that are not part of a paper, each with its reason.
    chrome : lines recognised as page chrome (header, footer); reported, not papers.
    as_of : the day the figures were observed.
    notes : assumptions the reader made (e.g. an inferred as-of day), for the user to see.
    """

    source: str
    source_format: str
    frame: pl.DataFrame
    skipped: list[SkippedLine] = field(default_factory=list)
    chrome: list[SkippedLine] = field(default_factory=list)
    as_of: date | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def papers(self) -> int:
        return self.frame.height


def decode(data: bytes, source: str) -> str:
    """Decode an input file: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    Raises :class:`InputError` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError(source, "file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(source, f"not valid UTF-16 ({exc.reason})") from None
    if b"\x00" in data[:4096]:
        raise InputError(source, "binary file, not a listing (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            source, f"not UTF-8 text (byte {data[exc.start]:#04x}); save it as UTF-8", line=line
        ) from None


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a reader builds millions of small objects.

    They hold no cycles; the collector's passes over them cost more than the parse itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
