"""Terms of titles and abstracts: the integer-coded counter says what the plain rule says.

The rule, in plain Python (:func:`reference`): lower-case, regex tokens, stop words and
one-letter tokens dropped, distinct normalised unigrams and bigrams of adjacent kept tokens
per paper; a spelling's words written as they most often begin a chunk. Every test
compares :mod:`dailypapers.keywords.counter` with it.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import dailypapers as dp
from dailypapers.keywords.abbreviations import shipped_abbreviations
from dailypapers.keywords.counter import TermCounter
from dailypapers.keywords.normalise import STOP_WORDS, TOKEN_PATTERN, WRITTEN_SHARE, normalize
from dailypapers.keywords.terms import count_terms, keyword_pairs
from tests.conftest import HUB_API

TOKEN = re.compile(TOKEN_PATTERN)


#: What separates words: a space, a tab, a line break.
SPACES = " \t\n\r"


def reference(texts: list[str]) -> tuple[Counter, Counter]:
    """(papers per normalised term, occurrences per spelling) by the plain rule."""
    per_paper: list[list[str]] = []
    for text in texts:
        lowered = text.lower()
        found = list(TOKEN.finditer(lowered))
        tokens = [m.group() for m in found]
        keep = [t not in STOP_WORDS and len(t) > 1 for t in tokens]
        grams = [t for t, k in zip(tokens, keep, strict=True) if k]
        # a pair: two kept tokens with only white space between them, a line break too
        # (never across punctuation)
        grams += [f"{a.group()} {b.group()}" for a, b, ka, kb in zip(
            found, found[1:], keep, keep[1:], strict=False)
            if ka and kb and lowered[a.end():b.start()].strip(SPACES) == ""
            and lowered[a.end():b.start()] != ""]
        per_paper.append(grams)
    lowered_spellings = Counter(g for grams in per_paper for g in grams)
    normal = dict(zip(lowered_spellings, normalize(list(lowered_spellings)), strict=True)
                  ) if lowered_spellings else {}
    papers = Counter(term for grams in per_paper for term in {normal[g] for g in grams})
    # a word is spelled as it is most often written where a space-separated chunk begins
    # with it, when at least WRITTEN_SHARE of those chunks write it so (else lower case)
    written: dict[str, Counter] = {}
    for text in texts:
        for chunk in re.split(f"[{SPACES}]+", text):
            first = TOKEN.search(chunk.lower())
            start = first and re.search(f"(?i){TOKEN_PATTERN}", chunk)
            if first and start and first.group() not in STOP_WORDS and len(first.group()) > 1 \
                    and start.group().lower() == first.group():
                written.setdefault(first.group(), Counter())[start.group()] += 1
    spelled = {token: form for token, forms in written.items()
               for form in [max(forms, key=lambda form: (forms[form], form))]
               if forms[form] >= WRITTEN_SHARE * forms.total()}
    spellings: Counter = Counter()
    for gram, n in lowered_spellings.items():
        spellings[" ".join(spelled.get(word, word) for word in gram.split(" "))] += n
    return papers, spellings


def counted(texts: list[str], batch: int) -> tuple[Counter, Counter]:
    counter = TermCounter()
    counter.SPELLING_PARTS = 2  # the spellings of batches are added up as they come
    frame = pl.DataFrame({"title": texts}, schema={"title": pl.String})
    for _ in count_terms(frame, counter, ("title",), batch=batch, keep_pairs=False):
        pass
    papers = Counter(dict(counter.papers().select("keyword", "papers").iter_rows()))
    spellings = Counter(dict(counter.spellings().select("spelling", "n").iter_rows()))
    return papers, spellings


@pytest.mark.parametrize(("text", "terms"), [
    ("Large language models.", {"large", "language", "model", "large language",
                                "language model"}),
    ("fine-tuning and fine tuning", {"fine tuning", "fine", "tuning"}),  # one paper, once
    ("state of the art", {"state", "art"}),  # no bigram across a stop word
    ("models 2024 benchmarks", {"model", "benchmark"}),  # anything but spaces separates
    ("(e.g., LLM/VLM agents)", {"llm", "vlm", "agent", "vlm agent"}),  # not across "/"
    ("large language models (LLMs) reason", {  # not into or out of a parenthesis
        "large", "language", "model", "large language", "language model", "llm", "reason"}),
    ("diffusion models. Agents", {"diffusion", "model", "diffusion model", "agent"}),
    ("state-of-the-art vision-language models", {
        "state of the art", "vision language", "vision language model",
        "model", "state of the art vision language"}),
    ("x y z", set()),  # one-letter tokens are dropped
    ("", set()),
])
def test_terms_of_one_paper(text, terms):
    papers, _ = counted([text], batch=4)
    assert set(papers) == terms
    assert set(papers) == set(reference([text])[0])
    assert all(n == 1 for n in papers.values())


def test_a_paper_counts_once_per_term_whatever_the_spelling():
    papers, spellings = counted(["Fine-tuning LLMs; fine tuning an LLM. fine-tuning!"], 4)
    assert papers["fine tuning"] == 1 and papers["llm"] == 1
    assert spellings["fine-tuning"] == 2 and spellings["fine tuning"] == 1


@pytest.mark.parametrize(("share", "followed"), [
    (0.0, {"real world": 2, "gpt 4": 1}),  # every token of several words
    (0.75, {"gpt 4": 1}),  # "real-world": followed two times in three
])
def test_how_often_another_word_follows_a_compound(share, followed):
    counter = TermCounter()
    counter.feed(pl.Series(["Real-world agents and real-world robots; real-world.",
                            "GPT-4 wins", "fine tuning"]))  # no hyphen: not one token
    assert dict(counter.followed(share).iter_rows()) == followed


@pytest.mark.parametrize(("texts", "spelled"), [
    # the counting reads lower case; a spelling's words are written as they most often are
    (["GPT-4 beats gpt-4, and GPT-4o.", "GPT-4 wins over GPT-4."], {"GPT-4": 4, "GPT-4o": 1}),
    (["GPT-4 beats gpt-4.", "GPT-4 wins."], {"gpt-4": 3}),  # two in three: lower case
    (["LLM agents and AI agents.", "An LLM."], {"LLM agents": 1, "AI agents": 1, "LLM": 2}),
    # capitalised at the start of a sentence or in a title, and in lower case elsewhere
    (["Large models. large models, large models"], {"large models": 3}),
    (["Diffusion Models", "Diffusion Models", "diffusion models."], {"diffusion models": 3}),
    # a name: three in four or more write it so
    (["Gaussian splats. Gaussian splats, Gaussian splats; gaussian splats"],
     {"Gaussian splats": 4}),
    # a token written only inside a chunk ("(e.g.,": not first) stays in lower case
    (["x/GPT-4 beats x/GPT-4"], {"gpt-4": 2}),
])
def test_a_spelling_is_written_as_its_words_most_often_are(texts, spelled):
    _, spellings = counted(texts, 4)
    assert {spelling: spellings[spelling] for spelling in spelled} == spelled
    assert all(spellings[s.lower()] == 0 for s in spelled if s != s.lower())


WORD = st.sampled_from([
    "model", "models", "Model", "LLMs", "llm", "the", "of", "a", "fine-tuning", "fine",
    "tuning", "state-of-the-art", "3D", "2024", "x", "vision-language", "agents'", "analyses",
    "e.g.,", "(LLM)", "don't", "--", "\n", "policies", "GPUs", "a-b-c", "Über", "naïve",
])
#: Words apart by a space, by the line breaks of a wrapped abstract, by several spaces
SEPARATOR = st.sampled_from([" ", " ", " ", "\n", "  ", " \n  ", "\t", "\r\n"])
TEXTS = st.lists(st.lists(st.tuples(WORD, SEPARATOR), max_size=30).map(
    lambda words: "".join(word + gap for word, gap in words)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=TEXTS, batch=st.integers(1, 5))
def test_counter_agrees_with_the_plain_rule(texts, batch):
    assert counted(texts, batch) == reference(texts)


@settings(max_examples=30, deadline=None)
@given(texts=TEXTS)
@example(texts=["LLMs model model (LLM) LLMs model model (LLM)"])  # defines an abbreviation
def test_the_text_vocabulary_is_the_candidates_sifted(texts):
    """keyword_pairs(…, "text") keeps, of each paper's candidates, what the keyphrase rules
    keep (tests/test_keyphrases.py holds them to a reference): nothing is invented. A paper's
    keyphrase is one of its candidates of two words or more, or the long form of an
    abbreviation the field's table merges ("LLM" is among the words) that the paper names or
    whose every word pair it holds."""
    frame = pl.DataFrame({"title": texts, "keywords": [None] * len(texts)},
                         schema={"title": pl.String, "keywords": pl.List(pl.String)})
    pairs, _ = keyword_pairs(frame, "text")
    found = {(row, str(k)) for row, k in pairs.iter_rows()}
    merged = shipped_abbreviations("text").merged
    allowed = set()
    for row, text in enumerate(texts):
        terms = set(reference([text])[0])
        allowed |= {(row, merged.get(term, term)) for term in terms}
        allowed |= {(row, long) for long in merged.values()
                    if all(" ".join(pair) in terms for pair in pairwise(long.split(" ")))}
    assert found <= allowed
    assert all(" " in term for _, term in found)


def test_top_terms_match_the_full_count():
    texts = ["Large language models for agents.", "Agents and LLMs.", "Diffusion models.",
             "Language models, language agents."] * 3
    frame = pl.DataFrame({"title": texts})
    counter = TermCounter()
    for _ in count_terms(frame, counter, ("title",), keep_pairs=False):
        pass
    full = counter.papers()
    expected = full.sort(["papers", "keyword"], descending=[True, False]).head(3)
    assert counter.papers(3).rows() == expected.rows()
    assert set(counter.spellings(counter.papers(3)["term"])["keyword"]) == set(
        expected["keyword"])


@settings(max_examples=30, deadline=None)
@given(texts=TEXTS, batch=st.integers(1, 5))
def test_a_counter_without_papers_per_term_gives_the_same_pairs_and_spellings(texts, batch):
    frame = pl.DataFrame({"title": texts})
    both, pairs_only = TermCounter(), TermCounter(count_papers=False)
    pairs = []
    for counter in (both, pairs_only):  # codes differ between counters: compare keywords
        found = pl.concat([counter.pairs_frame(start, distinct) for start, distinct
                           in count_terms(frame, counter, ("title",), batch=batch)])
        pairs.append(set(zip(found["_row"], counter.term_strings(found["term"]), strict=True)))
    assert pairs[0] == pairs[1]
    assert both.spellings().sort(pl.all()).equals(pairs_only.spellings().sort(pl.all()))
    with pytest.raises(ValueError, match="count_papers=False"):
        pairs_only.papers()


@settings(max_examples=30, deadline=None)
@given(texts=TEXTS, batch=st.integers(1, 5))
def test_narrowed_pairs_are_the_batch_pairs_but_single_words(texts, batch):
    """A batch's pairs kept narrow (runs of rows per term) give back every (paper, term)
    pair of the batch whose term has more than one word, the single words left out."""
    frame = pl.DataFrame({"title": texts})
    counter = TermCounter(count_papers=False)
    wide, narrow = set(), set()
    no_words = counter.word_codes([])
    for start, distinct in count_terms(frame, counter, ("title",), batch=batch):
        found = counter.pairs_frame(start, distinct)
        wide |= {(row, term) for row, term in zip(found["_row"], counter.term_strings(
            found["term"]), strict=True) if " " in term}
        narrowed = counter.narrowed(start, distinct, no_words)
        known = np.unique(narrowed.terms)
        pairs = narrowed.pairs(np.arange(len(known)), known)
        strings = counter.term_strings(pl.Series(known, dtype=pl.UInt64))
        narrow |= set(zip(pairs["_row"], strings.gather(pairs["candidate"]), strict=True))
    assert narrow == wide


def test_batches_larger_than_the_row_field_are_refused():
    counter = TermCounter()
    with pytest.raises(ValueError, match="at most"):
        counter.count(pl.Series([40_000], dtype=pl.UInt32),
                      pl.Series(["word"]).cast(counter.chunk_dtype))


def test_real_abstracts_agree_with_the_plain_rule(tmp_path):
    store = tmp_path / "papers.parquet"
    dp.ingest(HUB_API, store=store)
    frame = dp.load(store).head(1500)
    texts = [f"{t or ''} . {a or ''}" for t, a in frame.select("title", "abstract").iter_rows()]
    assert counted(texts, batch=500) == reference(texts)


def test_generated_corpus_agrees_with_the_plain_rule():
    frame = dp.generate_corpus(3_000, seed=5)
    texts = [f"{t or ''} . {a or ''}" for t, a in frame.select("title", "abstract").iter_rows()]
    assert counted(texts, batch=1_024) == reference(texts)


@pytest.mark.parametrize(("text", "expected"), [
    # a pair whose first word, marked, is written alone: led
    ("Strong baselines win.", {("strong baseline", True), ("baselines win", False)}),
    ("STRONG Baselines", {("strong baseline", True)}),
    # the marked word hyphenated to the next: a compound, not led; its phrase neither
    ("A strong-baseline model.", {("strong baseline", False), ("strong baseline model", False)}),
    # marked by its normal form: "models" is "model" (a pair's first word keeps its plural)
    ("Models diffusion", {("models diffusion", True)}),
    # a pair that the marked word ends is not led
    ("Robust strong", {("robust strong", False)}),
    # a marked word alone before a hyphenated one: led
    ("strong fine-tuning", {("strong fine tuning", True), ("fine tuning", False)}),
])
def test_the_counter_marks_pairs_led_by_a_marked_word_alone(text, expected):
    """What lets the keyphrase rules tell, paper by paper, a pair that begins with a generic
    word written alone ("strong baselines") from a compound ("strong-baseline")."""
    from dailypapers.keywords.counter import is_led

    counter = TermCounter(count_papers=False)
    counter.mark_leading(["strong", "model"])
    pairs = pl.concat([counter.pairs_frame(start, distinct) for start, distinct in
                       count_terms(pl.DataFrame({"title": [text]}), counter, ("title",))])
    found = pairs.with_columns(keyword=counter.term_strings(pairs["term"]),
                               led=is_led(pairs["term"]))
    assert {(k, led) for k, led in found.select("keyword", "led").rows()
            if " " in k} == expected


def test_only_a_counter_of_pairs_marks_pairs():
    with pytest.raises(ValueError, match="count_papers=False"):
        TermCounter().mark_leading(["strong"])
