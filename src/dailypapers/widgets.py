"""The filter panel every notebook shares, and charts that follow it live, offline.

>>> panel = FilterPanel(papers)                       # doctest: +SKIP
>>> teams = panel.chart("author_counts")              # doctest: +SKIP
>>> show(panel, teams)                                # doctest: +SKIP

Each control change filters the table in polars once, then rebuilds every chart of the panel
from the filtered frame and assigns it to its ``JupyterChart`` (a chart that differs
only by an ``alt.datum`` filter would be ignored; a chart built from new data is not).
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import altair as alt
import ipywidgets as w
import numpy as np
import polars as pl
import traitlets

from .charts import title_of
from .compute import Frame, as_polars
from .export import deck_path, export_chart, export_slides, slug
from .filters import Filters, describe_data
from .paths import reports_dir
from .prepared import Prepared, prepare
from .views import VIEWS, view

#: A range slider with more stops than this is hard to handle: coarser stops are used instead.
MAX_STOPS = 400


def date_stops(first: date, last: date) -> list[date]:
    """Stops for the date slider: days, else Mondays, else first days of months.

    Examples
    --------
    >>> len(date_stops(date(2025, 1, 1), date(2025, 1, 31)))
    31
    >>> date_stops(date(2020, 1, 15), date(2026, 3, 2))[:2]
    [datetime.date(2020, 1, 13), datetime.date(2020, 1, 20)]
    """
    days = (last - first).days
    if days < MAX_STOPS:
        return [first + timedelta(days=i) for i in range(days + 1)]
    if days / 7 < MAX_STOPS:
        start = first - timedelta(days=first.weekday())
        return [start + timedelta(weeks=i) for i in range(days // 7 + 2)]
    months = (last.year - first.year) * 12 + last.month - first.month + 2
    return [date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
            for i in range(months)]


class LiveChart(alt.JupyterChart):
    """A JupyterChart whose chart is rebuilt from new data at every filter change.

    Its first chart is validated against the Vega-Lite schema as usual. A rebuild of the same
    view differs only in its data, so :meth:`refresh` sends its spec without validating it
    again (validation is about half the time of turning a chart into its spec), and sends
    each table as one JSON text that Vega-Lite parses (``format: json``), not as a list of
    row objects: Altair would otherwise JSON-encode the rows once to name the dataset and the
    comm once more to send them (~20 ms for a 3,700-row trend chart). A chart with
    parameters takes the full path.
    """

    _quick = False
    #: The view this chart draws (set by :meth:`FilterPanel.chart`).
    view_name: str = ""

    def refresh(self, chart: alt.TopLevelMixin) -> None:
        """Show ``chart`` (a rebuild of the chart shown)."""
        self._quick = True
        try:
            self.chart = chart
        finally:
            self._quick = False

    # Same name as JupyterChart's observer, so it replaces it. Were Altair to rename its own,
    # both would run and the spec would still be this chart's (validated, slower).
    @traitlets.observe("chart")
    def _on_change_chart(self, change: Any) -> None:
        chart = change.new
        if self._quick and chart is not None and getattr(chart, "params", alt.Undefined) in (
                alt.Undefined, []):
            with self.hold_sync():
                self.spec = as_json_text(chart).to_dict(validate=False)
            return
        super()._on_change_chart(change)


def as_json_text(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A copy of ``chart`` whose polars tables are inline JSON text (the same rows)."""
    copy = chart.copy(deep=False)
    if isinstance(getattr(copy, "data", None), pl.DataFrame):
        table = copy.data.with_columns(pl.col(pl.Float32, pl.Float64).fill_nan(None))
        copy.data = alt.InlineData(values=table.write_json(),
                                   format=alt.DataFormat(type="json"))
    for part in ("layer", "hconcat", "vconcat", "concat"):
        if isinstance(getattr(copy, part, None), list):
            setattr(copy, part, [as_json_text(child) for child in getattr(copy, part)])
    return copy


def _unchecked() -> contextlib.AbstractContextManager[Any]:
    """Altair without validation of each object as it is made (were the switch renamed,
    objects are validated as usual: slower, same charts)."""
    debug_mode = getattr(alt.utils.schemapi, "debug_mode", None)
    return debug_mode(False) if debug_mode is not None else contextlib.nullcontext()


