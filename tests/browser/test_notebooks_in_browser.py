"""Every notebook as a user meets it: JupyterLab in headless Chromium, Run All, then the
filter panel, the period pickers and the export button, by mouse and keyboard."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

#: notebook → charts it draws
CHARTS = {"01-overview.ipynb": 3, "02-authors.ipynb": 5, "03-dates.ipynb": 3,
          "04-organizations.ipynb": 3, "05-keywords.ipynb": 4, "06-slides.ipynb": 1,
          "07-maps.ipynb": 2, "08-impact.ipynb": 6}
ALL_CELLS_RAN = """() => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""
MARKS = "g[class*='mark-'] > *"  # the drawn marks inside a chart's svg


def open_and_run_all(page, lab, name: str) -> None:
    base, token, _ = lab
    page.goto(f"{base}/lab/workspaces/{name.split('-')[0]}/tree/{name}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=60_000)
    news = page.locator(".jp-toast-button", has_text="No")
    if news.count():
        news.first.click()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(ALL_CELLS_RAN, timeout=90_000)
    if CHARTS[name]:
        page.wait_for_function(
            f"() => document.querySelectorAll('svg.marks').length >= {CHARTS[name]}",
            timeout=30_000)


def charts(page) -> list[str]:
    """Each drawn chart's marks, as markup: what the user sees, to compare before and after."""
    return page.locator("svg.marks").evaluate_all("svgs => svgs.map(s => s.innerHTML)")


def papers_label(page) -> str:
    # the text, not the rendered text: JupyterLab leaves cells far out of view undrawn
    # (content-visibility), and their innerText is empty
    return page.locator(".widget-html", has_text="papers").first.text_content()


def settle(page, before: list[str], timeout: float = 15.0) -> list[str]:
    """Wait until the charts differ from ``before`` (or give up) and return them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = charts(page)
        if now != before:
            page.wait_for_timeout(300)  # let the other charts of the notebook finish too
            return charts(page)
        page.wait_for_timeout(100)
    return charts(page)


def wait_label(page, expected: str) -> None:
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('.widget-html')]
                 .some(e => e.textContent.includes({expected!r}))""", timeout=15_000)


