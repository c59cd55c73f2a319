"""Abbreviations learned from the keywords themselves, merged with their long forms."""

from __future__ import annotations

from collections import Counter

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dailypapers as dp
from dailypapers.keywords.abbreviations import (
    conflicts,
    learn,
    shipped_abbreviations,
)
from dailypapers.keywords.definitions import definition, unbracketed
from dailypapers.keywords.normalise import normalize
from tests.conftest import build_bundled_store


@pytest.mark.parametrize(("text", "expected"), [
    ("large language models (LLMs)", ("large language models", "LLMs")),
    ("Large Language Models (LLMs)", ("Large Language Models", "LLMs")),
    ("reinforcement learning (RL)", ("reinforcement learning", "RL")),
    ("Mixture-of-Experts (MoE)", ("Mixture-of-Experts", "MoE")),
    ("Diffusion Transformers (DiT)", ("Diffusion Transformers", "DiT")),
    ("low-rank adaptation (LoRA)", ("low-rank adaptation", "LoRA")),
    ("results (2023)", None),  # a year
    ("a figure (see Fig. 2)", None),  # a reference
    ("vision models (LLMs)", None),  # the letters are not in the long form
    ("LLMs", None),
    ("models (x)", None),  # one character
])
def test_definitions(text, expected):
    assert definition(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Test-Time Scaling (TTS)", "Test-Time Scaling"),  # an abbreviation the field keeps apart
    ("Kullback-Leibler (KL) divergence", "Kullback-Leibler divergence"),  # in the middle
    ("vision-language-action (VLA) models", "vision-language-action models"),
    ("3D Gaussian Splatting (3DGS)", "3D Gaussian Splatting"),  # may start with a digit
    ("LLMs (Large Language Models)", "Large Language Models"),  # written the other way round
    ("GPT-4 (OpenAI)", "GPT-4 (OpenAI)"),  # a note, not an abbreviation
    ("Llama 2 (7B)", "Llama 2 (7B)"),
    ("ROCK (sandbox environment manager)", "ROCK (sandbox environment manager)"),
    ("Value (V)", "Value (V)"),  # one letter: too short to tell
    ("text-to-image (T2I)", "text-to-image (T2I)"),  # "2" for "to": not Schwartz & Hearst's
    ("SE(3) transformations", "SE(3) transformations"),
    ("reasoning", "reasoning"),
])
def test_unbracketed_leaves_out_abbreviations_next_to_what_they_abbreviate(text, expected):
    assert unbracketed(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcAB -()2", max_size=30))
def test_unbracketed_only_ever_leaves_text_out(text):
    """What it returns is the text, or a part of it, never something new: each character
    comes from the text, in order."""
    rest = iter(text)
    assert all(char in rest for char in unbracketed(text))


@pytest.mark.parametrize("defined", ["large language models (LLMs)",
                                     "large language models (LLMs) "])  # as definition() reads
def test_keywords_merge_an_abbreviation_with_its_long_form(defined):
    papers = dp.conform(pl.DataFrame({"paper_id": list("abcd"), "keywords": [
        [defined], ["LLMs"], ["Large Language Models"], ["agents"]]}))
    table = dp.compute_keyword_frequencies(papers, source="keywords")
    assert table.select("label", "papers").rows() == [
        ("large language models (LLMs)", 3), ("agents", 1)]
    prepared = dp.compute_keyword_frequencies(dp.prepare(papers), source="keywords")
    assert prepared.select("label", "papers").rows() == table.select("label", "papers").rows()


def test_competing_long_forms_stay_apart_and_are_reported():
    found = learn(["dynamic programming (DP)", "differential privacy (DP)", "DP"], [3, 3, 5])
    assert found.key("dp") == "dp"
    assert conflicts(found) == ["dp: dynamic programming (3), differential privacy (3)"]


def test_a_long_form_spelled_with_an_abbreviation_votes_with_the_others():
    found = learn(["large language models (LLMs)", "multimodal large language models (MLLMs)",
                   "multimodal LLMs (MLLMs)"], [5, 4, 1])
    assert found.key("mllm") == "multimodal large language model"


def test_the_shipped_keywords_merge_the_usual_abbreviations(tmp_path):
    papers = dp.load(build_bundled_store(tmp_path / "papers.parquet"))
    table = dp.compute_keyword_frequencies(papers, 40, source="keywords")
    labels = table["label"].to_list()
    for merged in ("large language models (LLMs)", "reinforcement learning (RL)",
                   "vision-language models (VLMs)", "supervised fine-tuning (SFT)",
                   "multimodal large language models (MLLMs)"):
        assert merged in labels
    assert not {"LLMs", "VLMs", "SFT", "RL", "MLLMs"} & set(labels)


@pytest.mark.parametrize(("definitions", "alone", "label"), [
    # the long form as written with the short form it is shown with
    ({"Graphical User Interface (GUI)": 3, "graphical user interfaces (GUIs)": 2,
      "graphical user interface (GUI)": 2, "Graphical User Interfaces (GUIs)": 4}, {},
     "graphical user interfaces (GUIs)"),
    # a sentence's capital is no name's
    ({"Reward models (RMs)": 6, "Reward Models (RMs)": 2, "reward model (RM)": 2}, {},
     "reward models (RMs)"),
    # keywords written alone tell how the long form is written
    ({"Multimodal Large Language Models (MLLMs)": 5}, {"multimodal large language models": 4},
     "multimodal large language models (MLLMs)"),
    ({"Group Relative Policy Optimization (GRPO)": 41,
      "group relative policy optimization (GRPO)": 2}, {},
     "Group Relative Policy Optimization (GRPO)"),
])
def test_an_abbreviation_is_labelled_as_its_long_form_is_written(definitions, alone, label):
    written = pl.DataFrame({"keyword": normalize(list(alone)), "spelling": list(alone),
                            "n": list(alone.values())}, schema={
        "keyword": pl.String, "spelling": pl.String, "n": pl.Int64})
    found = learn(list(definitions), list(definitions.values()), alone=written)
    (long,) = set(found.merged.values())
    assert found.labels[long] == label


def test_the_abbreviations_report_lists_merged_and_competing():
    papers = pl.DataFrame({"keywords": [
        ["large language models (LLMs)", "LLMs"], ["large language models (LLMs)"],
        ["test-time scaling (TTS)"], ["test-time scaling (TTS)"], ["text-to-speech (TTS)"],
        ["results (2023)"], ["diffusion models (DMs)"]]})
    report = dp.compute_abbreviations(papers)
    assert report.rows() == [  # most defined first
        ("TTS", "tts", "test time scaling", 3, "competing",
         "test time scaling (2), text to speech (1)", None),
        ("LLMs", "llm", "large language models (LLMs)", 2, "merged", None,
         "large language models (LLMs)"),
        # these papers agree on DMs, the field (the bundled corpus) does not define it: the
        # keyword questions keep it apart
        ("DMs", "dms", "diffusion models (DMs)", 1, "merged", None, None)]
    assert dp.compute_abbreviations(pl.DataFrame({"paper_id": ["a"]})).is_empty()


@pytest.mark.parametrize(("source", "short", "long"), [
    ("keywords", "llm", "large language model"), ("text", "llm", "large language model"),
    ("keywords", "rl", "reinforcement learning"), ("text", "cot", "chain of thought"),
    ("keywords", "large language models (llms)", "large language model"),
])
def test_the_shipped_table_merges_the_fields_abbreviations(source, short, long):
    assert shipped_abbreviations(source).key(short) == long


def test_the_shipped_table_is_a_fresh_value_each_time():
    found = shipped_abbreviations("text")
    found.merged.clear()
    assert shipped_abbreviations("text").key("llm") == "large language model"
    with pytest.raises(ValueError, match="source"):
        shipped_abbreviations("auto")


def test_a_definition_the_table_never_saw_joins_a_merged_abbreviation():
    found = learn(["large language models (LLMs)", "reinforcement learning (RL)",
                   "robot learning (RL)"], [4, 1, 1])
    assert found.defined_by(["LARGE language model (LLM)", "robot learning (RL)", "LLMs",
                             "2023 (results)"]) == {
        "large language model (llm)": "large language model"}  # RL competes: not merged


SPELLING = st.sampled_from([
    "large language models (LLMs)", "LLMs", "large language models (LLMs) ", "LLMs (x)",
    "reinforcement learning (RL)", "robot learning (RL)", "RL", "results (2023)",
    "test-time scaling (TTS)\t", "text-to-speech (TTS)", "(TTS)", "agents", ")", "a (b) c"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(SPELLING, max_size=4), max_size=12))
def test_the_report_is_what_every_spelling_defines(keywords):
    """The report counts only the spellings shaped "long form (SF)" (the others define
    nothing): it says what learning from every spelling says."""
    papers = pl.DataFrame({"keywords": keywords}, schema={"keywords": pl.List(pl.String)})
    counted = Counter(k for row in keywords for k in row)
    spellings = sorted(counted)
    found = learn(spellings, [counted[s] for s in spellings])
    report = dp.compute_abbreviations(papers)
    assert dict(zip(report["key"], report["definitions"], strict=True)) == found.definitions
    assert set(report.filter(pl.col("status") == "merged")["key"]) == {
        key for key in found.definitions if key not in found.competing}


def test_one_long_form_spelled_two_ways_is_one_vote():
    found = learn(["sparse autoencoders (SAEs)", "sparse auto-encoders (SAEs)",
                   "Rotary Position Embedding (RoPE)", "rotary positional embedding (RoPE)",
                   "test-time scaling (TTS)", "text-to-speech (TTS)"], [3, 1, 2, 1, 2, 1])
    assert found.key("sae") == "sparse autoencoder"
    assert found.key("sparse auto encoder") == "sparse autoencoder"  # the other spelling too
    assert found.key("rope") == "rotary position embedding"
    assert "tts" in found.competing  # two long forms, not two spellings of one


@pytest.mark.parametrize("min_upvotes", [0, 5, 40])
def test_prepared_papers_report_the_abbreviations_of_their_rows(tmp_path, min_upvotes):
    """Prepared papers count each spelling off the table's keyword codes; the report is
    that of the filtered table, on the bundled real data."""
    papers = dp.load(build_bundled_store(tmp_path / "papers.parquet"))
    keep = (papers["upvotes"].fill_null(0) >= min_upvotes).to_numpy()
    ours = dp.compute_abbreviations(dp.prepare(papers).restrict(keep))
    theirs = dp.compute_abbreviations(papers.filter(pl.Series(keep)))
    assert ours.height > 3 and ours.equals(theirs)
