"""Counting-based group statistics say exactly what polars says."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dailypapers.grouped import Histogram, period_index, quantiles

GROUPED = st.lists(st.tuples(st.integers(0, 5), st.integers(-3, 60)), max_size=80)


@settings(max_examples=150, deadline=None)
@given(rows=GROUPED, qs=st.lists(st.floats(0, 1), min_size=1, max_size=4),
       method=st.sampled_from(["linear", "nearest"]))
def test_quantiles_match_polars(rows, qs, method):
    groups = np.array([g for g, _ in rows], dtype=np.int64)
    values = np.array([v for _, v in rows], dtype=np.int64)
    ours = quantiles(groups, values, 6, qs, method=method)
    frame = pl.DataFrame({"g": groups, "v": values}, schema={"g": pl.Int64, "v": pl.Int64})
    theirs = (pl.DataFrame({"g": np.arange(6)})
              .join(frame.group_by("g").agg(*(pl.col("v").quantile(q, method).alias(f"q{i}")
                                              for i, q in enumerate(qs))), on="g", how="left")
              .sort("g").drop("g").to_numpy().astype(float))
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-9, equal_nan=True)


@settings(max_examples=100, deadline=None)
@given(rows=GROUPED, qs=st.lists(st.floats(0, 1), min_size=1, max_size=3),
       cells=st.integers(1, 40))
def test_quantiles_with_a_sorted_tail_match_too(rows, qs, cells):
    """A tiny histogram budget sends most values to the sorted tail: same answers."""
    groups = np.array([g for g, _ in rows], dtype=np.int64)
    values = np.array([v ** 3 for _, v in rows], dtype=np.int64)
    np.testing.assert_allclose(quantiles(groups, values, 6, qs, max_cells=cells),
                               quantiles(groups, values, 6, qs, max_cells=10**7),
                               rtol=1e-12, equal_nan=True)


@settings(max_examples=100, deadline=None)
@given(rows=GROUPED, cells=st.sampled_from([1, 7, 10**6]))
def test_histogram_counts_sums_and_means_match_polars(rows, cells):
    """With a histogram of every value or a tail sorted beside one: the same counts, sums,
    means, and the caller's arrays untouched."""
    groups = np.array([g for g, _ in rows], dtype=np.int64)
    values = np.array([v ** 3 for _, v in rows], dtype=np.int64)
    before = groups.copy(), values.copy()
    counted = Histogram(groups, values, 6, max_cells=cells)
    frame = pl.DataFrame({"g": groups, "v": values}, schema={"g": pl.Int64, "v": pl.Int64})
    theirs = (pl.DataFrame({"g": np.arange(6)})
              .join(frame.group_by("g").agg(n=pl.len(), s=pl.col("v").sum(),
                                            m=pl.col("v").mean()), on="g", how="left")
              .sort("g"))
    assert counted.counts.tolist() == theirs["n"].fill_null(0).to_list()
    assert counted.sums.tolist() == theirs["s"].fill_null(0).to_list()
    np.testing.assert_allclose(counted.means(), theirs["m"].to_numpy().astype(float),
                               rtol=1e-12, equal_nan=True)
    assert (groups == before[0]).all() and (values == before[1]).all()


@settings(max_examples=60, deadline=None)
@given(days=st.lists(st.dates(date(1990, 1, 1), date(2030, 12, 31)), min_size=1, max_size=40),
       every=st.sampled_from(["1d", "1w", "1mo", "1q", "1y"]))
def test_period_index_matches_truncate(days, every):
    series = pl.Series(days, dtype=pl.Date)
    index, starts = period_index(series.to_physical().to_numpy(), every)
    assert starts.gather(index).to_list() == series.dt.truncate(every).to_list()
    expected = pl.date_range(min(series.dt.truncate(every)), max(series.dt.truncate(every)),
                             interval=every, eager=True)
    assert starts.to_list() == expected.to_list()  # empty periods are present


@pytest.mark.parametrize(("groups", "values", "expected"), [
    ([0, 0, 0, 0], [1, 2, 3, 4], [[1.75, 2.5, 3.25]]),
    ([0], [7], [[7.0, 7.0, 7.0]]),
    ([], [], [[np.nan] * 3]),
])
def test_quantiles_table(groups, values, expected):
    out = quantiles(np.array(groups, dtype=np.int64), np.array(values, dtype=np.int64), 1,
                    [0.25, 0.5, 0.75])
    np.testing.assert_allclose(out, expected, equal_nan=True)
