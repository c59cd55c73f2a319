"""What a person types, found in the data: organizations, authors and keywords.

One place reads typed names for every filter: the panel's boxes, :meth:`Filters.resolve
<dailypapers.filters.Filters.resolve>` and the command line. Keywords go through the one
resolver (:meth:`~dailypapers.keywords.aliases.Aliases.key_of`).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .frames import Frame
from .keywords.aliases import Aliases
from .prepared import Prepared, prepare
from .search import _matching


class Lookup:
    """What a person types, found in the data: organizations by handle or display name,
    authors by name, keywords by key, label or any spelling — all in any case.

    Made from a table (read once) or prepared papers (their table's codes and vocabularies).
    It also keeps which papers match the last search (:attr:`last_search`): a panel's other
    filters change while its search stays.

    Examples
    --------
    >>> papers = pl.DataFrame({"organization": ["nvidia"], "organization_name": ["NVIDIA"],
    ...                        "authors": [["Ada Lovelace"]], "keywords": [["LLMs"]]})
    >>> lookup = Lookup(papers)
    >>> lookup.organization("NVIDIA"), lookup.author("ada lovelace"), lookup.keyword("LLM")
    ('nvidia', 'Ada Lovelace', 'large language model')
    """

    def __init__(self, papers: Frame | Prepared):
        self._papers = prepare(papers)
        self._organizations: dict[str, str] | None = None
        self._names: dict[str, str] | None = None
        self._authors: dict[str, str] | None = None
        self._keywords: dict[str, Aliases] = {}
        #: The last search and which papers match it: the other filters of a panel change
        #: while a search stays, and a search reads every abstract.
        self.last_search: tuple[str, np.ndarray] | None = None

    def searched(self, text: str) -> np.ndarray:
        """Whether each of these papers matches the search ``text`` (the last text's answer
        is kept: :attr:`last_search`)."""
        if self.last_search is None or self.last_search[0] != text:
            every = np.arange(self._papers.height)  # a DataFrame or prepared papers
            self.last_search = (text, _matching(self._papers, text, every))
        return self.last_search[1]

    def organization(self, typed: str) -> str | None:
        """The handle of an organization typed as handle or display name, or
        ``"Name · handle"`` (as the panel suggests it)."""
        if self._organizations is None:
            self._organizations = {}
            for handle, name in self.organization_names().items():
                self._organizations.setdefault(name.casefold(), handle)
            for handle in self.organization_names():
                self._organizations[handle.casefold()] = handle  # a handle wins over a name
        typed = typed.strip()
        if " · " in typed:
            typed = typed.rsplit(" · ", 1)[1]
        return self._organizations.get(typed.casefold())

    def organization_names(self) -> dict[str, str]:
        """Each organization's display name by handle (the handle when it has none), most
        papers first (:func:`organization_names`)."""
        if self._names is None:
            self._names = dict(organization_names(self._papers).iter_rows())
        return self._names

    def author(self, typed: str) -> str | None:
        """An author's name as the data writes it."""
        if self._authors is None:
            self._authors = {}
            for name in self._papers.authors.categories.to_list():
                self._authors.setdefault(name.casefold(), name)
        return self._authors.get(typed.strip().casefold())

    def keyword(self, typed: str, vocabulary: str = "keywords") -> str | None:
        """The key of the keyword of ``vocabulary`` that ``typed`` names (``None``: none),
        by the one resolver, :meth:`~dailypapers.keywords.aliases.Aliases.key_of`."""
        if vocabulary not in self._keywords:
            self._keywords[vocabulary] = self._papers.keywords(vocabulary)[1].aliases
        return self._keywords[vocabulary].find(typed)

    def keyword_label(self, key: str, vocabulary: str = "keywords") -> str:
        """The label a keyword's ``key`` is shown by (``"world model"`` → ``"world
        models"``), as the charts show it; a key the vocabulary lacks stands for itself."""
        _, found = self._papers.keywords(vocabulary)
        code = found.codes_of([key])
        return key if code[0] < 0 else found.view.labels_of(code)[0]

    def keyword_labels(self, keys: tuple[str, ...], vocabulary: str = "keywords"
                       ) -> dict[str, str]:
        """:meth:`keyword_label` of each of ``keys``."""
        return {key: self.keyword_label(key, vocabulary) for key in keys}


def organization_names(papers: Frame | Prepared) -> pl.DataFrame:
    """Each organization's handle and display name (the handle when it has none), most
    papers first, then by handle."""
    frame = prepare(papers).frame
    if "organization" not in frame.columns:
        return pl.DataFrame(schema={"organization": pl.String, "organization_name": pl.String})
    name = (pl.col("organization_name") if "organization_name" in frame.columns
            else pl.col("organization"))
    return (frame.filter(pl.col("organization").is_not_null())
            .group_by(pl.col("organization").cast(pl.String))
            .agg(pl.len(), name.cast(pl.String).drop_nulls().mode().first().alias("name"))
            .sort(["len", "organization"], descending=[True, False])
            .select("organization",
                    organization_name=pl.coalesce("name", "organization")))


__all__ = ["Lookup", "organization_names"]
