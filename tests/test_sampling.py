"""Counts that know the data is a sample: listing days, rates per listing day, axes where the
data is, a field's chart over its recorded periods, groups too small to rank."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import polars as pl
import pytest

import dailypapers as dp
from dailypapers.charts import subtitle_lines, title_of
from tests.tables import papers


def weekdays(first: date, last: date) -> list[date]:
    days = (first + timedelta(n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


def listed(days: list[date], per_day: int = 10, **columns) -> pl.DataFrame:
    """``per_day`` papers on each listing day, published and listed that day."""
    on = [day for day in days for _ in range(per_day)]
    return papers(published_on=on, daily_on=on, upvotes=[1] * len(on),
                  **{k: v * len(on) for k, v in columns.items()})


MARCH = weekdays(date(2025, 3, 1), date(2025, 3, 31))  # 21 weekdays
APRIL = weekdays(date(2025, 4, 1), date(2025, 4, 30))  # 22 weekdays


@pytest.mark.parametrize(("days", "counts", "held", "rates", "sampled"), [
    # every day of March and every third of April: the count falls by two thirds, the rate
    # stays (the Hub listed as much every day; the data holds fewer of its days)
    (MARCH + APRIL[::3], [210, 80], [21, 8], [10.0, 10.0], True),
    # every day of both months: a census, counts are what to read
    (MARCH + APRIL, [210, 220], [21, 22], [10.0, 10.0], False),
])
def test_a_rate_per_listing_day_is_flat_where_the_count_follows_the_sampling(
        days, counts, held, rates, sampled):
    table = dp.compute_papers_over_time(listed(days), "1mo")
    assert table["papers"].to_list() == counts
    assert table["listing_days"].to_list() == held
    assert table["papers_per_day"].to_list() == pytest.approx(rates)
    assert table["sampled"].all() == sampled
    chart = dp.view("papers_over_time", listed(days), every="1mo").to_dict()
    drawn = chart["encoding"]["y"]["field"]
    assert drawn == ("papers_per_day" if sampled else "papers")
    assert any("listing day" in line for line in subtitle_lines(
        dp.view("papers_over_time", listed(days), every="1mo"))) == sampled


@pytest.mark.parametrize(("days", "counts", "rates", "drawn", "said"), [
    # Ada on every paper of every listing day the data holds: her production per listing
    # day is flat while her count follows the sampling
    (MARCH + APRIL[::3], [42, 16], [2.0, 2.0], "papers_per_day",
     "Papers per listing day the data holds, as the data is a sample: 1 month holds every "
     "weekday, 1 holds 8 listing days"),
    (MARCH + APRIL, [42, 44], [2.0, 2.0], "papers", None),
    # the data ends mid-April: drawn pale (March, whose data starts on the Monday after
    # its first weekend, is whole)
    (MARCH + APRIL[:10], [42, 20], [2.0, 2.0], "papers",
     "Pale: a period the data covers only in part (2025-04-01 → 2025-04-14)"),
])
def test_an_authors_production_is_a_rate_where_the_count_follows_the_sampling(
        days, counts, rates, drawn, said):
    frame = listed(days, per_day=2, authors=[["Ada"]])
    table = dp.compute_top_authors_over_time(frame, n=1, every="1mo")
    assert table["papers"].to_list() == counts
    assert table["papers_per_day"].to_list() == pytest.approx(rates)
    chart = dp.view("top_authors_over_time", frame, every="1mo")
    assert chart.to_dict()["encoding"]["size"]["field"] == drawn
    assert subtitle_lines(chart) == ([said] if said else [])


def test_listing_days_say_what_a_period_holds_of_the_hubs_weekdays():
    table = dp.compute_listing_days(listed(MARCH[:5] + APRIL, per_day=2))
    assert table.select("listing_days", "weekdays", "papers", "papers_per_day").rows() == [
        (5, 21, 10, 2.0), (22, 22, 44, 2.0)]
    overview = dp.compute_overview(listed(MARCH[:5] + APRIL, per_day=2)).row(0, named=True)
    assert (overview["listing_days"], overview["listing_weekdays"]) == (27, 43)
    assert "Listing days held" in str(dp.view("overview", listed(MARCH)).to_dict())


def test_a_filter_keeps_papers_not_days():
    """An organization on three of March's 21 listing days publishes 3/21 papers a listing
    day, not one a day: the days are the data's, whatever a filter keeps."""
    days = [MARCH[0], MARCH[10], MARCH[20]]
    frame = pl.concat([listed(MARCH), papers(published_on=days, daily_on=days,
                                             upvotes=[1] * 3, organization=["meta"] * 3)])
    prepared = dp.prepare(frame)
    kept = dp.Filters(organizations=("meta",)).apply(prepared)
    table = dp.compute_papers_over_time(kept, "1mo")
    assert table.select("papers", "listing_days").row(0) == (3, 21)
    assert table["papers_per_day"][0] == pytest.approx(3 / 21)
    overview = dp.compute_overview(kept).row(0, named=True)
    assert (overview["listing_days"], overview["listing_weekdays"]) == (21, 21)
    plain = dp.compute_papers_over_time(frame.filter(pl.col("organization") == "meta"), "1mo")
    assert plain["listing_days"][0] == 3  # a table handed alone is the whole data


