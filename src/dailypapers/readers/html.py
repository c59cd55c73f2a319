"""A saved Daily Papers page ("Save page as…").

The page embeds its data as HTML-escaped JSON in ``data-props`` of the Svelte hydration
``<div>``s. We read that JSON — never the card markup, whose classes change often:

- ``data-target="DailyPapers"``: ``dailyPapers`` (a list of API items), or ``searchResults``;
- ``data-target="PaperContent"``: ``paper`` (one paper).
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from typing import Any

import msgspec

from ..errors import InputError
from .api import LIST_KEYS, items_to_listing
from .base import Listing

TARGETS = ("DailyPapers", "PaperContent", "SearchResults", "Papers")


class _PropsCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.props: list[tuple[str, str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("data-props") is not None:
            self.props.append((found.get("data-target") or "", found["data-props"] or "",
                               self.getpos()[0]))


def parse_html(text: str, source: str, as_of: date | None = None) -> Listing:
    """Read the papers of a saved Daily Papers, search or paper page.

    Examples
    --------
    >>> import html, json
    >>> props = {"dailyPapers": [{"paper": {"id": "2501.00001", "title": "T",
    ...          "publishedAt": "2025-01-01T00:00:00.000Z", "authors": []}}]}
    >>> page = ('<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" '
    ...         f'data-props="{html.escape(json.dumps(props))}"></div>')
    >>> parse_html(page, "p.html", as_of=date(2025, 1, 2)).frame["paper_id"].to_list()
    ['2501.00001']
    """
    collector = _PropsCollector()
    collector.feed(text)
    collector.close()
    items: list[Any] = []
    lines: list[int] = []
    for target, raw, line in collector.props:
        try:
            props = msgspec.json.decode(raw)
        except msgspec.DecodeError:
            if target in TARGETS:
                raise InputError(source, f"data-props of {target} is not valid JSON",
                                 line=line) from None
            continue
        if not isinstance(props, dict):
            continue
        found = next((props[key] for key in LIST_KEYS if isinstance(props.get(key), list)), None)
        if found is None and isinstance(props.get("paper"), dict):
            found = [props["paper"]]
        if found is not None:
            items += found
            lines += [line] * len(found)
    if not items and not any(target in TARGETS for target, _, _ in collector.props):
        raise InputError(source, "an HTML page without Daily Papers data (no data-props holding "
                         "dailyPapers, searchResults or paper)")
    return items_to_listing(items, source, "html", as_of=as_of,
                            line_of=lambda index: lines[index])
