"""The panel's controls: date sliders with sensible stops, boxes that pick names, toggles."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import ipywidgets as w
import polars as pl
import traitlets

from ..compute import compute_listing_days
from ..frames import Frame
from ..prepared import prepare

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


def measure_toggle(value: str | None = None, papers: Frame | None = None
                   ) -> w.ToggleButtons:
    """Papers per listing day, papers, upvotes or median upvotes, for the papers-over-time
    view. Without a ``value``, what the chart draws by default for ``papers``: the rate
    when they are a sample of the Hub's listing days (:mod:`dailypapers.compute.sampling`),
    else the count."""
    if value is None:
        sampled = papers is not None and bool(compute_listing_days(papers)["sampled"].any())
        value = "papers_per_day" if sampled else "papers"
    return w.ToggleButtons(options=[("Per listing day", "papers_per_day"), ("Papers", "papers"),
                                    ("Upvotes", "upvotes"), ("Median upvotes", "median_upvotes")],
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
    # fixed width, too narrow for two dates.
    slider = DateRange(
        options=[(f"{d:%Y-%m-%d}", d) for d in stops], index=index(stops),
        description=description, continuous_update=False, readout=False,
        layout=w.Layout(width="95%"), style={"description_width": "initial"})
    slider.last_day = last
    slider.caption = description
    slider.observe(lambda _: slider.show_span(), names="value")
    slider.show_span()
    return slider
