"""How many of a thing, in words a reader (and a slide) can carry: "1 paper", "2,031 papers",
never "paper(s)"."""

from __future__ import annotations


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``noun``, or its plural (``many``, by default ``noun + "s"``) unless ``n`` is 1.

    >>> plural(1, "listing day"), plural(0, "listing day"), plural(2, "repository", "repositories")
    ('listing day', 'listing days', 'repositories')
    """
    return noun if n == 1 else many or f"{noun}s"


def counted(n: int, noun: str, many: str | None = None) -> str:
    """``n`` (thousands separated) and :func:`plural` of ``noun``.

    >>> counted(1, "paper"), counted(2031, "paper"), counted(0, "more skipped line")
    ('1 paper', '2,031 papers', '0 more skipped lines')
    """
    return f"{n:,} {plural(n, noun, many)}"


__all__ = ["counted", "plural"]
