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
from typing import Any, ClassVar

import altair as alt
import ipywidgets as w
import numpy as np
import polars as pl
import traitlets

from .charts import PICK, title_of
from .compute import NO_ORGANIZATION, OTHER, compute_paper_list
from .export import deck_path, export_chart, export_slides, render_png, slug
from .filters import Filters, Lookup, describe_data, organization_names
from .frames import Frame
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
    comm once more to send them (~20 ms for a 3,700-row trend chart). A chart whose
    parameters differ from the chart shown takes the full path.
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
        if self._quick and chart is not None and _param_names(chart) == set(
                self._selection_types) | set(self._params):
            # the same selections as before (a click's "pick"): they start empty again, as
            # Altair's own path would set them. The inline data objects are made unchecked
            # too: each would otherwise validate itself (~1 ms apiece, 8 in 05-keywords)
            with self.hold_sync(), _unchecked():
                self.spec = as_json_text(chart).to_dict(validate=False)
                self._vl_selections = {name: {"value": None, "store": []}
                                       for name in self._selection_types}
            return
        super()._on_change_chart(change)


def _param_names(chart: alt.TopLevelMixin) -> set[str]:
    """The names of a chart's top-level parameters (selections and values)."""
    params = getattr(chart, "params", alt.Undefined)
    if params is alt.Undefined:
        return set()
    return {p.name if isinstance(p.name, str) else p.name.to_json().strip('"') for p in params}


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


#: How many names a filter box suggests as one types (the browser lists them): the most
#: frequent; any other name is still found when typed whole.
SUGGESTIONS = 2000
#: Team sizes the slider reaches: its top stop means "or more".
TEAM_CAP = 500


class Picker(w.VBox):
    """A box that adds what is typed (Enter) to a set of values, shown as removable chips.

    ``find(typed)`` returns the value the data holds (e.g. a Hub handle for "NVIDIA"), or
    ``None``: then the box says it found nothing. ``value`` is the list of values picked;
    ``label(value)`` names a chip.
    """

    value = traitlets.List(traitlets.Unicode())

    def __init__(self, description: str, placeholder: str, suggestions: list[str],
                 find: Callable[[str], str | None], label: Callable[[str], str] = str,
                 what: str = "value"):
        self.find, self.label, self.what = find, label, what
        self.box = w.Combobox(placeholder=placeholder, options=suggestions, ensure_option=False,
                              continuous_update=False, description=description,
                              style={"description_width": "initial"},
                              layout=w.Layout(width="360px"))
        self.message = w.HTML()
        self.chips = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.box.observe(self._typed, names="value")
        self.observe(lambda _: self._draw(), names="value")
        super().__init__([w.HBox([self.box, self.message]), self.chips])

    def _typed(self, change: Any) -> None:
        typed = change.new.strip()
        if not typed:
            return
        found = self.find(typed)
        if found is None:
            self.message.value = (f"<span style='color:#b00020'>no {self.what} "
                                  f"“{html.escape(typed)}”</span>")
            return
        self.message.value = ""
        self.box.value = ""
        if found not in self.value:
            self.value = [*self.value, found]

    def _draw(self) -> None:
        chips = []
        for value in self.value:
            chip = w.Button(description=f"{self.label(value)}  ✕", tooltip=f"remove {value}",
                            layout=w.Layout(width="auto"))
            chip.on_click(lambda _, v=value: self.remove(v))
            chips.append(chip)
        self.chips.children = chips

    def remove(self, value: str) -> None:
        self.value = [v for v in self.value if v != value]


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
        organizations = organization_names(self._all)
        #: Each organization's display name by handle (the label and footnotes use it).
        self.organization_names = names = dict(organizations.iter_rows())
        self.organizations = Picker(
            "Organizations", "handle or name, then Enter",
            [f"{name} · {handle}" for handle, name in organizations.head(SUGGESTIONS).iter_rows()],
            self.lookup.organization, lambda handle: names.get(handle, handle), "organization")
        authors_view = self._all.authors
        top_authors = authors_view.labels_of(authors_view.top(SUGGESTIONS)).to_list()
        self.authors = Picker("Authors", "a name, then Enter", top_authors,
                              self.lookup.author, what="author")
        self.keywords = Picker("Keywords", "a keyword, then Enter",
                               self._keyword_suggestions(), self._find_keyword,
                               self._keyword_label, "keyword")
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

    def _keyword_labels(self) -> dict[str, str]:
        """The label of each keyword the filter holds (its key when the vocabulary lacks it)."""
        return {key: self._keyword_label(key) for key in self._filters.keywords}

    def _describe_filters(self) -> str:
        """The filter in words, as the data names things: "organization: NVIDIA; keyword:
        large language models (LLMs)"."""
        return self._filters.describe(self.organization_names, self._keyword_labels())

    def _keyword_label(self, key: str) -> str:
        _, vocabulary = self._all.keywords(self.keyword_vocabulary)
        code = vocabulary.codes_of([key])
        return key if code[0] < 0 else vocabulary.view.labels_of(code)[0]

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
                             self._keyword_labels())

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
        self._prepared = self._all if self._mask.all() else self._all.restrict(self._mask)
        self._frame = None
        self._update_label()
        for jupyter_chart, build in self._charts:
            jupyter_chart.refresh(build(self._prepared))
        if self.table is not None:
            self.table.refresh()
        for listener in self._listeners:
            listener(self.frame)

    def _update_label(self) -> None:
        self.label.value = (f"<b>{self._prepared.height:,} of {self._all.height:,} papers</b>"
                            f" &nbsp; <span style='color:#666'>"
                            f"{html.escape(self._describe_filters())}</span>")

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