class FilterPanel(w.VBox):
    """Controls over the papers table: dates, organizations, text, upvotes, team size.

    ``panel.frame`` is the filtered table, ``panel.prepared`` the same papers prepared
    (:class:`~dailypapers.prepared.Prepared`: what the charts count), ``panel.filters`` the
    current :class:`~dailypapers.filters.Filters`, ``panel.describe()`` a footnote for
    slides. ``papers`` may be a table or prepared papers (``dp.prepare``: not prepared again).
    ``panel.chart(name, **options)`` returns a live chart of a view (see
    :data:`dailypapers.views.VIEWS`); options may be widgets, whose value is read and
    followed.
    """

    def __init__(self, papers: Frame | Prepared, date_column: str = "published_on"):
        # integer codes for authors and keywords, once: every later change counts integers
        self._all = prepare(papers if isinstance(papers, Prepared) else as_polars(papers))
        self.papers = self._all.papers
        self.date_column = date_column
        self._charts: list[tuple[LiveChart, Callable[[Prepared], Any]]] = []
        self._listeners: list[Callable[[pl.DataFrame], None]] = []
        self.dates = _date_slider(self.papers, date_column, "Dates",
                                  lambda stops: (0, len(stops) - 1))
        orgs = (self.papers.filter(pl.col("organization").is_not_null())
                .group_by("organization").len().sort(["len", "organization"],
                                                     descending=[True, False]))
        self.organizations = w.TagsInput(
            value=[], allowed_tags=orgs["organization"].to_list(), allow_duplicates=False,
            placeholder="type an organization…", layout=w.Layout(width="95%"))
        self.text = w.Text(value="", placeholder="words in title, abstract or keywords",
                           description="Search", continuous_update=False)
        upvotes = self.papers["upvotes"].drop_nulls()
        top = int(upvotes.quantile(0.99) or 0) if upvotes.len() else 0
        self.min_upvotes = w.IntSlider(value=0, min=0, max=max(top, 1), description="Upvotes ≥",
                                       continuous_update=False)
        counts = self.papers["author_count"].drop_nulls()
        biggest = int(min(counts.max() or 1, 100)) if counts.len() else 1
        self._team_max = max(biggest, 2)
        self.team_size = w.IntRangeSlider(value=(1, self._team_max), min=1, max=self._team_max,
                                          description="Authors", continuous_update=False)
        self.reset = w.Button(description="Reset", icon="undo", tooltip="clear every filter")
        self.label = w.HTML()
        self.reset.on_click(lambda _: self.clear())
        for control in (self.dates, self.organizations, self.text, self.min_upvotes,
                        self.team_size):
            control.observe(self._changed, names="value")
        self._filters = Filters(date_column=date_column)
        self._mask: np.ndarray | None = None
        self._frame: pl.DataFrame | None = self.papers
        self._prepared = self._all
        super().__init__([
            self.dates,
            w.HBox([w.Label("Organizations", layout=w.Layout(min_width="100px")),
                    self.organizations]),
            w.HBox([self.text, self.min_upvotes, self.team_size]),
            w.HBox([self.reset, self.label]),
        ], layout=w.Layout(border="1px solid #ddd", padding="6px"))
        self._update_label()

    # -- reading the state ------------------------------------------------------------------

    @property
    def filters(self) -> Filters:
        """The current filter, readable from code."""
        return self._filters

    @property
    def frame(self) -> pl.DataFrame:
        """The papers that pass the current filter, every column (built on first access)."""
        if self._frame is None:
            self._frame = self.papers.filter(pl.Series(self._mask))
        return self._frame

    @property
    def prepared(self) -> Prepared:
        """The filtered papers as the charts read them: codes instead of names and keywords."""
        return self._prepared

    def describe(self) -> str:
        """The filtered data in words (papers, dates, sources, filter): a slide footnote."""
        return describe_data(self._prepared.frame, self._filters)

    def _read_filters(self) -> Filters:
        lo, hi = self.dates.value
        stops = self.dates.stops
        low_team, high_team = self.team_size.value
        return Filters(
            since=None if lo == stops[0] else lo,
            until=None if hi == stops[-1] else self.dates.span[1],
            organizations=tuple(self.organizations.value), text=self.text.value,
            min_upvotes=int(self.min_upvotes.value),
            min_authors=None if low_team == 1 else low_team,
            max_authors=None if high_team == self._team_max else high_team,
            date_column=self.date_column)

    # -- reacting ---------------------------------------------------------------------------

    def _changed(self, _change: Any = None) -> None:
        self._filters = self._read_filters()
        keep = self.papers.select(self._filters.expression()).to_series().fill_null(False)
        # no filter is a single literal True: one value for every row
        self._mask = (keep.to_numpy() if keep.len() == self.papers.height
                      else np.full(self.papers.height, bool(keep[0])))
        self._prepared = self._all if self._mask.all() else self._all.restrict(self._mask)
        self._frame = None
        self._update_label()
        for jupyter_chart, build in self._charts:
            jupyter_chart.refresh(build(self._prepared))
        for listener in self._listeners:
            listener(self.frame)

    def _update_label(self) -> None:
        self.label.value = (f"<b>{self._prepared.height:,} of {self.papers.height:,} papers</b>"
                            f" &nbsp; <span style='color:#666'>{self._filters.describe()}</span>")

    def clear(self) -> None:
        """Reset every control: all papers again (one refresh, not one per control)."""
        controls = (self.dates, self.organizations, self.text, self.min_upvotes, self.team_size)
        for control in controls:
            control.unobserve(self._changed, names="value")
        self.dates.index = (0, len(self.dates.options) - 1)
        self.organizations.value = []
        self.text.value = ""
        self.min_upvotes.value = 0
        self.team_size.value = (1, self._team_max)
        for control in controls:
            control.observe(self._changed, names="value")
        self._changed()

    def on_change(self, listener: Callable[[pl.DataFrame], None]) -> None:
        """Call ``listener(filtered_frame)`` after every change."""
        self._listeners.append(listener)

    def chart(self, name: str, **options: Any) -> LiveChart:
        """A live chart of view ``name``: rebuilt from the filtered frame on every change.

        Options that are widgets (e.g. a period toggle) are read at each build and followed.
        """
        def build(frame: Prepared) -> alt.TopLevelMixin:
            return view(name, frame, **{key: _read(value) for key, value in options.items()})

        def rebuild(frame: Prepared) -> alt.TopLevelMixin:
            # the first build's objects were validated as they were made (Altair's debug
            # mode) and its spec against the schema; a rebuild makes the same objects again
            with _unchecked():
                return build(frame)

        jupyter_chart = LiveChart(build(self._prepared))
        jupyter_chart.view_name = name
        self._charts.append((jupyter_chart, rebuild))
        for value in options.values():
            if isinstance(value, w.ValueWidget):
                value.observe(lambda _c, jc=jupyter_chart: jc.refresh(rebuild(self._prepared)),
                              names="value")
        return jupyter_chart

    def charts(self) -> list[alt.JupyterChart]:
        """The live charts of this panel, in the order they were made."""
        return [jupyter_chart for jupyter_chart, _ in self._charts]


