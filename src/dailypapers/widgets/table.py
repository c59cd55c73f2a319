"""The papers the panel keeps, as a table that links to each paper."""

from __future__ import annotations

import html
from typing import ClassVar, Protocol

import ipywidgets as w
import polars as pl

from ..compute import compute_paper_list
from ..prepared import Prepared
from ..words import counted


class HoldsPapers(Protocol):
    """What a papers table follows: the papers kept now (a :class:`FilterPanel`)."""

    @property
    def prepared(self) -> Prepared: ...


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

    def __init__(self, panel: HoldsPapers, limit: int = 500):
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
                            f"{counted(total, 'paper')}, by {order}")
        self.grid.update(shown, **self._options)


def table_html(papers: pl.DataFrame) -> pl.DataFrame:
    """A :func:`~dailypapers.compute.compute_paper_list` table as cells for the browser:
    links as ``<a>``, every text from the data escaped. The links beside the Hub page (arXiv,
    the GitHub repository, the project page, and the models, datasets and Spaces citing the
    paper when its impact was fetched) share one narrow column, so that the title has room to
    be read in a notebook's width."""
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
        # the models, datasets and Spaces citing it (fetch --impact), on its Hub page
        found += [link(row["hub_url"], f"{row[kind]:,} {kind[:-1] if row[kind] == 1 else kind}",
                       f"{kind} on the Hub citing this paper")
                  for kind in ("models", "datasets", "spaces") if row.get(kind)]
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
