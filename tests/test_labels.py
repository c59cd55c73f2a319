"""A keyword's label: its most frequent spelling, in the case the field writes it."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dailypapers.keywords.normalise import labels_of


def label(spellings: dict[str, int], others: dict[str, int] | None = None) -> str:
    rows = [("k", s, n) for s, n in spellings.items()]
    rows += [("other", s, n) for s, n in (others or {}).items()]
    spelled = pl.DataFrame(rows, schema={"keyword": pl.String, "spelling": pl.String,
                                         "n": pl.Int64}, orient="row")
    return dict(labels_of(spelled).iter_rows())["k"]


@pytest.mark.parametrize(("spellings", "expected"), [
    # Title Case a third to two thirds of the time: a term, shown in lower case
    ({"Large Language Models": 5, "large language models": 3}, "large language models"),
    ({"Transformers": 62 * 65 // 100, "transformers": 62 * 35 // 100}, "transformers"),
    ({"Diffusion Transformers": 9, "diffusion transformer": 4, "diffusion Transformer": 2},
     "diffusion transformers"),
    # Title Case at least three times in four: a name, as written
    ({"Stable Diffusion": 19, "stable diffusion": 1}, "Stable Diffusion"),
    ({"Mixture-of-Experts": 32, "mixture-of-experts": 6}, "Mixture-of-Experts"),
    # a word the lower-case spellings capitalise keeps its capital
    ({"3D Gaussian Splatting": 5, "3D Gaussian splatting": 4}, "3D Gaussian splatting"),
    ({"Monte Carlo Tree Search": 3, "Monte Carlo tree search": 2}, "Monte Carlo tree search"),
    # a capital at the start counts half: a sentence may begin there
    ({"Reward models": 6, "reward models": 2}, "reward models"),
    ({"Gaussian splatting": 19, "gaussian splatting": 1}, "Gaussian splatting"),
    ({"Large reasoning models": 7, "large reasoning models": 5}, "large reasoning models"),
    # function words tell nothing of Title Case, but their case still counts
    ({"In-Context Learning": 6, "in-context learning": 6, "In-context learning": 2},
     "in-context learning"),
    ({"Reinforcement Learning from Human Feedback": 21,
      "reinforcement learning from human feedback": 8},
     "reinforcement learning from human feedback"),
    # acronyms, names with inner capitals and digits are left as written
    ({"LLMs": 9, "llms": 1}, "LLMs"),
    ({"GPT-4o": 3}, "GPT-4o"),
    ({"LLM agents": 4, "LLM Agents": 3}, "LLM agents"),
    ({"DeepSeek-R1": 2}, "DeepSeek-R1"),
])
def test_a_label_is_cased_as_the_keyword_is_written(spellings, expected):
    assert label(spellings) == expected


def test_a_label_depends_on_its_own_spellings_only():
    """The panel labels from all papers, a plain table from some: the others' spellings
    must not change a keyword's label."""
    alone = label({"Large Language Models": 5, "large language models": 3})
    assert label({"Large Language Models": 5, "large language models": 3},
                 {"Large Language": 50, "Models Large": 9}) == alone


WORDS = st.sampled_from(["Large", "large", "Language", "language", "LLMs", "of", "Of",
                         "GPT-4", "Gaussian", "x", "3D", "Über", "über"])
SPELLINGS = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)


@given(st.dictionaries(SPELLINGS, st.integers(1, 20), min_size=1, max_size=6))
def test_a_label_is_the_most_frequent_spelling_recased(spellings):
    """Casing changes only the case of capitalised words, never a letter or a separator."""
    top = sorted(spellings.items(), key=lambda item: (-item[1], item[0]))[0][0]
    shown = label(spellings)
    assert shown.lower() == top.lower()
    assert all(a == b or (a.isupper() and b == a.lower()) for a, b in zip(top, shown, strict=True))
