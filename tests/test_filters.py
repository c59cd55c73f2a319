"""Filters: what each control keeps, and how it is described in a footnote."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dailypapers as dp
from dailypapers import DailyPapersError, Filters, conform
from dailypapers.filters import describe_data, search_terms
from dailypapers.keywords.aliases import aliases_of
from dailypapers.keywords.normalise import labels_of, normalize

PAPERS = conform(pl.DataFrame({
    "paper_id": ["a", "b", "c", "d"],
    "title": ["Agents at scale", "Diffusion", "LLM agents", "Vision"],
    "abstract": ["…", "About AGENTS too.", "…", None],
    "keywords": [["agents"], None, ["llm", "Agent planning"], []],
    "organization": ["meta", None, "google", "meta"],
    "published_on": [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1), None],
    "daily_on": [date(2025, 1, 2), None, date(2025, 3, 3), date(2025, 4, 1)],
    "upvotes": [5, None, 12, 1],
    "author_count": [3, 40, None, 7],
}))


@pytest.mark.parametrize(
    ("filters", "kept", "description"),
    [
        (Filters(), ["a", "b", "c", "d"], "no filter"),
        (Filters(since=date(2025, 2, 1)), ["b", "c"], "published from 2025-02-01"),
        (Filters(until=date(2025, 2, 1)), ["a", "b"], "published until 2025-02-01"),
        (Filters(since=date(2025, 1, 1), until=date(2025, 1, 31)), ["a"],
         "published 2025-01-01 → 2025-01-31"),
        (Filters(since=date(2025, 3, 1), date_column="daily_on"), ["c", "d"],
         "on Daily Papers from 2025-03-01"),
        (Filters(organizations=("meta",)), ["a", "d"], "organization: meta"),
        (Filters(organizations=("meta", "google")), ["a", "c", "d"],
         "organizations: meta, google"),
        (Filters(text="agent"), ["a", "b", "c"], 'mentions "agent"'),
        (Filters(text="planning"), ["c"], 'mentions "planning"'),
        (Filters(min_upvotes=5), ["a", "c"], "at least 5 upvotes"),
        (Filters(min_authors=5), ["b", "d"], "at least 5 authors"),
        (Filters(min_authors=2, max_authors=10), ["a", "d"], "2–10 authors"),
        (Filters(organizations=("meta",), min_upvotes=2), ["a"],
         "organization: meta; at least 2 upvotes"),
    ],
)
def test_filter_keeps_and_describes(filters, kept, description):
    assert filters.apply(PAPERS)["paper_id"].to_list() == kept
    assert filters.describe() == description
    assert filters.is_empty() == (description == "no filter")


@pytest.mark.parametrize(("keep", "says"), [
    (lambda papers: papers, "filter: none"),
    (lambda papers: Filters(min_upvotes=5).apply(papers), "filter: not named, of 4 papers"),
])
def test_a_footnote_never_calls_filtered_papers_unfiltered(keep, says):
    """Papers kept by a filter the footnote is not handed are not "filter: none"."""
    footnote = describe_data(keep(dp.prepare(PAPERS)))
    assert f"· {says} ·" in footnote


def test_filter_accepts_lazy_and_pandas():
    f = Filters(min_upvotes=5)
    assert f.apply(PAPERS.lazy()).equals(f.apply(PAPERS))
    assert f.apply(PAPERS.to_pandas())["paper_id"].to_list() == ["a", "c"]
    reads = []  # a lazy table (a scan of a file, say) is read once, not once per step
    f.apply(PAPERS.lazy().map_batches(lambda batch: reads.append(1) or batch))
    assert reads == [1]


# -- the rules of each control --------------------------------------------------------------

PEOPLE = conform(pl.DataFrame({
    "paper_id": ["2501.00001", "2501.00002", "2501.00003", "2501.00004", "2501.00005"],
    "title": ["RL for agents", "Control of URLs", "Diffusion for video", "Video diffusion",
              "C++ kernels"],
    "abstract": ["We train agents.", None, "A world model of video.", "Large language models "
                 "(LLMs) plan.", "Fast code."],
    "authors": [["Ada Lovelace", "Alan Turing"], ["Alan Turing"], ["Grace Hopper"],
                ["Ada Lovelace"], []],
    "keywords": [["reinforcement learning (RL)", "agents", "large language models (LLMs)"],
                 ["URL parsing"],
                 ["Diffusion Models", "video generation"], ["LLMs", "diffusion model"], None],
    "organization": ["nvidia", "facebook", None, "nvidia", "google"],
    "organization_name": ["NVIDIA", "AI at Meta", None, "NVIDIA", "Google"],
    "github_repo": ["https://github.com/a/b", None, None, "https://github.com/c/d", None],
}))


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        # search: whole words, any case, a plural ending allowed
        (Filters(text="RL"), ["2501.00001"]),  # not "URLs", not "Control"
        (Filters(text="rl"), ["2501.00001"]),
        (Filters(text="agent"), ["2501.00001"]),
        (Filters(text="url"), ["2501.00002"]),
        # every word must occur, in any field, in any order
        (Filters(text="diffusion video"), ["2501.00003", "2501.00004"]),
        (Filters(text="video diffusion world"), ["2501.00003"]),
        # a quoted phrase must occur as written (words in that order)
        (Filters(text='"video diffusion"'), ["2501.00004"]),
        (Filters(text='"diffusion for video"'), ["2501.00003"]),
        # -word and -"phrase" exclude
        (Filters(text="diffusion -world"), ["2501.00004"]),
        (Filters(text='diffusion -"world model"'), ["2501.00004"]),
        # authors and keywords are searched too
        (Filters(text="hopper"), ["2501.00003"]),
        (Filters(text='"video generation"'), ["2501.00003"]),
        # a word of symbols matches as written
        (Filters(text="C++"), ["2501.00005"]),
        # organizations: handle or display name, any case, or the panel's "Name · handle"
        (Filters(organizations=("NVIDIA",)), ["2501.00001", "2501.00004"]),
        (Filters(organizations=("ai at meta",)), ["2501.00002"]),
        (Filters(organizations=("AI at Meta · facebook", "Google")), ["2501.00002",
                                                                      "2501.00005"]),
        (Filters(organizations=("Nobody",)), []),
        # authors: every one named must be an author, any case
        (Filters(authors=("ada lovelace",)), ["2501.00001", "2501.00004"]),
        (Filters(authors=("Ada Lovelace", "Alan Turing")), ["2501.00001"]),
        # keywords: by any spelling or abbreviation, every one named must occur
        (Filters(keywords=("diffusion models",)), ["2501.00003", "2501.00004"]),
        (Filters(keywords=("RL",)), ["2501.00001"]),
        (Filters(keywords=("reinforcement learning", "agent")), ["2501.00001"]),
        (Filters(keywords=("diffusion model", "video generation")), ["2501.00003"]),
        (Filters(keywords=("LLM", "diffusion model")), ["2501.00004"]),
        (Filters(keywords=("large language models",)), ["2501.00001", "2501.00004"]),
        (Filters(has_code=True), ["2501.00001", "2501.00004"]),
    ],
)
def test_each_filter_rule(filters, kept):
    assert filters.apply(PEOPLE)["paper_id"].to_list() == kept
    prepared = dp.prepare(PEOPLE)
    assert filters.apply(prepared).papers["paper_id"].to_list() == kept  # the codes agree


@pytest.mark.parametrize(("query", "terms"), [
    ("diffusion video", [(False, ["diffusion"]), (False, ["video"])]),
    ('"world model" -RL', [(False, ["world", "model"]), (True, ["RL"])]),
    ('-"world  model"', [(True, ["world", "model"])]),
    ('"unclosed phrase', [(False, ["unclosed", "phrase"])]),
    ("- lone dash", [(False, ["lone"]), (False, ["dash"])]),
    ('""', []),
])
def test_search_terms(query, terms):
    assert search_terms(query) == terms


@given(st.text(max_size=40) | st.lists(st.sampled_from(
    ["agents", "RL", "video", '"video diffusion"', "-world", "C++", "ada", "LLMs", "(", '"']),
    max_size=4).map(" ".join))
def test_any_search_keeps_what_its_expression_keeps(query):
    """The panel's mask reads the search on the rows left by the other fields, each field
    joined once; the expression a user can use reads it everywhere: the same papers."""
    kept = Filters(text=query, has_code=True).mask(PEOPLE)
    expected = PEOPLE.select(dp.search_expression(query).fill_null(False)
                             & PEOPLE["github_repo"].is_not_null()).to_series().to_numpy()
    assert kept.tolist() == expected.tolist()


def test_resolve_turns_what_was_typed_into_what_the_data_holds():
    resolved = Filters(organizations=("NVIDIA",), authors=("ada lovelace",),
                       keywords=("LLMs",)).resolve(PEOPLE)
    assert resolved.organizations == ("nvidia",)
    assert resolved.authors == ("Ada Lovelace",)
    assert resolved.keywords == ("large language model",)  # the abbreviation's long form


# -- a filter is a value --------------------------------------------------------------------

@given(st.builds(
    Filters, since=st.none() | st.dates(), until=st.none() | st.dates(),
    organizations=st.lists(st.text(max_size=8), max_size=3).map(tuple),
    text=st.text(max_size=12), min_upvotes=st.integers(0, 500),
    min_authors=st.none() | st.integers(1, 50), max_authors=st.none() | st.integers(1, 50),
    date_column=st.sampled_from(["published_on", "daily_on"]),
    authors=st.lists(st.text(max_size=8), max_size=2).map(tuple),
    keywords=st.lists(st.text(max_size=8), max_size=2).map(tuple),
    vocabulary=st.sampled_from(["keywords", "text"]), has_code=st.booleans()))
def test_a_filter_round_trips_through_json(filters):
    state = json.loads(json.dumps(filters.to_dict()))
    assert Filters.from_dict(state) == filters


def test_an_empty_filter_is_an_empty_dict():
    assert Filters().to_dict() == {}
    assert Filters.from_dict({}) == Filters()


@pytest.mark.parametrize(("state", "message"), [
    ({"organisation": ["x"]}, "unknown filter field organisation"),
    ({"organisation": ["x"], "sinse": "2025-01-01"}, "unknown filter fields organisation, sinse"),
    ({"since": "yesterday"}, "since: 'yesterday' is not a date"),
    ({"vocabulary": "auto"}, 'vocabulary is "keywords" or "text"'),
    ({"date_column": "seen_at"}, "date_column is one of"),
])
def test_a_bad_state_is_a_clear_error(state, message):
    with pytest.raises(DailyPapersError, match=re.escape(message)):
        Filters.from_dict(state)


def aliases_by_hand(spelled: pl.DataFrame) -> dict[str, str]:
    """The alias rule in plain Python: a key names itself; then each spelling, label and
    abbreviation in parentheses, case-folded and normalised, names the first keyword it
    was seen with; an abbreviation, the keyword that writes it most (a label counts as
    often as its keyword's spellings)."""
    labels = labels_of(spelled)
    named = list(spelled.select("keyword", "spelling").iter_rows())
    named += list(labels.select("keyword", "label").iter_rows())
    total = Counter()
    for key, _, n in spelled.iter_rows():
        total[key] += n
    written = Counter()
    for key, spelling, n in [*spelled.iter_rows(),
                             *((key, label, total[key]) for key, label in labels.iter_rows())]:
        if found := re.search(r"\(([^()]+)\)$", spelling):
            written[key, found.group(1)] += n
    named += sorted(written, key=lambda pair: (-written[pair], *pair))
    aliases: dict[str, str] = {}
    normal = normalize([spelling for _, spelling in named]) if named else []
    for (key, spelling), plain in zip(named, normal, strict=True):
        aliases.setdefault(spelling.casefold(), key)
        aliases.setdefault(plain, key)
    aliases.update({key: key for key in labels["keyword"]})
    return aliases


SPELLINGS = st.sampled_from([
    "Large Language Models (LLMs)", "LLMs", "large language model", "Straße", "STRASSE",
    "ﬁne-tuning", "Fine-Tuning", "ΣΊΣΥΦΟΣ", "σίσυφος", "Über (Ü)", "agents", "Agents",
    "reinforcement learning (RL)", "RL"])


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), SPELLINGS,
                          st.integers(1, 5)), min_size=1, max_size=12))
def test_aliases_are_the_rule_by_hand(rows):
    """The aliases are made in polars (casefold in Python only off ASCII) and say what the
    plain rule says, non-ASCII case folding ("Straße" → "strasse") included."""
    spelled = pl.DataFrame(rows, schema={"keyword": pl.String, "spelling": pl.String,
                                         "n": pl.Int64}, orient="row")
    spelled = spelled.group_by("keyword", "spelling", maintain_order=True).agg(
        pl.col("n").sum())
    assert aliases_of(spelled).to_dict() == aliases_by_hand(spelled)


def test_an_abbreviation_names_the_keyword_that_writes_it_most():
    """"LLMs" in brackets in two keywords' spellings names the one written with it most,
    whichever comes first."""
    spelled = pl.DataFrame({
        "keyword": ["generative large language model", "large language model"],
        "spelling": ["Generative Large Language Models (LLMs)", "Large Language Models (LLMs)"],
        "n": [1, 5]})
    aliases = aliases_of(spelled)
    assert aliases.get("llms") == "large language model"
    assert aliases.get("generative large language models (llms)") == \
        "generative large language model"
