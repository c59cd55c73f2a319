"""The filter every view shares: dates, organizations, text, upvotes, team size.

One :class:`Filters` value filters the table (:meth:`Filters.apply`) and says in plain words
what it keeps (:meth:`Filters.describe`, used in slide footnotes). The notebook panel and the
``slides`` command both build one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from .compute import Frame, as_polars
from .prepared import Prepared

DATE_COLUMNS = ("published_on", "daily_on")


@dataclass(frozen=True)
class Filters:
    """What to keep. Every field left at its default keeps everything.

    Examples
    --------
    >>> Filters(since=date(2025, 1, 1), organizations=("meta",), min_upvotes=5).describe()
    'published from 2025-01-01; organization: meta; at least 5 upvotes'
    """

    since: date | None = None
    until: date | None = None
    organizations: tuple[str, ...] = ()
    text: str = ""
    min_upvotes: int = 0
    min_authors: int | None = None
    max_authors: int | None = None
    date_column: str = "published_on"

    def expression(self) -> pl.Expr:
        """The filter as one polars boolean expression."""
        keep = pl.lit(True)
        day = pl.col(self.date_column)
        if self.since is not None:
            keep &= day >= self.since
        if self.until is not None:
            keep &= day <= self.until
        if self.organizations:
            keep &= pl.col("organization").is_in(list(self.organizations))
        if self.text.strip():
            needle = self.text.strip().lower()
            keep &= (pl.col("title").str.to_lowercase().str.contains(needle, literal=True)
                     .fill_null(False)
                     | pl.col("abstract").str.to_lowercase().str.contains(needle, literal=True)
                     .fill_null(False)
                     | pl.col("keywords").list.eval(pl.element().str.to_lowercase()
                                                    .str.contains(needle, literal=True))
                     .list.any().fill_null(False))
        if self.min_upvotes > 0:
            keep &= pl.col("upvotes").fill_null(0) >= self.min_upvotes
        if self.min_authors is not None:
            keep &= pl.col("author_count") >= self.min_authors
        if self.max_authors is not None:
            keep &= pl.col("author_count") <= self.max_authors
        return keep

    def apply(self, df: Frame) -> pl.DataFrame | Prepared:
        """The rows of the table that pass (prepared papers: the prepared rows that pass)."""
        if isinstance(df, Prepared):
            return df.where(self.expression())
        return as_polars(df).filter(self.expression())

    def is_empty(self) -> bool:
        return self == Filters(date_column=self.date_column)

    def describe(self) -> str:
        """The filter in plain words ("no filter" when it keeps everything)."""
        parts = []
        label = "published" if self.date_column == "published_on" else "on Daily Papers"
        if self.since and self.until:
            parts.append(f"{label} {self.since} → {self.until}")
        elif self.since:
            parts.append(f"{label} from {self.since}")
        elif self.until:
            parts.append(f"{label} until {self.until}")
        if self.organizations:
            kind = "organization" if len(self.organizations) == 1 else "organizations"
            parts.append(f"{kind}: {', '.join(self.organizations)}")
        if self.text.strip():
            parts.append(f'mentions "{self.text.strip()}"')
        if self.min_upvotes > 0:
            parts.append(f"at least {self.min_upvotes} upvotes")
        if self.min_authors is not None and self.max_authors is not None:
            parts.append(f"{self.min_authors}–{self.max_authors} authors")
        elif self.min_authors is not None:
            parts.append(f"at least {self.min_authors} authors")
        elif self.max_authors is not None:
            parts.append(f"at most {self.max_authors} authors")
        return "; ".join(parts) if parts else "no filter"

    def replace(self, **changes: object) -> Filters:
        return replace(self, **changes)


def describe_data(df: Frame, filters: Filters | None = None) -> str:
    """A one-line footnote naming the data: papers, date span, filter, sources in brief.

    Examples
    --------
    >>> papers = pl.DataFrame({"published_on": [date(2025, 1, 2)], "source": ["a.txt"],
    ...                        "source_format": ["text"]})
    >>> describe_data(papers)
    '1 paper · published 2025-01-02 → 2025-01-02 · filter: none · 1 copied page'
    """
    from .store import name_sources

    frame = as_polars(df)
    first, last = (frame["published_on"].min(), frame["published_on"].max()) if frame.height \
        else (None, None)
    span = f"published {first} → {last}" if first else "no dates"
    what = (filters or Filters()).describe()
    return (f"{frame.height:,} paper{'s' if frame.height != 1 else ''} · {span} · "
            f"filter: {'none' if what == 'no filter' else what} · {name_sources(frame)}")