def test_a_paper_published_before_its_listing_month_counts_by_its_listing_sampling():
    """A paper published on 31 March and listed in April (held whole) counts 1/22 in March:
    by how well its listing was sampled, not by March's."""
    frame = pl.concat([listed(MARCH[:7]), papers(published_on=[date(2025, 3, 31)],
                                                 daily_on=[date(2025, 4, 1)], upvotes=[1]),
                       listed(APRIL[1:])])
    table = dp.compute_papers_over_time(frame, "1mo")
    assert table["papers_per_day"].to_list() == pytest.approx([10 + 1 / 22, 210 / 22])


def test_a_few_papers_far_before_the_rest_are_left_off_the_axis_and_named():
    frame = pl.concat([papers(published_on=[date(2021, 7, 28)] * 2, daily_on=[None, None],
                              upvotes=[1, 1]), listed(MARCH + APRIL)])
    chart = dp.view("papers_over_time", frame, every="1mo")
    months = {row["period"][:7] for rows in chart.to_dict()["datasets"].values()
              for row in rows}
    assert months == {"2025-03", "2025-04"}
    assert "Not drawn, far from the rest: 2 papers before 2025-03 (counted everywhere else)" \
        in subtitle_lines(chart)
    assert dp.compute_overview(frame)["papers"][0] == 432  # still counted


@pytest.mark.parametrize("view", ["papers_over_time", "top_authors_over_time"])
def test_a_paper_far_before_the_rest_does_not_make_the_first_drawn_period_whole(view):
    """The data starts on 10 March, whatever a paper of 2021 says: March is drawn pale."""
    frame = pl.concat([papers(published_on=[date(2021, 7, 28)], daily_on=[None], upvotes=[1],
                              authors=[["Ada"]]),
                       listed(MARCH[5:] + APRIL, authors=[["Ada"]])])
    table = dp.compute_papers_over_time(frame, "1mo")
    march = table.filter(pl.col("period") == date(2025, 3, 1)).row(0, named=True)
    assert (march["first_day"], march["partial"]) == (date(2025, 3, 10), True)
    assert table.filter(pl.col("period") == date(2021, 7, 1))["first_day"][0] == \
        date(2021, 7, 28)
    chart = dp.view(view, frame, every="1mo", measure="papers")
    assert "Pale: a period the data covers only in part (2025-03-10 → 2025-03-31)" in \
        subtitle_lines(chart)


def test_an_organization_chart_spans_the_periods_that_record_organizations():
    named = [None] * 20 + ["meta"] * 10 + ["nvidia"] * 10
    frame = papers(published_on=[date(2024, 1, 5)] * 10 + [date(2024, 2, 5)] * 10
                   + [date(2025, 1, 5)] * 20, organization=named, organization_name=named,
                   upvotes=[1] * 40)
    chart = dp.view("organization_share", frame, every="1mo")
    rows = [row for rows in chart.to_dict()["datasets"].values() for row in rows]
    assert {row["period"][:7] for row in rows} == {"2025-01"}
    assert subtitle_lines(chart)[0] == (
        "Not drawn: 2024-01 → 2024-02, where fewer than 20% of the papers name an "
        "organization")


