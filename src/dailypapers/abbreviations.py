"""Abbreviations and their long forms, learned from the data: "LLMs" is "large language models".

The Hub's keywords define their abbreviations themselves — "large language models (LLMs)",
"Mixture-of-Experts (MoE)" — so the pairs are read off them. A candidate "long form (SF)" is
a definition when the short form passes Schwartz & Hearst's test (2003, "A simple algorithm
for identifying abbreviation definitions in biomedical text"): 2–10 characters with a letter
first, and its letters and digits found in the long form in order, right to left, the first
one at the start of a word. "(2023)" and "(see Fig. 2)" are not definitions.

An abbreviation whose definitions agree (at least :data:`AGREEMENT` of them name one long
form) is merged with that long form, and the label shown is the long form with it:
"large language models (LLMs)". One with competing long forms stays as it is and is listed
by :func:`conflicts`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .keywords import normalize

#: The share of an abbreviation's definitions that must name one long form to merge them.
AGREEMENT = 0.8
_CANDIDATE = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[^()]{2,10})\)$")


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
    match = _CANDIDATE.match(text.strip())
    if match is None:
        return None
    long, short = match["long"].strip(), match["short"].strip()
    if not short[0].isalpha() or " " in short or not _matches(short, long):
        return None
    return long, short


def _matches(short: str, long: str) -> bool:
    """Schwartz & Hearst's test: the short form's letters and digits in the long form, in
    order from the right, the first at the start of a word (a plural "s" may be extra)."""
    chars = [c.lower() for c in short if c.isalnum()]
    if short.endswith("s") and len(chars) > 2 and short[:-1].isupper():
        chars = chars[:-1]  # "LLMs": the plural of "LLM"
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


@dataclass
class Abbreviations:
    """What the definitions found say: normalised short form → normalised long form, and
    the label each merged keyword is shown with."""

    merged: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    competing: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: Each abbreviation (normalised short form) → how often it is defined, and its most
    #: frequent spelling ("LLMs").
    definitions: dict[str, int] = field(default_factory=dict)
    spelled: dict[str, str] = field(default_factory=dict)

    def key(self, key: str) -> str:
        """The keyword ``key`` stands for: its long form when it is a merged abbreviation."""
        return self.merged.get(key, key)


def learn(spellings: list[str], counts: list[int]) -> Abbreviations:
    """Abbreviations defined by ``spellings`` (distinct keyword strings, each seen
    ``counts`` times). A definition string itself ("large language models (LLMs)") stands
    for its long form.

    Examples
    --------
    >>> found = learn(["large language models (LLMs)", "LLMs", "RL (reinforcement learning)",
    ...                "reinforcement learning (RL)"], [3, 9, 1, 2])
    >>> found.key("llm"), found.labels["large language model"]
    ('large language model', 'large language models (LLMs)')
    >>> found.key(normalize(["large language models (LLMs)"])[0])
    'large language model'
    """
    found = [(text, count, pair) for text, count in zip(spellings, counts, strict=True)
             if (pair := definition(text)) is not None]
    if not found:
        return Abbreviations()
    # normalised in one pass: the keys are those every keyword gets
    keys = normalize([item for text, _, (long, short) in found for item in (long, short, text)])
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    long_spelling: dict[str, Counter[str]] = defaultdict(Counter)
    short_spelling: dict[str, Counter[str]] = defaultdict(Counter)
    whole: dict[str, str] = {}
    for index, (_, count, (long, short)) in enumerate(found):
        long_key, short_key, text_key = keys[3 * index:3 * index + 3]
        if not long_key or not short_key or long_key == short_key:
            continue
        votes[short_key][long_key] += count
        long_spelling[long_key][long] += count
        short_spelling[short_key][short] += count
        whole[text_key] = short_key
    # a long form may use an abbreviation itself ("multimodal LLM" for "multimodal large
    # language model"): spelled out, it votes with the others
    settled = {short: longs.most_common(1)[0][0] for short, longs in votes.items()
               if longs.most_common(1)[0][1] >= AGREEMENT * sum(longs.values())}
    spellings_of: dict[str, Counter[str]] = defaultdict(Counter)
    for short_key, longs in votes.items():
        spelled_out: Counter[str] = Counter()
        for long_key, count in longs.items():
            words = [settled.get(word, word) if word != short_key else word
                     for word in long_key.split(" ")]
            spelled_out[" ".join(words)] += count
            spellings_of[" ".join(words)].update(long_spelling[long_key])
        votes[short_key] = spelled_out
    long_spelling = spellings_of
    # one long form spelled two ways ("sparse autoencoder", "sparse auto encoder"; "rotary
    # position(al) embedding") is one vote, given to its most frequent spelling; the other
    # spelling then stands for it too
    variants: dict[str, str] = {}
    for short_key, longs in votes.items():
        grouped: dict[str, list[str]] = defaultdict(list)
        for long_key in longs:
            grouped[_loose(long_key)].append(long_key)
        joined: Counter[str] = Counter()
        for members in grouped.values():
            best = max(members, key=lambda k: (longs[k], k))
            joined[best] = sum(longs[k] for k in members)
            variants.update({k: best for k in members if k != best})
        votes[short_key] = joined
    result = Abbreviations()
    for short_key, longs in votes.items():
        (best, best_count), total = longs.most_common(1)[0], sum(longs.values())
        result.definitions[short_key] = total
        result.spelled[short_key] = short_spelling[short_key].most_common(1)[0][0]
        if best_count < AGREEMENT * total:
            result.competing[short_key] = longs.most_common()
            continue
        result.merged[short_key] = best
        result.labels[best] = (f"{long_spelling[best].most_common(1)[0][0]} "
                               f"({short_spelling[short_key].most_common(1)[0][0]})")
    for text_key, short_key in whole.items():
        if short_key in result.merged:
            result.merged[text_key] = result.merged[short_key]
    for variant, best in variants.items():
        if best in result.labels:  # the long form of a merged abbreviation
            result.merged.setdefault(variant, best)
    return result


def _loose(long_key: str) -> str:
    """A long form with its words joined and "-al" endings dropped: two spellings of one
    long form meet here ("sparse auto encoder" = "sparse autoencoder", "rotary positional
    embedding" = "rotary position embedding").

    Examples
    --------
    >>> _loose("sparse auto encoder") == _loose("sparse autoencoder")
    True
    >>> _loose("test time scaling") == _loose("text to speech")
    False
    """
    return re.sub(r"(?<=\w{4})al\b", "", long_key).replace(" ", "")


def conflicts(abbreviations: Abbreviations) -> list[str]:
    """One line per abbreviation left unmerged because its long forms compete."""
    return [f"{short}: " + ", ".join(f"{long} ({n})" for long, n in longs)
            for short, longs in sorted(abbreviations.competing.items())]


__all__ = ["AGREEMENT", "Abbreviations", "conflicts", "definition", "learn"]
