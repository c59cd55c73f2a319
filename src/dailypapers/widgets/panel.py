"""The filter panel every notebook shares: one set of filters, many charts that follow it."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import ipywidgets as w
import numpy as np
import polars as pl

from ..charts import PICK
from ..compute import NO_ORGANIZATION, OTHER
from ..filters import Filters, Lookup, describe_data
from ..frames import Frame
from ..prepared import Prepared, prepare
from ..views import view
from ..words import counted
from .controls import SUGGESTIONS, TEAM_CAP, Picker, _read
from .live import LiveChart, _unchecked
from .table import PapersTable


class FilterPanel(w.VBox):
    """Controls over the papers table, the list of the papers kept, and charts that follow.

    Controls: dates (any day, typed or picked), organizations (handle or display name, any
    case; Enter adds), authors, keywords, a search (whole words, all of them; "a phrase";
    ``-word`` excludes; titles, abstracts, keywords and authors), minimum upvotes, team size,
    "has code". A click on a chart's mark (an organization, keyword, author, team size or
    period) narrows the filter to it; a click on the same mark again, or Reset, undoes it
    (:meth:`pick`).

    ``panel.frame`` is the filtered table, ``panel.prepared`` the same papers prepared
    (:class:`~dailypapers.prepared.Prepared`: what the charts count), ``panel.filters`` the
    current :class:`~dailypapers.filters.Filters`, ``panel.state`` the same as a JSON-able
    dict (``FilterPanel(papers, state=...)`` restores it), ``panel.describe()`` a footnote
    for slides, ``panel.table`` the papers kept (:class:`PapersTable`, under the controls;
    ``table=False`` leaves it out).
    ``papers`` may be a table, prepared papers (``dp.prepare``: not prepared again) or a
    store's path (prepared from it, abstracts left in the file: see ``dp.prepare``).
    ``panel.chart(name, **options)`` returns a live chart of a view (see
    :data:`dailypapers.views.VIEWS`); options may be widgets, whose value is read and
    followed.
    """

    def __init__(self, papers: Frame | Prepared | str | Path, date_column: str = "published_on",
                 state: dict[str, Any] | None = None, table: bool = True):
        # integer codes for authors and keywords, once: every later change counts integers
        self._all = prepare(papers)
        #: What the boxes look typed names up in (made once, kept with the panel).
        self.lookup = Lookup(self._all)
        self.date_column = date_column
        self._first_date_column = date_column  # what Reset returns to
        self.keyword_vocabulary = "keywords"
        self._charts: list[tuple[LiveChart, Callable[[Prepared], Any]]] = []
        self._listeners: list[Callable[[pl.DataFrame], None]] = []
        self._quiet = False
        self._make_controls()
        self._filters = Filters(date_column=date_column)
        self._mask: np.ndarray | None = None
        self._frame: pl.DataFrame | None = None
        self._prepared = self._all
        self.table = PapersTable(self) if table else None
        super().__init__([
            w.HBox([self.since, self.until, self.span_note]),
            w.HBox([self.organizations, self.authors]),
            w.HBox([self.keywords, self.text]),
            w.HBox([self.min_upvotes, self.team_size, self.has_code]),
            w.HBox([self.reset, self.label]),
            *([self.table] if self.table is not None else []),
        ], layout=w.Layout(border="1px solid #ddd", padding="6px"))
        if state:
            self.set_filters(Filters.from_dict(state))
        else:
            self._update_label()

    def _make_controls(self) -> None:
        self.since = w.DatePicker(description="From", value=None,
                                  layout=w.Layout(width="220px"))
        self.until = w.DatePicker(description="To", value=None, layout=w.Layout(width="220px"))
        self.span_note = w.HTML()
        self._show_date_column()
        #: Each organization's display name by handle, most papers first (the label and
        #: footnotes use it).
        self.organization_names = names = self.lookup.organization_names()
        self.organizations = Picker(
            "Organizations", "handle or name, then Enter",
            [f"{name} · {handle}" for handle, name in list(names.items())[:SUGGESTIONS]],
            self.lookup.organization, lambda handle: names.get(handle, handle), "organization")
        authors_view = self._all.authors
        top_authors = authors_view.labels_of(authors_view.top(SUGGESTIONS)).to_list()
        self.authors = Picker("Authors", "a name, then Enter", top_authors,
                              self.lookup.author, what="author")
        self.keywords = Picker("Keywords", "a keyword, then Enter",
                               self._keyword_suggestions(), self._find_keyword,
                               lambda key: self.lookup.keyword_label(key,
                                                                     self.keyword_vocabulary),
                               "keyword")
        self.text = w.Text(value="", placeholder='words, "a phrase", -excluded',
                           description="Search", continuous_update=False,
                           tooltip="whole words in titles, abstracts, keywords and authors; "
                                   "every word must occur",
                           layout=w.Layout(width="420px"))
        upvotes = self._all.frame["upvotes"].drop_nulls()
        top = int(upvotes.quantile(0.99) or 0) if upvotes.len() else 0
        self.min_upvotes = w.IntSlider(value=0, min=0, max=max(top, 1), description="Upvotes ≥",
                                       continuous_update=False)
        counts = self._all.frame["author_count"].drop_nulls()
        biggest = int(min(counts.max() or 1, TEAM_CAP)) if counts.len() else 1
        self._team_max = max(biggest, 2)
        self.team_size = w.IntRangeSlider(value=(1, self._team_max), min=1, max=self._team_max,
                                          description="Authors", continuous_update=False)
        self.has_code = w.Checkbox(value=False, description="has code (GitHub)", indent=False)
        self.reset = w.Button(description="Reset", icon="undo", tooltip="clear every filter")
        self.label = w.HTML()
        self.reset.on_click(lambda _: self.clear())
        for control in self._controls():
            control.observe(self._changed, names="value")

    def _show_date_column(self) -> None:
        """Bound the date boxes by the span of the date in use and say which date it is
        (a click on a Daily Papers chart switches to that date)."""
        days = self._all.frame[self.date_column].drop_nulls()
        first, last = (days.min(), days.max()) if days.len() else (None, None)
        for picker in (self.since, self.until):
            picker.min, picker.max = first, last
        which = "published" if self.date_column == "published_on" else "on Daily Papers"
        self.span_note.value = (f"<span style='color:#666'>{which}: the data runs {first} → "
                                f"{last}</span>" if first else "")

    def _controls(self) -> tuple[w.DOMWidget, ...]:
        return (self.since, self.until, self.organizations, self.authors, self.keywords,
                self.text, self.min_upvotes, self.team_size, self.has_code)

    def _keyword_suggestions(self) -> list[str]:
        view, _ = self._all.keywords(self.keyword_vocabulary)
        return view.labels_of(view.top(SUGGESTIONS)).to_list()

    def _find_keyword(self, typed: str) -> str | None:
        return self.lookup.keyword(typed, self.keyword_vocabulary)

    def describe_filters(self) -> str:
        """The filter in words, as the data names things: "organization: NVIDIA; keyword:
        large language models (LLMs)"."""
        return self._filters.describe_in(self.lookup)

    # -- reading the state ------------------------------------------------------------------

    @property
    def filters(self) -> Filters:
        """The current filter, readable from code."""
        return self._filters

    @property
    def state(self) -> dict[str, Any]:
        """The current filter as a small JSON-able dict (``FilterPanel(papers, state=...)``
        restores it)."""
        return self._filters.to_dict()

    @property
    def papers(self) -> pl.DataFrame:
        """Every paper the panel was made with, every column (made when asked: the panel
        holds author names and keywords as codes)."""
        return self._all.papers

    @property
    def frame(self) -> pl.DataFrame:
        """The papers that pass the current filter, every column (made on first access
        after a change)."""
        if self._frame is None:
            self._frame = self._prepared.papers
        return self._frame

    @property
    def prepared(self) -> Prepared:
        """The filtered papers as the charts read them: codes instead of names and keywords."""
        return self._prepared

    def describe(self) -> str:
        """The filtered data in words (papers, dates, sources, filter): a slide footnote."""
        return describe_data(self._prepared.frame, self._filters, self.organization_names,
                             self.lookup.keyword_labels(self._filters.keywords,
                                                        self._filters.vocabulary))

    def _read_filters(self) -> Filters:
        low_team, high_team = self.team_size.value
        return Filters(
            since=self.since.value, until=self.until.value,
            organizations=tuple(self.organizations.value), text=self.text.value,
            min_upvotes=int(self.min_upvotes.value),
            min_authors=None if low_team == 1 else low_team,
            max_authors=None if high_team == self._team_max else high_team,
            date_column=self.date_column, authors=tuple(self.authors.value),
            keywords=tuple(self.keywords.value), vocabulary=self.keyword_vocabulary,
            has_code=self.has_code.value)

    # -- reacting ---------------------------------------------------------------------------

    def _changed(self, _change: Any = None) -> None:
        if self._quiet:
            return
        self._filters = self._read_filters()
        self._mask = self._filters.mask(self._all, self.lookup)
        self._prepared = (self._all if self._mask.all()
                          else self._all.restrict(self._mask, self._filters.days()))
        self._frame = None
        self._update_label()
        for jupyter_chart, build in self._charts:
            jupyter_chart.refresh(build(self._prepared))
        if self.table is not None:
            self.table.refresh()
        for listener in self._listeners:
            listener(self.frame)

    def _update_label(self) -> None:
        self.label.value = (f"<b>{self._prepared.height:,} of "
                            f"{counted(self._all.height, 'paper')}</b>"
                            f" &nbsp; <span style='color:#666'>"
                            f"{html.escape(self.describe_filters())}</span>")

    def set_filters(self, filters: Filters) -> None:
        """Show ``filters`` in the controls and apply it (one refresh)."""
        filters = filters.resolve(self._all, self.lookup)
        self._quiet = True
        try:
            if filters.date_column != self.date_column:
                self.date_column = filters.date_column
                self._show_date_column()
            self.since.value, self.until.value = filters.since, filters.until
            self.organizations.value = list(filters.organizations)
            self.authors.value = list(filters.authors)
            if filters.vocabulary != self.keyword_vocabulary:
                self.keyword_vocabulary = filters.vocabulary
                self.keywords.box.options = self._keyword_suggestions()
                self.keywords.box.description = ("Keywords (from text)"
                                                 if filters.vocabulary == "text" else "Keywords")
            self.keywords.value = list(filters.keywords)
            self.text.value = filters.text
            self.min_upvotes.value = filters.min_upvotes
            self.team_size.value = (min(filters.min_authors or 1, self._team_max),
                                    min(filters.max_authors or self._team_max, self._team_max))
            self.has_code.value = filters.has_code
        finally:
            self._quiet = False
        self._changed()

    def clear(self) -> None:
        """Reset every control: all papers again, by the date the panel started with (one
        refresh, not one per control)."""
        self.set_filters(Filters(date_column=self._first_date_column,
                                 vocabulary=self.keyword_vocabulary))

    def pick(self, picked: dict[str, Any], date_column: str | None = None) -> None:
        """Narrow the filter to what a click on a chart picked (the fields of the mark's
        row, see :data:`dailypapers.charts.PICK`); picking what the filter already holds
        undoes it.

        ``organization`` joins the organizations; ``author`` and ``keyword`` (with its
        ``vocabulary``) must all occur; ``min_authors``/``max_authors`` set the team size;
        ``pick_from``/``pick_to`` set the dates (``date_column``: the chart's dates).
        """
        now = self._filters
        if picked.get("organization") not in (None, OTHER, NO_ORGANIZATION):
            handle = picked["organization"]
            now = now.replace(organizations=_toggled(now.organizations, handle))
        elif picked.get("author"):
            now = now.replace(authors=_toggled(now.authors, picked["author"]))
        elif picked.get("keyword"):
            vocabulary = picked.get("vocabulary") or now.vocabulary
            held = now.keywords if vocabulary == now.vocabulary else ()
            now = now.replace(keywords=_toggled(held, picked["keyword"]), vocabulary=vocabulary)
        elif "min_authors" in picked:
            bounds = (picked["min_authors"], picked.get("max_authors"))
            same = (now.min_authors or 1, now.max_authors) == (bounds[0] or 1, bounds[1])
            now = now.replace(min_authors=None if same or bounds[0] == 1 else bounds[0],
                              max_authors=None if same else bounds[1])
        elif picked.get("pick_from"):
            span = (date.fromisoformat(picked["pick_from"]), date.fromisoformat(picked["pick_to"]))
            column = date_column or now.date_column
            same = (now.since, now.until) == span and column == now.date_column
            now = now.replace(since=None if same else span[0], until=None if same else span[1],
                              date_column=column)
        else:
            return
        self.set_filters(now)

    def on_change(self, listener: Callable[[pl.DataFrame], None]) -> None:
        """Call ``listener(filtered_frame)`` after every change."""
        self._listeners.append(listener)

    def chart(self, name: str, **options: Any) -> LiveChart:
        """A live chart of view ``name``: rebuilt from the filtered frame on every change.

        Options that are widgets (e.g. a period toggle) are read at each build and followed.
        A click on a mark narrows the panel (:meth:`pick`).
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

        def clicked(_change: Any) -> None:
            selection = getattr(jupyter_chart.selections, PICK, None)
            if selection is not None and selection.value:
                self.pick(selection.value[0], _read(options.get("date")))

        jupyter_chart.observe(clicked, names="_vl_selections")
        return jupyter_chart

    def charts(self) -> list[alt.JupyterChart]:
        """The live charts of this panel, in the order they were made."""
        return [jupyter_chart for jupyter_chart, _ in self._charts]


def _toggled(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    """``values`` with ``value`` added, or taken out when it was there."""
    return tuple(v for v in values if v != value) if value in values else (*values, value)
