"""Charts to files: PNG/SVG/PDF through vl-convert (offline), and a 16:9 PowerPoint deck.

Examples
--------
>>> export_chart(chart, "reports/teams.png")  # doctest: +SKIP
>>> export_slides({"Teams": chart}, "reports/deck.pptx", title="Daily Papers")  # doctest: +SKIP
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import altair as alt
import vl_convert as vlc
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from .charts import THEME, subtitle_lines, title_of
from .errors import DailyPapersError
from .files import atomic_write
from .views import IMPACT, STANDARD, impact_read, view

FORMATS = (".png", ".svg", ".pdf")
#: PNG pixels per chart pixel: sharp on a 1080p projector at full slide width.
PNG_SCALE = 2.0
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
_MARGIN = Inches(0.5)
_HEADING_TOP, _CHART_BOTTOM = Inches(0.25), Inches(6.9)  # the footnote sits below
#: Characters of a subtitle line across the slide, by font size: counted on the wide side
#: (LibreOffice's and PowerPoint's sans fonts fit ~115 at 16 pt), so a line wraps no later
#: than the layout expects.
_SUBTITLE_FITS = {16: 105, 14: 120}


class ExportError(DailyPapersError):
    """A chart or deck cannot be written."""


def _spec(chart: alt.TopLevelMixin) -> dict:
    with alt.theme.enable(THEME):
        return chart.to_dict()


def _render(chart: alt.TopLevelMixin, suffix: str, scale: float = PNG_SCALE) -> bytes | str:
    spec = _spec(chart)
    if suffix == ".png":
        return vlc.vegalite_to_png(spec, scale=scale)
    if suffix == ".svg":
        return vlc.vegalite_to_svg(spec)
    if suffix == ".pdf":
        return vlc.vegalite_to_pdf(spec)
    raise ExportError(f'cannot export a chart as "{suffix or "(no suffix)"}": '
                      f"use one of {', '.join(FORMATS)}")


def render_png(chart: alt.TopLevelMixin, scale: float = PNG_SCALE) -> bytes:
    """The chart as PNG bytes (e.g. a thumbnail at ``scale=0.45``)."""
    return _render(chart, ".png", scale)


def slug(title: str) -> str:
    """A file name for a deck title: lower case, ASCII, words joined by hyphens.

    Examples
    --------
    >>> slug("Daily Papers: Q3 2026 — NVIDIA & Meta"), slug("   ")
    ('daily-papers-q3-2026-nvidia-meta', 'deck')
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "deck"


def deck_path(folder: str | Path, title: str, overwrite: bool = False) -> Path:
    """``folder/<slug>.pptx``, or the first free ``<slug>-2.pptx``, ``-3`` … unless
    ``overwrite``: an export never replaces a deck (or its images) without being told to."""
    return free_path(Path(folder) / f"{slug(title)}.pptx", overwrite)


def free_path(path: str | Path, overwrite: bool = False) -> Path:
    """``path`` if it (and its image folder) is free or ``overwrite``; else the next number."""
    path = Path(path)
    if overwrite:
        return path
    candidate, number = path, 1
    while candidate.exists() or candidate.with_suffix("").exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def export_chart(chart: alt.TopLevelMixin, path: str | Path, scale: float = PNG_SCALE) -> Path:
    """Write ``chart`` to ``path``; the suffix picks the format (.png, .svg, .pdf).

    Rendering is offline (vl-convert bundles Vega). The folder is created. PNGs are drawn at
    ``scale`` times the chart's size, sharp on a slide. Returns the path written.
    """
    path = Path(path)
    content = _render(chart, path.suffix.lower(), scale)
    data = content.encode("utf-8") if isinstance(content, str) else content
    return atomic_write(path, lambda out: out.write(data))


