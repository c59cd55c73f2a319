"""Generic words and modifiers: rules of one word (or compound) learned over a corpus.

A word is *generic* when its residual IDF (Church & Gale 1995: how much rarer it is across
papers than chance would make a word that frequent) is below :data:`GENERIC_RIDF` and at
least :data:`GENERIC_MIN_SHARE` of papers use it. Words of topics cluster in the papers about
them ("video", "diffusion": residual IDF above 1); words every paper may use spread like
chance ("performance" 0.07, "framework" 0.10). Being a generic word is a fact of a word; a
keyword *made of generic words* ("state of the art") is a fact of a keyword
(:func:`made_of_generic_words_expr`).

A hyphenated compound that another word mostly follows ("real-world applications") is a
*modifier*: it modifies the phrase it begins. Both rules apply to any table
(:func:`generic_words`, :func:`~dailypapers.keywords.fit.modifiers`); the package ships their
answers on the bundled corpus (:func:`shipped_generic_words`, :func:`shipped_modifiers`),
written by the fit step, so that a filter does not change what a keyword is.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import polars as pl

from ..texts import texts_of
from .normalise import STOP_WORDS, TOKEN_PATTERN, normalize_expr

#: A word is generic below this residual IDF (bits) …
GENERIC_RIDF = 0.5
#: … when at least this share of papers use it (rarer words say too little to judge).
GENERIC_MIN_SHARE = 0.005
#: A hyphenated compound followed by another word at least this share of the times it is
#: written is a modifier, no keyphrase alone: on the shipped abstracts "real-world" (86 %
#: by a rough count), "pre-trained", "zero-shot", "text-to-image", "real-time"; not
#: "fine-tuning", "pre-training" or "out-of-distribution" (40–70 %).
MODIFIER_SHARE = 0.75
#: A compound written fewer times than this in the corpus is not judged a modifier.
MODIFIER_MIN_WRITTEN = 10


@cache
def shipped_generic_words() -> frozenset[str]:
    """The generic-word rule's answer on the bundled corpus (generic_words.txt), read once."""
    return _shipped("generic_words.txt")


@cache
def shipped_modifiers() -> frozenset[str]:
    """The modifier rule's answer on the bundled corpus (modifiers.txt), read once."""
    return _shipped("modifiers.txt")


def _shipped(name: str) -> frozenset[str]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def word_statistics(frame: pl.DataFrame) -> pl.DataFrame:
    """Per normalised word of titles and abstracts (hyphenated tokens split into their
    words; stop words left out): ``papers`` using it, ``occurrences``, and ``ridf``, its
    residual IDF in bits, ``-log2(papers/N) + log2(1 - exp(-occurrences/N))``.

    Examples
    --------
    >>> frame = pl.DataFrame({"title": ["video video video", "strong results", "strong video"]})
    >>> word_statistics(frame).sort("word").rows()
    [('result', 1, 1, -0.23), ('strong', 2, 2, -0.45), ('video', 2, 4, 0.14)]
    """
    n = max(frame.height, 1)
    words = (texts_of(frame).str.to_lowercase().str.extract_all(TOKEN_PATTERN)
             .to_frame("token").with_row_index("row").explode("token")
             .with_columns(word=pl.col("token").str.split("-")).explode("word")
             .filter(pl.col("word").str.len_chars() > 1
                     & ~pl.col("word").is_in(list(STOP_WORDS)))
             .with_columns(normalize_expr(pl.col("word")))
             .filter(pl.col("word").str.len_chars() > 1))
    return (words.group_by("word").agg(papers=pl.col("row").n_unique(), occurrences=pl.len())
            .with_columns(pl.col("papers").cast(pl.Int64), pl.col("occurrences").cast(pl.Int64))
            .with_columns(ridf=(-(pl.col("papers") / n).log(2)
                                + (1 - (-pl.col("occurrences") / n).exp()).log(2)).round(2))
            .select("word", "papers", "occurrences", "ridf"))


def generic_words(frame: pl.DataFrame, ridf: float = GENERIC_RIDF,
                  min_share: float = GENERIC_MIN_SHARE) -> list[str]:
    """The generic words of a table by the module's rule, sorted.

    Examples
    --------
    >>> frame = pl.DataFrame({"abstract": ["video video video", "strong results",
    ...                                    "strong video video", "results"]})
    >>> generic_words(frame)  # "video" clusters in two papers: a topic
    ['result', 'strong']
    """
    stats = word_statistics(frame)
    least = min_share * frame.height
    return sorted(stats.filter((pl.col("papers") >= least) & (pl.col("ridf") < ridf))["word"])


def made_of_generic_words_expr(keyword: pl.Expr, generic: frozenset[str]) -> pl.Expr:
    """Whether each normalised keyword is *made of generic words*: every word of it a
    generic word (the set ``generic``) or a stop word ("state of the art"). A generic word is
    a fact of one word (:func:`generic_words`); being made of them, of a keyword."""
    words = keyword.str.split(" ")
    return words.list.eval(pl.element().is_in(list(generic | STOP_WORDS))).list.all()


__all__ = ["GENERIC_MIN_SHARE", "GENERIC_RIDF", "MODIFIER_MIN_WRITTEN", "MODIFIER_SHARE",
           "generic_words", "made_of_generic_words_expr", "shipped_generic_words",
           "shipped_modifiers", "word_statistics"]
