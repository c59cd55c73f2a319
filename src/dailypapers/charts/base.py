"""The house style of every chart: the slide theme, the palette, the click selection, and the
Altair and Vega-Lite workarounds, in one place.

Each workaround says what it avoids: channels built as typed objects, never strings or the
plain dicts of ``alt.datum(0)``, ``alt.value(1)`` and ``alt.condition(...)`` (for each of
those Altair hashes its whole schema to find the class: milliseconds a channel, at every
filter change), selections written at the top of a layered chart, dates as local calendar
days.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from ..errors import DailyPapersError

THEME = "dailypapers"
#: Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442",
           "#000000", "#999999"]
MUTED = "#999999"
#: A chart at this size fills a 16:9 slide below its title.
WIDTH, HEIGHT = 720, 360
#: The whole width, labels and legend included, of a chart whose labels are long
#: (keywords): it fits a notebook's output area beside JupyterLab's file browser (~960 px
#: in a 1,400 px window); the plot takes what the labels leave.
FIT_WIDTH = 940
_FIT = alt.AutoSizeParams(type="fit-x", contains="padding")
MAX_ROWS = 4000


def _count_axis(table: pl.DataFrame, column: str = "papers") -> alt.Axis:
    """An axis of counts with whole-number ticks only (no "0.5 papers" on a small
    selection); Vega ignores tickMinStep here, so the tick count follows the largest count."""
    largest = table[column].max() if table.height and column in table.columns else None
    return alt.Axis(tickCount=int(min(max(largest or 1, 1), 8)), format=",d")


@alt.theme.register(THEME, enable=False)
def slide_theme() -> alt.theme.ThemeConfig:
    """Large type, a colour-blind-safe palette, no chart border: readable on a 16:9 slide."""
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "config": {
            "font": "Helvetica, Arial, sans-serif",
            "view": {"stroke": None},
            "title": {"fontSize": 20, "anchor": "start", "subtitleFontSize": 14,
                      "subtitleColor": "#555555", "offset": 12},
            # labelLimit: names whole ("National University of Singapore"), not cut at 180 px
            "axis": {"labelFontSize": 13, "titleFontSize": 14, "titleFontWeight": "normal",
                     "labelLimit": 320,
                     "gridColor": "#e6e6e6", "domainColor": "#888888", "tickColor": "#888888"},
            # legends whole: Vega cuts labels at 160 px by default
            "legend": {"labelFontSize": 13, "titleFontSize": 14, "orient": "right",
                       "labelLimit": 320},
            "header": {"labelFontSize": 13, "titleFontSize": 14},
            "range": {"category": PALETTE},
            "bar": {"color": PALETTE[0]},
            "line": {"color": PALETTE[0], "strokeWidth": 2.5},
            "point": {"color": PALETTE[0], "size": 60},
            "area": {"color": PALETTE[0]},
            "text": {"fontSize": 14},
        },
    }


#: The click selection of a chart whose marks are things (an organization, a keyword, an
#: author, a team size, a period): the filter panel reads it to narrow its filter
#: (:meth:`dailypapers.widgets.FilterPanel.pick`). Its fields name what was clicked.
PICK = "pick"


def _pick(*fields: str) -> alt.Parameter:
    """A click on a mark selects the thing it draws (``fields`` of its row)."""
    return alt.selection_point(name=PICK, fields=list(fields), on="click", clear=False)


def _fitted(chart: alt.LayerChart) -> alt.LayerChart:
    """``chart`` (a layered chart made here, not shared) :data:`FIT_WIDTH` wide in all, its
    labels included. Set, not passed through ``.properties()``: that validates them again
    at every filter change."""
    chart.width, chart.autosize = FIT_WIDTH, _FIT
    return chart


def _layer_picking(*layers: alt.Chart, picked: int, fields: tuple[str, ...],
                   **properties: Any) -> alt.LayerChart:
    """Layers whose layer ``picked`` carries the click selection (on ``fields``), with the
    chart's ``properties`` (given here: ``.properties()`` on a layered chart makes it again).

    The selection is written at the top, naming its layer, as Vega-Lite has it: given to
    a layer, Altair lifts it there itself and validates it on every build, paid at each
    filter change.
    """
    named = [layer.copy(deep=False) for layer in layers]
    named[picked].name = f"{PICK}_layer"  # a name is a name: set, not validated again
    chart = _layer(*named, **properties)
    chart.params = [alt.TopLevelSelectionParameter(
        name=PICK, select=_pick(*fields).param.select, views=[f"{PICK}_layer"])]
    return chart


def _layer(*layers: alt.Chart, **properties: Any) -> alt.LayerChart:
    """``alt.layer(*layers, **properties)`` without Altair's copies of every layer.

    Altair copies each layer deeply two or three times to lift what the layers share to the
    top (at each filter change: docs/speed.md), and again at every
    ``.properties()`` of the layered chart: give the properties here. From layers without
    parameters or sizes only shared data is ever lifted: done here, by the same rule (one
    data object for all); layers with either take Altair's way.
    """
    own = ("params", "width", "height", "view")
    if any(getattr(layer, key, alt.Undefined) is not alt.Undefined
           for layer in layers for key in own):
        return alt.layer(*layers, **properties)
    data = layers[0].data if layers else alt.Undefined
    if data is not alt.Undefined and all(layer.data is data for layer in layers):
        layers = tuple(layer.copy(deep=False) for layer in layers)
        for layer in layers:
            layer.data = alt.Undefined
    else:
        data = alt.Undefined
    chart = _Layered(data=data, **properties)
    chart.layer = list(layers)
    return chart


class _Layered(alt.LayerChart):
    """A layered chart whose shallow copy only copies it. Altair makes a layered chart's
    shallow copy by calling its constructor again, which copies every layer deeply to lift
    what they share (done once already, by :func:`_layer`); ``to_dict`` makes such a copy."""

    def copy(self, deep: Any = True, ignore: list[str] | None = None) -> _Layered:
        if deep is not False:
            return super().copy(deep, ignore)
        copy = object.__new__(type(self))
        object.__setattr__(copy, "_args", self._args)
        object.__setattr__(copy, "_kwds", dict(self._kwds))
        return copy


def _ranked(table: pl.DataFrame, label: str, count: str = "papers") -> list[str]:
    """The order of a ranking's bars: most ``count`` first, equals by ``label`` as a reader
    looks one up (case aside). Vega's own "-x" leaves equals in no stated order.

    >>> _ranked(pl.DataFrame({"name": ["apple", "Qwen", "NVIDIA"], "papers": [1, 1, 2]}), "name")
    ['NVIDIA', 'apple', 'Qwen']
    """
    return (table.sort([pl.col(count), pl.col(label).str.to_lowercase(), pl.col(label)],
                       descending=[True, False, False])[label].unique(maintain_order=True)
            .to_list())


def _bounds_of(table: pl.DataFrame, column: str = "authors") -> pl.DataFrame:
    """Team-size bounds of labelled buckets ("3–4", ">100", "1 author"): ``min_authors``
    and ``max_authors`` (null: no upper bound)."""
    digits = pl.col(column).str.extract_all(r"\d+").cast(pl.List(pl.Int32))
    above = pl.col(column).str.starts_with(">")
    return table.with_columns(
        min_authors=pl.when(above).then(digits.list.first() + 1).otherwise(digits.list.first()),
        max_authors=pl.when(above).then(None).otherwise(digits.list.last()))


# Channels are given as objects, never as "field:type" strings: Altair resolves a string
# through its whole schema, which a filter change would pay for every chart.


def _data(table: pl.DataFrame) -> pl.DataFrame:
    """The table as chart data; refuses what would bloat a notebook or a slide."""
    if table.height > MAX_ROWS:
        raise DailyPapersError(
            f"a chart of {table.height:,} rows would be slow and heavy; aggregate first "
            f"(for time series pick a coarser period, e.g. every='1w' or '1mo')")
    # Without a time zone, Vega reads a date-time as local time: the calendar day stays the
    # day in every time zone (a bare "YYYY-MM-DD" would be UTC midnight, the day before in
    # the Americas).
    return table.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%dT00:00:00"))


def _title(text: str, subtitle: str | list[str] | None = None) -> alt.TitleParams:
    return alt.TitleParams(text, subtitle=subtitle or alt.Undefined)


def _period_label(every: str) -> str:
    return {"1d": "Day", "1w": "Week", "1mo": "Month", "1q": "Quarter", "1y": "Year"}.get(
        every, "Period")


def _time_axis(every: str, periods: pl.Series | None = None) -> Any:
    """A time axis's ticks and labels: at each period's start with the year on each label
    when periods are quarters or years (else a quarterly axis reads "April, October, April"
    between its bars). Shorter periods over ``periods`` (their starts) are ticked every 1, 2,
    3 or 6 months, or years, a dozen ticks at most (none hidden for want of room), and the
    first tick of each year carries the year (left to itself Vega ticked "February, June,
    October" over 2024-02 → 2026-07: no year anywhere); over a few weeks, every 1, 2, 7 or
    14 days (one day: no hours)."""
    ticks = {"1q": ("%b %Y", "month", 3), "1y": ("%Y", "year", 1)}  # at the periods' starts
    if every in ticks:
        format_, interval, step = ticks[every]
        return alt.Axis(format=format_, tickCount=alt.TimeIntervalStep(interval=interval,
                                                                       step=step))
    if periods is None or periods.drop_nulls().is_empty():
        return alt.Undefined
    first, last = periods.min(), periods.max()
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months > 3:
        step = next((s for s in (1, 2, 3, 6) if months <= 12 * s), None)
        if step is None:
            return alt.Axis(tickCount=alt.TimeIntervalStep(interval="year",
                                                           step=-(-months // 144)))
        # a tick is the first of its year when its month is below the step
        return alt.Axis(tickCount=alt.TimeIntervalStep(interval="month", step=step),
                        labelExpr=f"timeFormat(datum.value, month(datum.value) == 0 ? '%Y' : "
                                  f"month(datum.value) < {step} ? '%b %Y' : '%b')")
    days = (last - first).days + 1
    return alt.Axis(tickCount=alt.TimeIntervalStep(
        interval="day", step=next((s for s in (1, 2, 7) if days <= 12 * s), 14)))


def _spans(table: pl.DataFrame, every: str) -> pl.DataFrame:
    """``table`` with ``period_end``, the next period's start: a bar spans its period.

    (Vega-Lite has no Monday week: a bar drawn by a day time unit would be one day wide.)
    """
    return table.with_columns(period_end=pl.col("period").dt.offset_by(every))


def _time_unit(every: str) -> str:
    return {"1d": "yearmonthdate", "1w": "yearmonthdate", "1mo": "yearmonth",
            "1q": "yearquarter", "1y": "year"}.get(every, "yearmonthdate")


def _pale_when_partial(table: pl.DataFrame, full: float = 1.0) -> Any:
    """Opacity: pale where a period is partial (a table without the flag: all full)."""
    if "partial" not in table.columns:
        return alt.OpacityValue(full)
    return _pale(0.35 * full, full)


def _pale(pale: float, full: float, flag: str = "partial") -> alt.OpacityValue:
    """Opacity ``pale`` where a row's ``flag`` is set (by default: its period is partial),
    else ``full`` (typed: see above)."""
    return alt.OpacityValue(**alt.condition(getattr(alt.datum, flag), alt.value(pale),
                                            alt.value(full)))

def title_of(chart: alt.TopLevelMixin) -> tuple[str, str]:
    """A chart's title and subtitle as plain text (either may be empty).

    Examples
    --------
    >>> title_of(alt.Chart().mark_bar().properties(title=_title("Teams", "per paper")))
    ('Teams', 'per paper')
    """
    title, subtitle = _title_parts(chart)

    def flat(text: object) -> str:
        return " · ".join(text) if isinstance(text, list) else str(text or "")

    return flat(title), flat(subtitle)


def subtitle_lines(chart: alt.TopLevelMixin) -> list[str]:
    """A chart's subtitle, one string a line (none when it has none).

    Examples
    --------
    >>> subtitle_lines(alt.Chart().mark_bar().properties(title=_title("Teams", ["a", "b"])))
    ['a', 'b']
    """
    _, subtitle = _title_parts(chart)
    return [line for line in (subtitle if isinstance(subtitle, list) else [subtitle]) if line]


def _title_parts(chart: alt.TopLevelMixin) -> tuple[object, object]:
    """A chart's title text and subtitle, as its spec holds them (a string or lines)."""
    title = chart.to_dict(validate=False).get("title", "")
    if isinstance(title, dict):
        return title.get("text", ""), title.get("subtitle", "")
    return title, ""


def setup_notebook() -> None:
    """Enable the slide theme and renderers that work offline in JupyterLab.

    Charts display through ``JupyterChart`` with the JavaScript bundled by vl-convert, so
    nothing is fetched from a CDN.
    """
    alt.theme.enable(THEME)
    alt.JupyterChart.enable_offline()
    alt.renderers.enable("jupyter", offline=True)