def _without_title(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart without its title: the slide shows it as text, editable and searchable."""
    copy = chart.copy(deep=False)
    copy.title = alt.Undefined
    return copy


def _text(slide, left, top, width, height, text: str, size: int, bold: bool = False,
          colour: RGBColor | None = None) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    if colour is not None:
        run.font.color.rgb = colour


def subtitle_layout(lines: list[str]) -> tuple[int, int]:
    """The subtitle's font size and how many lines it takes across a slide: 16 pt while it
    fits in two lines, else 14 pt (a chart's notes — gaps, partial periods — can make three
    or four lines).

    Examples
    --------
    >>> subtitle_layout(["Papers by number of authors"])
    (16, 1)
    >>> subtitle_layout(["x" * 150, "Gaps: 5 periods with too few papers"])
    (14, 3)
    """
    size, wrapped = 16, 0
    for size in (16, 14):
        wrapped = sum(max(1, math.ceil(len(line) / _SUBTITLE_FITS[size])) for line in lines)
        if wrapped <= 2:
            break
    return size, wrapped


def export_slides(charts: Mapping[str, alt.TopLevelMixin] | Iterable[alt.TopLevelMixin],
                  path: str | Path, title: str = "Daily Papers",
                  subtitle: str | None = None, footnote: str | None = None) -> Path:
    """A 16:9 PowerPoint deck: a title slide, then one chart per slide.

    ``charts`` maps slide titles to charts, or is a list of charts (the slide title is then
    the chart's own title). Each slide holds its title (a real title placeholder), the chart
    as a PNG and ``footnote`` (e.g. :func:`~dailypapers.filters.describe_data`). Only plain
    placeholders, pictures and text boxes, so PowerPoint, Google Slides and LibreOffice
    Impress read it (LibreOffice 7.4 was checked: ``soffice --convert-to pdf``).
    """
    path = Path(path)
    if path.suffix.lower() != ".pptx":
        raise ExportError(f'a deck is written as .pptx, not "{path.suffix or "(no suffix)"}"')
    items = (list(charts.items()) if isinstance(charts, Mapping)
             else [(title_of(chart)[0], chart) for chart in charts])
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    cover = deck.slides.add_slide(deck.slide_layouts[0])
    # the default layouts are 4:3: across the 16:9 width, or they sit left of centre
    for placeholder, top, height in ((cover.shapes.title, Inches(2.3), Inches(1.5)),
                                     (cover.placeholders[1], Inches(4.0), Inches(1.4))):
        placeholder.left, placeholder.width = _MARGIN, SLIDE_WIDTH - 2 * _MARGIN
        placeholder.top, placeholder.height = top, height
    cover.shapes.title.text = title
    cover.placeholders[1].text = subtitle or f"{len(items)} charts · {date.today():%d %B %Y}"
    for slide_title, chart in items:
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
        heading = slide.shapes.title
        heading.text = slide_title
        heading.text_frame.paragraphs[0].runs[0].font.size = Pt(30)
        # the subtitle's lines below the title, each a paragraph; the chart starts below them
        lines = subtitle_lines(chart)
        size, wrapped = subtitle_layout(lines)
        for text in lines:
            run = heading.text_frame.add_paragraph().add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        heading.left, heading.top = _MARGIN, _HEADING_TOP
        heading.width = SLIDE_WIDTH - 2 * _MARGIN
        heading.height = Inches(0.65) + Pt(1.2 * size) * wrapped  # 30 pt title, insets
        top = heading.top + heading.height + Inches(0.05)
        png = _render(_without_title(chart), ".png")
        picture = slide.shapes.add_picture(io.BytesIO(png), _MARGIN, top)
        # fit inside the area between title and footnote, keeping the aspect ratio
        box_w, box_h = SLIDE_WIDTH - 2 * _MARGIN, _CHART_BOTTOM - top
        ratio = min(box_w / picture.width, box_h / picture.height)
        picture.width, picture.height = Emu(int(picture.width * ratio)), \
            Emu(int(picture.height * ratio))
        picture.left = Emu(int((SLIDE_WIDTH - picture.width) / 2))
        if footnote:
            # one line of 10 pt holds ~170 characters across the slide, clear of the edge
            _text(slide, _MARGIN, Inches(6.95), SLIDE_WIDTH - 2 * _MARGIN, Inches(0.3),
                  footnote, 10, colour=RGBColor(0x55, 0x55, 0x55))
    return atomic_write(path, deck.save)



def standard_charts(df, every: str | None = None) -> dict[str, alt.TopLevelMixin]:
    """The standard deck's charts for ``df``: one per question in :data:`views.STANDARD`,
    then, when the impact of some of its papers was fetched, one per :data:`views.IMPACT`.

    ``every`` is the period of the time charts; by default the finest that keeps a chart
    readable (:func:`~dailypapers.views.auto_period`).
    """
    charts = {}
    for name in STANDARD + (IMPACT if impact_read(df)[1] else []):
        options = {"every": every} if every and name in ("papers_over_time",
                                                         "team_size_over_time") else {}
        chart = view(name, df, **options)
        charts[title_of(chart)[0]] = chart
    return charts
