"""Keyphrases from titles and abstracts: the rules of keywords.keyphrases, one each."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dailypapers as dp
from dailypapers.keywords.abbreviations import learn
from dailypapers.keywords.definitions import definitions_in
from dailypapers.keywords.fit import modifiers
from dailypapers.keywords.generic import shipped_generic_words, shipped_modifiers
from dailypapers.keywords.keyphrases import SHARED_DEFINITIONS, keyphrase_pairs
from dailypapers.keywords.normalise import STOP_WORDS, normalize
from dailypapers.keywords.terms import keyword_pairs

DEFINES_LLMS = "Large language models (LLMs) are studied."
GENERIC = shipped_generic_words()


def keyphrases(texts: list[str]) -> list[set[str]]:
    """Each text's keyphrases, the texts being the titles of a table."""
    frame = pl.DataFrame({"title": texts}, schema={"title": pl.String})
    pairs, _ = keyword_pairs(frame, "text")
    found: list[set[str]] = [set() for _ in texts]
    for row, keyword in pairs.iter_rows():
        found[row].add(str(keyword))
    return found


@pytest.mark.parametrize(("texts", "expected"), [
    # a term of two words is kept whole; no candidate across punctuation or a bracket
    (["Diffusion models. Video generation"], [{"diffusion model", "video generation"}]),
    (["diffusion (video) generation"], [set()]),
    # one word is no keyphrase: "reasoning", "agents"
    (["Reasoning agents"], [{"reasoning agent"}]),
    (["Reasoning. Agents."], [set()]),
    # generic words only: no keyphrase
    (["Superior performance across a wide range of benchmarks"], [set()]),
    (["Strong baselines and state of the art diffusion models"], [{"diffusion model"}]),
    (["Fine-tuning, then"], [{"fine tuning"}]),  # a compound may begin with one
    (["state-of-the-art results"], [set()]),
    # an abbreviation defined often enough joins its long form; its fragments go where
    # the long form is
    ([DEFINES_LLMS] * SHARED_DEFINITIONS + ["Planning with LLMs."],
     [{"large language model"}] * SHARED_DEFINITIONS + [{"large language model"}]),
    # a paper holding every word pair of the long form holds the long form
    ([DEFINES_LLMS] * SHARED_DEFINITIONS + ["Agents with large language models"],
     [{"large language model"}] * SHARED_DEFINITIONS + [{"large language model"}]),
    # a hyphenated term is one candidate of its words; "vision language" inside it goes
    (["Vision-language models for robots"], [{"vision language model"}]),
    # a modifier (the shipped list) is no keyphrase alone; its phrases may be
    (["Real-world agents", "In the real world.", "Pre-trained models"],
     [{"real world agent"}, set(), {"pre trained model"}]),
])
def test_keyphrase_rules(texts, expected):
    assert keyphrases(texts) == expected


@pytest.mark.parametrize(("titles", "label", "papers"), [
    # the field merges LLMs (the shipped table): a paper that only writes "LLMs" counts for
    # the long form, and the label is the field's, however these papers write it
    (["Large Language Models (LLMs) reason.", "With LLMs."], "large language models (LLMs)", 2),
    (["Agents with LLMs.", "We use large language models."], "large language models (LLMs)", 2),
    # "DMs" is no abbreviation the field shares (the bundled corpus does not define it twice):
    # however often these papers define it, it is not merged, nor shown
    (["We study diffusion models (DMs) here."] * 5 + ["We use diffusion models."] * 3,
     "diffusion models", 8),
])
def test_a_label_shows_an_abbreviation_when_the_field_merges_it(titles, label, papers):
    frame = pl.DataFrame({"title": titles})
    for table_or_prepared in (frame, dp.prepare(dp.conform(frame))):
        table = dp.compute_keyword_frequencies(table_or_prepared, source="text",
                                               omit_carried_by_all=False)
        assert table.select("label", "papers").row(0) == (label, papers)


@pytest.mark.parametrize("source", ["keywords", "text"])
def test_a_papers_keywords_do_not_depend_on_the_papers_counted_with_it(real_papers, source):
    """Why the abbreviations are shipped: learned from the papers at hand, a filtered table
    merged RLVR with its long form where the whole table, whose definitions compete, kept
    them apart, and the panel and a filtered table counted the same papers differently.
    Why a pair led by a generic word is told per paper: judged by a keyword's most frequent
    spelling, "black box" was a keyphrase in the whole table ("black-box", 34 of 43) and none
    in these papers (they write "black boxes")."""
    chosen = real_papers["organization"].is_in(["nvidia", "google"])
    rows = pl.Series(np.flatnonzero(chosen.to_numpy()), dtype=pl.UInt32)
    in_whole, _ = keyword_pairs(real_papers, source)
    in_whole = (in_whole.join(rows.to_frame("_row").with_row_index("row"), on="_row")
                .select(pl.col("row").cast(pl.UInt32), pl.col("keyword").cast(pl.String)))
    alone, _ = keyword_pairs(real_papers.filter(chosen), source)
    alone = alone.select(row="_row", keyword=pl.col("keyword").cast(pl.String))
    assert rows.len() > 50
    assert in_whole.sort("row", "keyword").equals(alone.sort("row", "keyword"))


