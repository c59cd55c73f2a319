"""Charts that follow a panel live, offline: a ``JupyterChart`` given a new chart in place.

A chart that differs only by an ``alt.datum`` filter would be ignored by the front end; a chart
built from new data is not, so every change assigns a chart rebuilt from the filtered frame.
"""

from __future__ import annotations

import contextlib
from typing import Any

import altair as alt
import polars as pl
import traitlets


class LiveChart(alt.JupyterChart):
    """A JupyterChart whose chart is rebuilt from new data at every filter change.

    Its first chart is validated against the Vega-Lite schema as usual. A rebuild of the same
    view differs only in its data, so :meth:`refresh` sends its spec without validating it
    again (validation is about half the time of turning a chart into its spec), and sends
    each table as one JSON text that Vega-Lite parses (``format: json``), not as a list of
    row objects: Altair would otherwise JSON-encode the rows once to name the dataset and the
    comm once more to send them. A chart whose
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
            # too: each would otherwise validate itself
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


def show(*items: Any) -> None:
    """Display widgets and charts in order (IPython's display, imported lazily)."""
    from IPython.display import display

    display(*items)
