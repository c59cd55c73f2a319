"""JupyterLab on 127.0.0.1 over temporary copies of the notebooks, driven by Debian's Chromium.

The server and the browser are started once for the suite. Every page's requests are recorded;
anything outside 127.0.0.1 fails the test that made it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_bundled_store

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "reports" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = (f"{CHROMIUM} is missing (tests/browser/install-chromium.sh installs Debian's "
               "chromium as root)")
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """(base URL, token, work folder) of a JupyterLab serving copies of the notebooks."""
    _need_chromium()
    pytest.importorskip("playwright")
    work = tmp_path_factory.mktemp("lab")
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        shutil.copy(notebook, work / notebook.name)  # JupyterLab autosaves: never the originals
    store = build_bundled_store(work / "papers.parquet")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "DAILYPAPERS_STORE": str(store),
           "DAILYPAPERS_REPORTS": str(work / "reports"), "JUPYTER_CONFIG_DIR": str(work / "cfg"),
           "JUPYTERLAB_SETTINGS_DIR": str(work / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces")}
    log = (work / "lab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited: {(work / 'lab.log').read_text()[-2000:]}")
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}", token, work
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="session")
def browser(lab, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            headless=True, args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000})
        yield context
        context.close()


@pytest.fixture
def page(browser):
    """A fresh page whose every request is recorded; only 127.0.0.1 is allowed."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests
    yield page
    page.close()
    outside = sorted({url for url in requests
                      if not url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))})
    assert outside == [], f"the page asked for something outside 127.0.0.1: {outside}"
