"""Abbreviations and their long forms, learned from the data: "LLMs" is "large language models".

The definitions "long form (SF)" that keywords and texts make (:mod:`.definitions`) are
settled here: an abbreviation whose definitions agree (at least :data:`AGREEMENT` of them name
one long form) is merged with that long form, and the label shown is the long form with it:
"large language models (LLMs)". One with competing long forms stays as it is and is listed
by :func:`conflicts`.

The keyword questions merge by one table, not by what the papers at hand define:
:func:`shipped_abbreviations` is :func:`learn`'s answer on the bundled corpus of Daily
Papers (``abbreviations.json``, written by the fit step, :mod:`.fit`; a test keeps it equal
to the rules' answer). Learned from each table, the merges would change with a filter, and
the panel and a plain filtered table would count the same papers differently.
:func:`dailypapers.compute.compute_abbreviations` still reports what a table defines, and
what the keyword questions count it as.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import polars as pl

from .definitions import MAY_DEFINE, definition, unbracketed
from .normalise import labels_of, normalize, normalize_expr

#: The share of an abbreviation's definitions that must name one long form to merge them.
AGREEMENT = 0.8


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

    def defined_by(self, spellings: list[str]) -> dict[str, str]:
        """Each of ``spellings`` that defines a merged abbreviation ("Large Language Models
        (LLM)"), normalised → the keyword it stands for (:meth:`counts_as`): a definition
        the table never saw still joins its abbreviation when it names the same long form.

        Examples
        --------
        >>> found = learn(["large language models (LLMs)", "reinforcement learning (RL)"],
        ...               [3, 2])
        >>> found.defined_by(["Large Language Models (LLM)", "LLMs", "robots (LLMs)",
        ...                   "robot learning (RL)"])  # doctest: +NORMALIZE_WHITESPACE
        {'large language models (llm)': 'large language model',
         'robot learning (rl)': 'robot learning'}
        """
        pairs = [(text, pair) for text in spellings if (pair := definition(text)) is not None]
        keys = normalize([item for text, (long, short) in pairs for item in (text, short, long)])
        return {text_key: self.counts_as(short_key, long, long_key)
                for (_, (long, _)), text_key, short_key, long_key
                in zip(pairs, keys[::3], keys[1::3], keys[2::3], strict=True)
                if short_key in self.definitions and short_key in self.merged}

    def counts_as(self, short_key: str, long: str, long_key: str) -> str:
        """The keyword a definition of the merged ``short_key`` stands for: the field's long
        form when it names that (any spelling; an abbreviation written in it, "multimodal
        LLMs", spelled out), else its own long form ``long`` (normalised ``long_key``):
        "1-bit large language models (LLMs)" is no paper on every LLM.

        Examples
        --------
        >>> found = learn(["large language models (LLMs)",
        ...                "multimodal large language models (MLLMs)"], [3, 2])
        >>> found.counts_as("mllm", "multimodal LLMs", "multimodal llm")
        'multimodal large language model'
        >>> found.counts_as("llm", "1-bit Large Language Models", "1 bit large language model")
        '1 bit large language model'
        """
        written = _written_abbreviations(long_key, Counter({long: 1}))
        own = " ".join(self.merged.get(word, word) if word in written else word
                       for word in long_key.split(" "))
        field = self.merged[short_key]
        return field if _same_long_form(own, field) or _same_long_form(long_key, field) \
            else own

    def keys_of(self, spellings: pl.Series) -> pl.Series:
        """The keyword each of ``spellings`` counts as: normalised, and an abbreviation or
        any definition of a merged one ("Large Language Models (LLM)") its long form; any
        other abbreviation in brackets is left out (:func:`unbracketed`).

        Examples
        --------
        >>> found = learn(["large language models (LLMs)"], [3])
        >>> found.keys_of(pl.Series(["LLMs", "Large Language Models (LLM)", "Robots",
        ...                          "Test-Time Scaling (TTS)"])).to_list()
        ['large language model', 'large language model', 'robot', 'test time scaling']
        """
        keys = spellings.to_frame("s").select(normalize_expr(pl.col("s")))["s"]
        defining = spellings.str.contains(MAY_DEFINE).fill_null(False)  # "… (SF)"
        merged = self.merged | self.defined_by(spellings.filter(defining).to_list())
        # any other abbreviation in brackets next to what it abbreviates is left out, so
        # "Test-Time Scaling (TTS)" counts as "test-time scaling": a bracket names no topic
        bracketed = (spellings.str.contains("(", literal=True).fill_null(False)
                     & ~keys.is_in(list(merged)).fill_null(False))
        if bracketed.any():
            rows = bracketed.arg_true()
            keys = keys.scatter(rows, normalize([unbracketed(text) for text
                                                 in spellings.gather(rows).to_list()]))
        return keys.replace(merged) if merged else keys

    def as_dict(self) -> dict[str, dict]:
        """What the keyword questions read (merges, labels, definitions, spellings), as plain
        dicts: :func:`shipped_abbreviations` reads it back with :meth:`from_dict`."""
        return {"merged": dict(sorted(self.merged.items())),
                "labels": dict(sorted(self.labels.items())),
                "definitions": dict(sorted(self.definitions.items())),
                "spelled": dict(sorted(self.spelled.items()))}

    @classmethod
    def from_dict(cls, table: dict[str, dict]) -> Abbreviations:
        """The abbreviations :meth:`as_dict` wrote (each dict copied: the result is the
        caller's to change)."""
        return cls(merged=dict(table["merged"]), labels=dict(table["labels"]),
                   definitions=dict(table["definitions"]), spelled=dict(table["spelled"]))


_SHIPPED_FILE = "abbreviations.json"
#: The vocabularies :func:`shipped_abbreviations` holds a table for.
SHIPPED_SOURCES = ("keywords", "text")


def shipped_abbreviations(source: str) -> Abbreviations:
    """The abbreviations the keyword questions of ``source`` (``keywords``: the Hub's
    keywords; ``text``: titles and abstracts) merge: the rules' answer on the bundled corpus
    (``abbreviations.json``, see the module's text). A new object each call.

    Examples
    --------
    >>> shipped_abbreviations("keywords").key("llm")
    'large language model'
    """
    if source not in SHIPPED_SOURCES:
        raise ValueError(f'source must be "keywords" or "text", not {source!r}')
    return Abbreviations.from_dict(_shipped_tables()[source])


@cache
def _shipped_tables() -> dict[str, dict[str, dict]]:
    """abbreviations.json, read once (a file in the package: nothing the data changes)."""
    text = resources.files(__package__).joinpath(_SHIPPED_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def learn_from_keywords(keywords: pl.Series) -> Abbreviations:
    """What lists of Hub keywords define, as :func:`learn` settles it: the spellings "long
    form (SF)" define, and the keywords written alone count for a long form's label.
    Spellings are read in sorted order, so that ties settle alike every time.

    Examples
    --------
    >>> found = learn_from_keywords(pl.Series([["Large Language Models (LLMs)", "LLMs"],
    ...     ["large language models"], ["large language models"]]))
    >>> found.labels
    {'large language model': 'large language models (LLMs)'}
    """
    counted = (keywords.explode(empty_as_null=False, keep_nulls=False).drop_nulls()
               .alias("spelling").value_counts(name="n").sort("spelling")
               .with_columns(keyword=normalize_expr(pl.col("spelling")),
                             n=pl.col("n").cast(pl.Int64)))
    defining = counted["spelling"].str.contains(MAY_DEFINE)
    defines = counted.filter(defining)
    return learn(defines["spelling"].to_list(), defines["n"].to_list(),
                 alone=counted.filter(~defining).select("keyword", "spelling", "n"))


def learn(spellings: list[str], counts: list[int],
          alone: pl.DataFrame | None = None) -> Abbreviations:
    """Abbreviations defined by ``spellings`` (distinct keyword strings, each seen
    ``counts`` times). A definition string itself ("large language models (LLMs)") stands
    for the merged long form when it names it, else for its own (:meth:`Abbreviations.counts_as`).
    ``alone`` (``keyword`` normalised, ``spelling``, ``n``): keywords
    written alone; a long form's spellings among them count for its label, with those of
    its definitions ("multimodal large language models" tells how the field writes the long
    form of MLLMs, though it defines nothing).

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
    # how each long form was written with each short form: a label pairs them as written
    # ("graphical user interface (GUI)", not "(GUIs)")
    written_with: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    whole: dict[str, tuple[str, str, str]] = {}  # a definition → (short, long, long key)
    for index, (_, count, (long, short)) in enumerate(found):
        long_key, short_key, text_key = keys[3 * index:3 * index + 3]
        if not long_key or not short_key or long_key == short_key:
            continue
        votes[short_key][long_key] += count
        long_spelling[long_key][long] += count
        short_spelling[short_key][short] += count
        written_with[short_key][long.lower(), short] += count
        whole[text_key] = (short_key, long, long_key)
    # a long form may use an abbreviation itself ("multimodal LLM" for "multimodal large
    # language model"): spelled out, it votes with the others
    settled = {short: longs.most_common(1)[0][0] for short, longs in votes.items()
               if longs.most_common(1)[0][1] >= AGREEMENT * sum(longs.values())}
    spellings_of: dict[str, Counter[str]] = defaultdict(Counter)
    for short_key, longs in votes.items():
        spelled_out: Counter[str] = Counter()
        for long_key, count in longs.items():
            written = _written_abbreviations(long_key, long_spelling[long_key])
            words = [settled.get(word, word) if word != short_key and word in written else word
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
    longs = _long_labels({best: long_spelling[best] for best in result.merged.values()},
                         alone)
    # a long form's short forms: "RMs" and "RM" are two keys ("rms" is too short to lose
    # its "s") of one long form
    pairs_of: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for short_key, best in result.merged.items():
        pairs_of[best].update(written_with[short_key])
    for best, pairs in pairs_of.items():
        long = longs[best]
        # as written with this long form; else in its number ("reward models (RMs)")
        plural = long.endswith("s")
        shorts = (Counter({short: n for (written, short), n in pairs.items()
                           if written == long.lower()})
                  or Counter({short: n for (_, short), n in pairs.items()
                              if short.endswith("s") == plural})
                  or Counter({short: n for (_, short), n in pairs.items()}))
        result.labels[best] = f"{long} ({shorts.most_common(1)[0][0]})"
    for text_key, (short_key, long, long_key) in whole.items():
        if short_key in result.merged:
            result.merged[text_key] = result.counts_as(short_key, long, long_key)
    for variant, best in variants.items():
        if best in result.labels:  # the long form of a merged abbreviation
            result.merged.setdefault(variant, best)
    return result


def _long_labels(spellings: dict[str, Counter[str]], alone: pl.DataFrame | None
                 ) -> dict[str, str]:
    """Each long form's label (:func:`~dailypapers.keywords.normalise.labels_of`) from its spellings
    in definitions and, when given, those written ``alone``."""
    schema = {"keyword": pl.String, "spelling": pl.String, "n": pl.Int64}
    rows = [(long, spelling, n) for long, counted in spellings.items()
            for spelling, n in counted.items()]
    spelled = pl.DataFrame(rows, schema=schema, orient="row")
    if alone is not None:
        written = alone.filter(pl.col("keyword").is_in(list(spellings))).select(
            pl.col(name).cast(dtype) for name, dtype in schema.items())
        spelled = (pl.concat([spelled, written]).group_by("keyword", "spelling")
                   .agg(pl.col("n").sum()))
    return dict(labels_of(spelled).iter_rows())


def _written_abbreviations(long_key: str, spellings: Counter[str]) -> set[str]:
    """The words of a long form written as abbreviations (two capitals: "multimodal LLMs"),
    normalised: only those are spelled out ("chain" in "chain-of-thought" is a word, though
    "CHAIN" abbreviates something else).

    Examples
    --------
    >>> sorted(_written_abbreviations("multimodal llm", Counter({"multimodal LLMs": 2})))
    ['llm']
    """
    found: set[str] = set()
    for spelling in spellings:
        words = re.split(r"[-_/\s]+", spelling.strip())
        keys = long_key.split(" ")
        if len(words) == len(keys):
            found.update(key for word, key in zip(words, keys, strict=True)
                         if sum(c.isupper() for c in word) >= 2)
    return found


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


def _same_long_form(one: str, other: str) -> bool:
    """Whether two long forms are one spelled two ways: :func:`_loose`, or the same words
    joined otherwise ("multi modal" = "multimodal")."""
    return _loose(one) == _loose(other) or one.replace(" ", "") == other.replace(" ", "")


def conflicts(abbreviations: Abbreviations) -> list[str]:
    """One line per abbreviation left unmerged because its long forms compete."""
    return [f"{short}: " + ", ".join(f"{long} ({n})" for long, n in longs)
            for short, longs in sorted(abbreviations.competing.items())]


__all__ = ["AGREEMENT", "SHIPPED_SOURCES", "Abbreviations", "conflicts", "learn",
           "learn_from_keywords", "shipped_abbreviations"]
