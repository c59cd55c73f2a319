"""Text search of papers: every word (or "quoted phrase") in a title, abstract, keyword or
author, ``-word`` in none. :class:`~dailypapers.filters.Filters` searches with it."""

from __future__ import annotations

import re

import numpy as np
import polars as pl

from .prepared import Prepared

#: What separates a paper's keywords (authors) in the searched text: no phrase spans two.
_FIELD_BREAK = " \u2016 "


def search_terms(query: str) -> list[tuple[bool, list[str]]]:
    """The terms of a search: ``(excluded, words)`` for each word, "quoted phrase" and
    ``-excluded`` term.

    Examples
    --------
    >>> search_terms('diffusion video -"world model" -RL')
    [(False, ['diffusion']), (False, ['video']), (True, ['world', 'model']), (True, ['RL'])]
    """
    terms = []
    for negated, phrase, word_negated, word in re.findall(r'(-?)"([^"]*)"?|(-?)(\S+)', query):
        words = (phrase or word).split()
        if words and words != ["-"]:
            terms.append((bool(negated or word_negated), words))
    return terms


def _pattern(words: list[str]) -> str:
    """A case-insensitive regex for ``words`` in order, whole words, the last one allowing a
    plural ending. A word boundary is asked for only beside a word character ("C++")."""
    body = r"[\s\-]+".join(re.escape(word) for word in words)
    first, last = words[0][0], words[-1][-1]
    left = r"\b" if re.match(r"\w", first) else ""
    right = r"(?:e?s)?\b" if re.match(r"\w", last) else ""
    return f"(?i){left}{body}{right}"


#: The columns a text search reads (see :func:`_search_fields`).
SEARCHED = ("title", "abstract", "keywords", "authors")


def _search_fields() -> list[pl.Expr]:
    """The fields a search reads, each as one text (a list joined)."""
    return [pl.col("title").cast(pl.String), pl.col("abstract").cast(pl.String),
            pl.col("keywords").list.join(_FIELD_BREAK),
            pl.col("authors").list.join(_FIELD_BREAK)]


def search_expression(query: str, fields: list[pl.Expr] | None = None) -> pl.Expr:
    """Whether a paper matches a search (see the module's table), as a polars expression
    (over ``fields``: by default title, abstract, keywords and authors).

    Examples
    --------
    >>> papers = pl.DataFrame({"title": ["RL for agents", "Control of URLs"],
    ...     "abstract": [None, None], "keywords": [["agent"], []], "authors": [["Ada"], []]})
    >>> papers.filter(search_expression("rl agent"))["title"].to_list()
    ['RL for agents']
    """
    keep = pl.lit(True)
    for excluded, words in search_terms(query):
        # field by field (no phrase spans two fields): joining them into one text first
        # would copy every abstract
        pattern = _pattern(words)
        found = pl.any_horizontal(field.str.contains(pattern).fill_null(False)
                                  for field in (fields or _search_fields()))
        keep &= ~found if excluded else found
    return keep



def _matching(papers: Prepared, text: str, where: np.ndarray) -> np.ndarray:
    """Whether each paper at positions ``where`` matches the search ``text`` (see
    :func:`search_expression`), its fields read a batch at a time (from the store for
    prepared papers whose abstracts stayed there)."""
    parts = papers.columns_of(where, SEARCHED)
    matched = np.zeros(len(where), dtype=bool)
    for part, subset in parts:
        # each field made one text once, read by every term of the search
        fields = subset.select(*(f.alias(f"f{i}") for i, f in enumerate(_search_fields())))
        matched[part] = fields.select(search_expression(
            text, [pl.col(name) for name in fields.columns]).fill_null(False)
        ).to_series().to_numpy()
    return matched




__all__ = ["SEARCHED", "search_expression", "search_terms"]