@pytest.mark.parametrize(("text", "definitions"), [
    ("We tune large language models (LLMs) here.", ["large language models (LLMs)"]),
    ("Results (2023) hold. See the figure (see Fig. 2).", []),
    ("A model (ours) and a policy (Fig) beat it.", []),  # fewer than two capitals
    ("Chain-of-Thought (CoT) helps.", ["Chain-of-Thought (CoT)"]),
    # the window stops at the clause: "Results." is not part of the long form
    ("Results. Reinforcement learning (RL) helps.", ["Reinforcement learning (RL)"]),
    # Schwartz & Hearst's shortest run would be "reward model": a letter may match inside a
    # word; the run whose words begin with the letters is preferred
    ("A more robust reward model (RRM) helps.", ["robust reward model (RRM)"]),
    ("Training with Policy Optimization. We use Proximal Policy Optimization (PPO).",
     ["Proximal Policy Optimization (PPO)"]),
    ("Prompting with Tree of Thoughts (ToT) helps.", ["Tree of Thoughts (ToT)"]),
    # no run begins word by word with L, o, R, A: the shortest that passes the test
    ("We apply efficient Low-Rank Adaptation (LoRA).", ["Low-Rank Adaptation (LoRA)"]),
    ("Tuning large language models (LLMs) works.", ["large language models (LLMs)"]),
])
def test_definitions_in_running_text(text, definitions):
    assert definitions_in(pl.Series([text]))[0] == definitions


def test_a_hub_keyword_that_is_one_generic_word_is_not_counted():
    """"benchmark" names no topic; "foundation models", a term of generic words the Hub's
    annotator wrote as a term, and "reasoning", a topic word, are counted."""
    assert {"benchmark", "foundation", "model"} <= GENERIC and "reasoning" not in GENERIC
    frame = pl.DataFrame({"keywords": [["benchmark", "Foundation Models"], ["Benchmarks"],
                                       ["reasoning", "benchmark"]]})
    table = dp.compute_keyword_frequencies(frame, 10, source="keywords")
    assert dict(table.select("keyword", "papers").rows()) == {
        "foundation model": 1, "reasoning": 1}


def test_a_lower_case_word_is_not_spelled_out_as_an_abbreviation():
    """"CHAIN" abbreviates something in one paper: "chain-of-thought" keeps its word."""
    found = learn(["Causal Hierarchy of Actions and INteractions (CHAIN)",
                   "Chain-of-Thought (CoT)", "chain-of-thought (CoT)"], [1, 5, 3])
    assert found.key("cot") == "chain of thought"


# -- the rules against a plain reference, on random texts ----------------------------------

WORDS = ["diffusion", "video", "models", "language", "large", "LLMs", "performance",
         "agents", "reasoning", "robot", "of", "the", "and", ".", ",", "(RL)", "reinforcement",
         "learning"]
TEXTS = st.lists(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join), min_size=1,
                 max_size=8)


def reference(candidates: list[set[str]], merged: dict[str, str], excused: set[str]
              ) -> list[set[str]]:
    """The five rules said with sets, paper by paper."""
    longs = {long for long in merged.values()
             if long.count(" ") >= 2 and not set(long.split()) & STOP_WORDS}
    out = []
    for terms in candidates:
        terms = {merged.get(t, t) for t in terms}
        terms |= {long for long in longs
                  if all(f"{a} {b}" in terms for a, b in pairwise(long.split()))}
        # WORDS has no hyphen: a keyword's first word is its spelling's first token
        terms = {t for t in terms if " " in t
                 and (t in excused or (not set(t.split()) <= GENERIC | STOP_WORDS
                                       and normalize(t.split()[:1])[0] not in GENERIC
                                       and t not in shipped_modifiers()))}
        terms = {t for t in terms
                 if not any(t != u and f" {t} " in f" {u} " for u in terms)}
        out.append(terms)
    return out


@settings(max_examples=40, deadline=None)
@given(texts=TEXTS)
def test_keyphrases_follow_the_rules_said_with_sets(texts):
    frame = pl.DataFrame({"title": texts}, schema={"title": pl.String})
    candidates = pl.DataFrame(schema={"_row": pl.UInt32, "keyword": pl.String,
                                      "led": pl.Boolean})
    counter_pairs, spelled = _candidates(frame)
    found = learn(["reinforcement learning (RL)"], [SHARED_DEFINITIONS])
    kept, _ = keyphrase_pairs(counter_pairs if counter_pairs.height else candidates,
                              spelled, found)
    per_paper: list[set[str]] = [set() for _ in texts]
    for row, keyword, _ in counter_pairs.iter_rows():
        per_paper[row].add(keyword)
    got: list[set[str]] = [set() for _ in texts]
    for row, keyword in kept.iter_rows():
        got[row].add(keyword)
    assert got == reference(per_paper, found.merged, {"reinforcement learning"})


