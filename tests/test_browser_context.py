"""The user's context in a real Chromium: a filter chosen on one page holds on the next (and
clears from its "Filtered:" line), the funder picker's Enter picks one funder, "Export this
view" holds exactly what is drawn, and no table prints "None"."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import networkx as nx
import pytest

from graph.model import Funder, Label, Project, Relationship, RelType, make_id
from graph.store import Store
from tests import app_sample
from tests.test_browser import ARTIFACTS, _go, chromium_page, streamlit_app
from tests.test_browser_tasks import _metric

EU = make_id(Label.FUNDER, "European Union")
SAID = ["context.md#1"]


def _gaps() -> list:
    """A second "European Union" funder (typing its name matches two funders) paying an
    undated project of €1,000, and a project of 2020 with no amount: gaps in tables."""
    undated, unpriced = make_id(Label.PROJECT, "undated"), make_id(Label.PROJECT, "unpriced")
    cii, roma = app_sample.org_id(app_sample.CII), app_sample.org_id("Roma Bridge Ruse")
    return [
        Funder(id=EU, name="European Union", sources=SAID),
        Project(
            id=undated,
            name="Undated study",
            amount=1000.0,
            currency="EUR",
            amount_eur=1000.0,
            status="ongoing",
            sources=SAID,
        ),
        Project(
            id=unpriced, name="Unpriced study", start="2020-01-01", status="ongoing", sources=SAID
        ),
        *(
            Relationship(type=RelType.FUNDED_BY, start=p, end=EU, sources=SAID)
            for p in (undated, unpriced)
        ),
        Relationship(
            type=RelType.PARTICIPATES_IN, start=cii, end=undated, role="lead", sources=SAID
        ),
        Relationship(
            type=RelType.PARTICIPATES_IN, start=roma, end=unpriced, role="lead", sources=SAID
        ),
    ]


@pytest.fixture
def page(store: Store, graph_env: dict[str, str]) -> Iterator:
    store.write([*app_sample.records(), *_gaps()])
    with streamlit_app(graph_env) as url, chromium_page() as page:
        page.goto(url)
        page.wait_for_selector("text=The graph at a glance", timeout=90_000)
        yield page


def _pick_funder(page, typed: str) -> None:
    box = page.locator("[data-testid='stMultiSelect']", has_text="Funder or programme")
    box.locator("input").click()
    box.locator("input").fill(typed)
    page.wait_for_timeout(500)
    box.locator("input").press("Enter")
    box.locator("input").press("Escape")
    page.wait_for_timeout(1500)  # the rerun


def test_a_funder_chosen_on_flows_holds_on_the_map(page) -> None:
    _go(page, "Funding flows", ".sankey-node")
    assert _metric(page, "Money in this view (EUR)") == "€ 201,000"  # 200,000 + the €1,000
    _pick_funder(page, "European Union")
    chips = page.locator("[data-testid='stMultiSelect']", has_text="Funder or programme")
    assert chips.locator("[data-tag]").count() == 1  # one funder, not every match
    assert _metric(page, "Money in this view (EUR)") == "€ 1,000"
    assert f"funder={EU}" in page.url.replace("%3A", ":")

    _go(page, "Map", ".scattergeo")
    page.wait_for_timeout(1500)
    assert _metric(page, "Money in this view (EUR)") == "€ 1,000"  # as on Funding flows
    assert f"funder={EU}" in page.url.replace("%3A", ":")
    cross = page.get_by_role("button", name=re.compile(r"^funder European Union.*✕$"))
    assert cross.count() == 1
    page.screenshot(path=ARTIFACTS / "context-map-filtered.png", full_page=True)
    cross.click()
    page.wait_for_timeout(2000)
    assert _metric(page, "Money in this view (EUR)") == "€ 201,000"
    assert "funder=" not in page.url
    _go(page, "Funding flows", ".sankey-node")
    assert _metric(page, "Money in this view (EUR)") == "€ 201,000"  # cleared here too
    assert page.console_errors == [], "\n".join(page.console_errors)


def test_export_this_view_holds_exactly_the_drawn_network(page, tmp_path) -> None:
    _go(page, "Partnership network", "iframe")
    page.get_by_text("Organisations and projects", exact=True).click()
    page.wait_for_timeout(2500)
    page.frame_locator("iframe").first.locator("#mynetwork canvas").wait_for(timeout=60_000)
    drawn = page.frames[1].evaluate(
        "() => [network.body.data.nodes.getIds(),"
        " network.body.data.edges.get().map(e => [e.from, e.to])]"
    )
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="GEXF (Gephi)").click()
    exported = nx.read_gexf(download.value.path())
    # 6 organisations and 5 funded projects (the proposal left out); every tie drawn
    assert len(drawn[0]) == 11
    assert set(exported.nodes) == set(drawn[0])
    assert {frozenset(e) for e in exported.edges} == {frozenset(e) for e in drawn[1]}
    assert page.console_errors == [], "\n".join(page.console_errors)


PAGES = [
    ("Overview", "text=The graph at a glance"),
    ("Funding flows", ".sankey-node"),
    ("Map", ".scattergeo"),
    ("Organisation profile", "text=Projects by role and status"),
    ("Research", "text=Communities"),
]


def test_no_table_prints_none(page) -> None:
    seen = 0
    for title, ready in PAGES:
        _go(page, title, ready)
        page.wait_for_timeout(1500)
        cells = page.locator("[data-testid='stDataFrame'] td").all_inner_texts()
        seen += len(cells)
        assert "None" not in [c.strip() for c in cells], title
    assert seen > 100  # the grids were read


def _component_data(frames: list[bytes], marker: bytes = b'{"graph": {"nodes"') -> dict:
    """The last data the app sent to the WebGL component, read from the websocket's frames
    (the JSON the browser draws from)."""
    for frame in reversed(frames):
        at = frame.find(marker)
        if at >= 0:
            text = frame[at:].decode("utf-8", errors="replace")
            return json.JSONDecoder().raw_decode(text)[0]
    raise AssertionError("no drawing was sent to the browser")


def test_the_whole_network_is_drawn_with_webgl(page) -> None:
    frames: list[bytes] = []

    def keep(data: bytes | str) -> None:
        frames.append(data if isinstance(data, bytes) else data.encode())

    page.on("websocket", lambda ws: ws.on("framereceived", keep))
    page.reload()
    page.wait_for_selector("text=The graph at a glance", timeout=90_000)
    _go(page, "Partnership network", "iframe")
    page.get_by_text("the whole network (WebGL)", exact=True).click()
    page.wait_for_selector(".sigma-root canvas", timeout=60_000)
    page.wait_for_timeout(1500)
    said = page.locator("[data-testid='stCaptionContainer']", has_text="organisations").first
    count = int(re.match(r"([\d,]+) organisations", said.inner_text())[1].replace(",", ""))
    data = _component_data(frames)["graph"]
    assert len(data["nodes"]) == count == 6  # the six organisations of the sample
    assert all(isinstance(n["x"], float) and n["size"] > 0 for n in data["nodes"])
    page.screenshot(path=ARTIFACTS / "context-webgl.png", full_page=True)
    assert page.console_errors == [], "\n".join(page.console_errors)
