"""The three users' tasks end to end in a real Chromium, on the seed corpus: find CII however
it is typed, a funder's money by city and year with the same total on every page, and a
filtered network downloaded as GEXF; no console error on the way."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from graph.io import ingest
from graph.store import Store
from tests.conftest import seeds_required
from tests.test_browser import ARTIFACTS, chromium_page, streamlit_app

CII = "Център за Имиграция и Интеграция"
EEA = "funder:finansov-mehanizam-na-evropeyskoto-ikonomichesko-164072ad26"  # 2009–2014

pytestmark = seeds_required()


@pytest.fixture
def seeded_url(store: Store, graph_env: dict[str, str]) -> Iterator[str]:
    ingest.load_bundled(store)
    with streamlit_app(graph_env) as url:
        yield url


@pytest.fixture
def browser(seeded_url: str):
    # Opened at a page's own address (a shared link), Streamlit's client first asks for its
    # health and host configuration under that page's path, gets 404, then asks at the root:
    # its own probes, not an error of the app.
    with chromium_page(ignore=re.compile(r"/[a-z_]+/_stcore/(health|host-config)$")) as page:
        yield page


def _metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']", has_text=label).first
    box.wait_for(timeout=90_000)
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def _open(page, url: str, ready: str) -> None:
    page.goto(url)
    try:
        page.wait_for_selector(ready, timeout=120_000)
    except Exception:
        page.screenshot(path=ARTIFACTS / "task-failed.png", full_page=True)
        raise
    page.wait_for_timeout(1000)  # the last rerun paints


def test_the_users_tasks(browser, seeded_url: str) -> None:
    page = browser
    # staff: find CII by what they type
    _open(page, f"{seeded_url}/profile", "text=Find organisation")
    for typed in ("CII", "ЦИИ", "Center for Immigration"):
        box = page.get_by_label("Find organisation", exact=True)
        box.fill(typed)
        box.press("Enter")
        page.wait_for_function(
            "n => [...document.querySelectorAll('h2')].some(h => h.innerText.trim() === n)",
            arg=CII, timeout=60_000,
        )  # fmt: skip
    page.screenshot(path=ARTIFACTS / "task-find-cii.png", full_page=True)

    # funder: EEA Grants' money by city and by year, the same total on every page
    totals = {}
    for name, ready in (("flows", ".sankey-node"), ("map", ".scattergeo")):
        _open(page, f"{seeded_url}/{name}?funder={EEA}", ready)
        totals[name] = _metric(page, "Money in this view (EUR)")
        page.screenshot(path=ARTIFACTS / f"task-funder-{name}.png", full_page=True)
    assert totals["flows"] == totals["map"] and totals["flows"] != "€ 0", totals
    # its one project is undated: a period hides it, and says so, until it is kept
    period = f"{seeded_url}/flows?funder={EEA}&from=2017&to=2018"
    _open(page, period, "text=No funded project matches these filters")
    assert page.get_by_text("Keep the 1 undated project", exact=True).count() == 1
    _open(page, f"{period}&undated=1", ".sankey-node")
    assert _metric(page, "Money in this view (EUR)") == totals["flows"]

    # researcher: a filtered network, downloaded for Gephi
    _open(page, f"{seeded_url}/network?country=BG", "iframe")
    frame = page.frame_locator("iframe").first
    frame.locator("#mynetwork canvas").wait_for(timeout=60_000)
    drawn = page.frames[1].evaluate("() => network.body.data.nodes.length")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="GEXF (Gephi)").click()
    gexf = open(download.value.path(), encoding="utf-8").read()
    assert 'mode="dynamic"' in gexf
    assert len(re.findall(r"<node ", gexf)) == drawn
    page.screenshot(path=ARTIFACTS / "task-network.png", full_page=True)

    assert page.console_errors == [], "\n".join(page.console_errors)