def wait_narrowed(page, total: str, containing: str = "") -> None:
    """Wait until the label counts fewer than all ``total`` papers and says ``containing``."""
    everything = f"{total} of {total} papers"
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('.widget-html')]
                 .some(e => /\\b[0-9,]+ of {total} papers/.test(e.textContent)
                            && !e.textContent.includes({everything!r})
                            && e.textContent.includes({containing!r}))""", timeout=15_000)


def rising_keywords_follow_the_two_periods(page, lab) -> None:
    rising = page.locator(".jp-OutputArea-output", has_text="Rising and falling keywords")
    chart = rising.locator("svg.marks")
    chart.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    before = chart.inner_html()
    handle = page.locator(".widget-hslider", has_text="Before").locator(".noUi-handle-upper")
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(8):
        handle.press("ArrowLeft")
    deadline = time.monotonic() + 15
    while chart.inner_html() == before and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert chart.inner_html() != before, "the rising-keywords chart did not follow 'Before'"


def slides_button_exports_a_deck(page, lab) -> None:
    first = lab[2] / "reports" / "daily-papers.pptx"  # Run All exported once from code
    second = first.with_name("daily-papers-2.pptx")
    assert first.is_file()
    before = first.read_bytes()
    page.locator("button", has_text="Export").first.click()
    deadline = time.monotonic() + 30
    while not second.is_file() and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert second.is_file() and second.stat().st_size > 10_000
    assert first.read_bytes() == before  # never replaced without "Overwrite"
    wait_label(page, "daily-papers.pptx exists, so this is daily-papers-2.pptx")
    assert page.locator(".widget-image").count() >= 1  # thumbnails of the chosen charts


def a_click_on_a_bar_narrows_the_panel_and_the_table(page, lab) -> None:
    """Click NVIDIA's bar: the label, the charts and the papers table show its papers, with
    Hub links; click it again: everything."""
    total, of_organization = lab_counts(lab)
    chart = page.locator(".jp-OutputArea-output", has_text="Which organizations?")
    bars = chart.locator("svg.marks g[class*='mark-rect'] path")
    bars.first.wait_for(timeout=30_000)
    before = charts(page)
    # the longest bar is the organization with most papers (sorted), drawn first
    bars.first.scroll_into_view_if_needed()
    bars.first.click()
    wait_label(page, f"{of_organization} of {total} papers")
    wait_label(page, f"organization: {ORGANIZATION_TYPED}")  # by its display name
    assert settle(page, before) != before
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".widget-datepicker").first.evaluate(
        "e => e.scrollIntoView({block: 'start'})")
    # label + chart, without JupyterLab's side bars (the README shows it)
    page.screenshot(path=str(SCREENSHOTS / "04-organizations-click.png"),
                    clip=page.locator("#jp-main-dock-panel").bounding_box())

    page.locator(".jupyter-widget-Collapse-header, .p-Collapse-header",
                 has_text="Papers").first.click()  # open the table
    wait_label(page, f"{of_organization} papers, by upvotes")
    table = page.locator("table.dataTable tbody tr")
    table.first.wait_for(timeout=15_000)
    assert table.count() == min(int(of_organization), 10)  # its first page
    texts = table.all_inner_texts()
    assert all(ORGANIZATION_TYPED in row for row in texts), texts
    links = page.locator("table.dataTable tbody tr td a[href^='https://huggingface.co/papers/']")
    assert links.count() == table.count()
    assert links.first.get_attribute("target") == "_blank"
    page.locator(".widget-dropdown", has_text="Order by").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "04-organizations-table.png"))
    # the same bar again: the filter is undone
    after = charts(page)
    bars = chart.locator("svg.marks g[class*='mark-rect'] path")
    bars.first.click()
    wait_label(page, f"{total} of {total} papers")
    assert settle(page, after) != after


def a_click_on_a_map_node_keeps_its_papers(page, lab) -> None:
    """Click a keyword of the map: the label names it and counts fewer papers; the maps
    follow; Reset brings everything back."""
    total, _ = lab_counts(lab)
    chart = page.locator(".jp-OutputArea-output", has_text="Which topics go together?")
    nodes = chart.locator("svg.marks g[class*='mark-symbol'] path")
    nodes.first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # the Reset before this redraws the maps
    before = charts(page)
    from playwright.sync_api import Error as PlaywrightError

    for _ in range(5):  # a map redrawn meanwhile replaces its nodes: take them again
        try:
            nodes.nth(nodes.count() // 2).click(force=True, timeout=5_000)
            break
        except PlaywrightError:  # "not attached to the DOM": the new nodes, next time
            page.wait_for_timeout(500)
    wait_narrowed(page, total, "keyword")
    assert settle(page, before) != before
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "07-maps-click.png"))
    after = charts(page)
    page.locator("button", has_text="Reset").first.click()
    wait_label(page, f"{total} of {total} papers")
    assert settle(page, after) != after  # the maps drawn again for every paper


def keywords_follow_the_periods_and_a_click(page, lab) -> None:
    """The rising keywords follow the two periods; a click on the top keyword's bar keeps
    its papers (every keyword chart then counts those), and Reset undoes it."""
    rising_keywords_follow_the_two_periods(page, lab)
    total, _ = lab_counts(lab)
    page.locator("button", has_text="Reset").first.click()
    wait_label(page, f"{total} of {total} papers")
    page.wait_for_timeout(1500)  # the charts drawn again for every paper
    chart = page.locator(".jp-OutputArea-output", has_text="Which topics?").first
    bars = chart.locator("svg.marks g[class*='mark-rect'] path")
    before = charts(page)
    bars.first.scroll_into_view_if_needed()
    bars.first.click()
    wait_narrowed(page, total, "keyword: ")
    assert settle(page, before) != before
    # the clicked keyword is in every paper kept: no bar, named in the subtitle instead
    note = chart.locator("svg text", has_text="Not shown: ")
    note.first.wait_for(timeout=15_000)
    chart.evaluate("element => element.scrollIntoView({block: 'start'})")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "05-keywords-click.png"))


#: what a user does in one notebook only
EXTRA = {"04-organizations.ipynb": a_click_on_a_bar_narrows_the_panel_and_the_table,
         "07-maps.ipynb": a_click_on_a_map_node_keeps_its_papers,
         "05-keywords.ipynb": keywords_follow_the_periods_and_a_click,
         "06-slides.ipynb": slides_button_exports_a_deck}


#: an organization a user types (its display name), and its Hub handle
ORGANIZATION_TYPED, ORGANIZATION = "NVIDIA", "nvidia"
#: a first day a user types: any day, not a stop of a slider
SINCE = "2026-01-01"


def lab_counts(lab) -> tuple[str, str]:
    """The store's papers, and those of ORGANIZATION, as the label prints them."""
    import polars as pl

    import dailypapers as dp

    papers = dp.load(lab[2] / "papers.parquet")
    return (f"{papers.height:,}",
            f"{papers.filter(pl.col('organization') == ORGANIZATION).height:,}")


@pytest.fixture(scope="module")
def counts(lab):
    return lab_counts(lab)


@pytest.mark.parametrize("name", list(CHARTS))
def test_notebook_runs_draws_and_follows_the_panel(page, lab, counts, name):
    total, of_organization = counts
    everything = f"{total} of {total} papers"
    open_and_run_all(page, lab, name)
    errors = page.locator("[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0, errors.first.inner_text()
    drawn = charts(page)
    assert len(drawn) == CHARTS[name]
    for index in range(len(drawn)):
        assert page.locator("svg.marks").nth(index).locator(MARKS).count() > 0, index
    assert papers_label(page).startswith(everything)

    # an organization, typed as a user would: its display name, then Enter
    box = page.locator(".widget-text", has_text="Organizations").locator("input")
    box.fill(ORGANIZATION_TYPED)
    box.press("Enter")
    wait_label(page, f"{of_organization} of {total} papers")
    if drawn:
        filtered = settle(page, drawn)
        assert filtered != drawn
    page.locator("button", has_text="Reset").first.click()
    wait_label(page, everything)

    # the date range: any day, typed into the "From" box
    if drawn:
        drawn = settle(page, drawn, timeout=3)
    since = page.locator(".widget-datepicker", has_text="From").locator("input")
    since.fill(SINCE)
    since.press("Enter")
    wait_narrowed(page, total, f"published from {SINCE}")
    if drawn:
        assert settle(page, drawn) != drawn
        for index in range(len(drawn)):  # refreshed specs (rows as JSON text) still draw
            assert page.locator("svg.marks").nth(index).locator(MARKS).count() > 0, index

    if name in EXTRA:
        page.locator("button", has_text="Reset").first.click()
        wait_label(page, everything)
        EXTRA[name](page, lab)

    if drawn:  # the screenshot shows a chart after the interaction, not the top of the page
        page.locator("svg.marks").first.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{name.removesuffix('.ipynb')}.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
