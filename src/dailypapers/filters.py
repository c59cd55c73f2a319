"""The filter every view shares: dates, organizations, authors, keywords, text, upvotes,
team size, code.

One :class:`Filters` value filters the table (:meth:`Filters.apply`), says in plain words
what it keeps (:meth:`Filters.describe`, used in slide footnotes) and travels as a small
JSON-able dict (:meth:`Filters.to_dict`, :meth:`Filters.from_dict`): a notebook re-run with
the same dict shows the same papers. The notebook panel and the ``slides`` command both
build one.

The rules, each a test in ``tests/test_filters.py``:

==================  =====================================================================
field               keeps a paper when
==================  =====================================================================
``since/until``     its date (``date_column``) lies in the range, both days included
``organizations``   its organization is one of them: Hub handle or display name, any case
``authors``         every one of them is among its authors (names as written, any case)
``keywords``        it carries every one of them in ``vocabulary`` (Hub keywords or terms
                    of titles and abstracts; spelling variants and abbreviations merged)
``text``            every word occurs in its title, abstract, keywords or authors as a
                    whole word (any case; a trailing plural ``s``/``es`` allowed);
                    ``"a phrase"`` must occur as written; ``-word`` must not occur
``min_upvotes``     its upvotes reach it (unknown upvotes count as 0)
``min/max_authors`` its number of authors lies in the range
``has_code``        it links a GitHub repository
==================  =====================================================================
"""


from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any

import numpy as np
import polars as pl

from .errors import DailyPapersError
from .frames import Frame
from .lookup import Lookup, organization_names
from .prepared import SOURCES, Prepared, Window, collected, prepare
from .search import SEARCHED, _matching, search_expression, search_terms
from .sources import name_sources
from .words import counted, plural

DATE_COLUMNS = ("published_on", "daily_on")