def period_toggle(value: str = "1w") -> w.ToggleButtons:
    """Day / week / month / quarter / year, for views that take ``every``."""
    return w.ToggleButtons(options=[("Day", "1d"), ("Week", "1w"), ("Month", "1mo"),
                                    ("Quarter", "1q"), ("Year", "1y")], value=value,
                           description="Per")


def date_toggle(value: str = "published_on") -> w.ToggleButtons:
    """The paper's own date or the day it was on Daily Papers, for views that take ``date``."""
    return w.ToggleButtons(options=[("Published", "published_on"),
                                    ("On Daily Papers", "daily_on")],
                           value=value, description="Date")


def vocabulary_toggle(value: str = "auto") -> w.ToggleButtons:
    """Which keywords a chart counts: ``auto`` (one per question, by coverage), the Hub's
    keywords, or terms from titles and abstracts; for views that take ``source``."""
    return w.ToggleButtons(options=[("Auto", "auto"), ("Hub keywords", "keywords"),
                                    ("From titles and abstracts", "text")],
                           value=value, description="Keywords",
                           style={"description_width": "initial", "button_width": "auto"})


def measure_toggle(value: str = "papers") -> w.ToggleButtons:
    """Papers, upvotes or median upvotes, for the papers-over-time view."""
    return w.ToggleButtons(options=[("Papers", "papers"), ("Upvotes", "upvotes"),
                                    ("Median upvotes", "median_upvotes")],
                           value=value, description="Show")


