"""The fit: the keyword tables learned from the bundled corpus of Daily Papers.

Which compounds modify the phrase they begin (``modifiers.txt``), which words are generic
(``generic_words.txt``) and which abbreviations the field defines (``abbreviations.json``) are
learned once, from the corpus, and shipped: a filter must not change what a keyword is.
Each rule applies to any table; the shipped files are its answer on the bundled corpus.
"""

from __future__ import annotations

import polars as pl

from ..texts import Texts
from .counter import TermCounter
from .keyphrases import MODIFIER_MIN_WRITTEN, MODIFIER_SHARE
from .terms import count_terms


def modifiers(frame: pl.DataFrame | Texts, share: float = MODIFIER_SHARE,
              min_written: int = MODIFIER_MIN_WRITTEN) -> list[str]:
    """The modifiers of a table by the module's rule, sorted: the compounds another word
    follows at least ``share`` of the times they are written in any spelling, among those
    written at least ``min_written`` times. "real-world" is mostly followed; "video
    generation", hardly ever hyphenated, is no modifier for its few "video-generation
    models".

    Examples
    --------
    >>> frame = pl.DataFrame({"abstract": ["Real-world agents and real-world robots.",
    ...     "Video generation; video-generation models.", "In the real world, real-world data"]})
    >>> modifiers(frame, min_written=2)
    ['real world']
    """
    counter = TermCounter(count_papers=False)
    for _ in count_terms(frame, counter, ("title", "abstract"), keep_pairs=False):
        pass
    followed = counter.followed(share)
    written = (counter.spellings().join(followed, on="keyword", how="semi")
               .group_by("keyword").agg(pl.col("n").sum()))
    return sorted(followed.join(written, on="keyword")
                  .filter((pl.col("n") >= min_written)
                          & (pl.col("followed") >= share * pl.col("n")))["keyword"].to_list())


__all__ = ["modifiers"]