def _candidates(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each paper's candidates as the counter gives them (``_row``, ``keyword``, ``led``:
    written after a generic word alone) and their spellings."""
    from dailypapers.keywords.counter import TermCounter, is_led
    from dailypapers.keywords.terms import count_terms

    counter = TermCounter(count_papers=False)
    counter.mark_leading(sorted(GENERIC))
    batches = [counter.pairs_frame(s, d) for s, d in count_terms(frame, counter, ("title",))]
    joined = pl.concat(batches)
    named = pl.DataFrame({"term": joined["term"].unique()}).with_columns(
        keyword=counter.term_strings(joined["term"].unique()), led=is_led(pl.col("term")))
    return (joined.join(named, on="term").select("_row", "keyword", "led"),
            counter.spellings())


# -- the real corpus ---------------------------------------------------------------------

@pytest.mark.parametrize(("texts", "expected"), [
    # followed three times in four: a modifier
    (["Real-world agents", "Real-world robots", "Real-world planning", "In the real-world."],
     ["real world"]),
    (["Real-world agents", "Real-world robots", "In the real-world.", "In the real-world."],
     []),  # two in four
    # followed in its hyphenated spelling, but mostly written as two tokens: no modifier
    (["Video-generation models.", "Video generation.", "Video generation."], []),
    (["fine tuning agents"] * 4, []),  # two tokens, never one compound
])
def test_the_modifier_rule(texts, expected):
    assert modifiers(pl.DataFrame({"abstract": texts}), min_written=4) == expected


def test_a_rare_compound_is_not_judged():
    assert modifiers(pl.DataFrame({"abstract": ["Real-world agents"] * 3})) == []
    assert modifiers(pl.DataFrame({"abstract": ["Real-world agents"] * 10})) == ["real world"]


def test_the_shipped_modifiers_hold_the_fields_compounds():
    """(That the shipped tables are the rules' answer on the corpus: tests/test_fit.py.)"""
    assert {"real world", "pre trained", "end to end", "long horizon"} <= shipped_modifiers()
    assert not {"fine tuning", "video generation", "inference time", "pre training",
                "out of distribution"} & shipped_modifiers()


def test_the_shipped_generic_words_are_words_any_paper_uses():
    assert {"performance", "framework", "superior", "benchmark"} <= GENERIC
    assert not {"video", "diffusion", "reasoning", "agent", "llm"} & GENERIC


def test_no_generic_word_among_the_default_keywords_of_the_real_corpus(real_papers):
    """The keyword issue's rule, with default settings (auto: the Hub's keywords here): no
    generic word among the top 30 or the rising/falling lists."""
    top = dp.compute_keyword_frequencies(real_papers, 30)
    rising = dp.compute_rising_keywords(real_papers, n=15)
    assert top["vocabulary"][0] == "keywords"
    for keyword in [*top["keyword"], *rising["keyword"]]:
        assert " " in keyword or keyword not in GENERIC, keyword


def test_keyphrases_agree_with_the_hub_on_the_real_corpus(real_papers):
    """The keyword issue's figure: of the top 30 keyphrases of the papers that carry Hub
    keywords, at least 15 are among those papers' top 100 Hub keywords (benchmarks/keywords.py
    prints both lists)."""
    both = real_papers.filter(pl.col("keywords").list.len().fill_null(0) > 0)
    terms = dp.compute_keyword_frequencies(both, 30, source="text")
    hub = dp.compute_keyword_frequencies(both, 100, source="keywords")
    assert len(set(terms["keyword"]) & set(hub["keyword"])) >= 15
    labels = dict(terms.select("keyword", "label").rows())
    assert labels["large language model"] == "large language models (LLMs)"
    assert labels["reinforcement learning"] == "reinforcement learning (RL)"
    assert labels["supervised fine tuning"] == "supervised fine-tuning (SFT)"
    for fragment in ("large language", "language model llm", "model", "performance"):
        assert fragment not in labels


def test_abbreviations_of_the_real_abstracts_merge_with_their_long_forms(real_papers):
    from dailypapers.keywords.keyphrases import abbreviations_in

    found = abbreviations_in(real_papers)
    assert {short: found.merged.get(short) for short in
            ("llm", "vlm", "mllm", "rl", "sft", "rag", "lora", "dit", "cot")} == {
        "llm": "large language model", "vlm": "vision language model",
        "mllm": "multimodal large language model", "rl": "reinforcement learning",
        "sft": "supervised fine tuning", "rag": "retrieval augmented generation",
        "lora": "low rank adaptation", "dit": "diffusion transformer",
        "cot": "chain of thought"}
    assert "tts" in found.competing  # text-to-speech, test-time scaling: left apart
