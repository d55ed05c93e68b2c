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
            arg=CII,
            timeout=60_000,
        )
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


EU = "funder:european-union"
AMIF = "Asylum, Migration and Integration Fund"
LATE = ("proposed", "rejected")  # never counted in money or networks


def _reached(data: dict, funder: str) -> set[str]:
    """Programmes (at any depth) under ``funder``, and the funder itself, from the export."""
    above = {r["start"]: r["end"] for r in data["relationships"] if r["type"] == "PART_OF"}
    out = {funder}
    while grown := {p for p, up in above.items() if up in out} - out:
        out |= grown
    return out


def _funder_money(data: dict, funder: str) -> dict[str, dict]:
    """A funder's money in plain Python from the JSON export: each of its projects' EUR split
    equally among the participants (the seeds give no participant amounts), by organisation,
    city and first year, and per city the estimated shares (projects of several partners)."""
    props = {n["id"]: n["properties"] for n in data["nodes"]}
    mine = _reached(data, funder)
    lines, members, city = {}, {}, {}
    for r in data["relationships"]:
        if r["type"] == "FUNDED_BY":
            lines.setdefault(r["start"], []).append(r["end"])
        elif r["type"] == "PARTICIPATES_IN":
            members.setdefault(r["end"], []).append(r["start"])
        elif r["type"] == "BASED_IN" and r["start"].startswith("org:"):
            city[r["start"]] = props[r["end"]]["name"]
    by: dict[str, dict] = {"org": {}, "city": {}, "year": {}, "estimated": {}}
    for pid, funders in lines.items():
        p = props[pid]
        if not set(funders) & mine or p.get("status") in LATE or p.get("amount_eur") is None:
            continue
        assert len(funders) == 1, pid  # one funding line: the whole amount is this funder's
        year = (p.get("start") or "undated")[:4]
        by["year"][year] = by["year"].get(year, 0.0) + p["amount_eur"]
        for org in members[pid]:
            share = p["amount_eur"] / len(members[pid])
            by["org"][org] = by["org"].get(org, 0.0) + share
            place = city.get(org)  # None: no city known (the Map says what reached none)
            by["city"][place] = by["city"].get(place, 0.0) + share
            if len(members[pid]) > 1:
                by["estimated"][place] = by["estimated"].get(place, 0.0) + share
    return by


def _effective_sizes(data: dict) -> dict[str, float]:
    """Burt's effective size (n - 2t/n) of every organisation with partners, in plain Python,
    on the co-partnership network of counted projects."""
    props = {n["id"]: n["properties"] for n in data["nodes"]}
    members: dict[str, set[str]] = {}
    for r in data["relationships"]:
        if r["type"] == "PARTICIPATES_IN" and props[r["end"]].get("status") not in LATE:
            members.setdefault(r["end"], set()).add(r["start"])
    partners: dict[str, set[str]] = {}
    for orgs in members.values():
        for org in orgs:
            partners.setdefault(org, set()).update(orgs - {org})
    out = {}
    for org, near in partners.items():
        if near:
            ties = sum(len(partners[a] & near) for a in near) / 2
            out[props[org]["name"]] = len(near) - 2 * ties / len(near)
    return out


def _cells(page, testid_index: int = -1) -> list[str]:
    """The cells of a grid, as the accessible table under Streamlit's canvas holds them
    (numbers unformatted)."""
    grid = page.locator("[data-testid='stDataFrame']").nth(testid_index)
    return [c.inner_text().strip() for c in grid.locator("td").all()]