def test_groups_too_small_for_a_median_are_not_ranked_as_equals():
    """Ten organizations tied at three papers used to fill the ranking in alphabetical
    order; two with six and seven are drawn, and the ten are counted in the subtitle."""
    orgs = [f"org{i}" for i in range(10) for _ in range(3)] + ["big"] * 6 + ["bigger"] * 7
    frame = papers(organization=orgs, organization_name=orgs, upvotes=list(range(len(orgs))),
                   published_on=[date(2025, 1, 6)] * len(orgs))
    table = dp.compute_upvotes_by_organization(frame, n=15, observations="all")
    assert table["organization"].to_list() == ["bigger", "big"]
    assert (table["too_few"][0], table["too_few_most"][0]) == (10, 3)
    chart = dp.view("upvotes_by_organization", frame, observations="all")
    assert "Not drawn: 10 more organizations with 1–3 such papers (a median needs 5)" in \
        subtitle_lines(chart)


def test_equal_counts_are_ranked_by_all_their_papers_then_handle():
    orgs = ["a"] * 5 + ["b"] * 5 + ["c"] * 5
    frame = papers(organization=orgs + ["b"] * 4, organization_name=orgs + ["b"] * 4,
                   upvotes=[3] * 15 + [None] * 4, published_on=[date(2025, 1, 6)] * 19)
    assert dp.compute_upvotes_by_organization(frame, observations="all")["organization"
                                               ].to_list() == [
        "b", "a", "c"]


def test_a_team_size_with_too_few_papers_has_no_median():
    frame = papers(author_count=[1] * 6 + [3] * 2, upvotes=[1, 2, 3, 4, 5, 6, 7, 8])
    table = dp.compute_upvotes_by_team_size(frame, "all")
    medians = dict(table.select("team_size", "median").iter_rows())
    assert medians["1"] == 3.5 and medians["3–4"] is None
    assert table["too_few"][0] == 1


@pytest.mark.parametrize(("view", "frame", "says"), [
    ("upvotes_by_team_size", papers(author_count=[1, 1, 1, 9, 9], upvotes=[1, 2, 3, 4, 5]),
     "Nothing to draw: no team size has the 5 papers whose upvotes count that a median "
     "needs (3 at most)"),
    ("upvotes_by_organization", papers(organization=["a"] * 3 + ["b"] * 2,
                                       organization_name=["a"] * 3 + ["b"] * 2,
                                       upvotes=[1, 2, 3, 4, 5]),
     # only the organizations drawn are rows of its table: it cannot say more
     "Nothing to draw: no organization here has enough papers whose upvotes count for a "
     "median"),
    ("upvotes_by_team_size", papers(author_count=[1, 2], upvotes=[None, None]),
     "Nothing to draw: no paper here has upvotes that count"),
])
def test_an_upvotes_chart_with_no_group_to_draw_says_so(view, frame, says):
    """Not "Not drawn: 2 more team sizes" over an empty plot: nothing is drawn, and why."""
    lines = subtitle_lines(dp.view(view, frame.with_columns(
        published_on=pl.lit(date(2025, 1, 6))), observations="all"))
    assert says in lines
    assert not any(line.startswith(("Not drawn", "The 0")) for line in lines)


@pytest.mark.parametrize(("organizations", "says"), [
    (["a"] * 5, "The only organization here with enough papers whose upvotes count"),
    (["a"] * 5 + ["b"] * 2, "The only organization here with enough papers whose upvotes count"),
    (["a"] * 5 + ["b"] * 5, "The 2 organizations with most papers whose upvotes count, by "
                            "median upvotes"),
])
def test_the_upvoted_organizations_are_named_as_many_as_they_are(organizations, says):
    """One organization drawn is "the only one", never "The 1 organization with most"."""
    frame = papers(organization=organizations, organization_name=organizations,
                   upvotes=list(range(len(organizations))),
                   published_on=[date(2025, 1, 6)] * len(organizations))
    assert subtitle_lines(dp.view("upvotes_by_organization", frame, observations="all")
                          )[0] == says


