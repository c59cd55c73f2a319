"""The one resolver from what a person types to a keyword: :meth:`Aliases.key_of`.

A key names itself; so do its label and every spelling the data writes it in, case-folded,
and the abbreviation in brackets of a label or spelling ("LLMs" of "large language models
(LLMs)"). A name the data does not write is read by the rule that made the keys
(:meth:`~dailypapers.keywords.abbreviations.Abbreviations.keys_of`: normalised, an
abbreviation merged with its long form, a bracketed abbreviation left out). The filter box,
the trends' chosen keywords and the command line's ``--keyword`` all look typed keywords up
here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from .abbreviations import Abbreviations
from .definitions import trailing_bracket_expr
from .normalise import labels_of, normalize, normalize_expr


@dataclass(frozen=True)
class Aliases:
    """The names of a vocabulary's keywords → their keys, and the rule for any other name.

    Held as a table sorted by name (``alias``, ``key``): a name is found by a binary search
    (a vocabulary of keyphrases has about as many names as papers).

    Examples
    --------
    >>> aliases = Aliases.of(pl.DataFrame({"alias": ["rl", "llms"], "key": ["r", "l"]}))
    >>> aliases.get("llms"), aliases.get("gpt"), "rl" in aliases, len(aliases)
    ('l', None, True, 2)
    """

    table: pl.DataFrame  # alias (sorted, each once), key
    #: The rule that made the vocabulary's keys (None: normalisation alone).
    abbreviations: Abbreviations | None = None

    @classmethod
    def of(cls, pairs: pl.DataFrame, abbreviations: Abbreviations | None = None) -> Aliases:
        """The aliases of ``(alias, key)`` pairs, each alias once."""
        return cls(pairs.select("alias", "key").sort("alias"), abbreviations)

    def key_of(self, typed: str) -> str:
        """The key a person means by ``typed``: a name the data writes (any case), else what
        the rule makes of it, as the data names that (so a definition the data never wrote,
        "Test-Time Scaling (TTS)", finds "test time scaling"). Always a key; :meth:`find`
        says whether the vocabulary holds it.

        Examples
        --------
        >>> aliases = aliases_of(pl.DataFrame({"keyword": ["large language model"],
        ...     "spelling": ["Large Language Models (LLMs)"], "n": [3]}))
        >>> [aliases.key_of(t) for t in ["LLMs", " large language MODELS ", "robots"]]
        ['large language model', 'large language model', 'robot']
        """
        typed = typed.strip()
        found = self.get(typed.casefold())
        if found is not None:
            return found
        ruled = (self.abbreviations.keys_of(pl.Series([typed], dtype=pl.String))[0]
                 if self.abbreviations is not None else normalize([typed])[0])
        return self.get(ruled) or ruled

    def find(self, typed: str) -> str | None:
        """The key of a keyword of this vocabulary named by ``typed`` (:meth:`key_of`), or
        ``None`` when the vocabulary holds no such keyword."""
        key = self.key_of(typed)
        return key if self.get(key) == key else None

    def get(self, name: str) -> str | None:
        """The key ``name`` names, or ``None``."""
        names = self.table["alias"]
        at = names.search_sorted(name)
        return self.table["key"][at] if at < names.len() and names[at] == name else None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __len__(self) -> int:
        return self.table.height

    def to_dict(self) -> dict[str, str]:
        """Every alias and its key, as a dict."""
        return dict(self.table.iter_rows())


def aliases_of(spelled: pl.DataFrame, labels: pl.DataFrame | None = None,
               abbreviations: Abbreviations | None = None) -> Aliases:
    """Every way to name a keyword of a vocabulary (key, label, spelling; case-folded) →
    its key, from its spellings (``keyword, spelling, n``) and labels (by default its most
    frequent spellings), read by the rule ``abbreviations`` (see :class:`Aliases`). A key
    names itself first; then, name by name in that order, the first keyword a name was seen
    with keeps it.

    Examples
    --------
    >>> spelled = pl.DataFrame({"keyword": ["large language model"], "n": [3],
    ...                         "spelling": ["Large Language Models (LLMs)"]})
    >>> aliases = aliases_of(spelled)
    >>> aliases.get("llms"), aliases.get("large language models (llms)")
    ('large language model', 'large language model')
    """
    labels = labels_of(spelled) if labels is None else labels
    named = spelled.select("keyword", "spelling").vstack(
        labels.select("keyword", spelling="label"))
    # "large language models (LLMs)": the abbreviation names its long form too; written in
    # several keywords' spellings ("generative large language models (LLMs)"), it names the
    # one that writes it most
    in_labels = labels.select("keyword", spelling=trailing_bracket_expr(pl.col("label"))
                              ).drop_nulls()
    in_spellings = spelled.select("keyword", pl.col("n").cast(pl.Int64),
                                  spelling=trailing_bracket_expr(pl.col("spelling")))
    # a label counts as often as its keyword's spellings (few labels carry a bracket)
    label_counts = (in_spellings.filter(pl.col("keyword").is_in(in_labels["keyword"].implode()))
                    .group_by("keyword").agg(pl.col("n").sum()))
    named = named.vstack(
        pl.concat([in_spellings.drop_nulls(),
                   in_labels.join(label_counts, on="keyword", how="left")
                   .select("keyword", pl.col("n").fill_null(0), "spelling")])
        .group_by("keyword", "spelling").agg(pl.col("n").sum())
        .sort(["n", "keyword", "spelling"], descending=[True, False, False])
        .select("keyword", "spelling"))
    spellings = named["spelling"]
    # str.casefold, in polars where it is the lower case (ASCII), in Python elsewhere: the
    # names are about as many as the papers, too many for a Python loop over all of them
    folded = spellings.str.to_lowercase()
    other = np.flatnonzero(~spellings.str.contains(r"^[\x00-\x7F]*$").to_numpy())
    if len(other):
        folded = folded.scatter(other, [name.casefold()
                                        for name in spellings.gather(other).to_list()])
    order = np.arange(named.height, dtype=np.int64)
    ranked = pl.concat([
        labels.select(alias="keyword", key="keyword", order=pl.lit(-1, dtype=pl.Int64)),
        pl.DataFrame({"alias": folded, "key": named["keyword"], "order": 2 * order}),
        named.select(alias=normalize_expr(pl.col("spelling")), key="keyword",
                     order=pl.Series(2 * order + 1)),
    ]).sort("order", maintain_order=True).unique("alias", keep="first")
    return Aliases.of(ranked, abbreviations)


__all__ = ["Aliases", "aliases_of"]
