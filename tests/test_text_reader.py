"""Copied text: every variant, as (input, expected) tables."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dailypapers.errors import InputError
from dailypapers.readers import parse_text, read_listing
from tests.conftest import SAMPLE, SAMPLE_AS_OF

AS_OF = date(2025, 12, 9)
HEADER = ("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
          "byAK and the research community\n\nDec 9\n\n")
ABSTRACT = "We study a thing at length and report what we found in many experiments."


def block(title="A Study of Things", meta="  • 5 authors", date_line="Oct 1 3"):
    return f"{title}\n\n{ABSTRACT}\n\n{meta}\n·\n{date_line}\n\n"


def one_row(text: str, as_of=AS_OF) -> dict:
    listing = parse_text(text, "t.txt", as_of=as_of)
    assert listing.papers == 1, listing.skipped
    return listing.frame.row(0, named=True)


@pytest.mark.parametrize(
    ("meta", "date_line", "expected"),
    [
        ("  • 5 authors", "Oct 1 3",
         {"author_count": 5, "organization": None, "published_on": date(2025, 10, 1),
          "upvotes": 3}),
        ("  • 1 authors", "Jul 9",
         {"author_count": 1, "published_on": date(2025, 7, 9), "upvotes": None}),
        ("  • 1 author", "Jul 9",
         {"author_count": 1, "published_on": date(2025, 7, 9)}),
        ("  • 14 authors", "Jan 25, 2024",
         {"author_count": 14, "published_on": date(2024, 1, 25), "upvotes": None}),
        ("  • 5 authors", "Jul 21, 2024 2",
         {"published_on": date(2024, 7, 21), "upvotes": 2}),
        ("stanfordnlp Stanford NLP", "Oct 1 3",
         {"author_count": None, "organization": "stanfordnlp",
          "organization_name": "Stanford NLP", "upvotes": 3}),
        ("spiralworks Spiral Works", "Sep 25 2",
         {"organization": "spiralworks", "organization_name": "Spiral Works"}),
        ("  • 8 authors", "Sep 30 1,024", {"upvotes": 1024}),
        ("  • 8 authors", "Sep 30 1.2k", {"upvotes": 1200}),
        ("  • 3 authors", "September 3, 2023", {"published_on": date(2023, 9, 3)}),
    ],
)
def test_block_variants(meta, date_line, expected):
    row = one_row(HEADER + block(meta=meta, date_line=date_line))
    assert {key: row[key] for key in expected} == expected


def test_row_has_title_id_abstract_and_provenance():
    row = one_row(HEADER + block(title="ACE++: Instruction-Based Image Creation"))
    assert row["paper_id"] == "title:ace-instruction-based-image-creation"
    assert row["title"] == "ACE++: Instruction-Based Image Creation"
    assert row["abstract"] == ABSTRACT
    assert row["authors"] is None and row["keywords"] is None and row["daily_on"] is None
    assert (row["source_format"], row["source"]) == ("text", "t.txt")
    assert row["seen_at"].isoformat() == "2025-12-09T00:00:00+00:00"


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: "\ufeff" + t, id="bom"),
        pytest.param(lambda t: t.replace(HEADER, ""), id="no-header"),
        pytest.param(lambda t: t + "System theme\n\nCompany\n\nTOS\n\nPrivacy\n", id="footer"),
        pytest.param(lambda t: t.replace("\n\n", "\n"), id="no-blank-lines"),
        pytest.param(lambda t: t.replace("\n\n", "\n   \n\n"), id="whitespace-lines"),
    ],
)
def test_layout_variants_read_the_same_papers(transform):
    text = (HEADER + block(title="First Paper")
            + block(title="Second Paper", date_line="May 23, 2023"))
    listing = parse_text(transform(text), "t.txt", as_of=AS_OF)
    assert listing.frame["title"].to_list() == ["First Paper", "Second Paper"]
    assert listing.frame["published_on"].to_list() == [date(2025, 10, 1), date(2023, 5, 23)]
    assert listing.skipped == []


def test_header_lines_are_chrome_and_header_day_is_the_as_of_hint():
    listing = parse_text(HEADER + block(), "t.txt", today=date(2026, 11, 26))
    assert [c.text for c in listing.chrome][-1] == "Dec 9"
    assert listing.as_of == date(2025, 12, 9)  # Dec 9 2026 is still to come on 2026-11-26
    assert "assumed the page was copied on 2025-12-09" in listing.notes[0]


@pytest.mark.parametrize(
    ("today", "dates", "expected"),
    [
        (date(2026, 11, 26), ["Oct 1", "May 23, 2023"], date(2025, 12, 9)),
        (date(2025, 12, 20), ["Oct 1", "May 23, 2023"], date(2025, 12, 9)),
        (date(2027, 3, 1), ["Oct 1", "May 23, 2025"], date(2026, 12, 9)),
        # a 2025 date with its year shown means the copy is from 2026 or later
        (date(2030, 1, 1), ["Oct 1", "May 23, 2025"], date(2029, 12, 9)),
    ],
)
def test_as_of_inferred_from_header_and_today(today, dates, expected):
    text = HEADER + "".join(block(title=f"Paper {i}", date_line=d) for i, d in enumerate(dates))
    assert parse_text(text, "t.txt", today=today).as_of == expected


def test_as_of_without_header_uses_years_shown():
    text = block(title="P1", date_line="Mar 3") + block(title="P2", date_line="May 23, 2024")
    listing = parse_text(text, "t.txt", today=date(2026, 11, 26))
    assert listing.as_of == date(2025, 3, 3)
    assert listing.frame["published_on"].to_list() == [date(2025, 3, 3), date(2024, 5, 23)]
    assert "no page header" in listing.notes[0]


def test_yearless_date_takes_as_of_year():
    row = one_row(block(date_line="Feb 16"), as_of=date(2024, 3, 1))
    assert row["published_on"] == date(2024, 2, 16)


def test_yearless_date_after_given_as_of_is_an_error_naming_the_line():
    with pytest.raises(InputError, match=r"t\.txt:7: .*after the as-of day 2025-06-01.*--as-of"):
        parse_text(block(date_line="Oct 1"), "t.txt", as_of=date(2025, 6, 1))


def test_impossible_date_is_an_error_naming_the_line():
    with pytest.raises(InputError, match=r't\.txt:7: date "Feb 30, 2024" is not a date'):
        parse_text(block(date_line="Feb 30, 2024"), "t.txt", as_of=AS_OF)


@pytest.mark.parametrize(
    ("tail", "skipped_lines", "reason"),
    [
        ("Cut Title\n\n" + ABSTRACT + "\n", [21, 23], "truncated last block"),
        ("Cut Title\n\n" + ABSTRACT + "\n\n  • 3 authors\n·\n", [21, 23, 25, 26], "date"),
        ("Cut Title\n", [21], "unrecognised line"),
    ],
)
def test_truncated_last_block_is_reported_line_by_line(tail, skipped_lines, reason):
    text = HEADER + block() + tail
    listing = parse_text(text, "t.txt", as_of=AS_OF)
    assert listing.papers == 1
    assert [s.line for s in listing.skipped] == skipped_lines
    assert all(reason in s.reason for s in listing.skipped)


def test_card_without_author_and_date_lines_is_reported_not_merged():
    text = (HEADER + "Orphan Title\n\n" + ABSTRACT + "\n\n" + block(title="Real Paper"))
    listing = parse_text(text, "t.txt", as_of=AS_OF)
    assert listing.frame["title"].to_list() == ["Real Paper"]
    assert [(s.line, s.reason) for s in listing.skipped] == [
        (13, "title and abstract without author and date lines (incomplete card)"),
        (15, "title and abstract without author and date lines (incomplete card)"),
    ]


def test_comment_pasted_after_the_abstract_joins_the_abstract():
    comment = "Great paper, thanks for sharing this with all of us here today!"
    text = block().replace(ABSTRACT, ABSTRACT + "\n\n" + comment)
    row = one_row(text)
    assert row["title"] == "A Study of Things"
    assert row["abstract"].endswith("sharing this with all of us here today!")


def test_separator_without_a_date_skips_the_block_with_the_reason():
    text = block(title="Bad Date", date_line="Sometime soon") + block(title="Good")
    listing = parse_text(text, "t.txt", as_of=AS_OF)
    assert listing.frame["title"].to_list() == ["Good"]
    assert "is not a date" in listing.skipped[0].reason


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("just some words\nand more words\n", "not a Daily Papers listing"),
        ("\n \n\t\n", "only blank lines"),
    ],
)
def test_not_a_listing_is_an_error(text, message):
    with pytest.raises(InputError, match=message):
        parse_text(text, "t.txt", as_of=AS_OF)


# -- the real sample ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    return read_listing(SAMPLE, as_of=SAMPLE_AS_OF)


def test_sample_has_36_papers_and_reports_every_other_line(sample):
    assert sample.papers == 36
    assert sample.frame["paper_id"].n_unique() == 36
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    non_blank = sum(1 for line in lines if line.strip())
    in_papers = 36 * 5  # title, abstract, author/org line, "·", date
    assert in_papers + len(sample.skipped) + len(sample.chrome) == non_blank
    assert {s.line for s in sample.skipped} == {261, 263, 265, 267, 277, 279}


@pytest.mark.parametrize(
    ("title_start", "expected"),
    [
        ("Verbalized Sampling", {"organization": "stanfordnlp", "organization_name": "Stanford NLP",
                                 "published_on": date(2025, 10, 1), "upvotes": 3,
                                 "author_count": None}),
        ("Attentiveness to Answer Choices", {"author_count": 5, "published_on": date(2023, 5, 23),
                                             "upvotes": None, "organization": None}),
        ("Rethinking Conventional Wisdom", {"author_count": 1, "published_on": date(2024, 9, 23)}),
        ("Quantifying Language Models' Sensitivity", {"author_count": 4,
                                                       "published_on": date(2023, 10, 17)}),
        ("(Dynamic) Prompting might be all you need", {"published_on": date(2023, 10, 1)}),
    ],
)
def test_sample_rows(sample, title_start, expected):
    rows = sample.frame.filter(pl.col("title").str.starts_with(title_start))
    assert rows.height == 1
    row = rows.row(0, named=True)
    assert {key: row[key] for key in expected} == expected
