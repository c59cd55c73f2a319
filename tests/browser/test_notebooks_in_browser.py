"""Every notebook as a user meets it: JupyterLab in headless Chromium, Run All, then the
filter panel, the period pickers and the export button, by mouse and keyboard."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

#: notebook → charts it draws
CHARTS = {"01-overview.ipynb": 3, "02-authors.ipynb": 5, "03-dates.ipynb": 3,
          "04-organizations.ipynb": 3, "05-keywords.ipynb": 4, "06-slides.ipynb": 1}
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
    return page.locator(".widget-html", has_text="papers").first.inner_text()


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
                 .some(e => e.innerText.includes({expected!r}))""", timeout=15_000)


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


#: what a user does in one notebook only
EXTRA = {"05-keywords.ipynb": rising_keywords_follow_the_two_periods,
         "06-slides.ipynb": slides_button_exports_a_deck}


#: an organization a user types, as a handle
ORGANIZATION = "nvidia"


@pytest.fixture(scope="module")
def counts(lab):
    """The store's papers, and those of ORGANIZATION, as the label prints them."""
    import polars as pl

    import dailypapers as dp

    papers = dp.load(lab[2] / "papers.parquet")
    return (f"{papers.height:,}",
            f"{papers.filter(pl.col('organization') == ORGANIZATION).height:,}")


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

    # an organization, typed as a user would (the datalist suggests the handles)
    tags = page.locator("input.jupyter-widget-taginput").first
    tags.fill(ORGANIZATION)
    tags.press("Tab")  # leaving the field commits the tag, as picking from the list does
    wait_label(page, f"{of_organization} of {total} papers")
    if drawn:
        filtered = settle(page, drawn)
        assert filtered != drawn
    page.locator("button", has_text="Reset").first.click()
    wait_label(page, everything)

    # the date range: the first handle, four steps right with the keyboard
    if drawn:
        drawn = settle(page, drawn, timeout=3)
    handle = page.locator(".noUi-handle-lower").first
    handle.focus()
    for _ in range(4):
        handle.press("ArrowRight")
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('.widget-html')]
                 .some(e => /\\b[0-9,]+ of {total} papers/.test(e.innerText)
                            && !e.innerText.includes({everything!r}))""",
        timeout=15_000)
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
