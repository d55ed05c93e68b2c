"""Money, places, names and review on the mixed graph: the seeds, the CORDIS sample and the IATI
Ukraine file, loaded once through the real loaders. Expected values are read from the CSV and
the XML here, with csv and lxml, not through the project's loaders."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
import streamlit as st
from lxml import etree
from streamlit.testing.v1 import AppTest

from graph.analytics import allocations, money
from graph.analytics.networks import NetworkFilter
from graph.analytics.portfolio import Portfolio, read_portfolio
from graph.io import ingest, review
from graph.store import Store
from tests.conftest import DATASETS, SEEDS, datasets_required, seeds_required

pytestmark = [datasets_required(), seeds_required()]

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
CORDIS = DATASETS / "cordis" / "horizon-europe-organization-westernbalkans-300projects.csv"
IATI = DATASETS / "iati" / "ocha-ukraine-dportal-2022-04-28.xml"
CII = "Център за Имиграция и Интеграция"
CORDIS_COUNTRIES = {"EL": "GR", "UK": "GB"}  # CORDIS's own codes for Greece and the UK


@pytest.fixture(scope="module")
def mixed(session_store: Store) -> Store:
    session_store.clear()
    ingest.load_bundled(session_store)
    ingest.load_file(session_store, CORDIS)
    ingest.load_file(session_store, IATI)
    return session_store


@pytest.fixture(scope="module")
def pf(mixed: Store) -> Portfolio:
    return read_portfolio(mixed)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with CORDIS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def _by_identifier(store: Store, label: str) -> dict[str, str]:
    """Identifier (``cordis:999579278``) -> node id, as stored."""
    query = f"MATCH (n:{label}) RETURN n.id AS id, n.identifiers AS ids"
    found, more = store.run_user_query(query, {}, limit=100_000)
    assert not more
    return {ident: row["id"] for row in found for ident in row["ids"] or []}


def test_each_cordis_organisation_gets_its_ec_contribution(
    mixed: Store, pf: Portfolio, rows: list[dict[str, str]]
) -> None:
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        expected[row["organisationID"]] += Decimal(row["ecContribution"] or "0")
    orgs = _by_identifier(mixed, "Organisation")
    projects = _by_identifier(mixed, "Project")
    cordis_projects = {projects[f"cordis:project:{row['projectID']}"] for row in rows}
    got: dict[str, float] = defaultdict(float)
    estimated = []
    for a in allocations.allocations(pf)[0]:
        if a.project in cordis_projects and a.organisation:
            got[a.organisation] += a.amount_eur
            estimated += [a] if a.estimated else []
    assert len(expected) == 3448
    differing = {
        oid: (float(eur), round(got[orgs[f"cordis:{oid}"]], 2))
        for oid, eur in expected.items()
        if abs(got[orgs[f"cordis:{oid}"]] - float(eur)) >= 0.01
    }
    assert differing == {}
    assert estimated == []  # CORDIS states every participant's contribution


def test_the_cli_gives_geant_its_cordis_money(
    mixed: Store, rows: list[dict[str, str]], graph_env: dict[str, str]
) -> None:
    geant = {row["organisationID"] for row in rows if row["name"] == "GEANT VERENIGING"}
    (oid,) = geant
    stated = sum(Decimal(r["ecContribution"] or "0") for r in rows if r["organisationID"] == oid)
    run = subprocess.run(
        [sys.executable, "-m", "graph", "flows", "--by", "organisation", "--json"],
        cwd=ROOT,
        env=graph_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    node = _by_identifier(mixed, "Organisation")[f"cordis:{oid}"]
    mine = [r for r in json.loads(run.stdout) if r["organisation"] == node]
    assert round(sum(r["amount_eur"] for r in mine), 2) == float(stated)
    assert sum(r["estimated_eur"] for r in mine) == 0


def test_no_organisation_is_based_in_a_city_of_another_country(
    mixed: Store, pf: Portfolio, rows: list[dict[str, str]]
) -> None:
    crossed, _ = mixed.run_user_query(
        "MATCH (o:Organisation)-[:BASED_IN]->(c:City) WHERE o.country <> c.country "
        "RETURN o.name AS org, o.country AS country, c.name AS city, c.country AS in",
        {},
    )
    assert crossed == []
    orgs = _by_identifier(mixed, "Organisation")
    for row in rows:
        if row["city"] and row["country"]:
            city = pf.city_of(orgs[f"cordis:{row['organisationID']}"])
            assert city is not None
            assert city.country == CORDIS_COUNTRIES.get(row["country"], row["country"]), row
    bergen = {(r["organisationID"], r["country"]) for r in rows if r["city"].strip() == "Bergen"}
    mapped = {
        (c["name"], c["country"]): c["organisations"]
        for c in money.city_map(pf, NetworkFilter()).cities
    }
    for country in {c for _, c in bergen}:
        assert mapped[("Bergen", country)] == sum(1 for _, c in bergen if c == country)


def test_a_city_is_one_node_however_an_iati_file_writes_it(mixed: Store) -> None:
    """ "Donetsk" and "Donetsk, Ukraine" are one city in Ukraine; so are Luhansk and Lugansk."""
    tree = etree.parse(str(IATI))
    named: dict[str, set[str]] = defaultdict(set)
    for act in tree.iter("iati-activity"):
        ident = act.findtext("iati-identifier").strip()
        for loc in act.iter("location"):
            written = (loc.findtext("name/narrative") or "").strip()
            if written.split(",")[0].split("/")[0].strip() in {"Donetsk", "Luhansk"}:
                named[written.split(",")[0].split("/")[0].strip()].add(ident)
    assert len(named["Donetsk"]) > 1 and len(named["Luhansk"]) > 1
    projects = _by_identifier(mixed, "Project")
    for city, idents in named.items():
        found, _ = mixed.run_user_query(
            "MATCH (p:Project)-[:TAKES_PLACE_IN]->(c:City) WHERE p.id IN $ids "
            "AND c.name STARTS WITH $city RETURN DISTINCT c.name AS name, c.country AS country",
            {"ids": [projects[f"iati:{i}"] for i in idents], "city": city[:3]},
        )
        assert found == [{"name": city, "country": "UA"}]


def test_review_lists_no_pair_of_two_cordis_ids_and_no_data_file_as_a_document(
    mixed: Store,
) -> None:
    decisions = review.Decisions()
    ids = {r["id"]: r.get("identifiers") or [] for r in mixed.resolution_candidates()}
    for pair in review.duplicates(mixed, decisions):
        schemes = [{i for i in ids[pair[k]] if i.startswith("cordis:")} for k in ("a", "b")]
        assert not (schemes[0] and schemes[1] and schemes[0] != schemes[1]), pair
    documents = {f["document"] for f in review.document_facts(mixed, decisions)}
    seed_files = {p.name for p in SEEDS.iterdir()}
    assert documents and documents <= seed_files, documents - seed_files


def test_shown_names_are_the_organisations_own(mixed: Store, rows: list[dict[str, str]]) -> None:
    (burgas,) = {r["organisationID"] for r in rows if r["name"] == "OBSHTINA BURGAS"}
    node = _by_identifier(mixed, "Organisation")[f"cordis:{burgas}"]
    found, _ = mixed.run_user_query(
        "MATCH (o:Organisation) WHERE o.id = $id OR $cii IN o.aliases OR o.name = $cii "
        "RETURN o.id AS id, o.name AS name, o.aliases AS aliases ORDER BY id",
        {"id": node, "cii": CII},
    )
    names = {row["id"]: (row["name"], row["aliases"] or []) for row in found}
    assert names[node][0] == "Община Бургас"
    assert "OBSHTINA BURGAS" in names[node][1]
    assert [name for name, _ in names.values() if name != "Община Бургас"] == [CII]


def test_the_profile_says_which_money_is_stated_and_counts_proposals(
    mixed: Store, rows: list[dict[str, str]], settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    if settings.embedded:
        monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    (burgas,) = {r["organisationID"] for r in rows if r["name"] == "OBSHTINA BURGAS"}
    stated: dict[str, float] = defaultdict(float)
    for r in rows:
        if r["organisationID"] == burgas:
            stated[r["projectAcronym"]] += float(r["ecContribution"] or 0)
    node = _by_identifier(mixed, "Organisation")[f"cordis:{burgas}"]
    counted, _ = mixed.run_user_query(
        "MATCH (:Organisation {id: $id})-[:PARTICIPATES_IN]->(p:Project) RETURN count(p) AS n, "
        "sum(CASE WHEN p.status IN ['proposed', 'rejected'] THEN 1 ELSE 0 END) AS proposals",
        {"id": node},
    )
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["org"] = node
    at.run()
    at.switch_page("app/pages/profile.py").run()
    assert not at.exception, [e.value for e in at.exception]
    st.cache_resource.clear()
    projects = at.dataframe[1].value
    shown = {
        row["project"]: (row["share_eur"], row["share"])
        for _, row in projects.iterrows()
        if row["project"] in stated
    }
    # the grid shows whole euros with thousands separators
    assert shown == {acronym: (f"{eur:,.0f}", "stated") for acronym, eur in stated.items()}
    n, proposals = counted[0]["n"], counted[0]["proposals"]
    metric = {m.label: m.value for m in at.metric}["Projects"]
    assert metric == (f"{n}, {proposals} of them proposals" if proposals else str(n))
