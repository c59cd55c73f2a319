"""Keyphrases of titles and abstracts: the terms a researcher would name as topics.

:class:`~dailypapers.keywords.counter.TermCounter` gives each paper's candidates: its distinct
normalised one- and two-token sequences, never across punctuation or a stop word (a
hyphenated token brings all its words: "text-to-image generation" is one candidate of four
words). Five rules, each a known one, say which candidates are keyphrases:

=================  ==========================================================================
rule               what it does, and where it comes from
=================  ==========================================================================
abbreviations      the field's definitions "long form (SF)" in running text (Schwartz &
                   Hearst 2003, :func:`~dailypapers.keywords.definitions.definitions_in`; learned
                   from the bundled corpus and shipped:
                   :func:`~dailypapers.keywords.abbreviations.shipped_abbreviations`) merge an
                   abbreviation with its long form: a paper that says "LLMs" holds "large
                   language models", labelled "large language models (LLMs)"; a paper that
                   holds every consecutive word pair of a long form holds the long form
terms, not words  a keyphrase has two words or more: C-value (Frantzi, Ananiadou & Mima
                   2000) ranks multi-word terms only; one word ("models", "reasoning") is a
                   keyphrase only as an abbreviation with its long form
nested fragments  where a paper holds a longer keyphrase, the shorter ones inside it are
                   not counted again: "large language" and "language models" inside "large
                   language models" (C-value's nesting, decided per paper)
generic words     a candidate whose words are all generic scholarly words ("state of the
                   art", "superior performance", "wide range"), or that a paper writes
                   after one alone ("strong baselines"; a hyphenated compound such as
                   "fine-tuning" may begin with one: told per paper, where it is written),
                   is no keyphrase, unless it is
                   the long form of an abbreviation defined at least
                   :data:`SHARED_DEFINITIONS` times that is not generic itself ("large
                   language models": "LLMs" is a term of art, "SOTA" is not)
modifiers          a hyphenated compound that another word follows at least
                   :data:`~.generic.MODIFIER_SHARE` of the times it is written ("real-world
                   applications", "zero-shot transfer", "pre-trained models") modifies the
                   phrase it begins and is no keyphrase alone (C-value's nesting, counted
                   over a corpus), unless it is the long form of such an abbreviation
=================  ==========================================================================

Generic words and modifiers are rules of one word over a corpus (:mod:`.generic`); the
package ships their answers on the bundled corpus, and the abbreviations the same way
(:func:`abbreviations_in` is their rule on titles and abstracts): the fit step (:mod:`.fit`)
writes all three, and a test keeps them its answer. Every other rule looks at one keyword or
one paper, never at which other papers are counted: a paper's keyphrases are the same in the
whole table and in any part of it.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import polars as pl

from ..grouped import distinct_sorted, halves, kept_in_place
from ..texts import Texts, texts_of
from .abbreviations import Abbreviations, learn
from .definitions import definitions_in
from .generic import (
    made_of_generic_words_expr,
    shipped_generic_words,
    shipped_modifiers,
)
from .normalise import STOP_WORDS, normalize_expr

#: An abbreviation excuses its generic-looking long form ("language models (LMs)") when the
#: table defines it this often: a term of art the field shares, not one paper's coinage.
SHARED_DEFINITIONS = 5
def abbreviations_in(frame: pl.DataFrame | Texts) -> Abbreviations:
    """The abbreviations titles and abstracts define, as :func:`~.abbreviations.learn`
    settles them; only those with a long form of two words or more, defined at least twice
    (one paper's coinage is not the field's), are merged. Texts in the store
    (:class:`~dailypapers.texts.Texts`) are read a batch at a time."""
    texts = frame if isinstance(frame, Texts) else Texts.of(frame)
    present = [c for c in ("title", "abstract") if c in texts.columns]
    found = learn(*definitions_in(texts_of(batch, tuple(present))
                                  for batch in texts.batches(present)) if present else ([], []))
    shared = {short: long for short, long in found.merged.items()
              if found.definitions.get(short, 0) >= 2 and " " in long}
    longs = set(shared.values())
    # a long form spelled another way ("sparse auto encoder") still joins it
    shared |= {variant: long for variant, long in found.merged.items()
               if variant not in found.definitions and "(" not in variant and long in longs}
    found.merged = shared
    # a label shows the abbreviation merged: one paper's coinage ("diffusion models (DM)",
    # defined once) labels no keyphrase
    found.labels = {long: label for long, label in found.labels.items() if long in longs}
    return found


def keyphrase_pairs(pairs: pl.DataFrame, spelled: pl.DataFrame, abbreviations: Abbreviations,
                    generic: frozenset[str] | None = None
                    ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The keyphrases among candidate pairs (``_row``, ``keyword``: a paper's distinct
    normalised candidates; ``led``, when given: the paper writes that candidate led by a
    generic word alone, see :func:`candidates_of`) by the module's rules, and the spellings
    (``keyword``, ``spelling``, ``n``) of those that remain, a merged long form spelled by
    its label.

    Examples
    --------
    >>> pairs = pl.DataFrame({"_row": [0, 0, 0, 0, 1, 1], "keyword": [
    ...     "large language", "language model", "llm", "superior performance",
    ...     "diffusion model", "model"]})
    >>> spelled = pl.DataFrame({"keyword": ["llm"], "spelling": ["llms"], "n": [1]})
    >>> found = learn(["large language models (LLMs)"], [5])
    >>> kept, _ = keyphrase_pairs(pairs, spelled, found, frozenset({"superior", "performance"}))
    >>> kept.sort("_row", "keyword").rows()
    [(0, 'large language model'), (1, 'diffusion model')]
    """
    generic = shipped_generic_words() if generic is None else generic
    led = pl.col("led") if "led" in pairs.columns else pl.lit(False)
    pairs = pairs.select(pl.col("_row").cast(pl.UInt32), pl.col("keyword").cast(pl.String),
                         led=led)
    sifted, candidate = numbered_candidates(pairs, abbreviations, generic)
    coded = pairs.select("_row", candidate=candidate).drop_nulls("candidate")
    found, spelled = keyphrases_of_sifted(coded, sifted, spelled, abbreviations, generic)
    return found.with_columns(pl.col("keyword").cast(pl.String)), spelled