class PapersTable(w.Accordion):
    """The papers a panel keeps, as a sortable table (itables' DataTables widget), folded
    under the panel: title linked to the Hub page, first authors, organization, date,
    upvotes, comments, GitHub stars, and links to arXiv, the GitHub repository and the
    project page.

    At most :attr:`limit` rows are sent, the first by the order picked ("showing 500 of
    2,759 papers, by upvotes"); the columns sort in the browser. Text from the data is
    escaped: a title holding ``<script>`` shows as text. While folded, the table is not
    rebuilt; it is when opened.
    """

    ORDERS: ClassVar[list[tuple[str, str]]] = [
        ("upvotes", "upvotes"), ("newest", "newest"), ("comments", "comments"),
              ("GitHub stars", "stars")]

    def __init__(self, panel: FilterPanel, limit: int = 500):
        from itables.widget import ITable

        self.panel, self.limit = panel, limit
        self.order = w.Dropdown(options=self.ORDERS, value="upvotes", description="Order by",
                                layout=w.Layout(width="220px"))
        self.count = w.HTML()
        # given again at every update: itables rebuilds its arguments from those it is given
        # (an update without allow_html escaped the links)
        self._options = {"allow_html": True, "maxBytes": 0, "pageLength": 10,
                         "show_dtypes": False, "autoWidth": False,
                         "lengthMenu": [10, 25, 100, limit], "order": [],
                         "style": "table-layout:fixed;width:100%;margin:0",
                         "columnDefs": [{"targets": i, "width": width,
                                         "orderable": name != "Links"}
                                        for i, (name, width) in enumerate(TABLE_WIDTHS.items())],
                         "classes": "display compact", "showIndex": False}
        self.grid = ITable(caption="", **self._options)
        self.order.observe(lambda _: self.refresh(), names="value")
        super().__init__([w.VBox([w.HBox([self.order, self.count]), self.grid])],
                         selected_index=None)
        self.set_title(0, "Papers: the list of the papers kept")
        self.observe(lambda _: self.refresh(), names="selected_index")

    @property
    def is_open(self) -> bool:
        return self.selected_index is not None

    def rows(self) -> pl.DataFrame:
        """The rows shown, as links and text (HTML-escaped)."""
        return table_html(compute_paper_list(self.panel.prepared, self.limit,
                                             self.order.value))

    def refresh(self) -> None:
        """Show the panel's papers now when open (folded: when opened, which refreshes)."""
        if not self.is_open:
            return
        shown = self.rows()
        total = self.panel.prepared.height
        order = dict((value, label) for label, value in self.ORDERS)[self.order.value]
        self.count.value = (f"showing {shown.height:,} of {total:,} papers, by {order}"
                            if shown.height < total else
                            f"{total:,} paper{'s' if total != 1 else ''}, by {order}")
        self.grid.update(shown, **self._options)


