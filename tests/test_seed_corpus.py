"""The seed corpus as a graph: what the five documents say, checked in the real store.

The expectations below were written by reading the documents, not by running the loader.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.io import ingest
from graph.model import Label, RelType
from graph.store import Store
from loaders import bundled, document
from loaders.shared import curation
from tests.conftest import SEEDS, seeds_required

ROOT = Path(__file__).resolve().parent.parent
CUR = curation.load()


def ids(*handles: str) -> tuple[str, ...]:
    return tuple(CUR.entities[h].id for h in handles)


PARTICIPATIONS = {
    ("cii", "civic_it", "lead"),
    ("cmp", "civic_it", "partner"),
    ("daeu", "daeu_consultation", "lead"),
    ("cii", "daeu_consultation", "associate"),
    ("cmp", "daeu_consultation", "associate"),
    ("cii", "artunities", "lead"),
    ("ldn", "artunities", "partner"),
    ("cii", "contemporary_art", "lead"),
    ("cii", "civic_it_reload", "lead"),
    ("cmp", "judicial_model", "lead"),
    ("cii", "judicial_model", "partner"),
    ("cii", "eservices", "lead"),
    ("cmp", "eservices", "partner"),
    ("cmp", "good_legislation", "lead"),
    ("cii", "good_legislation", "partner"),
    ("art", "digital_volunteers", "lead"),
    ("cii", "digital_volunteers", "partner"),
    ("prizma", "civic_profiles", "lead"),
    ("cii", "civic_profiles", "partner"),
    ("cmp", "civic_profiles", "partner"),
    ("osc_ruse", "ruse_civic", "lead"),
    ("ruse_ra", "ruse_civic", "partner"),
    ("nccei", "ruse_civic", "associate"),
    ("sda", "integra", "lead"),
    ("icp", "integra", "partner"),
    ("riskmonitor", "integra", "partner"),
    ("rissc", "integra", "partner"),
    ("cpnhr", "integra", "partner"),
    ("etp", "integra", "partner"),
    ("burgas_mun", "snapshots", "partner"),
}
FUNDING = {
    ("civic_it", "opgg"),
    ("artunities", "alf_idi_2020"),
    ("contemporary_art", "alf_irp_2020"),
    ("civic_it_reload", "acf_bg"),
    ("judicial_model", "opgg_judicial"),
    ("eservices", "opgg_civic"),
    ("good_legislation", "opgg_monitoring"),
    ("digital_volunteers", "opgg_civic"),
    ("civic_profiles", "opgg"),
    ("ruse_civic", "ngo_bg"),
    ("integra", "amif"),
    ("snapshots", "dear"),
}
STATUS = {
    "civic_it": "completed",
    "artunities": "proposed",
    "contemporary_art": "proposed",
    "civic_it_reload": "proposed",
    "judicial_model": "proposed",
    "eservices": "completed",
    "good_legislation": "completed",
    "digital_volunteers": "completed",
    "civic_profiles": "completed",
    "ruse_civic": "ongoing",
    "integra": "completed",
    "snapshots": "ongoing",
}
RUSE_REGION = {
    "ruse",
    "borovo",
    "byala",
    "vetovo",
    "dve_mogili",
    "ivanovo",
    "slivo_pole",
    "tsenovo",
}
PLACES = (
    {("ruse_civic", c) for c in RUSE_REGION}
    | {("integra", c) for c in ("prague", "sofia", "rubano", "osijek", "kosice")}
    | {("snapshots", "burgas"), ("digital_volunteers", "radomir")}
)


def _graph(store: Store) -> tuple[dict[str, dict], dict[RelType, set[tuple]]]:
    nodes = {props["id"]: {"label": label, **props} for label, props in store.all_nodes()}
    rels: dict[RelType, set[tuple]] = {}
    for rel, row in store.all_relationships():
        rels.setdefault(rel, set()).add((row["start"], row["end"], row["props"].get("role")))
    return nodes, rels


@pytest.fixture
def loaded(store: Store) -> Store:
    ingest.load_bundled(store)
    return store


def test_bundled_corpus_counts(loaded: Store) -> None:
    assert loaded.counts() == {
        "nodes": {"Organisation": 19, "Funder": 4, "Programme": 11, "Project": 13, "City": 15},
        "relationships": {
            "PARTICIPATES_IN": 30,
            "FUNDED_BY": 12,
            "PART_OF": 11,
            "BASED_IN": 11,
            "TAKES_PLACE_IN": 15,
            "MEMBER_OF": 2,
        },
    }


def test_roles_funding_and_places(loaded: Store) -> None:
    _, rels = _graph(loaded)
    assert rels[RelType.PARTICIPATES_IN] == {(*ids(o, p), r) for o, p, r in PARTICIPATIONS}
    assert rels[RelType.FUNDED_BY] == {(*ids(p, f), None) for p, f in FUNDING}
    assert rels[RelType.TAKES_PLACE_IN] == {(*ids(p, c), None) for p, c in PLACES}
    assert rels[RelType.MEMBER_OF] == {
        (*ids("cii", "aln"), None),
        (*ids("burgas_mun", "btin"), None),
    }
    assert (*ids("opgg_judicial", "opgg_judicial_axis"), None) in rels[RelType.PART_OF]
    assert (*ids("amif", "eu"), None) in rels[RelType.PART_OF]


def test_two_eea_mechanisms_keep_their_periods(loaded: Store) -> None:
    """The NGO Programme 2009-2014 (002 L3) and the Active Citizens Fund 2014-2021 (000 L33)
    run under two mechanisms, each with its own period."""
    nodes, rels = _graph(loaded)
    assert (*ids("ngo_bg", "eea_2009"), None) in rels[RelType.PART_OF]
    assert (*ids("acf_bg", "eea"), None) in rels[RelType.PART_OF]
    assert (*ids("ngo_bg", "eea"), None) not in rels[RelType.PART_OF]
    periods = {h: nodes[CUR.entities[h].id].get("period") for h in ("eea", "eea_2009", "ngo_bg")}
    assert periods == {"eea": "2014–2021", "eea_2009": "2009–2014", "ngo_bg": "2009–2014"}


def test_statuses_amounts_and_dates(loaded: Store) -> None:
    nodes, _ = _graph(loaded)
    assert {h: nodes[CUR.entities[h].id].get("status") for h in STATUS} == STATUS
    got = {
        h: tuple(
            nodes[CUR.entities[h].id].get(k)
            for k in ("amount", "currency", "amount_eur", "start", "end")
        )
        for h in ("ruse_civic", "integra", "snapshots")
    }
    assert got == {
        "ruse_civic": (17740.8, "EUR", 17740.8, None, None),
        "integra": (485809.05, "EUR", 485809.05, "2018-01-01", "2019-12-31"),
        "snapshots": (119228.65, "BGN", 60960.64, "2017-10", "2020-10"),
    }
    assert nodes[CUR.entities["ruse_civic"].id]["duration_months"] == "10"


def test_organisations_cities_and_sources(loaded: Store) -> None:
    nodes, _ = _graph(loaded)
    orgs = {n["id"]: n for n in nodes.values() if n["label"] == Label.ORGANISATION}
    assert {
        (n.get("name_en") or n["name"], n["kind"], n.get("country")) for n in orgs.values()
    } >= {
        ("Center for Immigration and Integration", "foundation", "BG"),
        ("Open Society Club – Ruse", "ngo", "BG"),
        ("Ruse Regional Administration", "regional_administration", "BG"),
        ("Integration Centre Prague", "ngo", "CZ"),
        ("Research Center on Security and Crime", "research", "IT"),
        ("LDN", "ngo", "LB"),
        ("Border Towns and Islands Network", "network", None),
    }
    kosice = nodes["city:kosice"]
    assert (kosice["name"], kosice["name_local"], kosice["country"]) == ("Košice", "Košice", "SK")
    assert nodes["city:ruse"]["name_local"] == "Русе"
    for node in nodes.values():
        if node["label"] in (Label.ORGANISATION, Label.PROJECT):
            documents = [s for s in node["sources"] if ".txt#L" in s]
            assert documents, node["id"]
    assert "001_400f337f0be2b94a.txt#L41" in orgs[CUR.entities["cmp"].id]["sources"]


def test_no_duplicate_entities(loaded: Store) -> None:
    from graph.model.names import stem_key

    nodes, _ = _graph(loaded)
    for label in Label:
        keys = [stem_key(n["name"]) for n in nodes.values() if n["label"] == label]
        assert len(keys) == len(set(keys)), label


def test_loading_twice_changes_nothing(loaded: Store) -> None:
    before = _graph(loaded)
    ingest.load_bundled(loaded)
    assert _graph(loaded) == before


def test_bundled_result_says_where_facts_came_from() -> None:
    result = bundled.load()
    assert set(result.counts) == {"rules", "curation"}
    assert result.notes == [
        f"{result.counts['rules']} facts from the rules, {result.counts['curation']} from curation"
    ]
    assert result.issues == []


@seeds_required()
def test_shipped_facts_are_what_the_documents_give() -> None:
    """The bundled graph is exactly the documents' graph (rules + curation), quotes aside."""
    paths = sorted(SEEDS.iterdir())
    live = document.extract_many(paths).facts
    shipped = bundled.corpus_facts()
    on_docs = [f for f in shipped if f.document]
    assert sorted(repr((f.key, f.at)) for f in live) == sorted(repr((f.key, f.at)) for f in on_docs)


@seeds_required()
def test_loading_a_seed_document_keeps_quotes(store: Store) -> None:
    ingest.load_file(store, SEEDS / "002_50dca765a14888fc.txt")
    nodes, _ = _graph(store)
    project = nodes[CUR.entities["ruse_civic"].id]
    assert project["amount"] == 17740.8
    assert any("17 740,80 евро" in q for q in project["quotes"])


@seeds_required()
def test_extract_command_lists_facts_with_quotes() -> None:
    for path in sorted(SEEDS.iterdir()):
        run = subprocess.run(
            [sys.executable, "-m", "graph", "extract", str(path), "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        rows = json.loads(run.stdout)
        rules = [r for r in rows if r["origin"] == "rules"]
        assert rules and all(r["quote"] and r["source"].startswith(path.name) for r in rules)