def test_a_call_a_funder_and_the_brokers(browser, seeded_url: str, store: Store) -> None:
    from app.text import eur
    from graph.io.export import to_json

    page, data = browser, to_json(store)
    props = {n["id"]: n["properties"] for n in data["nodes"]}

    # staff: Czech and Croatian partners for an AMIF call on migrant integration
    _open(page, f"{seeded_url}/partners", "text=Theme words")
    page.get_by_label("Theme words").fill("migrant integration")
    page.get_by_label("Theme words").press("Enter")
    page.wait_for_timeout(1500)
    for country in ("CZ", "HR"):
        page.get_by_label("Partners from").click()
        page.keyboard.type(country)
        page.keyboard.press("Enter")
        page.wait_for_timeout(1500)
    page.keyboard.press("Escape")
    page.get_by_label("Funder or programme").click()
    page.keyboard.type("Asylum")
    page.keyboard.press("Enter")
    page.locator("[data-testid='stDataFrame'] td", has_text=f"funded by {AMIF}").first.wait_for(
        state="attached", timeout=120_000
    )
    page.wait_for_timeout(1500)
    cells = _cells(page, 0)
    width = 7  # rank, name, country, city, score, note, reasons
    names = {cells[i + 1] for i in range(0, len(cells), width)}
    amif = next(k for k, v in props.items() if v.get("name") == AMIF)
    want = {
        props[org]["name"]
        for org, _ in _funder_money(data, amif)["org"].items()
        if props[org].get("country") in ("CZ", "HR")
    }
    assert names == want and len(want) == 2, (names, want)
    assert {cells[i + 2] for i in range(0, len(cells), width)} == {"CZ", "HR"}
    page.screenshot(path=ARTIFACTS / "task-partners.png", full_page=True)

    # funder: the EU's money by city and by year, the same on Overview, Flows, Map, Profile
    eu = _funder_money(data, EU)
    total = eur(sum(eu["org"].values()))
    _open(page, f"{seeded_url}/flows", ".sankey-node")
    everything = _metric(page, "Money in this view (EUR)")
    _open(page, seeded_url, "text=Funded (EUR)")
    assert _metric(page, "Funded (EUR)") == everything
    _open(page, f"{seeded_url}/flows?funder={EU}", ".sankey-node")
    assert _metric(page, "Money in this view (EUR)") == total
    years = _cells(page)  # Money by year: year, that year, up to then, projects
    running = 0.0
    for row in range(0, len(years), 4):
        year = years[row]
        running += eu["year"][year]
        got = [float(v) for v in years[row + 1 : row + 3]]
        assert got == pytest.approx([eu["year"][year], running], abs=0.01), year
    assert len(years) // 4 == len(eu["year"]) == 2
    first = min(eu["year"])
    _open(page, f"{seeded_url}/flows?funder={EU}&asof={first}", ".sankey-node")
    assert _metric(page, "Money in this view (EUR)") == eur(eu["year"][first])
    assert page.get_by_text(f"As of the end of {first}: the 1 project").count() == 1
    _open(page, f"{seeded_url}/map?funder={EU}", ".scattergeo")
    assert _metric(page, "Money in this view (EUR)") == total
    cities = _cells(page)  # name, country, organisations, projects, EUR, of it estimated
    shown = {cities[i]: float(cities[i + 4]) for i in range(0, len(cities), 6)}
    placed = {c: v for c, v in eu["city"].items() if c is not None}
    assert shown == pytest.approx(placed, abs=0.01)
    guessed = {cities[i]: float(cities[i + 5]) for i in range(0, len(cities), 6)}
    assert guessed == pytest.approx({c: eu["estimated"].get(c, 0.0) for c in placed}, abs=0.01)
    for org in sorted(eu["org"])[:2]:
        _open(page, f"{seeded_url}/profile?org={org}", "text=Received (EUR)")
        assert _metric(page, "Received (EUR)") == eur(eu["org"][org]), org
    page.screenshot(path=ARTIFACTS / "task-funder-profile.png", full_page=True)

    # researcher: brokers first (the hub before the leaves), then the network as of a year
    sizes = _effective_sizes(data)
    order = sorted(sizes, key=lambda n: -sizes[n])
    _open(page, f"{seeded_url}/research?rank=effective_size", "text=First by effective_size")
    said = page.locator("[data-testid='stMarkdownContainer']", has_text="First by").inner_text()
    listed = re.findall(r"\d\. (.+?)(?:, (?=\d\. )|$)", said.partition(": ")[2])
    assert len(listed) == 5 and listed[:2] == order[:2], said  # the hub, then the next broker
    shown = [sizes[n] for n in listed]
    assert shown == sorted(shown, reverse=True) and shown[0] > shown[1] > shown[2] == 1.0, said
    _open(page, f"{seeded_url}/network?asof=2018", "iframe")
    page.frame_locator("iframe").first.locator("#mynetwork canvas").wait_for(timeout=60_000)
    drawn = page.frames[1].evaluate("() => network.body.data.nodes.length")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="GEXF (Gephi)").click()
    gexf = open(download.value.path(), encoding="utf-8").read()
    # by the end of 2018: SNAPSHOTS (2017, Burgas alone) and INTEGRA (2018, six partners)
    assert len(re.findall(r"<node ", gexf)) == drawn == 7
    page.screenshot(path=ARTIFACTS / "task-brokers-network.png", full_page=True)
    # a click on an organisation opens its profile
    node = page.frames[1].evaluate(
        """() => { const id = network.body.data.nodes.getIds()[0];
        const at = network.canvasToDOM(network.getPositions([id])[id]);
        const box = document.getElementById('mynetwork').getBoundingClientRect();
        return {id, x: at.x + box.left, y: at.y + box.top}; }"""
    )
    frame = page.locator("iframe").first.bounding_box()
    with page.context.expect_page(timeout=30_000) as opened:
        page.mouse.click(frame["x"] + node["x"], frame["y"] + node["y"])
    profile = opened.value
    profile.wait_for_selector("text=Received (EUR)", timeout=120_000)
    assert profile.locator("h2").first.inner_text().strip() == props[node["id"]]["name"]
    profile.close()
    # "Play" steps through the period's years on its own, then stops at the last
    _open(page, f"{seeded_url}/network?from=2018&to=2020", "iframe")
    page.get_by_text("Play", exact=True).click()
    play = page.locator("input[aria-label='Play']")
    seen: list[str] = []
    for _ in range(60):
        page.wait_for_timeout(500)
        year = re.search(r"asof=(\d+)", page.url)
        if year and (not seen or seen[-1] != year[1]):
            seen.append(year[1])
        if seen[-1:] == ["2020"] and not play.is_checked():
            break
    assert seen == ["2018", "2019", "2020"], seen
    assert not play.is_checked()

    assert page.console_errors == [], "\n".join(page.console_errors)
