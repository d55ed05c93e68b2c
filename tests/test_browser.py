"""End to end in a real headless Chromium: `streamlit run` on localhost, driven by Playwright.

Debian's chromium is required (``.ci/run`` installs it); without it this test fails, loudly.
Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from graph.analytics import partners
from graph.analytics.portfolio import read_portfolio
from graph.config import PROJECT_ROOT
from graph.store import Store
from tests import app_sample

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not answer within a minute")


@contextmanager
def streamlit_app(env: dict[str, str]) -> Iterator[str]:
    """`streamlit run` of the real app on a free local port, stopped afterwards; its URL."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "streamlit_app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
    ]
    proc = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def app_url(store: Store, graph_env: dict[str, str]) -> Iterator[str]:
    """The app against the test server holding the sample graph."""
    store.write(app_sample.records())
    with streamlit_app(graph_env) as url:
        yield url


@contextmanager
def chromium_page(ignore: re.Pattern[str] | None = None) -> Iterator[Any]:
    """A headless Chromium page that collects console errors (but those from URLs ``ignore``
    matches) in ``page.console_errors``."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        errors: list[str] = []

        def note(message: Any) -> None:
            url = message.location.get("url", "")
            if message.type == "error" and not (ignore and ignore.search(url)):
                errors.append(f"{message.text} {url}")

        page.on("console", note)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.console_errors = errors
        yield page
        browser.close()


@pytest.fixture
def browser_page(app_url: str):
    with chromium_page() as page:
        yield page


def _go(page, title: str, ready: str) -> None:
    """Open a page from the sidebar, as a person does (deep links make Streamlit probe paths)."""
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
    page.wait_for_selector(ready, timeout=60_000)
    page.wait_for_timeout(800)  # let the last rerun paint


def test_pages_draw_in_a_real_browser(browser_page, app_url: str, store: Store) -> None:
    page = browser_page
    page.goto(app_url)
    page.wait_for_selector("text=The graph at a glance", timeout=60_000)

    _go(page, "Partnership network", "iframe")
    page.frame_locator("iframe").first.locator("#mynetwork canvas").wait_for(timeout=30_000)
    network = page.frames[1]
    assert network.evaluate("() => network.body.data.nodes.length") == 6
    assert network.evaluate("() => network.body.data.edges.length") == 7
    page.screenshot(path=ARTIFACTS / "network.png", full_page=True)

    _go(page, "Funding flows", ".sankey-node")
    # 2 funders, a programme and "(direct)", 3 funded projects, their 6 participants (the
    # money is shared among them by default now, so every participant is drawn; was 3 leads)
    assert page.locator(".sankey-node").count() == 13
    page.screenshot(path=ARTIFACTS / "flows.png", full_page=True)

    _go(page, "Map", ".scattergeo")
    page.screenshot(path=ARTIFACTS / "map.png", full_page=True)

    _go(page, "Partner finder", "text=Describe the call")
    found = partners.suggest(
        partners.PartnerIndex(read_portfolio(store)), None, partners.Call(themes=("migration",))
    )
    expected = [s for s in found if not s["off_theme"]]  # the others in a table apart
    page.get_by_label("Theme words").fill("migration")
    page.get_by_label("Theme words").press("Enter")
    page.wait_for_selector(f"text={len(expected)} suggestions", timeout=30_000)
    page.screenshot(path=ARTIFACTS / "partners.png", full_page=True)

    assert page.console_errors == [], "\n".join(page.console_errors)
