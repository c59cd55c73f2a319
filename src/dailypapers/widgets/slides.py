"""Pick the panel's charts and export them, as shown, to a deck and images."""

from __future__ import annotations

import html
from pathlib import Path

import altair as alt
import ipywidgets as w

from ..charts import title_of
from ..export import deck_path, export_chart, export_slides, render_png, slug
from ..paths import reports_dir
from ..views import VIEWS, view
from ..words import counted
from .panel import FilterPanel


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
            subtitle=f"{counted(frame.height, 'paper')} · {self.panel.describe_filters()}",
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
    "impact_share": "Which papers led to a model on the Hub?",
    "impact_by_organization": "Which organizations' papers led to a model?",
    "impact_by_upvotes": "Do upvoted papers lead to a model?",
    "impact_by_keyword": "Which topics led to a model?",
    "most_used": "Which papers' models are used most?",
    "days_to_first_model": "How soon does a model follow a paper?",
}
