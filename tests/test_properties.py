"""Property tests: rendered listings parse back; arbitrary text never escapes our errors."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dailypapers.errors import InputError
from dailypapers.readers import parse_text, read_string

AS_OF = date(2025, 12, 9)
WORDS = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1,
                max_size=12)
TITLES = st.lists(WORDS, min_size=1, max_size=12).map(" ".join).filter(
    lambda t: t.strip() and t.strip() not in {"new", "Subscribe", "Search", "Trending", "Submit"})
ABSTRACTS = st.lists(WORDS, min_size=8, max_size=60).map(lambda ws: " ".join(ws) + ".")
ORG_NAMES = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
HANDLES = st.from_regex(r"[a-z][a-z0-9-]{1,15}", fullmatch=True)
PAPERS = st.fixed_dictionaries({
    "title": TITLES,
    "abstract": ABSTRACTS,
    "meta": st.one_of(st.integers(1, 3000).map(lambda n: ("authors", n)),
                      st.tuples(HANDLES, ORG_NAMES).map(lambda o: ("org", o))),
    "published_on": st.dates(date(2015, 1, 1), AS_OF),
    "upvotes": st.one_of(st.none(), st.integers(1, 999)),
})


def render(papers: list[dict]) -> str:
    """A listing as the page shows it when copied."""
    out = ["new", "Daily Papers", "byAK and the research community", "Dec 9"]
    for paper in papers:
        kind, value = paper["meta"]
        meta = f"  • {value} authors" if kind == "authors" else f"{value[0]} {value[1]}"
        day = paper["published_on"]
        shown = f"{day:%b} {day.day}" + ("" if day.year == AS_OF.year else f", {day.year}")
        if paper["upvotes"] is not None:
            shown += f" {paper['upvotes']}"
        out += [paper["title"], paper["abstract"], meta + "\n·", shown]
    return "\n\n".join(out) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PAPERS, min_size=1, max_size=8, unique_by=lambda p: p["title"].casefold()))
def test_rendered_listing_parses_back(papers):
    listing = parse_text(render(papers), "gen.txt", as_of=AS_OF)
    assert listing.skipped == []
    rows = listing.frame.rows(named=True)
    assert len(rows) == len(papers)
    for row, paper in zip(rows, papers, strict=True):
        kind, value = paper["meta"]
        assert row["title"] == paper["title"].strip()
        assert row["abstract"] == paper["abstract"].strip()
        assert row["published_on"] == paper["published_on"]
        assert row["upvotes"] == paper["upvotes"]
        if kind == "authors":
            assert (row["author_count"], row["organization"]) == (value, None)
        else:
            assert (row["author_count"], row["organization"]) == (None, value[0])
            assert row["organization_name"] == value[1].strip()


LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["·", "  • 3 authors", "Oct 1 3", "May 23, 2023", "Feb 30", "Daily Papers",
                     "Dec 9", "org Org Name", "", "{", "[", "<html>"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=30))
def test_arbitrary_text_is_parsed_or_reported_never_crashes(lines):
    text = "\n".join(lines)
    try:
        listing = read_string(text, "any.txt", as_of=AS_OF)
    except InputError:
        return
    if listing.source_format != "text":
        return
    non_blank = [n for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    reported = {s.line for s in listing.skipped} | {c.line for c in listing.chrome}
    # every non-blank line is in a paper block or reported; papers use at least 3 lines each
    assert len(non_blank) - len(reported) >= 3 * listing.papers
    assert reported <= set(non_blank)
