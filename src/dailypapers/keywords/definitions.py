"""Definitions "long form (SF)": the one bracket parser, and Schwartz & Hearst's test.

A candidate "long form (SF)" is a definition when the short form passes Schwartz & Hearst's
test (2003, "A simple algorithm for identifying abbreviation definitions in biomedical
text"): 2–10 characters with a letter first, and its letters and digits found in the long
form in order, right to left, the first one at the start of a word. "(2023)" and "(see
Fig. 2)" are not definitions.

The Hub's keywords define their abbreviations themselves ("large language models (LLMs)",
"Mixture-of-Experts (MoE)"). Titles and abstracts define them in running text ("… with large
language models (LLMs) we …"): :func:`definitions_in` reads, before each parenthesised short
form, at most ``min(|SF| + 5, 2·|SF|)`` words of the same clause (Schwartz & Hearst's window)
and keeps the run of them that the short form abbreviates (:func:`defining_run`: preferably
one whose words begin with its letters). Only short forms with two capitals ("LLMs", "CoT",
"RL"; not "(Fig)", "(ours)") are read there, so a word in brackets is not taken for an
abbreviation.

Every bracket is read by the patterns here (:data:`BRACKET`, :data:`TRAILING`): a bracket
holds no bracket, and "a text ending in one" is the same rule in Python
(:func:`trailing_bracket`) and in polars (:func:`trailing_bracket_expr`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import polars as pl

#: A bracket and what it holds (no bracket inside): "(LLMs)".
BRACKET = r"\((?P<inside>[^()]+)\)"
_BRACKET = re.compile(r"\s*" + BRACKET)
#: A text that ends with a bracket, what comes before it and what it holds.
TRAILING = r"^(?P<before>.*?)\s*" + BRACKET + "$"
_TRAILING = re.compile(TRAILING, re.DOTALL)
#: What a spelling that may define an abbreviation ends with (:func:`definition` strips the
#: text first): the others are left out before spellings are counted for definitions.
MAY_DEFINE = r"\)\s*$"


def trailing_bracket(text: str) -> tuple[str, str] | None:
    """``(before, inside)`` of a text that ends with a bracket, else ``None``.

    Examples
    --------
    >>> trailing_bracket("large language models (LLMs)")
    ('large language models', 'LLMs')
    >>> trailing_bracket("GPT-4 (OpenAI) model") is None, trailing_bracket("(a) b (c)")
    (True, ('(a) b', 'c'))
    """
    match = _TRAILING.match(text)
    return None if match is None else (match["before"], match["inside"])


def trailing_bracket_expr(text: pl.Expr) -> pl.Expr:
    """What the bracket a text ends with holds (null when it ends with none): polars'
    :func:`trailing_bracket`.

    Examples
    --------
    >>> pl.select(trailing_bracket_expr(pl.lit("large language models (LLMs)"))).item()
    'LLMs'
    """
    return text.str.extract(r"\(([^()]+)\)$", 1)


def _short_form(text: str) -> bool:
    """Whether ``text`` may be a short form: 2–10 characters, no space or bracket."""
    return 2 <= len(text) <= 10 and not any(c.isspace() or c in "()" for c in text)


def definition(text: str) -> tuple[str, str] | None:
    """``(long form, short form)`` when ``text`` is "long form (SF)", else ``None``.

    Examples
    --------
    >>> definition("large language models (LLMs)")
    ('large language models', 'LLMs')
    >>> definition("Mixture-of-Experts (MoE)"), definition("Chain-of-Thought (CoT)")
    (('Mixture-of-Experts', 'MoE'), ('Chain-of-Thought', 'CoT'))
    >>> definition("results (2023)"), definition("a figure (see Fig. 2)")
    (None, None)
    >>> definition("vision models (LLMs)")  # the letters are not there in order
    """
    parts = trailing_bracket(text.strip())
    if parts is None:
        return None
    long, short = parts[0].strip(), parts[1].strip()
    if not long or not 2 <= len(parts[1]) <= 10 or "\n" in parts[0]:
        return None
    if not short[0].isalpha() or " " in short or not _matches(short, long):
        return None
    return long, short




def unbracketed(text: str) -> str:
    """``text`` without the abbreviations in brackets that follow what they abbreviate
    (Schwartz & Hearst's test, as :func:`definition`), and "SF (long form)" as its long form.
    Other brackets stay.

    Examples
    --------
    >>> unbracketed("Test-Time Scaling (TTS)"), unbracketed("Kullback-Leibler (KL) divergence")
    ('Test-Time Scaling', 'Kullback-Leibler divergence')
    >>> unbracketed("3D Gaussian Splatting (3DGS)"), unbracketed("LLMs (Large Language Models)")
    ('3D Gaussian Splatting', 'Large Language Models')
    >>> unbracketed("GPT-4 (OpenAI)"), unbracketed("Llama 2 (7B)")
    ('GPT-4 (OpenAI)', 'Llama 2 (7B)')
    """
    text = text.strip()
    reversed_form = trailing_bracket(text)  # "SF (long form)"
    if reversed_form and _short_form(reversed_form[0]) \
            and _matches(reversed_form[0], reversed_form[1]):
        return reversed_form[1].strip()
    parts, start = [], 0
    for found in _BRACKET.finditer(text):
        short = found["inside"]
        if _short_form(short) and any(c.isalpha() for c in short) \
                and _matches(short, text[start:found.start()]):
            parts.append(text[start:found.start()])
            start = found.end()
    return "".join(parts) + text[start:]


def _letters(short: str) -> list[str]:
    """The letters and digits a short form abbreviates, lower case: "LLMs" → l, l, m (a
    plural "s" after capitals is no letter of the long form)."""
    chars = [c.lower() for c in short if c.isalnum()]
    if short.endswith("s") and len(chars) > 2 and short[:-1].isupper():
        chars = chars[:-1]
    return chars


def _matches(short: str, long: str) -> bool:
    """Schwartz & Hearst's test: the short form's letters and digits in the long form, in
    order from the right, the first at the start of a word (a plural "s" may be extra)."""
    chars = _letters(short)
    text = long.lower()
    position = len(text) - 1
    for index in range(len(chars) - 1, -1, -1):
        wanted = chars[index]
        while position >= 0 and (text[position] != wanted or (
                index == 0 and position > 0 and text[position - 1].isalnum())):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True


#: A parenthesised short form and up to ten words before it in its clause (no sentence
#: punctuation or bracket between): the candidates :func:`definitions_in` reads.
_IN_TEXT = r"(?:[^\s()\[\].;:!?]+\s+){1,10}\([A-Za-z][^()\s;,]{1,9}\)"


def defining_run(words: list[str], short: str) -> str | None:
    """The run of the last ``words`` that ``short`` abbreviates, as "long (SF)", within
    Schwartz & Hearst's window of ``min(|SF| + 5, 2·|SF|)`` words; ``None`` when none does.

    Of the runs that pass their test, the shortest whose words begin with the short form's
    letters, one word each (hyphens part words); else the shortest. Their test alone lets a
    letter match inside a word, so "more robust reward model (RRM)" would define "reward
    model" (the second R found inside "reward").

    Examples
    --------
    >>> defining_run("we study large language models".split(), "LLMs")
    'large language models (LLMs)'
    >>> defining_run("a more robust reward model".split(), "RRM")
    'robust reward model (RRM)'
    >>> defining_run("efficient Low-Rank Adaptation".split(), "LoRA")
    'Low-Rank Adaptation (LoRA)'
    >>> defining_run("results of the model".split(), "CoT") is None
    True
    """
    window = words[-min(len(short) + 5, 2 * len(short)):]
    letters = _letters(short)
    shortest = None
    for start in range(len(window) - 1, -1, -1):
        text = f"{' '.join(window[start:])} ({short})"
        if definition(text) is None:
            continue
        if "".join(word[0].lower() for word in re.split(r"[-\s]+", " ".join(window[start:]))
                   if word) == "".join(letters):
            return text
        shortest = shortest or text
    return shortest


def definitions_in(texts: pl.Series | Iterable[pl.Series]) -> tuple[list[str], list[int]]:
    """The definitions "long form (SF)" that running ``texts`` make, each with how many
    times it is made: what :func:`learn` reads. Only short forms with at least two capitals
    (see the module's text). ``texts`` may come in batches (an iterable of Series).

    Examples
    --------
    >>> definitions_in(pl.Series(["Large language models (LLMs) reason. See (Fig) 2.",
    ...                           "Tuning large language models (LLMs) with RL."]))
    (['Large language models (LLMs)', 'large language models (LLMs)'], [1, 1])
    """
    batches = [texts] if isinstance(texts, pl.Series) else texts
    counted = [batch.str.extract_all(_IN_TEXT).explode(empty_as_null=False, keep_nulls=False)
               .drop_nulls().alias("candidate").value_counts(name="n") for batch in batches]
    found = (pl.concat(counted).group_by("candidate").agg(pl.col("n").sum()) if counted
             else pl.DataFrame(schema={"candidate": pl.String, "n": pl.UInt32}))
    counts: Counter[str] = Counter()
    for candidate, n in found.iter_rows():
        parts = trailing_bracket(candidate)
        if parts is None or sum(c.isupper() for c in parts[1]) < 2:
            continue
        defined = defining_run(parts[0].split(), parts[1])
        if defined is not None:
            counts[defined] += n
    ordered = sorted(counts.items())
    return [text for text, _ in ordered], [n for _, n in ordered]


__all__ = ["BRACKET", "MAY_DEFINE", "TRAILING", "defining_run", "definition", "definitions_in",
           "trailing_bracket", "trailing_bracket_expr", "unbracketed"]
