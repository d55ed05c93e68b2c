"""The Data page's mapping step in a real Chromium: a list the app does not know is uploaded,
its columns chosen, and it loads."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from graph.store import Store
from tests.test_app_mapping import LIST
from tests.test_browser import ARTIFACTS, _go, app_url, browser_page  # noqa: F401  (fixtures)


def _choose(page, label: str, option: str) -> None:
    """Open the selectbox and pick; a click during the previous choice's rerun can land on the
    box before it is redrawn, so it is opened again until its options show."""
    box = page.locator("[data-testid='stSelectbox']", has=page.get_by_text(label, exact=True))
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(5):
        box.first.click()
        try:
            wanted.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    wanted.click()
    page.wait_for_timeout(500)


def test_a_list_the_app_does_not_know_is_mapped_and_loaded(
    browser_page,  # noqa: F811 (the fixture imported above)
    app_url: str,  # noqa: F811 (the fixture imported above)
    store: Store,
    tmp_path: Path,
) -> None:
    page = browser_page
    page.goto(app_url)
    page.wait_for_selector("text=The graph at a glance", timeout=60_000)
    _go(page, "Data", "text=Add a source")
    path = tmp_path / "list.csv"
    path.write_bytes(LIST)
    page.locator("input[type=file]").set_input_files(str(path))
    page.wait_for_selector("text=Map its columns", timeout=60_000)
    _choose(page, "organisation", "Beneficiary")
    _choose(page, "amount", "Contracted")
    for field, value in (("currency", "BGN"), ("funder", "Civic Fund")):
        page.get_by_label(f"{field} for every row").fill(value)
        page.get_by_label(f"{field} for every row").press("Enter")
        page.wait_for_timeout(500)
    load = page.get_by_role("button", name="Load into the graph")
    load.wait_for(timeout=60_000)
    page.screenshot(path=ARTIFACTS / "mapping.png", full_page=True)
    load.click()
    page.wait_for_selector("text=Loaded ", timeout=60_000)
    names = {p["name"] for label, p in store.all_nodes() if label == "Project"}
    assert {
        "Civic Fund: grant to Roma Bridge Ruse",
        "Civic Fund: grant to Burgas Youth Network",
    } <= names
    assert page.console_errors == [], "\n".join(page.console_errors)