def period_picker(papers: Frame, description: str, half: int,
                  date_column: str = "published_on") -> DateRange:
    """A range slider over the dates, set to the first (``half=0``) or second half; a view
    option given one reads its :attr:`DateRange.span`."""
    def halves(stops: list[date]) -> tuple[int, int]:
        middle = len(stops) // 2
        return (0, max(middle - 1, 0)) if half == 0 else (middle, len(stops) - 1)

    return _date_slider(as_polars(papers), date_column, description, halves)


class DateRange(w.SelectionRangeSlider):
    """A range slider over date stops (:func:`date_stops`), each standing for its whole
    day, week or month: :attr:`span` is the days the picked range covers."""

    #: The data's last day: the last stop runs to it (no bound when made by hand).
    last_day: date = date.max
    #: What the range is for ("Dates", "Before"); the description adds the span to it.
    caption: str = ""

    def show_span(self) -> None:
        """Write the picked days into the description: "Before: 2023-04-10 → 2024-02-07"."""
        first, last = self.span
        self.description = f"{self.caption}: {first} → {last}"

    @property
    def stops(self) -> list[date]:
        return [value for _, value in self.options]

    @property
    def span(self) -> tuple[date, date]:
        """First and last day of the picked range (its upper stop runs to the day before
        the next stop, or to the data's last day)."""
        lo, hi = self.value
        stops = self.stops
        following = stops.index(hi) + 1
        last = (stops[following] - timedelta(days=1) if following < len(stops)
                else self.last_day)
        return lo, min(last, self.last_day)


def _read(option: Any) -> Any:
    """A view option's value: a widget's current value (a date range's span)."""
    if isinstance(option, DateRange):
        return option.span
    return option.value if isinstance(option, w.ValueWidget) else option


def _date_slider(papers: pl.DataFrame, date_column: str, description: str,
                 index: Callable[[list[date]], tuple[int, int]]) -> DateRange:
    """A :class:`DateRange` whose stops span the papers' dates."""
    days = papers[date_column].drop_nulls()
    first, last = (days.min(), days.max()) if days.len() else (date.today(),) * 2
    stops = date_stops(first, last)
    # The span is shown in the description, not the readout: the slider's readout box has a
    # fixed width that cut "2023-04-10–2026-08-20" to "2023-04-10-2026-08-2".
    slider = DateRange(
        options=[(f"{d:%Y-%m-%d}", d) for d in stops], index=index(stops),
        description=description, continuous_update=False, readout=False,
        layout=w.Layout(width="95%"), style={"description_width": "initial"})
    slider.last_day = last
    slider.caption = description
    slider.observe(lambda _: slider.show_span(), names="value")
    slider.show_span()
    return slider