def numbered_candidates(named: pl.DataFrame, abbreviations: Abbreviations,
                        generic: frozenset[str]) -> tuple[pl.DataFrame, pl.Series]:
    """The candidates (:func:`candidates_of` :func:`sift`'s answer) of candidates as they
    occur (``named``: ``keyword``, ``led``; one row a term or a pair) and, per row of
    ``named``, its candidate's row number (null where none counts): the one way the counter
    and :func:`keyphrase_pairs` map what a paper writes to what the rules keep."""
    sifted = candidates_of(sift(named["keyword"].unique(), abbreviations, generic),
                           named.select("keyword", "led"))
    candidate = named.select("keyword", "led").join(
        sifted.select("keyword", "led").with_row_index("candidate"), on=["keyword", "led"],
        how="left", maintain_order="left")["candidate"]
    return sifted, candidate


def keyphrases_of_sifted(pairs: pl.DataFrame, sifted: pl.DataFrame, spelled: pl.DataFrame,
                         abbreviations: Abbreviations, generic: frozenset[str]
                         ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`keyphrase_pairs` for candidates already sifted: the rules that look at a paper.

    ``sifted`` is :func:`candidates_of` :func:`sift`'s answer; ``pairs`` (``_row``,
    ``candidate``) holds each paper's candidates as row numbers of ``sifted``. Papers and
    keyphrases stay integers until the end (a million abstracts hold some fifteen million
    keyphrase pairs): returns (``_row``, ``keyword`` categorical) and the spellings of the
    keyphrases found.
    """
    # every keyphrase a paper may end with, numbered: the sifted terms and the long forms a
    # paper holds through its word pairs (those that are keyphrases themselves)
    longs = _completable(abbreviations.merged)
    long_terms = sift(pl.Series(longs, dtype=pl.String), abbreviations, generic)
    long_terms = long_terms.filter(pl.col("term").is_not_null())["keyword"]
    terms = (pl.concat([sifted["term"].drop_nulls(), long_terms]).unique(maintain_order=True)
             .to_frame("keyword").with_row_index("term_id"))
    term_of = sifted.select("term").join(terms, left_on="term", right_on="keyword", how="left",
                                         maintain_order="left")["term_id"]
    # (paper, keyphrase) pairs as integers, keyphrase in the high bits, sorted and distinct
    # (an abbreviation and its long form give one keyphrase)
    completed = _packed(_completed_long_forms(pairs, sifted, terms, long_terms.to_list()))
    term_id = term_of.fill_null(-1).cast(pl.Int32).to_numpy()[pairs["candidate"].to_numpy()]
    held = term_id >= 0
    n_held = int(np.count_nonzero(held))
    keys = np.empty(n_held + completed.len(), dtype=np.uint64)
    # written in place: a copy of the keys would double the step's peak memory
    held_keys = keys[:n_held]
    held_keys[:] = term_id[held]
    held_keys <<= _TERM_BITS
    held_keys |= pairs["_row"].to_numpy()[held]
    keys[n_held:] = completed.to_numpy()
    del term_id, held, held_keys, completed
    keys = distinct_sorted(keys)
    keys = _without(keys, _inside_longer(keys, terms))
    rows, term_ids = halves(keys)
    found = pl.DataFrame({"_row": pl.Series(rows, dtype=pl.UInt32),
                          "keyword": terms["keyword"].cast(pl.Categorical).gather(
                              pl.Series(term_ids, dtype=pl.UInt32))})
    used = np.zeros(terms.height, dtype=bool)
    used[term_ids] = True
    del keys, rows, term_ids
    kept = terms.filter(pl.Series(used)).select("keyword")
    merged = abbreviations.merged
    if merged:
        spelled = spelled.with_columns(pl.col("keyword").replace(merged))
    labels = abbreviations.labels
    spelled = (spelled.join(kept, on="keyword", how="semi")
               .with_columns(spelling=pl.col("keyword").replace_strict(
                   labels, default=pl.col("spelling"), return_dtype=pl.String)))
    # a long form found only through its word pairs is spelled by its label too
    unspelled = kept.join(spelled, on="keyword", how="anti").filter(
        pl.col("keyword").is_in(list(labels)))
    spelled = pl.concat([spelled, unspelled.with_columns(
        spelling=pl.col("keyword").replace_strict(labels, return_dtype=pl.String),
        n=pl.lit(1, spelled.schema["n"]))], how="vertical_relaxed")
    return found, spelled


_TERM_BITS = np.uint64(32)
_TERM = 1 << 32  # a packed (paper, keyphrase) pair: keyphrase × _TERM + paper


def _without(keys: np.ndarray, dropped: np.ndarray) -> np.ndarray:
    """The sorted ``keys`` but those in ``dropped``: ``keys`` compacted in place (a view of
    it is returned)."""
    if not len(dropped) or not len(keys):
        return keys
    dropped = np.sort(dropped)  # sorted needles: the binary searches walk memory in order
    at = np.searchsorted(keys, dropped).clip(max=len(keys) - 1)
    keep = np.ones(len(keys), dtype=bool)
    keep[at[keys[at] == dropped]] = False
    del at
    return kept_in_place(keys, keep)


def _packed(pairs: pl.DataFrame) -> pl.Series:
    """(``_row``, ``term_id``) pairs as one integer each, term in the high bits."""
    return pairs.select(key=pl.col("term_id").cast(pl.UInt64) * _TERM
                        + pl.col("_row").cast(pl.UInt64))["key"]


#: The candidates :func:`sift` keeps for a paper to look at: a keyphrase, or a word pair a
#: long form needs.
USEFUL = pl.col("term").is_not_null() | pl.col("pair_of_long")


def sift(keywords: pl.Series, abbreviations: Abbreviations, generic: frozenset[str],
         modifying: frozenset[str] | None = None) -> pl.DataFrame:
    """The distinct candidates that count, by the rules that look at a keyword alone (not at
    a paper): ``keyword``, ``term`` (its long form when an abbreviation; null when it is no
    keyphrase: one word, generic, a modifier), ``led_term`` (the term of the keyword where
    a paper writes it led by a generic word alone, "strong baselines": only an excused long
    form's) and ``pair_of_long`` (a consecutive word pair of a long form, which a paper
    needs to hold it); the rows :data:`USEFUL` keeps, in the order of ``keywords``.
    ``modifying``: the modifiers (:func:`~.generic.shipped_modifiers` if not given)."""
    merged = abbreviations.merged
    excused = [long for short, long in merged.items()
               if " " not in short and short not in generic
               and abbreviations.definitions.get(short, 0) >= SHARED_DEFINITIONS]
    pairs_of_long = (pl.Series([pair for long in _completable(merged)
                                for pair in _word_pairs(long)], dtype=pl.String)
                     .to_frame("p").select(normalize_expr(pl.col("p")))["p"])
    # one word is a keyphrase only as an abbreviation: the rest need not be looked at
    frame = (keywords.rename("keyword").cast(pl.String).to_frame()
             .filter(pl.col("keyword").str.contains(" ", literal=True)
                     | pl.col("keyword").is_in(list(merged))))
    modifying = shipped_modifiers() if modifying is None else modifying
    term = pl.col("keyword").replace(merged) if merged else pl.col("keyword")
    return (frame.with_columns(term=term)
            .with_columns(term=pl.when(
                pl.col("term").str.contains(" ", literal=True)
                & (pl.col("term").is_in(excused)
                   | ~(made_of_generic_words_expr(pl.col("term"), generic)
                       | pl.col("keyword").is_in(list(modifying)))))
                .then(pl.col("term")),
                pair_of_long=pl.col("keyword").is_in(pairs_of_long.implode()))
            .with_columns(led_term=pl.when(pl.col("term").is_in(excused)).then("term"))
            .filter(USEFUL))


def candidates_of(sifted: pl.DataFrame, present: pl.DataFrame) -> pl.DataFrame:
    """What a paper's candidate pairs are mapped to, numbered by row: each of :func:`sift`'s
    keywords as written (``led`` false) and led by a generic word written alone (``led``
    true: its ``term`` only when excused), of the (``keyword``, ``led``) that are
    ``present``, the rows :data:`USEFUL` keeps (``keyword``, ``led``, ``term``,
    ``pair_of_long``). "Led" is a fact of one paper's writing, so the rule gives each paper
    the same keyphrases whichever papers are counted with it.

    Examples
    --------
    >>> sifted = sift(pl.Series(["strong baseline", "large language model"]),
    ...               learn(["large language models (LLMs)"], [5]), frozenset({"strong", "large"}))
    >>> present = pl.DataFrame({"keyword": ["strong baseline", "large language model"] * 2,
    ...                         "led": [False, False, True, True]})
    >>> found = candidates_of(sifted, present)
    >>> found.filter(~pl.col("led"))["keyword"].to_list()
    ['strong baseline', 'large language model']
    >>> found.filter("led")["keyword"].to_list()  # led, only an excused long form counts
    ['large language model']
    """
    written = sifted.select("keyword", led=pl.lit(False), term="term", pair_of_long="pair_of_long")
    led = sifted.select("keyword", led=pl.lit(True), term="led_term", pair_of_long="pair_of_long")
    # a keyword a paper writes only one way has no row for the other (rows and their
    # spellings that the peak memory would otherwise hold)
    return (pl.concat([written, led]).filter(USEFUL)
            .join(present, on=["keyword", "led"], how="semi", maintain_order="left"))


def _completable(merged: dict[str, str]) -> list[str]:
    """Long forms of three words or more without a stop word: a paper can hold all their
    word pairs."""
    return sorted({long for long in merged.values() if long.count(" ") >= 2
                   and not set(long.split(" ")) & STOP_WORDS})


def _word_pairs(keyword: str) -> list[str]:
    words = keyword.split(" ")
    return [f"{a} {b}" for a, b in pairwise(words)]


def _completed_long_forms(pairs: pl.DataFrame, sifted: pl.DataFrame, terms: pl.DataFrame,
                          longs: list[str]) -> pl.DataFrame:
    """(``_row``, ``term_id``) for each paper holding every consecutive word pair of one of
    ``longs`` (long forms of three words or more without a stop word, which are keyphrases:
    a paper can hold all their pairs). ``pairs``, ``sifted`` and ``terms`` as
    :func:`keyphrases_of_sifted` has them."""
    parts = pl.DataFrame({"long": longs, "pair": [_word_pairs(long) for long in longs]},
                         schema={"long": pl.String, "pair": pl.List(pl.String)})
    needed = (parts.explode("pair").with_columns(normalize_expr(pl.col("pair")))
              .with_columns(needed=pl.col("pair").n_unique().over("long"))
              .join(terms, left_on="long", right_on="keyword")
              .join(sifted.select("keyword").with_row_index("candidate"), left_on="pair",
                    right_on="keyword"))
    if needed.is_empty():
        return pl.DataFrame(schema={"_row": pl.UInt32, "term_id": pl.UInt32})
    # distinct word pairs: a paper may hold one pair twice, led and written as it is
    return (pairs.join(needed.select("candidate", "term_id", "needed", "pair"), on="candidate")
            .group_by("_row", "term_id").agg(pl.col("pair").n_unique(),
                                              pl.col("needed").first())
            .filter(pl.col("pair") == pl.col("needed")).select("_row", "term_id"))


#: Keyphrases longer than this many words are not looked inside for fragments (rare).
_LONGEST = 8


def _inside_longer(keys: np.ndarray, terms: pl.DataFrame) -> np.ndarray:
    """For the packed (paper, keyphrase) pairs ``keys`` (:func:`_packed`), the packed
    (paper, fragment) pairs of the keyphrases of ``terms`` that lie inside a longer one the
    paper holds: those the paper holds are nested fragments, not counted again."""
    longer = terms.with_columns(words=pl.col("keyword").str.split(" ")).filter(
        pl.col("words").list.len().is_between(3, _LONGEST))
    size = pl.col("words").list.len()
    spans = [longer.filter((size >= start + length) & (size > length)).select(
        "term_id", fragment=pl.col("words").list.slice(start, length).list.join(" "))
        for length in range(2, _LONGEST) for start in range(_LONGEST - length)]
    fragments = (pl.concat(spans).with_columns(normalize_expr(pl.col("fragment")))
                 .join(terms.rename({"term_id": "fragment_id", "keyword": "fragment"}),
                       on="fragment")
                 .select("term_id", "fragment_id").unique())
    # from each paper's longer keyphrases to the fragments inside them (a few each): never
    # from a fragment to every longer term holding it. Most pairs hold a term of two words,
    # which has no fragment: those are left out first, in integers
    has_fragments = np.zeros(terms.height, dtype=bool)
    has_fragments[fragments["term_id"].to_numpy()] = True
    longer_keys = keys[has_fragments[halves(keys)[1]]]
    rows, term_ids = halves(longer_keys)
    held = pl.DataFrame({"row": pl.Series(rows, dtype=pl.UInt32),
                         "term_id": pl.Series(term_ids, dtype=pl.UInt32)})
    return (held.join(fragments, on="term_id")
            .select(key=pl.col("fragment_id").cast(pl.UInt64) * _TERM
                    + pl.col("row").cast(pl.UInt64))["key"].to_numpy())


__all__ = ["SHARED_DEFINITIONS", "abbreviations_in", "candidates_of", "keyphrase_pairs",
           "numbered_candidates", "sift"]
