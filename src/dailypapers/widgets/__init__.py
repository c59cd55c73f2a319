"""The filter panel every notebook shares, and charts that follow it live, offline.

>>> panel = FilterPanel(papers)                       # doctest: +SKIP
>>> teams = panel.chart("author_counts")              # doctest: +SKIP
>>> show(panel, teams)                                # doctest: +SKIP

Each control change filters the papers once, then rebuilds every chart of the panel from the
filtered papers; a click on a mark narrows the panel. The package, by job:

- ``live``: :class:`LiveChart`, a ``JupyterChart`` given a rebuilt chart in place; ``show``;
- ``controls``: date sliders (:class:`DateRange`), name pickers (:class:`Picker`), toggles;
- ``panel``: :class:`FilterPanel`, the filters, their controls and the charts that follow;
- ``table``: :class:`PapersTable`, the kept papers with a link to each;
- ``slides``: :class:`SlideExporter`, the panel's charts as a deck and images.
"""

from .controls import (
    DateRange,
    Picker,
    date_stops,
    date_toggle,
    measure_toggle,
    period_picker,
    period_toggle,
    vocabulary_toggle,
)
from .live import LiveChart, as_json_text, show
from .panel import FilterPanel
from .slides import SlideExporter
from .table import TABLE_WIDTHS, PapersTable, table_html

__all__ = [
    "TABLE_WIDTHS", "DateRange", "FilterPanel", "LiveChart", "PapersTable", "Picker",
    "SlideExporter", "as_json_text", "date_stops", "date_toggle", "measure_toggle",
    "period_picker", "period_toggle", "show", "table_html", "vocabulary_toggle",
]
