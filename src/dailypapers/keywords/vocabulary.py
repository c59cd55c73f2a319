"""A keyword vocabulary of a table: each paper's distinct keywords as codes, their labels,
and the names a person may type for them.

Made by :meth:`Vocabulary.of` from the (paper, keyword) pairs of :func:`.terms.keyword_pairs`;
prepared papers (:mod:`dailypapers.prepared`) make one per vocabulary when a question first
asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl

from ..codes import Flat
from ..grouped import distinct_sorted, halves
from ..memory import release_freed
from ..texts import Texts
from .abbreviations import shipped_abbreviations
from .aliases import Aliases, aliases_of
from .normalise import labels_of
from .terms import keyword_pairs


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """One keyword vocabulary of a table: each paper's distinct keywords as codes.

    ``view`` counts them (:class:`~dailypapers.codes.Flat`, indexed by code; its ``ties``
    rank the codes by key, to settle equal counts); ``keys`` is the normalised keyword of
    each code (codes sort as their labels do); ``known`` is every normalised keyword with
    its code (``keyword``, ``code``; sorted by keyword), what :meth:`codes_of` looks
    keywords up in. All are polars and numpy values: keyphrases held as Python strings and
    dict entries would take several times the memory.
    """

    view: Flat
    keys: pl.Series
    known: pl.DataFrame
    #: How often each spelling gave each keyword (``keyword, spelling, n``) and each
    #: keyword's label (``keyword, label``): what a typed keyword is looked up in.
    spelled: pl.DataFrame | None = None
    labels: pl.DataFrame | None = None
    #: Which vocabulary (``keywords`` or ``text``): the rule its keys were made by.
    source: str | None = None

    @classmethod
    def of(cls, papers: pl.DataFrame, source: str, texts: Texts | None = None) -> Vocabulary:
        """The vocabulary of ``source`` (``keywords`` or ``text``) of ``papers`` (titles and
        abstracts read from ``texts`` when given)."""
        pairs, spelled = keyword_pairs(papers, source, texts=texts)
        release_freed()  # what finding them freed, before the labels are sorted
        labels = labels_of(spelled)
        enum = pl.Enum(labels["label"].sort())
        lists = _label_lists(pairs, labels, enum, papers.height)
        del pairs  # the largest table of the build: gone before the view is indexed
        release_freed()
        # a code's key is the keyword its label names (not the label normalised again:
        # "large language models (LLMs)" is the label of "large language model")
        coded = (labels.join(enum.categories.to_frame("label").with_row_index("code"),
                             on="label").sort("code", "keyword"))
        keys = coded.unique("code", keep="first", maintain_order=True)["keyword"]
        # each code's place among the keys in sorted order (a sort by string, once)
        ranks = np.empty(keys.len(), dtype=np.int64)
        ranks[keys.arg_sort().to_numpy()] = np.arange(keys.len())
        view = Flat(lists, ties=ranks, pinned=True)
        return cls(view, keys, coded.select("keyword", pl.col("code").cast(pl.Int64))
                   .sort("keyword"), spelled, labels, source)

    @cached_property
    def aliases(self) -> Aliases:
        """What a person may type for each keyword → its key, the one resolver (made when
        first asked: the filter box, the trends and the command line look keywords up in it)."""
        rule = shipped_abbreviations(self.source) if self.source is not None else None
        if self.spelled is None or self.labels is None:
            return Aliases.of(pl.DataFrame({"alias": self.keys, "key": self.keys}), rule)
        return aliases_of(self.spelled, self.labels, rule)

    def codes_of(self, keywords: list[str]) -> np.ndarray:
        """The code of each normalised keyword; -1 for one the vocabulary lacks."""
        if not keywords or self.known.is_empty():
            return np.full(len(keywords), -1, dtype=np.int64)
        known = self.known["keyword"]
        asked = pl.Series(keywords, dtype=pl.String)
        at = known.search_sorted(asked, side="left").to_numpy().clip(max=known.len() - 1)
        found = (known.gather(at) == asked).fill_null(False).to_numpy()
        return np.where(found, self.known["code"].to_numpy()[at], -1)


def _label_lists(pairs: pl.DataFrame, labels: pl.DataFrame, enum: pl.Enum, height: int
                 ) -> pl.Series:
    """Each row's distinct labels (``List(enum)``, in label order; null for a row without
    any) of keyword ``pairs`` (``_row``, ``keyword`` categorical). Done in integers, in
    place where it can be: the pairs are some fifteen a paper, and a string per pair would
    take far more memory."""
    present = pairs["keyword"].unique()
    coded = (pl.DataFrame({"keyword": present.cast(pl.String),
                           "physical": present.to_physical()})
             .join(labels, on="keyword")
             .select("physical", code=pl.col("label").cast(enum).to_physical()))
    unlabelled = np.uint32(2**32 - 1)
    label_of = np.full(int(present.to_physical().max() or 0) + 1, unlabelled, dtype=np.uint32)
    label_of[coded["physical"].to_numpy()] = coded["code"].to_numpy()
    codes = label_of[pairs["keyword"].to_physical().to_numpy()]
    # (row, label) in one integer: sorted, a row's labels come together and once each
    packed = pairs["_row"].to_numpy().astype(np.uint64)
    packed <<= np.uint64(32)
    packed |= codes
    if (codes == unlabelled).any():
        packed = packed[codes != unlabelled]
    del codes
    packed = distinct_sorted(packed)
    label, row = halves(packed)
    by_row = (pl.DataFrame({
        "_row": pl.Series(row, dtype=pl.UInt32).set_sorted(),
        "label": pl.Series(enum.categories).cast(enum).gather(pl.Series(label))})
        .group_by("_row", maintain_order=True).agg("label"))
    del packed, label, row
    return (pl.DataFrame({"_row": pl.int_range(height, eager=True, dtype=pl.UInt32)})
            .join(by_row, on="_row", how="left", maintain_order="left")["label"])



__all__ = ["Vocabulary"]
