"""Papers prepared from the store: long texts stay in the file and are read when asked."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dailypapers as dp
from dailypapers.errors import StoreError
from dailypapers.keywords.definitions import definitions_in
from dailypapers.prepared import CODED_LISTS
from dailypapers.store import write_atomic
from dailypapers.texts import ON_DISK, Texts


@pytest.fixture(scope="module")
def corpus() -> pl.DataFrame:
    return dp.conform(dp.generate_corpus(2_000, seed=11))


@pytest.fixture(scope="module")
def stored(corpus, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "papers.parquet"
    write_atomic(corpus, path)
    return path


@pytest.fixture(scope="module")
def both(corpus, stored) -> tuple[dp.Prepared, dp.Prepared]:
    """The same papers prepared in memory and from the store."""
    return dp.prepare(corpus), dp.prepare(stored)


def test_a_table_prepared_from_the_store_leaves_its_long_texts_there(corpus, both):
    in_memory, from_store = both
    assert set(ON_DISK) <= set(in_memory.table.columns)
    assert not set(ON_DISK) & set(from_store.table.columns)
    assert from_store.table.equals(corpus.drop(ON_DISK))
    assert from_store.texts.height == corpus.height
    assert set(ON_DISK) <= set(from_store.texts.columns)


@pytest.mark.parametrize("made_from", ["memory", "store"])
def test_a_prepared_table_holds_names_and_keywords_as_codes_and_gives_them_back(
        corpus, both, made_from):
    """Author names and keywords are held as codes (a million papers' names are ~230 MB as
    strings, ~40 MB as codes) and every way of reading the table writes them out again."""
    prepared = both[made_from == "store"]
    table = corpus if made_from == "memory" else corpus.drop(ON_DISK)
    for column in CODED_LISTS:
        assert prepared.coded(column).dtype == pl.List(pl.Enum)
        assert prepared.coded(column).cast(pl.List(pl.String)).equals(corpus[column])
    assert prepared.table.equals(table)
    keep = (corpus["author_count"].fill_null(0) >= 5).to_numpy()
    some = prepared.restrict(keep)
    assert some.papers.equals(table.filter(pl.Series(keep)))
    assert some.select(["organization", "authors"]).equals(
        table.filter(pl.Series(keep)).select("organization", "authors"))
    assert some.rows_at(np.array([0, 7, 8])).equals(table.filter(pl.Series(keep))[[0, 7, 8]])
    assert some.coded("keywords").cast(pl.List(pl.String)).equals(
        table.filter(pl.Series(keep))["keywords"])
    with pytest.raises(ValueError, match="'title' is not held as codes"):
        prepared.coded("title")


@pytest.mark.parametrize("made_from", ["memory", "store"])
def test_prepared_papers_show_their_first_rows(corpus, both, made_from):
    prepared = both[made_from == "store"]
    table = corpus if made_from == "memory" else corpus.drop(ON_DISK)
    keep = (corpus["upvotes"].fill_null(0) >= 3).to_numpy()
    assert prepared.head(7).equals(table.head(7))
    assert prepared.restrict(keep).head().equals(table.filter(pl.Series(keep)).head())
    assert prepared.head(0).is_empty() and prepared.head(10**9).height == corpus.height
    shown = prepared.restrict(keep)._repr_html_()
    assert f"{int(keep.sum()):,} of {corpus.height:,} papers" in shown
    assert ("left in" in shown) == (made_from == "store")


@pytest.mark.parametrize(("name", "says"), [
    ("filter", "prepared papers are not a DataFrame and have no 'filter': papers.papers"),
    ("to_pandas", "have no 'to_pandas'"),
    ("no_such_thing", "'Prepared' object has no attribute 'no_such_thing'"),
])
def test_a_dataframe_method_asked_of_prepared_papers_says_where_the_dataframe_is(
        both, name, says):
    with pytest.raises(AttributeError, match=re.escape(says)):
        getattr(both[0], name)
    assert not hasattr(both[0], name)  # copy, pickle and IPython probe with hasattr


@pytest.mark.parametrize("restricted", [False, True])
def test_prepared_papers_are_described_as_their_table(corpus, restricted, tmp_path):
    """The null share of a column left in the store is counted there, of the rows kept."""
    corpus = corpus.with_columns(abstract=pl.when(pl.int_range(pl.len()) % 3 == 0)
                                 .then(None).otherwise(pl.col("abstract")))
    keep = (corpus["upvotes"].fill_null(0) >= (2 if restricted else 0)).to_numpy()
    expected = dp.describe(corpus.filter(pl.Series(keep)))
    write_atomic(corpus, tmp_path / "papers.parquet")
    for prepared in (dp.prepare(corpus), dp.prepare(tmp_path / "papers.parquet")):
        described = dp.describe(prepared.restrict(keep) if restricted else prepared)
        assert described["null_share"] == expected["null_share"]
        assert described["null_share"]["abstract"] > 0.3
        assert described["sources"].equals(expected["sources"])
        assert described["papers"] == expected["papers"]


#: Questions that read titles and abstracts (keyphrases), or none of them.
QUESTIONS = {
    "keyphrases": lambda p: dp.compute_keyword_frequencies(p, 30, source="text"),
    "keyphrase trends": lambda p: dp.compute_keyword_trends(p, None, "1y", n=5, source="text"),
    "rising keyphrases": lambda p: dp.compute_rising_keywords(p, n=8, source="text"),
    "abbreviations": dp.compute_abbreviations,
    "Hub keywords": lambda p: dp.compute_keyword_frequencies(p, 30, source="keywords"),
    "paper list": lambda p: dp.compute_paper_list(p, 20),
}


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("restricted", [False, True])
def test_papers_prepared_from_the_store_answer_as_in_memory(both, question, restricted):
    in_memory, from_store = both
    if restricted:
        keep = (in_memory.frame["upvotes"].fill_null(0) >= 2).to_numpy()
        in_memory, from_store = in_memory.restrict(keep), from_store.restrict(keep)
    ask = QUESTIONS[question]
    assert ask(from_store).equals(ask(in_memory)), question


@pytest.mark.parametrize("filters", [
    dp.Filters(text="diffusion"),
    dp.Filters(text='"language model" -video', min_upvotes=2),
    dp.Filters(text="zzzz-nothing"),
])
def test_a_text_search_reads_the_abstracts_in_the_store(corpus, both, filters):
    in_memory, from_store = both
    expected = filters.mask(corpus)
    assert filters.mask(from_store).tolist() == expected.tolist()
    assert filters.mask(in_memory).tolist() == expected.tolist()


def test_a_predicate_on_an_abstract_is_read_in_the_store(corpus, both):
    _, from_store = both
    keep = (corpus["upvotes"].fill_null(0) >= 2).to_numpy()
    predicate = pl.col("abstract").str.contains("video") & (pl.col("upvotes") > 4)
    found = from_store.restrict(keep).where(predicate)
    plain = corpus.filter(pl.Series(keep)).filter(predicate)
    assert found.height == plain.height > 0
    assert found.papers["paper_id"].equals(plain["paper_id"])


def test_the_store_is_read_as_it_was_when_prepared(corpus, tmp_path):
    """A writer renames a new store into place; papers prepared before keep reading the
    file they opened, so their rows and abstracts still agree."""
    path = tmp_path / "papers.parquet"
    write_atomic(corpus.head(500), path)
    prepared = dp.prepare(path)
    write_atomic(corpus.tail(700).with_columns(abstract=pl.lit("replaced")), path)
    texts = pl.concat(frame for _, frame in prepared.texts.gather(np.arange(500), ["abstract"]))
    assert texts["abstract"].equals(corpus.head(500)["abstract"])
    assert dp.compute_keyword_frequencies(prepared, 10, source="text").equals(
        dp.compute_keyword_frequencies(dp.prepare(corpus.head(500)), 10, source="text"))
    assert dp.prepare(path).height == 700  # a new preparation reads the new file


@pytest.mark.parametrize(("made", "message"), [
    (None, "no store at .*missing.parquet: run `dailypapers ingest"),
    (b"not parquet at all", "cannot read the store .*missing.parquet"),
])
def test_a_store_that_cannot_be_read_is_said(tmp_path, made, message):
    path = tmp_path / "missing.parquet"
    if made is not None:
        path.write_bytes(made)
    with pytest.raises(StoreError, match=message):
        dp.prepare(path)


@settings(max_examples=60, deadline=None)
@given(height=st.integers(0, 40), size=st.integers(1, 9), data=st.data())
def test_gather_hands_out_exactly_the_rows_asked(tmp_path_factory, height, size, data):
    frame = dp.conform(pl.DataFrame({"paper_id": [f"p{i}" for i in range(height)],
                                     "abstract": [f"text {i}" for i in range(height)]}))
    rows = np.array(sorted(data.draw(st.sets(st.integers(0, max(height - 1, 0)), max_size=height)
                                     if height else st.just(set()))), dtype=np.int64)
    path = tmp_path_factory.mktemp("gather") / "papers.parquet"
    write_atomic(frame, path)
    for texts in (Texts.of(frame), Texts.in_store(path)):
        parts = list(texts.gather(rows, ["paper_id", "abstract"], size=size))
        assert [p for p, _ in parts] == sorted((p for p, _ in parts), key=lambda p: p.start)
        got = (pl.concat(part for _, part in parts) if parts
               else frame.select("paper_id", "abstract").clear())
        assert got.equals(frame.select("paper_id", "abstract")[rows]), texts
        assert all(part.height == p.stop - p.start > 0 for p, part in parts)


@pytest.mark.parametrize("cuts", [[], [1], [1, 2], [0, 3]])
def test_definitions_read_in_batches_are_those_read_at_once(cuts):
    texts = pl.Series(["Large language models (LLMs) reason.", "We tune LLMs.",
                       "Large language models (LLMs) and reinforcement learning (RL).",
                       "reinforcement learning (RL) again"])
    bounds = [0, *cuts, len(texts)]
    batches = [texts[a:b] for a, b in pairwise(bounds)]
    assert definitions_in(batches) == definitions_in(texts) == (
        ["Large language models (LLMs)", "reinforcement learning (RL)"], [2, 2])
