"""The project's own errors and the skipped-line report. Users see these, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


class DailyPapersError(Exception):
    """Base class: an error the user can act on, printed as one line."""


class InputError(DailyPapersError):
    """An input that cannot be read as a listing.

    Examples
    --------
    >>> str(InputError("a.txt", "file is empty"))
    'a.txt: file is empty'
    >>> str(InputError("a.txt", "not a date", line=7))
    'a.txt:7: not a date'
    """

    def __init__(self, source: str, reason: str, line: int | None = None):
        self.source, self.reason, self.line = source, reason, line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class StoreError(DailyPapersError):
    """The store cannot be read or written."""


class StoreLocked(StoreError):
    """Another writer held the store's lock for longer than the caller would wait."""


@dataclass(frozen=True)
class SkippedLine:
    """One input line that is not part of a paper, and why."""

    source: str
    line: int
    reason: str
    text: str = ""

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"{self.source}:{self.line}: {self.reason}" + (f": {shown!r}" if shown else "")
