"""The engine against the reference: every list-column question of prepared papers, whole and
restricted by a filter, equals the plain polars answer of the filtered table (tests/reference.py).

On generated papers and on the shipped real ones (whose keywords define abbreviations and
whose spellings vary). A keyword's label is compared where the papers are the whole table:
restricted papers keep the table's labels, so that a keyword keeps its name while the rows
change; the reference, which sees only the rows, names it by theirs.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import dailypapers as dp
from tests import reference

#: (question, options): each asked of the engine and of the reference.
QUESTIONS = [
    ("compute_top_authors", {"n": 15}),
    ("compute_top_authors_over_time", {"n": 6, "every": "1q"}),
    ("compute_keyword_frequencies", {"n": 25, "source": "keywords"}),
    ("compute_keyword_frequencies", {"n": 25, "source": "text"}),
    ("compute_keyword_trends", {"n": 5, "every": "1mo", "source": "keywords"}),
    ("compute_keyword_trends", {"keywords": ["LLMs", "diffusion models", "RL"],
                                "every": "1q", "source": "keywords"}),
    ("compute_trend_topics", {"n": 12, "min_papers": 3, "source": "keywords"}),
    ("compute_trend_topics", {"n": 12, "min_papers": 3, "source": "text"}),
    ("compute_rising_keywords", {"n": 8, "source": "keywords"}),
    ("compute_rising_keywords", {"n": 8, "source": "text"}),
]

#: Filter states: a mask of the table's rows (None: every paper).
STATES = {
    "whole": lambda papers: None,
    "upvoted": lambda papers: (papers["upvotes"].fill_null(0) >= 3).to_numpy(),
    "later dates": lambda papers: (papers["published_on"] >= papers["published_on"]
                                   .quantile(0.6, "nearest")).fill_null(False).to_numpy(),
}


@pytest.fixture(scope="module")
def generated() -> pl.DataFrame:
    return dp.generate_corpus(2_000, seed=11)


@pytest.fixture(scope="module", params=["generated", "real"])
def data(request) -> tuple[pl.DataFrame, dp.Prepared]:
    papers = request.getfixturevalue("generated" if request.param == "generated"
                                     else "real_papers")
    return papers, dp.prepare(papers)


def _comparable(table: pl.DataFrame, labels: bool) -> pl.DataFrame:
    if not labels:
        table = table.drop("label", "carried_by_all", strict=False)
    return table.with_columns(pl.col(pl.Float64).round(12))


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(("name", "options"), QUESTIONS)
def test_the_engine_answers_as_the_reference(data, state, name, options):
    papers, prepared = data
    mask = STATES[state](papers)
    ours = getattr(dp, name)(prepared if mask is None else prepared.restrict(mask), **options)
    theirs = getattr(reference, name)(papers if mask is None
                                      else papers.filter(pl.Series(mask)), **options)
    assert ours.height > 0
    assert set(ours.columns) - set(theirs.columns) <= reference.WHOLE_TABLE_COLUMNS
    # the rows the reference is handed filtered cannot tell the days the whole data covers
    shared = [c for c in theirs.columns
              if mask is None or c not in reference.WHOLE_TABLE_COLUMNS]
    ours, theirs = ours.select(shared), theirs.select(shared)
    assert _comparable(ours, mask is None).equals(_comparable(theirs, mask is None)), \
        (ours, theirs)


@pytest.mark.parametrize("state", STATES)
def test_distinct_authors_and_matching_as_the_reference(data, state):
    papers, prepared = data
    mask = STATES[state](papers)
    rows = papers if mask is None else papers.filter(pl.Series(mask))
    some = prepared if mask is None else prepared.restrict(mask)
    assert dp.compute_overview(some)["distinct_authors"][0] == reference.distinct_authors(rows)
    leaders = reference.compute_top_authors(rows, 2)["author"].to_list()
    assert np.array_equal(some.having_all("authors", leaders[:1]),
                          reference.having_all(rows, "authors", leaders[:1]))
    top = reference.compute_keyword_frequencies(rows, 2, "keywords")["keyword"].to_list()
    assert np.array_equal(some.having_all("keywords:keywords", top),
                          reference.having_all_keywords(rows, "keywords", top))
