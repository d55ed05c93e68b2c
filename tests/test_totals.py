"""One money definition: the Overview, Funding flows, the Map, the Profile and `flows --by`
show the same totals, on the seeds and the CORDIS sample loaded together, for every filter.

The expected figures are computed here in plain Python from the graph's JSON export (the
stored project amounts and participations), not by the code under test. The rule they follow
is the one stated in ``graph/analytics/flows.py``: a project counts unless proposed or
rejected; its money is its ``amount_eur`` (else its funding lines'), and at least what its
participants' own amounts add up to; a participant with its own amount (zero included) gets
exactly that, the others share the rest equally, and a rest nobody is left to share stays with
no organisation.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app import charts
from app.text import eur
from graph.config import PROJECT_ROOT
from graph.io import ingest
from graph.io.export import to_json
from graph.store import Store
from tests.conftest import DATASETS, datasets_required, seeds_required

APP = str(PROJECT_ROOT / "streamlit_app.py")
CORDIS = DATASETS / "cordis" / "horizon-europe-organization-westernbalkans-300projects.csv"

pytestmark = [seeds_required(), datasets_required()]


@pytest.fixture(scope="module")
def loaded(session_store: Store, settings) -> Iterator[Store]:
    """Seeds and the CORDIS sample, loaded once for this module (the tests only read)."""
    session_store.clear()
    ingest.load_bundled(session_store)
    ingest.load_file(session_store, CORDIS)
    yield session_store
    st.cache_resource.clear()


@pytest.fixture
def app_env(loaded: Store, settings, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    return loaded


def expected(store: Store) -> dict[str, dict]:
    """EUR per organisation id and per organisation country and city name, from the export."""
    data = to_json(store)
    props = {n["id"]: n["properties"] for n in data["nodes"]}
    lines, members, city = defaultdict(list), defaultdict(list), {}
    for rel in data["relationships"]:
        if rel["type"] == "FUNDED_BY":
            lines[rel["start"]].append(rel["properties"].get("amount_eur"))
        elif rel["type"] == "PARTICIPATES_IN":
            members[rel["end"]].append((rel["start"], rel["properties"].get("amount_eur")))
        elif rel["type"] == "BASED_IN" and rel["start"].startswith("org:"):
            city[rel["start"]] = props[rel["end"]]["name"]
    total, by_org = 0.0, defaultdict(float)
    for node in data["nodes"]:
        if "Project" not in node["labels"]:
            continue
        p = node["properties"]
        if p.get("status") in ("proposed", "rejected"):
            continue
        money = p.get("amount_eur")
        if money is None:
            given = [a for a in lines[node["id"]] if a is not None]
            money = sum(given) if given else None
        if money is None:
            continue
        who = members[node["id"]]
        stated = {org: a for org, a in who if a is not None}
        money = max(money, sum(stated.values()))
        total += money
        for org, a in stated.items():
            by_org[org] += a
        rest = [org for org, a in who if a is None]
        for org in rest:
            by_org[org] += (money - sum(stated.values())) / len(rest)
    by_country, by_city = defaultdict(float), defaultdict(float)
    for org, money in by_org.items():
        by_country[props[org].get("country")] += money
        by_city[city.get(org)] += money
    return {"total": total, "org": dict(by_org), "country": by_country, "city": by_city}


def page(name: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if name != "overview":
        at.switch_page(f"app/pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return {m.label: m.value for m in at.metric}[label]


def sankey_organisations(at: AppTest) -> list[str]:
    """Names of the Sankey's organisation nodes (the organisations' colour)."""
    node = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["node"]
    colour = charts.STAGE_COLOURS["organisation"]
    return [n for n, c in zip(node["customdata"], node["color"], strict=True) if c == colour]


def test_every_page_shows_the_same_funded_total(app_env: Store) -> None:
    want = expected(app_env)
    assert want["total"] > 1e9  # the CORDIS sample is in (the seeds alone are far smaller)
    shown = eur(want["total"])
    assert metric(page("overview"), "Funded (EUR)") == shown
    assert metric(page("flows"), "Money in this view (EUR)") == shown
    at = page("map")
    assert metric(at, "Money in this view (EUR)") == shown
    cities = dict(at.dataframe[0].value[["name", "amount_eur"]].values.tolist())
    for name in ("Sofia", "Belgrade", "Prague"):
        assert cities[name] == pytest.approx(want["city"][name], abs=0.02), name


def test_an_organisation_gets_the_same_money_everywhere(app_env: Store, graph_env) -> None:
    want = expected(app_env)
    at = page("overview")
    top = at.dataframe[1].value.iloc[0]
    names = {n["id"]: n["properties"]["name"] for n in to_json(app_env)["nodes"]}
    org = next(o for o in want["org"] if names[o] == top["name"])
    assert top["amount_eur"] == pytest.approx(want["org"][org], abs=0.01)
    profile = page("profile", {"org": org})
    assert metric(profile, "Received (EUR)") == eur(want["org"][org])
    run = subprocess.run(
        [sys.executable, "-m", "graph", "flows", "--by", "organisation", "--json"],
        capture_output=True,
        text=True,
        env=graph_env,
        cwd=PROJECT_ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    cli = defaultdict(float)
    for row in json.loads(run.stdout):
        cli[row["organisation"]] += row["amount_eur"]
    assert cli[org] == pytest.approx(want["org"][org], abs=0.05)
    assert sum(cli.values()) == pytest.approx(want["total"], abs=1.0)


@pytest.mark.parametrize(
    ("param", "value", "key"), [("country", "CZ", "country"), ("city", "Sofia", "city")]
)
def test_organisation_filters_reach_the_sankey(app_env: Store, param, value, key) -> None:
    want = expected(app_env)[key][value]
    assert want > 0
    for name in ("flows", "map"):
        at = page(name, {param: value})
        assert metric(at, "Money in this view (EUR)") == eur(want), name
    flows = page("flows", {param: value})
    table = flows.dataframe[0].value
    assert table["amount_eur"].sum() == pytest.approx(want, abs=0.05)
    drawn = [n for n in sankey_organisations(flows) if not n.endswith("other organisations)")]
    assert drawn and set(drawn) <= set(table["target"])


def test_a_period_says_how_many_undated_projects_it_hides(app_env: Store) -> None:
    projects = [n["properties"] for n in to_json(app_env)["nodes"] if "Project" in n["labels"]]
    real = [p for p in projects if p.get("status") not in ("proposed", "rejected")]
    undated = [p for p in real if not (p.get("start") or p.get("end") or p.get("report_year"))]
    assert len(undated) >= 300  # the Horizon projects of the CORDIS sample carry no dates
    years = sorted(
        int(str(p.get("start") or p.get("end") or p["report_year"])[:4])
        for p in projects
        if p not in undated
        and p.get("status") not in ("rejected",)
        and (p.get("start") or p.get("end") or p.get("report_year"))
    )
    at = page("flows", {"from": str(years[0] + 1)})
    keep = at.sidebar.checkbox(key="f_undated")
    assert keep.label == f"Keep the {len(undated):,} undated projects"
    hidden = metric(at, "Money in this view (EUR)")
    keep.check().run()
    assert at.query_params["undated"] == "1"
    shown = metric(at, "Money in this view (EUR)")
    assert hidden != shown
    at.sidebar.slider(key="f_period").set_value((years[0], years[-1])).run()
    assert metric(at, "Money in this view (EUR)") == eur(expected(app_env)["total"])