@dataclass(frozen=True)
class Filters:
    """What to keep. Every field left at its default keeps everything.

    Examples
    --------
    >>> Filters(since=date(2025, 1, 1), organizations=("meta",), min_upvotes=5).describe()
    'published from 2025-01-01; organization: meta; at least 5 upvotes'
    >>> Filters.from_dict(Filters(text='agents -"world model"').to_dict())
    Filters(text='agents -"world model"')
    """

    since: date | None = None
    until: date | None = None
    organizations: tuple[str, ...] = ()
    text: str = ""
    min_upvotes: int = 0
    min_authors: int | None = None
    max_authors: int | None = None
    date_column: str = "published_on"
    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    vocabulary: str = "keywords"
    has_code: bool = False

    def __post_init__(self) -> None:
        if self.date_column not in DATE_COLUMNS:
            raise DailyPapersError(f"date_column is one of {', '.join(DATE_COLUMNS)}, "
                                   f"not {self.date_column!r}")
        if self.vocabulary not in SOURCES:
            raise DailyPapersError(f'vocabulary is "keywords" or "text", not '
                                   f"{self.vocabulary!r}")
        for name in ("organizations", "authors", "keywords"):  # a list given: kept as a tuple
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def __repr__(self) -> str:  # the fields that filter, as to_dict has them
        changed = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self)
                            if getattr(self, f.name) != f.default)
        return f"Filters({changed})"

    # -- matching ---------------------------------------------------------------------------

    def expression(self) -> pl.Expr:
        """The row-wise part of the filter as one polars boolean expression: every field
        but ``authors`` and ``keywords`` (which :meth:`mask` adds). Organizations match as
        given; :meth:`resolve` first turns a display name or another case into the handle.
        """
        keep = pl.lit(True)
        day = pl.col(self.date_column)
        if self.since is not None:
            keep &= day >= self.since
        if self.until is not None:
            keep &= day <= self.until
        if self.organizations:
            keep &= pl.col("organization").is_in(list(self.organizations))
        if self.text.strip():
            keep &= search_expression(self.text)
        if self.min_upvotes > 0:
            keep &= pl.col("upvotes").fill_null(0) >= self.min_upvotes
        if self.min_authors is not None:
            keep &= pl.col("author_count") >= self.min_authors
        if self.max_authors is not None:
            keep &= pl.col("author_count") <= self.max_authors
        if self.has_code:
            keep &= pl.col("github_repo").is_not_null()
        return keep

    def mask(self, papers: Frame | Prepared, lookup: Lookup | None = None) -> np.ndarray:
        """A boolean per paper: whether it passes (the filter resolved against ``papers``,
        by ``lookup`` when one of them is given: a panel keeps one, and it keeps which
        papers match the last search, so a search is read once while the rest changes).

        A table is prepared first (:func:`~dailypapers.prepared.prepare`): authors and
        keywords match on their codes.
        """
        papers = prepare(papers)
        kept_lookup = lookup is not None
        lookup = lookup or Lookup(papers)
        resolved = self.resolve(papers, lookup)
        rest = resolved.replace(text="").expression()
        rows = _rows_for(papers, rest)
        keep = rows.select(rest.fill_null(False)).to_series()
        mask = (keep.to_numpy() if keep.len() == rows.height
                else np.full(rows.height, bool(keep[0]) if keep.len() else True))
        if resolved.text.strip() and kept_lookup:  # a panel's: the search of its last text
            searched = lookup.searched(resolved.text)
            if len(searched) != len(mask):
                raise ValueError(f"a lookup made for {len(searched):,} papers, asked about "
                                 f"{len(mask):,}: a lookup belongs to the papers it was made of")
            mask &= searched
        elif resolved.text.strip():  # once: read only on the rows that pass the rest
            where = np.flatnonzero(mask)
            mask[where] = _matching(papers, resolved.text, where)
        if resolved.authors:
            mask &= papers.having_all("authors", list(resolved.authors))
        if resolved.keywords:
            mask &= papers.having_all(f"keywords:{resolved.vocabulary}",
                                       list(resolved.keywords))
        return mask

    def apply(self, df: Frame | Prepared) -> pl.DataFrame | Prepared:
        """The rows of the table that pass (prepared papers: the prepared rows that pass,
        which know the days they were cut to, :meth:`days`, and the table's days beyond)."""
        table = collected(df)
        papers = prepare(table)
        mask = self.mask(papers)
        return (papers.restrict(mask, self.days()) if papers is table
                else table.filter(pl.Series(mask)))

    def days(self) -> dict[str, Window]:
        """The window of days this filter cuts the data to, by date column (none: it
        keeps papers, not days).

        >>> Filters(since=date(2025, 1, 1)).days()
        {'published_on': (datetime.date(2025, 1, 1), None)}
        >>> Filters(organizations=("meta",)).days()
        {}
        """
        if self.since is None and self.until is None:
            return {}
        return {self.date_column: (self.since, self.until)}

    def resolve(self, papers: Frame | Prepared, lookup: Lookup | None = None) -> Filters:
        """This filter with what a person typed turned into the values the data holds:
        organizations by handle or display name, authors and keywords in any case (keywords
        by any spelling or abbreviation of the vocabulary). Unknown values stay as typed
        (they keep no paper)."""
        if not (self.organizations or self.authors or self.keywords):
            return self
        lookup = lookup or Lookup(papers)
        return replace(
            self,
            organizations=tuple(lookup.organization(o) or o for o in self.organizations),
            authors=tuple(lookup.author(a) or a for a in self.authors),
            keywords=tuple(lookup.keyword(k, self.vocabulary) or k for k in self.keywords))

    # -- as a value -------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return self == Filters(date_column=self.date_column, vocabulary=self.vocabulary)

    def to_dict(self) -> dict[str, Any]:
        """The fields that filter, JSON-able (dates as ISO strings, tuples as lists)."""
        state = {}
        for name, value in asdict(self).items():
            if value == getattr(Filters, name, None) or value == ():
                continue
            state[name] = (value.isoformat() if isinstance(value, date)
                           else list(value) if isinstance(value, tuple) else value)
        return state

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> Filters:
        """The filter a :meth:`to_dict` dict describes; an unknown field is a clear error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(state) - known)
        if unknown:
            raise DailyPapersError(f"unknown filter {plural(len(unknown), 'field')} "
                                   f"{', '.join(unknown)}; the fields "
                                   f"are: {', '.join(sorted(known))}")
        values = dict(state)
        for name in ("since", "until"):
            if isinstance(values.get(name), str):
                try:
                    values[name] = date.fromisoformat(values[name])
                except ValueError:
                    raise DailyPapersError(f"filter field {name}: {values[name]!r} is not a "
                                           "date (YYYY-MM-DD)") from None
        return cls(**values)

    def describe(self, names: Mapping[str, str] | None = None,
                 keyword_labels: Mapping[str, str] | None = None) -> str:
        """The filter in plain words ("no filter" when it keeps everything); organizations
        by their display name when ``names`` (handle → name) has one, keywords by their
        label when ``keyword_labels`` (key → label) has one.

        Examples
        --------
        >>> Filters(organizations=("nvidia",)).describe({"nvidia": "NVIDIA"})
        'organization: NVIDIA'
        """
        names, keyword_labels = names or {}, keyword_labels or {}
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
            parts.append(f"{kind}: {', '.join(names.get(o, o) for o in self.organizations)}")
        if self.authors:
            kind = "author" if len(self.authors) == 1 else "authors"
            parts.append(f"{kind}: {' and '.join(self.authors)}")
        if self.keywords:
            kind = "keyword" if len(self.keywords) == 1 else "keywords"
            of = " (from text)" if self.vocabulary == "text" else ""
            parts.append(f"{kind}{of}: "
                         f"{' and '.join(keyword_labels.get(k, k) for k in self.keywords)}")
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
        if self.has_code:
            parts.append("with code")
        return "; ".join(parts) if parts else "no filter"

    def describe_in(self, lookup: Lookup) -> str:
        """:meth:`describe`, naming things as the data does: organizations by display name,
        keywords by label ("keyword: world models", not the key "world model")."""
        return self.describe(lookup.organization_names(),
                             lookup.keyword_labels(self.keywords, self.vocabulary))

    def replace(self, **changes: object) -> Filters:
        return replace(self, **changes)


def _rows_for(papers: Prepared, predicate: pl.Expr) -> pl.DataFrame:
    """The rows a predicate reads: a prepared frame where it holds the columns."""
    names = set(predicate.meta.root_names())
    if names <= set(papers.frame.columns) and "organization" not in names:
        return papers.frame  # organizations are Enums there: compare them on the table
    return papers.select([c for c in papers.table_columns if c in names])


def describe_data(df: Frame, filters: Filters | None = None,
                  names: Mapping[str, str] | None = None,
                  keyword_labels: Mapping[str, str] | None = None) -> str:
    """A one-line footnote naming the data: papers, date span, filter, sources in brief.

    Examples
    --------
    >>> papers = pl.DataFrame({"published_on": [date(2025, 1, 2)], "source": ["a.txt"],
    ...                        "source_format": ["text"]})
    >>> describe_data(papers)
    '1 paper · published 2025-01-02 → 2025-01-02 · filter: none · 1 copied page'
    """
    papers = prepare(df)
    frame = papers.frame
    first, last = (frame["published_on"].min(), frame["published_on"].max()) if frame.height \
        else (None, None)
    span = f"published {first} → {last}" if first else "no dates"
    what = (filters or Filters()).describe(names, keyword_labels)
    if filters is None and papers.mask is not None:  # kept by a filter not given: not "none"
        what = f"not named, of {counted(len(papers.mask), 'paper')}"
    return (f"{counted(frame.height, 'paper')} · {span} · "
            f"filter: {'none' if what == 'no filter' else what} · {name_sources(frame)}")


__all__ = ["DATE_COLUMNS", "SEARCHED", "Filters", "Lookup", "describe_data", "organization_names",
           "search_expression", "search_terms"]