# -- on the shipped data ------------------------------------------------------------------------

#: The months re-fetched whole in 2026 (data/README.md): the spikes of a count per month.
REFETCHED = ["2024-11", "2025-11"]


@pytest.fixture(scope="module")
def shipped(real_papers) -> dp.Prepared:
    return dp.prepare(real_papers)


@pytest.mark.parametrize("month", REFETCHED)
def test_on_the_shipped_data_a_refetched_month_is_no_spike_of_the_rate(shipped, month):
    """By Daily Papers day: a month held whole holds two to three times the papers of its
    neighbours held on seven days; per listing day it is in line with them."""
    table = dp.compute_papers_over_time(shipped, "1mo", date="daily_on")
    at = table["period"].dt.strftime("%Y-%m").to_list().index(month)
    around = [at - 2, at - 1, at + 1, at + 2]
    count, rate = table["papers"].to_numpy(), table["papers_per_day"].to_numpy()
    assert count[at] > 2 * np.median(count[around])
    assert rate[at] < 1.6 * np.median(rate[around])


#: The shipped data's days: one paper of 2021-07-28, then 2023-02-16 → 2026-08-20.
SHIPPED_SPAN = (date(2021, 7, 28), date(2026, 8, 20), (date(2023, 2, 16), date(2026, 8, 20)))
LATE = date(2025, 6, 1)


@pytest.mark.parametrize(("kept", "covered"), [
    ("all", SHIPPED_SPAN),
    # a filter keeps papers, not days: the data still covers every day of the store
    ("upvoted", SHIPPED_SPAN),
    ("a mask of late papers", SHIPPED_SPAN),  # a mask alone does not say it cut days
    ("since 2025-06-01", (LATE, date(2026, 8, 20), (LATE, date(2026, 8, 20)))),
    ("until 2021-12-31", (date(2021, 7, 28), date(2021, 12, 31), None)),
])
@pytest.mark.parametrize("every", ["1mo", "1y"])
def test_the_days_the_data_covers_are_the_tables_cut_by_a_date_filter(shipped, every, kept,
                                                                      covered):
    from dailypapers.compute.sampling import coverage

    days = shipped.frame["published_on"]
    papers = {
        "all": shipped,
        "upvoted": shipped.restrict((shipped.frame["upvotes"].fill_null(0) >= 20).to_numpy()),
        "a mask of late papers": shipped.restrict((days >= LATE).to_numpy()),
        "since 2025-06-01": dp.Filters(since=LATE).apply(shipped),
        "until 2021-12-31": dp.Filters(until=date(2021, 12, 31)).apply(shipped),
    }[kept]
    assert coverage(papers, "published_on", every) == covered


@pytest.mark.parametrize(("filters", "partial"), [
    # Qwen's papers run 2025-10-27 → 2026-06-16 of a store that covers all three quarters
    (dp.Filters(organizations=("Qwen",)), {"2025-10": False, "2026-01": False,
                                            "2026-04": False}),
    # a date filter cuts days: its first quarter is covered from 2025-11-15 only
    (dp.Filters(organizations=("Qwen",), since=date(2025, 11, 15)),
     {"2025-10": True, "2026-01": False, "2026-04": False}),
])
def test_on_the_shipped_data_an_organizations_quarters_are_whole_unless_a_date_cuts_them(
        shipped, filters, partial):
    """An organization's first paper mid-quarter does not make the quarter partial: the
    data covers it (a pale bar would tell a reader to discount a count that is whole)."""
    table = dp.compute_papers_over_time(filters.resolve(shipped).apply(shipped), "1q")
    shown = table.filter(pl.col("papers") > 0)
    assert dict(zip(shown["period"].dt.strftime("%Y-%m"), shown["partial"],
                    strict=True)) == partial