class SlideExporter(w.VBox):
    """Pick charts and export them, as they are shown, to a deck and images in ``reports/``.

    The list holds the panel's live charts first, by title, with the options picked for them
    in the notebook (period, pickers, vocabulary): what you see is what the deck shows. The
    other views follow at their default options. Thumbnails preview the chosen charts. The
    deck is named after its title (``reports/<title>.pptx``, its images in
    ``reports/<title>/``); an existing deck is never replaced unless "Overwrite" is ticked:
    the export takes the next free name (``<title>-2.pptx``) and says so.
    """

    def __init__(self, panel: FilterPanel, out_dir: str | Path | None = None,
                 chosen: list[str] | None = None):
        self.panel = panel
        self.out_dir = Path(out_dir) if out_dir else reports_dir()
        live = {f"live:{i}": (f"{title_of(c.chart)[0]} (as shown)", c)
                for i, c in enumerate(panel.charts())}
        shown = {c.view_name for _, c in live.values()}
        others = {name: (_VIEW_LABELS.get(name, name), None) for name in VIEWS
                  if name not in shown}
        self._entries = {**live, **others}
        default = chosen or [*live, *others][:4]
        picked = [key for key in self._entries
                  if key in default or (key.startswith("live:")
                                        and self._entries[key][1].view_name in default)]
        self.choice = w.SelectMultiple(
            options=[(label, key) for key, (label, _) in self._entries.items()],
            value=picked, rows=10, description="Charts",
            layout=w.Layout(width="420px"), style={"description_width": "initial"})
        self.title = w.Text(value="Daily Papers", description="Deck title")
        self.overwrite = w.Checkbox(value=False, description="Overwrite an existing deck",
                                    indent=False)
        self.button = w.Button(description="Export", icon="download", button_style="primary")
        self.thumbnails = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.result = w.HTML()
        self.button.on_click(lambda _: self.export())
        self.choice.observe(lambda _: self.preview(), names="value")
        super().__init__([w.HBox([self.choice, w.VBox([self.title, self.overwrite,
                                                       self.button])]),
                          self.thumbnails, self.result])

    def selected(self) -> dict[str, alt.TopLevelMixin]:
        """The chosen charts by file stem, each as shown now (live) or at its defaults."""
        frame = self.panel.prepared
        charts = {}
        for key in self.choice.value:
            _, live = self._entries[key]
            name = live.view_name if live is not None else key
            stem = name if name not in charts else f"{name}-{len(charts) + 1}"
            charts[stem] = live.chart if live is not None else view(name, frame)
        return charts

    def preview(self) -> None:
        """Thumbnails of the chosen charts (small PNGs), so the deck holds no surprise."""
        from .export import render_png

        self.thumbnails.children = [
            w.VBox([w.Image(value=render_png(chart, scale=0.45), format="png",
                            layout=w.Layout(max_width="260px", border="1px solid #ddd")),
                    w.Label(title_of(chart)[0], layout=w.Layout(max_width="260px"))])
            for chart in self.selected().values()]

    def export(self) -> list[Path]:
        """Write the deck and a PNG and an SVG per chart; returns the paths written."""
        frame = self.panel.prepared
        charts = self.selected()
        deck = deck_path(self.out_dir, self.title.value, overwrite=self.overwrite.value)
        written = [export_slides(
            {title_of(chart)[0]: chart for chart in charts.values()}, deck,
            title=self.title.value,
            subtitle=f"{frame.height:,} papers · {self.panel.filters.describe()}",
            footnote=self.panel.describe())]
        images = deck.with_suffix("")
        for name, chart in charts.items():
            for suffix in (".png", ".svg"):
                written.append(export_chart(chart, images / f"{name}{suffix}"))
        wanted = self.out_dir / f"{slug(self.title.value)}.pptx"
        note = ("" if deck == wanted or self.overwrite.value
                else f"{html.escape(wanted.name)} exists, so this is {html.escape(deck.name)} "
                     "(tick Overwrite to replace it).<br>")
        self.result.value = note + "Wrote:<br>" + "<br>".join(
            f"<code>{html.escape(str(p))}</code>" for p in written)
        return written


#: Menu labels of the views the panel does not show yet (their charts' titles).
_VIEW_LABELS = {
    "overview": "What is in the data", "papers_over_time": "Papers over time",
    "author_counts": "How big are the teams?", "team_size_over_time": "Are teams growing?",
    "top_authors": "Who publishes most?",
    "top_authors_over_time": "When did the top authors publish?",
    "top_organizations": "Which organizations?",
    "organization_share": "How does each organization's share move?",
    "upvotes_by_organization": "Which organizations get upvoted?",
    "keyword_frequencies": "Which topics?", "keyword_trends": "Which topics rise and fall?",
    "trend_topics": "When was each topic hot?",
    "rising_keywords": "Rising and falling keywords",
    "upvotes_by_team_size": "Do bigger teams get more upvotes?",
}


def show(*items: Any) -> None:
    """Display widgets and charts in order (IPython's display, imported lazily)."""
    from IPython.display import display

    display(*items)
