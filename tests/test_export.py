"""Export: valid PNG/SVG/PDF files, a 16:9 deck that re-opens with a title and a picture per
slide, clear errors for what cannot be written, and the `slides` command."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import altair as alt
import polars as pl
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches, Pt

import dailypapers as dp
from dailypapers.cli import main
from dailypapers.export import subtitle_layout
from tests.conftest import SAMPLE, SAMPLE_AS_OF


@pytest.fixture(scope="module")
def corpus() -> pl.DataFrame:
    return dp.generate_corpus(2000, seed=9)


@pytest.fixture(scope="module")
def chart(corpus):
    return dp.chart_author_counts(dp.compute_author_counts(corpus))


def test_png_is_a_png_at_slide_scale(chart, tmp_path):
    path = dp.export_chart(chart, tmp_path / "new" / "folder" / "teams.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    assert width >= 2 * 720  # drawn at twice the chart's size


def test_svg_parses_and_pdf_has_a_header(chart, tmp_path):
    svg = dp.export_chart(chart, tmp_path / "teams.svg")
    assert ET.parse(svg).getroot().tag.endswith("svg")
    pdf = dp.export_chart(chart, tmp_path / "teams.PDF")
    assert pdf.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("name", ["teams.jpg", "teams", "teams.html"])
def test_unknown_suffix_is_a_clear_error(chart, tmp_path, name):
    with pytest.raises(dp.ExportError, match=r"use one of \.png, \.svg, \.pdf"):
        dp.export_chart(chart, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_deck_has_title_slide_then_one_chart_per_slide(corpus, tmp_path):
    charts = dp.standard_charts(corpus)
    footnote = dp.describe_data(corpus, dp.Filters(min_upvotes=1))
    path = dp.export_slides(charts, tmp_path / "deck.pptx", title="Daily Papers test",
                            footnote=footnote)
    deck = Presentation(str(path))
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    slides = list(deck.slides)
    assert len(slides) == len(charts) + 1
    assert slides[0].shapes.title.text == "Daily Papers test"
    for text in (slides[0].shapes.title, slides[0].placeholders[1]):  # centred on 16:9
        assert abs(text.left + text.width / 2 - deck.slide_width / 2) < Inches(0.05)
    for slide, title in zip(slides[1:], charts, strict=True):
        assert slide.shapes.title.text.splitlines()[0] == title
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        picture = pictures[0]
        assert picture.left >= 0 and picture.left + picture.width <= deck.slide_width
        assert picture.top + picture.height <= Inches(6.9)
        heading = slide.shapes.title
        assert heading.top + heading.height <= picture.top  # the subtitle clear of the chart
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert footnote in texts
    assert "filter: at least 1 upvotes" in footnote and "\n" not in footnote


@pytest.mark.parametrize(("lines", "expected"), [
    ([], (16, 0)),
    (["Papers by number of authors"], (16, 1)),
    (["x" * 105, "y" * 105], (16, 2)),
    (["x" * 106, "y"], (14, 2)),  # three lines at 16 pt fit in two at 14
    (["x" * 150, "y" * 100, "z" * 50], (14, 4)),
])
def test_a_long_subtitle_takes_smaller_type_and_more_lines(lines, expected):
    assert subtitle_layout(lines) == expected


def test_a_slide_with_a_four_line_subtitle_keeps_it_clear_of_the_chart(chart, tmp_path):
    notes = ["Median authors per paper; band: middle half of the papers (5,034 papers; each "
             "period's number in the tooltip)", "Gaps: 5 periods with too few papers for a "
             "median (at most 2)", "Pale: a period the data covers only in part (2026-08-01 "
             "→ 2026-08-20)", "x " * 70]
    long = chart.properties(title=alt.Title("Are teams growing?", subtitle=notes))
    deck = Presentation(str(dp.export_slides({"Teams": long}, tmp_path / "deck.pptx")))
    slide = list(deck.slides)[1]
    heading = slide.shapes.title
    assert [p.text for p in heading.text_frame.paragraphs] == ["Teams", *notes]
    picture = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    assert heading.top + heading.height <= picture.top
    assert picture.top + picture.height <= Inches(6.9)
    assert heading.text_frame.paragraphs[1].runs[0].font.size == Pt(14)


def test_deck_from_a_list_takes_chart_titles(chart, tmp_path):
    path = dp.export_slides([chart], tmp_path / "one.pptx")
    slide = list(Presentation(str(path)).slides)[1]
    assert slide.shapes.title.text.splitlines() == [
        "How big are the teams?", "Papers by number of authors (papers whose count is known)"]


def test_deck_needs_pptx_suffix(chart, tmp_path):
    with pytest.raises(dp.ExportError, match=r"\.pptx"):
        dp.export_slides([chart], tmp_path / "deck.ppt")


def test_slides_command_builds_the_standard_deck(tmp_path, capsys):
    store = tmp_path / "papers.parquet"
    dp.ingest([SAMPLE], store=store, as_of=SAMPLE_AS_OF)
    out = tmp_path / "reports" / "deck.pptx"
    status = main(["slides", "--store", str(store), "--out", str(out), "--since", "2025-01-01"])
    printed = capsys.readouterr().out
    assert status == 0 and out.is_file()
    kept = dp.load(store).filter(pl.col("published_on") >= date(2025, 1, 1)).height
    assert f"{kept} papers; filter: published from 2025-01-01" in printed
    deck = Presentation(str(out))
    assert len(deck.slides) == len(dp.standard_charts(dp.load(store))) + 1
    notes = [s.text_frame.text for s in list(deck.slides)[1].shapes if s.has_text_frame]
    assert f"{kept} papers · published " in notes[-1]
    assert notes[-1].endswith("· 1 copied page")
    assert "\n" not in notes[-1] and len(notes[-1]) < 170  # one line on the slide


@pytest.mark.parametrize(("existing", "overwrite", "expected"), [
    ([], False, "my-deck.pptx"),
    (["my-deck.pptx"], False, "my-deck-2.pptx"),
    (["my-deck.pptx", "my-deck-2"], False, "my-deck-3.pptx"),  # an image folder counts too
    (["my-deck.pptx"], True, "my-deck.pptx"),
])
def test_a_deck_never_replaces_another_unless_told(tmp_path, existing, overwrite, expected):
    from dailypapers.export import deck_path

    for name in existing:
        (tmp_path / name).mkdir() if "." not in name else (tmp_path / name).write_bytes(b"x")
    assert deck_path(tmp_path, "My deck", overwrite=overwrite) == tmp_path / expected


def test_slides_command_keeps_an_existing_deck_and_says_so(tmp_path, capsys):
    store = tmp_path / "papers.parquet"
    dp.ingest([SAMPLE], store=store, as_of=SAMPLE_AS_OF)
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"someone's deck")
    assert main(["slides", "--store", str(store), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"{out} exists: writing {tmp_path / 'deck-2.pptx'}" in printed
    assert out.read_bytes() == b"someone's deck"
    assert Presentation(str(tmp_path / "deck-2.pptx")).slides
    assert main(["slides", "--store", str(store), "--out", str(out), "--overwrite"]) == 0
    assert out.read_bytes() != b"someone's deck"


def test_slides_command_with_nothing_left(tmp_path, capsys):
    store = tmp_path / "papers.parquet"
    dp.ingest([SAMPLE], store=store, as_of=SAMPLE_AS_OF)
    status = main(["slides", "--store", str(store), "--org", "nobody",
                   "--out", str(tmp_path / "x.pptx")])
    assert status == 2 and "no papers left after the filter" in capsys.readouterr().err