def test_on_the_shipped_data_the_halves_are_of_the_papers_not_of_one_far_before(shipped):
    """The paper of 2021-07-28 is off the time axes and in neither half of rising keywords:
    the halves split 2023-02-16 → 2026-08-20, not a span two years longer."""
    assert dp.split_halves(shipped) == ((date(2023, 2, 16), date(2024, 11, 17)),
                                        (date(2024, 11, 18), date(2026, 8, 20)))


def test_on_the_shipped_data_the_default_chart_is_a_rate_and_says_what_it_leaves_off(shipped):
    chart = dp.view("papers_over_time", shipped)
    assert title_of(chart)[0] == "Papers per listing day, by month"
    lines = subtitle_lines(chart)
    assert lines[0].startswith("Papers per listing day the data holds, as the data is a sample")
    assert "Not drawn, far from the rest: 1 paper before 2023-02 (counted everywhere else)" \
        in lines


def test_an_authors_papers_in_a_period_without_listing_days_are_said_not_dropped(shipped):
    """By month, some of the top authors' papers fall in months the data holds no listing
    day of: no rate, no dot, and the subtitle says how many such months, as papers over time
    does."""
    table = dp.compute_top_authors_over_time(shipped, every="1mo")
    unrated = table.filter(pl.col("papers_per_day").is_null())["period"].n_unique()
    assert unrated > 0
    lines = subtitle_lines(dp.view("top_authors_over_time", shipped, every="1mo"))
    assert f"{unrated} periods with papers but no listing day held: no rate" in lines


def test_on_the_shipped_data_an_authors_rate_is_that_of_the_papers_filtered_to_them(shipped):
    """One rule for a rate, whichever question draws it: an author's papers per listing day
    in each quarter are those of the papers-over-time chart filtered to the author."""
    table = dp.compute_top_authors_over_time(shipped, n=3, every="1q")
    assert table["sampled"].all()
    for author in table["author"].unique().to_list():
        theirs = dp.compute_papers_over_time(dp.Filters(authors=(author,)).apply(shipped),
                                             "1q").filter(pl.col("papers") > 0)
        ours = table.filter(pl.col("author") == author)
        assert ours["period"].to_list() == theirs["period"].to_list()
        assert ours["papers"].to_list() == theirs["papers"].to_list()
        assert ours["papers_per_day"].to_list() == pytest.approx(
            theirs["papers_per_day"].to_list())


@pytest.mark.parametrize(("months", "said"), [
    ([5], "1 period with papers but no listing day held: no rate"),
    ([5, 6], "2 periods with papers but no listing day held: no rate"),
])
def test_the_rate_says_how_many_periods_hold_papers_but_no_listing_day(months, said):
    """Papers of a month no listing day of the data falls in (copied with their published
    day only) have no rate: the subtitle counts those months, in words a slide can carry."""
    unlisted = [date(2025, month, 10) for month in months]
    frame = pl.concat([listed(MARCH + APRIL[::3]),
                       papers(published_on=unlisted, upvotes=[1] * len(unlisted))],
                      how="diagonal_relaxed")
    chart = dp.view("papers_over_time", frame, every="1mo")
    assert chart.to_dict()["encoding"]["y"]["field"] == "papers_per_day"
    assert said in subtitle_lines(chart)


@pytest.mark.parametrize(("months", "said"), [
    ([5], "1 period with fewer than 10 such papers left blank"),
    ([5, 6], "2 periods with fewer than 10 such papers left blank"),
])
def test_the_median_upvotes_say_how_many_periods_are_left_blank(months, said):
    """A month of a few settled papers has no median drawn (one paper would make it)."""
    few = [date(2025, month, 10) for month in months for _ in range(3)]
    seen = datetime(2025, 12, 1, tzinfo=UTC)  # long after: settled upvotes
    frame = pl.concat([listed(MARCH + APRIL, seen_at=[seen]),
                       papers(published_on=few, daily_on=few, upvotes=[1] * len(few),
                              seen_at=[seen] * len(few))])
    chart = dp.view("papers_over_time", frame, every="1mo", measure="median_upvotes")
    assert said in subtitle_lines(chart)
