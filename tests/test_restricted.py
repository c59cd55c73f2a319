"""Prepared papers are a value, and restricted prepared papers answer as the filtered
table does."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

import dailypapers as dp
from tests import reference

# -- prepared papers are a value ------------------------------------------------------

@pytest.fixture(scope="module")
def mixed() -> pl.DataFrame:
    """A corpus where a third of the papers have no keywords (text terms stand in)."""
    frame = dp.generate_corpus(4000, seed=21)
    return frame.with_columns(keywords=pl.when(pl.int_range(pl.len()) % 3 == 0)
                              .then(None).otherwise("keywords"))


def test_prepared_is_a_value_not_a_memory(mixed):
    """Two preparations of equal papers answer alike, whatever was asked before; the frame
    a Prepared holds is a plain frame (no code columns) and a plain frame is never
    taken for prepared."""
    first = dp.prepare(mixed)
    dp.compute_keyword_frequencies(first.restrict(np.ones(first.height, dtype=bool)), 5)
    second = dp.prepare(mixed)
    assert dp.compute_top_authors(first, 9).equals(dp.compute_top_authors(second, 9))
    assert not any(dtype == pl.List for dtype in first.frame.schema.dtypes())
    assert dp.prepare(first) is first
    # a table's vocabularies are made when a question first asks for one
    assert first.vocabularies == ["keywords"] and second.vocabularies == []
    with pytest.raises(ValueError, match="a mask of 3 rows for 4,000 papers"):
        first.restrict(np.ones(3, dtype=bool))


@pytest.mark.parametrize("columns", [["author_count"], ["organization", "upvotes"],
                                     ["has_authors", "daily_on", "not_a_column"], []])
@pytest.mark.parametrize("restricted", [False, True])
def test_some_columns_of_the_slim_rows_are_those_of_the_whole(mixed, columns, restricted):
    """A question reading a few columns of a plain table gets exactly those of the slim rows,
    in their order and types, one row per paper, whether or not the whole slim frame was
    made first."""
    mask = (np.arange(mixed.height) % 3 != 0) if restricted else np.ones(mixed.height, bool)
    alone = dp.prepare(mixed).restrict(mask).frame_of(columns)
    whole = dp.prepare(mixed).restrict(mask)
    expected = whole.frame.drop(c for c in whole.frame.columns if c not in columns)
    assert alone.equals(expected) and alone.schema == expected.schema
    assert alone.height == whole.height  # without a column, still one row per paper
    assert whole.frame_of(columns).equals(expected)
    if "organization" in columns:
        assert isinstance(alone.schema["organization"], pl.Enum)


# -- restricted prepared papers answer like the filtered table -----------------------------------

RESTRICTED_CASES = [
    ("compute_overview", {}), ("compute_author_counts", {}), ("compute_top_authors", {}),
    ("compute_top_authors_over_time", {"every": "1mo"}), ("compute_top_organizations", {}),
    ("compute_organization_share", {"every": "1mo"}), ("compute_upvotes_by_organization", {}),
    ("compute_upvotes_by_team_size", {}), ("compute_papers_over_time", {"every": "1w"}),
    ("compute_team_size_over_time", {"every": "1q"}), ("compute_keyword_frequencies", {}),
    ("compute_keyword_frequencies", {"source": "text"}),
    ("compute_keyword_trends", {"every": "1mo"}),
    ("compute_keyword_trends", {"every": "1q", "source": "keywords"}),
    ("compute_trend_topics", {}), ("compute_trend_topics", {"source": "text"}),
    ("compute_rising_keywords", {}),
    # windows with a gap between them: the second is counted, not the rest of the papers
    ("compute_rising_keywords", {"before": (date(2023, 5, 1), date(2023, 6, 15)),
                                 "after": (date(2023, 8, 1), date(2023, 10, 31))}),
    # read off the table's coded lists: keyword spellings, authors written out per row
    ("compute_abbreviations", {}), ("compute_paper_list", {"n": 40}),
    ("compute_paper_list", {"n": 40, "order": "stars"}),
]


@pytest.fixture(scope="module")
def corpus_and_prepared():
    corpus = dp.generate_corpus(3_000, seed=2)
    return corpus, dp.prepare(corpus)


def without_labels(table: pl.DataFrame) -> pl.DataFrame:
    """A keyword's label is its most frequent spelling in the whole prepared table (a name
    that stays while the rows change), in a plain frame that of the frame's rows; so are the
    days the data covers (a filter keeps papers, not days)."""
    return table.drop("label", *reference.WHOLE_TABLE_COLUMNS, strict=False)


@pytest.mark.parametrize("threshold", [1, 10])  # keeps 75 % / 21 % of the papers
@pytest.mark.parametrize(("name", "options"), RESTRICTED_CASES)
def test_restricted_papers_give_the_tables_of_the_filtered_table(corpus_and_prepared, name,
                                                                options, threshold):
    """Restricted prepared papers copy no list: their code views are cut from the table's
    (counting kept rows, or subtracting the rows left out when they are fewer), and every
    answer is that of the filtered table."""
    corpus, prepared = corpus_and_prepared
    mask = (corpus["upvotes"].fill_null(0) >= threshold).to_numpy()
    compute = getattr(dp, name)
    ours = compute(prepared.restrict(mask), **options)
    theirs = compute(corpus.filter(pl.Series(mask)), **options)
    assert without_labels(ours).equals(without_labels(theirs)), (ours, theirs)


def test_a_restriction_of_a_restriction_is_the_restriction_of_both(corpus_and_prepared):
    corpus, prepared = corpus_and_prepared
    voted = (corpus["upvotes"].fill_null(0) >= 2).to_numpy()
    step = prepared.restrict(voted)
    big = (step.frame["author_count"].fill_null(0) >= 8).to_numpy()
    both = voted.copy()
    both[np.flatnonzero(voted)] = big
    twice, once = step.restrict(big), prepared.restrict(both)
    assert twice.frame.equals(once.frame)
    assert dp.compute_top_authors(twice, 10).equals(dp.compute_top_authors(once, 10))


@pytest.mark.parametrize("threshold", [0, 1, 2, 5, 20, 60])
def test_top_authors_of_restricted_rows_without_a_full_tally(corpus_and_prepared, threshold):
    """Restricted papers count only the table's leading authors among their rows, more of
    them until no other author can reach the top: the same top as counting every author."""
    corpus, prepared = corpus_and_prepared
    mask = (corpus["upvotes"].fill_null(0) >= threshold).to_numpy()
    view = prepared.restrict(mask).authors
    expected = dp.prepare(corpus.filter(pl.Series(mask))).authors
    for n in (1, 5, 15):
        assert view.labels_of(view.top(n)).to_list() == \
            expected.labels_of(expected.top(n)).to_list()


@pytest.mark.parametrize(("name", "options"), [
    case for case in RESTRICTED_CASES if "keyword" in case[0] or "topics" in case[0]
    or "over_time" in case[0]])
def test_restricted_papers_with_undated_papers(name, options):
    """Papers without a date are left out of the dated questions."""
    corpus = dp.generate_corpus(1_500, seed=5).with_columns(
        published_on=pl.when(pl.int_range(pl.len()) % 7 == 0).then(None)
        .otherwise(pl.col("published_on")))
    mask = (corpus["upvotes"].fill_null(0) >= 2).to_numpy()
    compute = getattr(dp, name)
    ours = compute(dp.prepare(corpus).restrict(mask), **options)
    theirs = compute(corpus.filter(pl.Series(mask)), **options)
    assert without_labels(ours).equals(without_labels(theirs)), (ours, theirs)


@pytest.mark.parametrize("filters", [
    dp.Filters(min_upvotes=2),
    dp.Filters(text="diffusion", min_upvotes=1),  # reads titles: columns the frame leaves out
    dp.Filters(since=date(2023, 8, 1)),
])
def test_a_filter_applies_to_prepared_papers_as_to_the_table(corpus_and_prepared, filters):
    corpus, prepared = corpus_and_prepared
    kept, plain = filters.apply(prepared), filters.apply(corpus)
    assert isinstance(kept, dp.Prepared) and 0 < kept.height == plain.height < corpus.height
    assert dp.compute_top_authors(kept, 10).equals(dp.compute_top_authors(plain, 10))
    twice = filters.apply(kept)  # a restriction filtered again reads its own rows
    assert twice.height == kept.height
    assert kept.papers.equals(plain)  # every column of the rows kept


@pytest.mark.parametrize("order", list(dp.compute.PAPER_ORDERS))
def test_paper_list_of_prepared_papers_equals_the_plain_list(corpus_and_prepared, order):
    corpus, prepared = corpus_and_prepared
    if order == "downloads":  # an impact column: the generated papers carry a synthetic one
        corpus = dp.add_synthetic_impact(corpus)
        prepared = dp.prepare(corpus)
    mask = (corpus["upvotes"].fill_null(0) >= 2).to_numpy()
    ours = dp.compute_paper_list(prepared.restrict(mask), 40, order)
    theirs = dp.compute_paper_list(corpus.filter(pl.Series(mask)), 40, order)
    assert ours.equals(theirs) and ours.height == 40
