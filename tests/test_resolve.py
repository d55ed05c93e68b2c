"""Entity resolution: pure matching on plain data, and two sources meeting in the real store."""

from __future__ import annotations

from pathlib import Path

from graph.io import ingest
from graph.io.resolve import Known, match, resolve_records
from graph.model import Label, Organisation, Relationship, RelType
from graph.store import Store
from tests.conftest import DATASETS, datasets_required

ORG = Label.ORGANISATION


def test_identifier_schemes_shared_by_iati_and_360giving() -> None:
    known = [Known("org:360-gb-chc-1", ORG, "Save the Children", "GB", ("360:GB-CHC-1",))]
    incoming = [Known("org:iati-gb-chc-1", ORG, "Save the Children UK", None, ("iati:GB-CHC-1",))]
    assert match(incoming, known).mapping == {"org:iati-gb-chc-1": "org:360-gb-chc-1"}


def test_same_name_in_another_country_stays_apart() -> None:
    known = [Known("org:a", ORG, "Caritas", "BG")]
    assert match([Known("org:b", ORG, "CARITAS", "CZ")], known).mapping == {}
    assert match([Known("org:c", ORG, "Caritas Ltd", "BG")], known).mapping == {"org:c": "org:a"}


def test_conflicting_identifiers_are_never_merged_nor_listed() -> None:
    """Two CORDIS ids are two bodies, whatever else they share: nothing for a person to check."""
    known = [Known("org:a", ORG, "Institute of Physics", "RS", ("cordis:1", "vat:RS9"))]
    incoming = [
        Known("org:b", ORG, "Institute of Physics", "RS", ("cordis:2", "vat:RS9")),
        Known("org:c", ORG, "Institute of Physic", "RS", ("cordis:3",)),
    ]
    found = match(incoming, known)
    assert (found.mapping, found.review) == ({}, [])


def test_fuzzy_merges_only_when_near_certain_and_lists_the_rest() -> None:
    known = [
        Known("org:a", ORG, "Centre for Research on Migration", "BG"),
        Known("org:n", ORG, "Youth Network Ruse 2", "BG"),
    ]
    incoming = [
        Known("org:b", ORG, "Centre for Research on Migrations", "BG"),
        Known("org:c", ORG, "Centre of Research on Migration", "BG"),
        Known("org:m", ORG, "Youth Network Ruse 3", "BG"),
    ]
    found = match(incoming, known)
    assert found.mapping == {"org:b": "org:a"}
    assert [(c.record_id, c.node_id) for c in found.review] == [("org:c", "org:a")]


def test_merged_relationships_fold_to_one() -> None:
    known = [Known("org:a", ORG, "Roma Access", "BG", ("eik:1",))]
    records = [
        Organisation(id="org:b", name="Roma Access Assoc", country="BG", identifiers=["eik:1"]),
        Relationship(
            type=RelType.PARTICIPATES_IN,
            start="org:b",
            end="proj:x",
            role="partner",
            amount=10.0,
            currency="EUR",
            amount_eur=10.0,
            sources=["f#1"],
        ),
        Relationship(
            type=RelType.PARTICIPATES_IN,
            start="org:a",
            end="proj:x",
            role="lead",
            amount=5.0,
            currency="EUR",
            amount_eur=5.0,
            sources=["f#2"],
        ),
    ]
    out = resolve_records(records, known).records
    org, rel = out
    # the record keeps its own name; which name the node shows is the store's merge rule
    assert (org.id, org.name) == ("org:a", "Roma Access Assoc")
    assert (rel.start, rel.role, rel.amount, rel.sources) == ("org:a", "lead", 15.0, ["f#1", "f#2"])


@datasets_required()
def test_two_sources_name_one_organisation(store: Store, tmp_path: Path) -> None:
    ingest.load_file(store, DATASETS / "360giving" / "abct-a001p00000zgyHZAAY.xlsx")
    sheet = tmp_path / "partners.csv"
    sheet.write_text(
        "organisation,country,identifier,project,role\n"
        "Southwark Law Centre,GB,,Legal aid network,partner\n"
        "Access to Justice Fdn,GB,360:GB-CHC-1126147,Legal aid network,lead\n",
        encoding="utf-8",
    )
    before = store.counts()["nodes"]["Organisation"]
    report = ingest.load_file(store, sheet)
    assert store.counts()["nodes"]["Organisation"] == before
    assert report.notes[0].startswith("matched to existing nodes: 1 by identifier, 1 by name")
    nodes = {p["id"]: p for lab, p in store.all_nodes() if lab == ORG}
    law = nodes["org:360-gb-chc-277927"]
    atj = nodes["org:360-gb-chc-1126147"]
    assert {s.split("#")[0] for s in law["sources"]} == {
        "abct-a001p00000zgyHZAAY.xlsx",
        "partners.csv",
    }
    assert "Access to Justice Fdn" in atj["aliases"]
    assert atj["name"] == "Access to Justice Foundation"
