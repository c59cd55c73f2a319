"""compute_*: expected tables on small hand-built frames (overview, authors, time,
organizations, upvotes, coverage, the list of papers)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import polars as pl
import pytest

import dailypapers as dp
from dailypapers import conform
from dailypapers.charts import subtitle_lines
from tests.tables import EMPTY, D, papers

# -- overview -----------------------------------------------------------------------------------

def test_overview_counts():
    frame = papers(author_count=[3, None, 9], authors=[["A", "B", "C"], None, ["A"] * 9],
                   organization=["meta", None, "meta"], keywords=[["x"], None, []],
                   published_on=[D(2025, 1, 3), D(2024, 5, 1), None], upvotes=[1, None, 4])
    row = dp.compute_overview(frame).row(0, named=True)
    assert row == {"papers": 3, "first_published": D(2024, 5, 1),
                   "last_published": D(2025, 1, 3), "papers_with_authors": 2,
                   "distinct_authors": 3, "median_team_size": 6.0, "organizations": 1,
                   "share_with_keywords": pytest.approx(1 / 3), "total_upvotes": 5,
                   # 2024: no paper with keywords; 2025: the one paper has them
                   "keywords_lowest_year": 0.0, "keywords_highest_year": 1.0,
                   # no Daily Papers day: no listing day known
                   "listing_days": 0, "listing_weekdays": 0, "first_listed": None,
                   "last_listed": None}


def test_overview_of_nothing():
    row = dp.compute_overview(EMPTY).row(0, named=True)
    assert row["papers"] == 0 and row["first_published"] is None and row["total_upvotes"] == 0


@pytest.mark.parametrize("kind", ["polars", "lazy", "pandas"])
def test_every_compute_accepts_polars_lazy_and_pandas(kind):
    frame = dp.generate_corpus(300, seed=3)
    given = {"polars": frame, "lazy": frame.lazy(), "pandas": frame.to_pandas()}[kind]
    assert dp.compute_overview(given).equals(dp.compute_overview(frame))
    assert dp.compute_author_counts(given).equals(dp.compute_author_counts(frame))
    assert dp.compute_top_organizations(given).equals(dp.compute_top_organizations(frame))
    # pandas has no date type: its days come back as the schema's dates
    assert dp.frames.as_polars(given).schema == frame.schema


#: A table of a person's own: a few columns, no paper_id, none of the store's bookkeeping.
OWN = pl.DataFrame({"authors": [["Ada", "Bo"], ["Ada"]], "upvotes": [3, 5],
                    "published_on": [D(2025, 1, 6), D(2025, 2, 3)]})


@pytest.mark.parametrize("name", sorted(n for n in dp.__all__ if n.startswith("compute_")))
def test_every_question_answers_a_table_of_a_few_columns(name):
    """The columns a table lacks are read as unknown: every question answers from those it
    has (a table without paper_id raised polars' ColumnNotFoundError)."""
    assert getattr(dp, name)(OWN) is not None


def test_a_table_of_a_few_columns_is_counted_as_a_store_would_be():
    top = dp.compute_top_authors(OWN).select("author", "papers", "upvotes").rows()
    assert top == [("Ada", 2, 8), ("Bo", 1, 3)]
    # its teams counted from the names, as a reader counts them
    teams = dp.compute_author_counts(OWN).filter(pl.col("papers") > 0)
    assert teams.select("authors", "papers").rows() == [("1", 1), ("2", 1)]
    # no time recorded for its upvotes: nothing says they are early, so they count
    assert dp.compute_papers_over_time(OWN, "1mo")["upvotes"].to_list() == [3, 5]
    assert dp.compute_papers_over_time(OWN.with_columns(paper_id=pl.lit("x")), "1mo")[
        "upvotes"].to_list() == [3, 5]


@pytest.mark.parametrize(("given", "says"), [
    (None, "papers are a table (polars or pandas) or the path of a store, not NoneType"),
    (OWN.with_columns(upvotes=pl.lit("many")), "the column 'upvotes' holds String values, "
     "which do not read as Int32"),
    (OWN.with_columns(published_on=pl.lit("2025-01-06")), "text becomes dates by "
     "pl.col(...).str.to_date()"),
    (OWN.with_columns(authors=pl.lit("Ada, Bo")), "the column 'authors' holds String"),
])
def test_a_table_that_is_not_one_gets_a_clear_error(given, says):
    with pytest.raises(dp.DailyPapersError) as error:
        dp.compute_top_authors(given)
    assert says in str(error.value)


# -- author counts: the edge buckets (litstudy's ">N" never matched) ---------------------------

@pytest.mark.parametrize(
    ("counts", "max_authors", "expected"),
    [
        ([1, 2, 2, 5, 40, None], 3, [("1", 1), ("2", 2), ("3", 0), (">3", 2)]),
        ([3, 4, 4000], 3, [("1", 0), ("2", 0), ("3", 1), (">3", 2)]),
        ([20, 21, 22], 20, None),  # checked below: exactly 20 is not ">20"
        ([], 2, [("1", 0), ("2", 0), (">2", 0)]),
        ([None, None], 2, [("1", 0), ("2", 0), (">2", 0)]),
    ],
)
def test_author_counts_buckets(counts, max_authors, expected):
    table = dp.compute_author_counts(papers(author_count=counts or [None])
                                     if counts else EMPTY, max_authors)
    if expected is None:
        assert table.filter(pl.col("authors") == "20")["papers"].item() == 1
        assert table.filter(pl.col("authors") == ">20")["papers"].item() == 2
    else:
        assert table.select("authors", "papers").rows() == expected


def test_author_counts_share_sums_to_one():
    table = dp.compute_author_counts(dp.generate_corpus(2000, seed=1), 10)
    assert table["share"].sum() == pytest.approx(1.0)
    assert table["papers"].sum() == 2000


# -- time ----------------------------------------------------------------------------------------

def test_papers_over_time_fills_empty_periods_with_zero():
    frame = papers(published_on=[D(2025, 1, 1), D(2025, 1, 1), D(2025, 1, 4)],
                   upvotes=[2, 4, None])
    table = dp.compute_papers_over_time(frame, "1d", observations="all").select(
        "period", "papers", "upvotes", "median_upvotes")
    assert table.rows() == [(D(2025, 1, 1), 2, 6, 3.0), (D(2025, 1, 2), 0, 0, None),
                            (D(2025, 1, 3), 0, 0, None), (D(2025, 1, 4), 1, 0, None)]


@pytest.mark.parametrize(
    ("every", "periods"),
    [("1w", [D(2024, 12, 30), D(2025, 1, 6)]),  # weeks start on Monday
     ("1mo", [D(2025, 1, 1)]), ("1y", [D(2025, 1, 1)])],
)
def test_papers_over_time_periods(every, periods):
    frame = papers(published_on=[D(2025, 1, 1), D(2025, 1, 7)])
    assert dp.compute_papers_over_time(frame, every)["period"].to_list() == periods


def test_papers_over_time_by_daily_day_skips_unknown_days():
    frame = papers(published_on=[D(2025, 1, 1), D(2025, 1, 2)], daily_on=[D(2025, 1, 3), None])
    table = dp.compute_papers_over_time(frame, "1d", date="daily_on")
    assert table.select("period", "papers").rows() == [(D(2025, 1, 3), 1)]


def test_papers_over_time_of_nothing_is_empty_with_columns():
    table = dp.compute_papers_over_time(EMPTY, "1mo")
    assert table.is_empty() and table.columns == [
        "period", "papers", "upvotes", "median_upvotes", "voted_papers", "listing_days",
        "weekdays", "papers_per_day", "first_day", "last_day", "partial", "sampled"]


def test_team_size_over_time_quartiles():
    frame = papers(author_count=[1, 2, 3, 4, 100, None],
                   published_on=[D(2025, 1, d) for d in (1, 2, 3, 4)] + [D(2025, 3, 1)] * 2)
    table = dp.compute_team_size_over_time(frame, "1mo", min_papers=1).select(
        "period", "papers", "q1", "median", "q3", "mean")
    assert table.rows() == [(D(2025, 1, 1), 4, 1.75, 2.5, 3.25, 2.5),
                            (D(2025, 2, 1), 0, None, None, None, None),
                            (D(2025, 3, 1), 1, 100.0, 100.0, 100.0, 100.0)]
    # by default a period needs 10 papers: one paper's team is no month's median
    default = dp.compute_team_size_over_time(frame, "1mo")
    assert default["papers"].to_list() == [4, 0, 1]
    assert default.select("q1", "median", "q3", "mean").null_count().row(0) == (3, 3, 3, 3)
    assert dp.compute_team_size_over_time(dp.prepare(frame), "1mo").equals(default)


def test_the_team_size_chart_breaks_where_a_period_has_too_few_papers():
    frame = papers(author_count=[3] * 12 + [40] + [5] * 12,
                   published_on=[D(2025, 1, 2)] * 12 + [D(2025, 2, 2)] + [D(2025, 4, 2)] * 12)
    chart = dp.chart_team_size_over_time(dp.compute_team_size_over_time(frame, "1mo")).to_dict()
    assert ("Gaps: 1 period with too few papers for a median (at most 1)"
            in chart["title"]["subtitle"])
    rows = next(iter(chart["datasets"].values()))
    # January and April drawn, as two pieces of line: February (1 paper) and March (none)
    # break it rather than being joined over
    assert [(r["median"], r["segment"]) for r in rows] == [(3.0, 0), (5.0, 2)]


#: 24 papers, 3 a quarter over two years: too few for any quarter's median, enough by year.
THIN = papers(author_count=list(range(1, 25)), keywords=[["rl"], ["gan"]] * 12,
              published_on=[D(2024 + i // 12, 1 + 3 * (i // 3 % 4), 7) for i in range(24)])


@pytest.mark.parametrize(("view", "what"), [
    ("team_size_over_time", "papers for a median"),
    ("keyword_trends", "papers carrying this vocabulary for a share"),
])
def test_a_time_chart_with_nothing_to_draw_says_so_and_its_view_reads_years(view, what):
    """An empty plot is no answer: it says no quarter has enough papers and what to try;
    left to choose, the view takes a period that holds enough (years here)."""
    lines = subtitle_lines(dp.view(view, THIN, every="1q"))
    assert (f"Nothing to draw: no quarter has enough {what} (3 at most); try a longer "
            "period or a wider filter") in lines
    chosen = dp.view(view, THIN)
    assert not any(line.startswith(("Nothing", "Gaps")) for line in subtitle_lines(chosen))
    assert '"title": "Year"' in json.dumps(chosen.to_dict())
    # a count needs no such papers: papers over time keeps the finest period of 120 bars
    assert '"title": "Week"' in json.dumps(dp.view("papers_over_time", THIN).to_dict())


# -- authors ------------------------------------------------------------------------------------

def test_top_authors_ties_by_name_and_ignores_unnamed_papers():
    frame = papers(authors=[["Bo", "Ada"], ["Ada", "Cy"], ["Cy", "Bo"], None, ["Ada", "Ada"]],
                   author_count=[2, 2, 2, 7, 2], upvotes=[1, 2, 3, 4, 5],
                   published_on=[D(2025, 1, 1)] * 5)
    table = dp.compute_top_authors(frame, n=2)
    assert table.select("author", "papers", "upvotes").rows() == [("Ada", 3, 8), ("Bo", 2, 4)]


def test_top_authors_over_time():
    frame = papers(authors=[["Ada"], ["Ada"], ["Bo"]],
                   published_on=[D(2024, 5, 1), D(2025, 1, 1), D(2025, 2, 1)])
    table = dp.compute_top_authors_over_time(frame, n=1, every="1y")
    assert table.select("author", "period", "papers").rows() == [
        ("Ada", D(2024, 1, 1), 1), ("Ada", D(2025, 1, 1), 1)]


# -- organizations ------------------------------------------------------------------------------

def test_top_organizations_other_and_none_are_separate_and_sum_to_one():
    frame = papers(organization=["a", "a", "b", "c", None, None],
                   organization_name=["A", "A", "B", "C", None, None])
    table = dp.compute_top_organizations(frame, n=1)
    assert table.select("organization", "organization_name", "papers", "kind").rows() == [
        ("a", "A", 2, "top"), ("other", "other", 2, "other"),
        ("(no organization)", "(no organization)", 2, "none")]
    assert table["share"].sum() == pytest.approx(1.0)


def test_organization_share_sums_to_one_among_papers_naming_one():
    frame = dp.generate_corpus(3000, seed=2)
    table = dp.compute_organization_share(frame, "1mo", n=5)
    sums = table.group_by("period").agg(pl.col("share").sum())["share"]
    assert sums.to_list() == pytest.approx([1.0] * sums.len())
    assert "other" in set(table["organization"])
    assert "(no organization)" not in set(table["organization"])  # not a group of its own
    assert table["organization"].n_unique() <= 6


@pytest.mark.parametrize("every", ["1w", "1mo", "1q"])
def test_organization_share_counts_as_a_plain_group_by(every):
    """Per period and group, as straightforward polars counts them; a sample with months
    left out (no empty period is a row)."""
    papers = dp.generate_corpus(4000, seed=5, abstracts=False).filter(
        pl.col("published_on").dt.month().is_in([2, 3, 7]).not_())
    table = dp.compute_organization_share(papers, every, n=4)
    top = table.filter(~pl.col("organization").is_in(["other"]) & pl.col("organization")
                       .is_not_null())["organization"].unique().to_list()
    grouped = papers.filter(pl.col("published_on").is_not_null()).with_columns(
        period=pl.col("published_on").dt.truncate(every),
        group=pl.when(pl.col("organization").is_in(top)).then(pl.col("organization"))
        .when(pl.col("organization").is_not_null()).then(pl.lit("other")))
    totals = grouped.group_by("period").agg(period_papers=pl.len(),
                                            named=pl.col("group").is_not_null().sum())
    cells = grouped.filter(pl.col("group").is_not_null()).group_by("period", "group").agg(
        papers=pl.len())
    expected = sorted(cells.join(totals, on="period").select(
        "period", "group", "papers", "period_papers", "named").rows())
    got = sorted(table.filter(pl.col("organization").is_not_null()).select(
        "period", "organization", "papers", "period_papers", "named").rows())
    assert got == expected and len(top) == 4
    assert set(table["period"]) == set(totals["period"])


def test_organization_share_marks_periods_that_do_not_record_organizations():
    """Organizations named from 2025 on: 2024 is "not recorded" (1 of 10 papers names one,
    under MIN_RECORDED), never a 100 % bar of "no organization"; 2023 names none at all."""
    days = [date(2023, 6, 1)] * 4 + [date(2024, 6, 1)] * 10 + [date(2025, 6, 1)] * 4
    orgs = [None] * 4 + ["meta"] + [None] * 9 + ["meta", "meta", "google", None]
    table = dp.compute_organization_share(pl.DataFrame({"published_on": days,
                                                        "organization": orgs}), "1y", n=1)
    by_year = {row["period"].year: row for row in table.iter_rows(named=True)
               if row["organization"] in (None, "meta")}
    assert by_year[2023]["organization"] is None and not by_year[2023]["recorded"]
    assert (by_year[2024]["named"], by_year[2024]["period_papers"]) == (1, 10)
    assert not by_year[2024]["recorded"] and dp.compute.MIN_RECORDED > 0.1
    assert by_year[2025]["recorded"] and by_year[2025]["share"] == pytest.approx(2 / 3)




# -- upvotes ------------------------------------------------------------------------------------

def test_upvotes_by_team_size_buckets_and_order():
    frame = papers(author_count=[1, 1, 3, 4, 150, None, 2], upvotes=[2, 4, 5, 7, 50, 9, None])
    table = dp.compute_upvotes_by_team_size(frame, "all", min_papers=1)
    assert table["team_size"].to_list() == [label for label, _, _ in dp.compute.TEAM_SIZES]
    got = {r[0]: r[1:3] for r in table.select("team_size", "papers", "median").rows()}
    assert got["1"] == (2, 3.0) and got["3–4"] == (2, 6.0) and got[">100"] == (1, 50.0)
    assert got["2"] == (0, None)


def test_upvotes_by_organization_min_papers():
    frame = papers(organization=["a"] * 3 + ["b"] * 2, upvotes=[1, 2, 3, 10, 20])
    table = dp.compute_upvotes_by_organization(frame, min_papers=3, observations="all")
    assert table.select("organization", "papers", "median", "total").rows() == [("a", 3, 2.0, 6)]






def test_coverage_shows_a_field_appearing_mid_series():
    """Organizations recorded only from 2025 on: 0 % before, not a gap; an empty period is
    a gap (share null), not a zero."""
    papers = dp.conform(pl.DataFrame({
        "paper_id": ["a", "b", "c", "d"],
        "published_on": [date(2023, 3, 1), date(2023, 9, 1), date(2025, 2, 1), date(2025, 8, 1)],
        "organization": [None, None, "meta", None], "authors": [["X"], None, ["Y"], []],
        "keywords": [["llm"], None, None, ["agents"]]}))
    table = dp.compute_coverage(papers, "1y")
    share = {(row["period"].year, row["field"]): row["share"]
             for row in table.iter_rows(named=True)}
    assert share[(2023, "organization")] == 0.0 and share[(2025, "organization")] == 0.5
    assert share[(2024, "organization")] is None  # no papers in 2024: a gap
    assert share[(2023, "authors")] == 0.5 and share[(2025, "authors")] == 0.5  # [] is none
    assert share[(2023, "keywords")] == 0.5
    assert table.filter(pl.col("period").dt.year() == 2024)["papers"].to_list() == [0] * 7
    assert dp.compute_coverage(dp.prepare(papers), "1y").equals(table)


def test_upvotes_count_settled_observations_unless_asked_for_all():
    """A same-morning capture (seen on the paper's day) holds early upvotes: left out and
    counted as such; a re-fetch two weeks or more after the day is settled."""
    day = date(2025, 11, 3)
    papers = dp.conform(pl.DataFrame({
        "paper_id": ["early", "settled", "old", "undated"],
        "author_count": [3, 3, 3, 3], "upvotes": [2, 40, 20, 9],
        "organization": ["meta"] * 4, "published_on": [day, day, date(2024, 1, 1), None],
        "daily_on": [day, day, None, None],
        "seen_at": [datetime(2025, 11, 3, 9, tzinfo=UTC), datetime(2026, 6, 26, tzinfo=UTC),
                    datetime(2024, 1, 10, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)]}))
    settled = dp.compute_upvotes_by_team_size(papers, min_papers=1).filter(pl.col("papers") > 0)
    # "old" is 9 days after its published day: early too; "undated" has no day: left out
    assert settled.select("team_size", "papers", "median").rows() == [("3–4", 1, 40.0)]
    assert settled["early_left_out"][0] == 3
    everything = dp.compute_upvotes_by_team_size(papers, "all").filter(pl.col("papers") > 0)
    assert everything["papers"].to_list() == [4] and everything["early_left_out"][0] == 0
    by_org = dp.compute_upvotes_by_organization(papers, min_papers=1)
    assert by_org.select("papers", "early_left_out").row(0) == (1, 3)
    with pytest.raises(ValueError, match='"settled" or "all"'):
        dp.compute_upvotes_by_team_size(papers, "fresh")


@pytest.mark.parametrize(("every", "partial"), [
    ("1y", [True, True]),  # 2025 from 2025-03-04, 2026 to 2026-08-20
    ("1mo", [True, False, False, False, False, False, True]),  # March and September cut
])
def test_partial_periods_are_marked(every, partial):
    papers = pl.DataFrame({"published_on": [date(2025, 3, 4), date(2025, 9, 20)],
                           "upvotes": [1, 2]})
    if every == "1y":
        papers = pl.DataFrame({"published_on": [date(2025, 3, 4), date(2026, 8, 20)],
                               "upvotes": [1, 2]})
    table = dp.compute_papers_over_time(papers, every)
    assert table["partial"].to_list() == partial
    assert table["first_day"][0] == papers["published_on"][0]
    assert table["last_day"][-1] == papers["published_on"][-1]


def test_upvotes_over_time_are_settled_unless_asked_for_all():
    day = date(2025, 11, 3)
    papers = dp.conform(pl.DataFrame({
        "paper_id": ["early", "settled"], "upvotes": [2, 40],
        "published_on": [day, day], "daily_on": [day, day],
        "seen_at": [datetime(2025, 11, 3, 9, tzinfo=UTC), datetime(2026, 6, 26, tzinfo=UTC)]}))
    settled = dp.compute_papers_over_time(papers, "1mo")
    assert settled.select("papers", "upvotes", "median_upvotes", "voted_papers").row(0) == (
        2, 40, 40.0, 1)
    everything = dp.compute_papers_over_time(papers, "1mo", observations="all")
    assert everything.select("upvotes", "median_upvotes", "voted_papers").row(0) == (42, 21.0, 2)


def test_partial_periods_are_marked_on_every_time_table():
    papers = dp.conform(pl.DataFrame({
        "paper_id": ["a", "b", "c"], "author_count": [2, 4, 6], "organization": ["m"] * 3,
        "keywords": [["rl"]] * 3,
        "published_on": [date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 15)]}))
    for table in (dp.compute_team_size_over_time(papers, "1q"),
                  dp.compute_organization_share(papers, "1q", 1),
                  dp.compute_keyword_trends(papers, ["rl"], "1q", source="keywords")):
        flags = dict(table.select("period", "partial").unique().iter_rows())
        assert flags == {date(2025, 1, 1): False, date(2025, 4, 1): False,
                         date(2025, 7, 1): True}  # the data ends on 2025-07-15


# -- the list of papers ---------------------------------------------------------------------

@pytest.mark.parametrize(("order", "expected"), [
    # most first, unknown last; ties by newest, then table order
    ("upvotes", ["b", "d", "c", "a", "e"]),
    ("newest", ["d", "c", "a", "b", "e"]),
    ("comments", ["c", "a", "d", "b", "e"]),
])
def test_paper_list_order(order, expected):
    papers = conform(pl.DataFrame({
        "paper_id": ["a", "b", "c", "d", "e"],
        "upvotes": [1, 9, 5, 5, None],
        "comments": [7, None, 7, None, None],
        "published_on": [date(2025, 1, 2), date(2025, 1, 1), date(2025, 1, 3),
                         date(2025, 1, 4), None]}))
    assert dp.compute_paper_list(papers, order=order)["paper_id"].to_list() == expected
    assert dp.compute_paper_list(papers, 2, order)["paper_id"].to_list() == expected[:2]


@pytest.mark.parametrize(("paper_id", "title", "shown", "hub_url"), [
    ("2501.00001", "Thinking with Video: a Promising Multimodal\n  Reasoning Paradigm",
     "Thinking with Video: a Promising Multimodal Reasoning Paradigm",
     "https://huggingface.co/papers/2501.00001"),
    # a paper known by its title only: a Hub search for it, the title encoded
    ("title:ace", "ACE++: Instruction-Based Image Creation",
     "ACE++: Instruction-Based Image Creation",
     "https://huggingface.co/papers?q=ACE%2B%2B%3A+Instruction-Based+Image+Creation"),
    ("title:qa", " Q&A for #1 agents?  ", "Q&A for #1 agents?",
     "https://huggingface.co/papers?q=Q%26A+for+%231+agents%3F"),
])
def test_paper_list_titles_are_one_line_and_searched_for_exactly(paper_id, title, shown,
                                                                  hub_url):
    papers = conform(pl.DataFrame({"paper_id": [paper_id], "title": [title]}))
    for listed in (dp.compute_paper_list(papers), dp.compute_paper_list(dp.prepare(papers))):
        assert listed.select("title", "hub_url").row(0) == (shown, hub_url)


def test_paper_list_refuses_an_unknown_order():
    with pytest.raises(ValueError, match="order is one of upvotes, newest"):
        dp.compute_paper_list(pl.DataFrame({"paper_id": ["a"]}), order="stars!")