def table_html(papers: pl.DataFrame) -> pl.DataFrame:
    """A :func:`~dailypapers.compute.compute_paper_list` table as cells for the browser:
    links as ``<a>``, every text from the data escaped. The links beside the Hub page (arXiv,
    the GitHub repository, the project page) share one narrow column, so that the title has
    room to be read in a notebook's width."""
    def link(url: str | None, text: str | None, hover: str | None = None) -> str:
        if not url:
            return html.escape(text or "")
        # coloured here: the notebook's style sheet draws links inside widgets as plain text
        hint = f' title="{html.escape(hover, quote=True)}"' if hover else ""
        return (f'<a href="{html.escape(url, quote=True)}" target="_blank" '
                f'rel="noopener noreferrer" style="color:#0b57d0"{hint}>'
                f'{html.escape(text or url)}</a>')

    def links(row: dict) -> str:
        found = [link(row["arxiv_url"], "arXiv") if row["arxiv_url"] else "",
                 link(row["github_repo"], "code", _repo_name(row["github_repo"]))
                 if row["github_repo"] else "",
                 link(row["project_page"], "page") if row["project_page"] else ""]
        return "<br>".join(item for item in found if item)

    rows = papers.to_dicts()
    return pl.DataFrame({
        "Title": [link(r["hub_url"], r["title"]) for r in rows],
        "Authors": [html.escape(r["first_authors"] or "") for r in rows],
        "Organization": [html.escape(r["organization"] or "") for r in rows],
        "Published": pl.Series([r["published_on"] for r in rows], dtype=pl.Date),
        "Upvotes": pl.Series([r["upvotes"] for r in rows], dtype=pl.Int32),
        "Comments": pl.Series([r["comments"] for r in rows], dtype=pl.Int32),
        "Stars": pl.Series([r["github_stars"] for r in rows], dtype=pl.Int32),
        "Links": [links(r) for r in rows],
    }, schema_overrides={"Title": pl.String, "Authors": pl.String, "Organization": pl.String,
                         "Links": pl.String})


#: The papers table's column widths: a fixed layout, so that a long repository name or
#: author list cannot squeeze the title to a word a line.
TABLE_WIDTHS = {"Title": "28%", "Authors": "17%", "Organization": "12%", "Published": "11%",
                "Upvotes": "9%", "Comments": "11%", "Stars": "7%", "Links": "5%"}


def _repo_name(url: str) -> str:
    """``owner/name`` of a GitHub URL (the URL itself when it is not one)."""
    parts = url.rstrip("/").split("github.com/", 1)
    return parts[1] if len(parts) == 2 else url


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
    keywords, or keyphrases from titles and abstracts; for views that take ``source``."""
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

    return _date_slider(prepare(papers).frame, date_column, description, halves)


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
            subtitle=f"{frame.height:,} papers · {self.panel._describe_filters()}",
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
    "coverage": "Which fields are recorded, when?",
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
    "keyword_map": "Which topics go together?", "coauthor_map": "Who writes with whom?",
}


def show(*items: Any) -> None:
    """Display widgets and charts in order (IPython's display, imported lazily)."""
    from IPython.display import display

    display(*items)
