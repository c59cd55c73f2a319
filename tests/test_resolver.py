"""The one resolver: what a person types names one keyword, the same in the filter box, the
trends and the command line. Read on the shipped real papers, both vocabularies."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

import dailypapers as dp
from dailypapers.cli import main
from dailypapers.filters import Lookup
from dailypapers.keywords.aliases import aliases_of
from tests.conftest import build_bundled_store

#: (typed, vocabulary, the key it names; None: no keyword of that vocabulary)
CASES = [
    ("LLMs", "keywords", "large language model"),
    ("LLM", "keywords", "large language model"),
    ("large language models (LLMs)", "keywords", "large language model"),
    ("Large Language Models (LLM)", "keywords", "large language model"),
    ("  Diffusion Models ", "keywords", "diffusion model"),
    ("Test-Time Scaling (TTS)", "keywords", "test time scaling"),
    ("RL", "keywords", "reinforcement learning"),
    ("MoE", "keywords", "mixture of expert"),
    ("Chain-of-Thought", "keywords", "chain of thought"),
    ("zzz unknown", "keywords", None),
    ("LLMs", "text", "large language model"),
    ("Reinforcement Learning (RL)", "text", "reinforcement learning"),
    # a definition no abstract writes so: read by the rule that made the keys
    ("Test-Time Scaling (TTS)", "text", "test time scaling"),
    ("CoT", "text", "chain of thought"),
    ("zzz unknown", "text", None),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    return build_bundled_store(tmp_path_factory.mktemp("shipped") / "papers.parquet")


@pytest.fixture(scope="module")
def papers(store) -> dp.Prepared:
    return dp.prepare(dp.load(store))


@pytest.mark.parametrize(("typed", "vocabulary", "key"), CASES)
def test_the_filter_box_finds_the_keyword_typed(papers, typed, vocabulary, key):
    assert Lookup(papers).keyword(typed, vocabulary) == key


@pytest.mark.parametrize(("typed", "vocabulary", "key"), CASES)
def test_a_trend_follows_the_keyword_the_filter_box_finds(papers, typed, vocabulary, key):
    trend = dp.compute_keyword_trends(papers, [typed], every="1y", source=vocabulary)
    followed = trend["keyword"].unique().to_list()
    aliases = papers.keywords(vocabulary)[1].aliases
    assert followed == [key or aliases.key_of(typed)]
    assert trend["papers"].sum() > 0 if key else trend["papers"].sum() == 0


def test_a_name_the_data_writes_wins_over_the_rule():
    """"LLMs" written beside a long form the shipped table does not merge it with names that
    long form: the data's own names come first, the rule only reads the others."""
    aliases = aliases_of(pl.DataFrame({"keyword": ["legal language model"], "n": [2],
                                       "spelling": ["legal language models (LLMs)"]}))
    assert aliases.find("LLMs") == "legal language model"
    assert aliases.find("Robots") is None and aliases.key_of("Robots") == "robot"


def test_the_command_line_keeps_the_papers_of_a_typed_keyword(store, tmp_path, capsys):
    out = tmp_path / "deck.pptx"
    status = main(["slides", "--store", str(store), "--out", str(out), "--keyword", "LLMs",
                   "--since", "2025-11-01"])
    printed = capsys.readouterr().out
    kept = dp.Filters(keywords=("large language model",), since=date(2025, 11, 1)).apply(
        dp.load(store))
    assert status == 0 and out.is_file()
    assert 0 < kept.height < 500
    assert printed.endswith(f"{kept.height} papers; filter: published from 2025-11-01; "
                            "keyword: large language models (LLMs))\n")


@pytest.mark.parametrize(("typed", "named"), [
    (["--keyword", "world models"], "keyword: world models"),  # the label, not the key
    (["--keyword", "LLM", "--keyword", "rl"],
     "keywords: large language models (LLMs) and reinforcement learning (RL)"),
    (["--org", "nvidia"], "organization: NVIDIA"),               # the display name
    (["--org", "NVIDIA"], "organization: NVIDIA"),
])
def test_the_deck_names_its_filter_as_the_data_does(store, tmp_path, capsys, typed, named):
    """Title slide, footnotes and the line printed name what was kept as the charts do."""
    from pptx import Presentation

    out = tmp_path / "deck.pptx"
    assert main(["slides", "--store", str(store), "--out", str(out), *typed]) == 0
    assert capsys.readouterr().out.rstrip().endswith(f"filter: {named})")
    slides = list(Presentation(str(out)).slides)
    texts = [shape.text_frame.text for slide in slides[:2] for shape in slide.shapes
             if shape.has_text_frame]
    assert any(text.endswith(f"· {named}") for text in texts)        # the title's subtitle
    assert any(f"· filter: {named} ·" in text for text in texts)     # a chart's footnote


@pytest.mark.parametrize(("vocabulary", "hint"), [("keywords", "--vocabulary text"),
                                                  ("text", "")])
def test_the_command_line_names_a_keyword_no_paper_has(store, tmp_path, capsys, vocabulary,
                                                       hint):
    status = main(["slides", "--store", str(store), "--out", str(tmp_path / "x.pptx"),
                   "--keyword", "zzz unknown", "--vocabulary", vocabulary])
    err = capsys.readouterr().err
    assert status == 2 and "'zzz unknown'" in err and hint in err
    assert not (tmp_path / "x.pptx").exists()
