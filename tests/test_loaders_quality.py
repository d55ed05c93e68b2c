"""Data a grant officer can rely on: identities, money, countries, findings and provenance
as the files state them, through the real loaders and the embedded server."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from graph.errors import LoadError
from graph.io import export, ingest
from graph.model import RelType
from graph.store import Store
from loaders import document, registry
from tests.conftest import DATASETS, FIXTURES, datasets_required
from tests.loader_checks import rels

HEADER = "organisation,country,project,role,status,start,end,funder,amount,currency,date\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def nodes(store: Store, label: str) -> dict[str, dict]:
    return {p["id"]: p for lab, p in store.all_nodes() if lab == label}


def graph_without_files(store: Store) -> dict:
    data = export.to_json(store)
    data["nodes"] = [n for n in data["nodes"] if "SourceFile" not in n["labels"]]
    return data


# Every data file in ../shared/datasets: the publishers' files and the grants lists (read by
# their presets).
SAMPLES = sorted(p.name for p in DATASETS.glob("*/*") if p.suffix != ".md")


@datasets_required()
@pytest.mark.parametrize("name", SAMPLES)
def test_every_relationship_says_where_it_comes_from(name: str) -> None:
    (path,) = DATASETS.glob(f"*/{name}")
    records = registry.load(path).records
    unsourced = sorted({r.type.value for r in records if hasattr(r, "type") and not r.sources})
    assert (len(records) > 0, unsourced) == (True, [])


# --- identity ----------------------------------------------------------------------------------

IATI = """<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity default-currency="EUR">
  <iati-identifier>XI-EC-1</iati-identifier><title><narrative>Roads</narrative></title>
  <reporting-org ref="XI-IATI-EC_NEAR"><narrative>European Commission</narrative></reporting-org>
  <participating-org role="1" ref="XI-IATI-EC_NEAR"><narrative>EC</narrative></participating-org>
  <participating-org role="4" ref="N/A"><narrative>UNDP</narrative></participating-org>
  <participating-org role="4" ref="N/A"><narrative>WHO</narrative></participating-org>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2020-01-02"/>
   <value currency="GBP" value-date="2020-01-02">1000</value></transaction>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2020-01-02"/>
   <value currency="USD" value-date="2020-01-02">1000</value></transaction>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2020-01-02"/>
   <value currency="MNT" value-date="2020-01-02">5000</value></transaction>
 </iati-activity>
 <iati-activity default-currency="EUR">
  <iati-identifier>XI-EC-2</iati-identifier><title><narrative>Water</narrative></title>
  <reporting-org ref="XI-IATI-EC_NEAR"><narrative>European Commission</narrative></reporting-org>
  <participating-org role="1" ref="XI-IATI-EC_NEAR"><narrative>EC</narrative></participating-org>
  <participating-org role="4" ref="N/A"><narrative>KfW</narrative></participating-org>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2020-01-02"/>
   <value value-date="2020-01-02">250.50</value></transaction>
 </iati-activity>
</iati-activities>
"""


def test_iati_na_refs_do_not_fuse_organisations(store: Store, tmp_path: Path) -> None:
    report = ingest.load_file(store, write(tmp_path, "ec.xml", IATI))
    orgs = {p["name"] for p in nodes(store, "Organisation").values()}
    assert orgs == {"UNDP", "WHO", "KfW"}
    assert "org:iati-n-a" not in nodes(store, "Organisation")
    assert [i.code for i in report.issues] == ["placeholder-identifier"]


def test_iati_edges_keep_every_currency_and_their_sources(store: Store, tmp_path: Path) -> None:
    ingest.load_file(store, write(tmp_path, "ec.xml", IATI))
    funded = {r["start"]: r["props"] for r in rels(store, RelType.FUNDED_BY)}
    first = funded["proj:iati-xi-ec-1"]
    # GBP 1000 / 0.84828 + USD 1000 / 1.1193 (ECB, 2 Jan 2020); MNT has no ECB rate
    assert first["amounts"] == ["1000.00 GBP", "5000.00 MNT", "1000.00 USD"]
    assert "amount_eur" not in first and first["flags"] == ["no-ecb-rate:MNT"]
    assert sorted(first["sources"]) == ["ec.xml#L11", "ec.xml#L13", "ec.xml#L3", "ec.xml#L9"]
    project = nodes(store, "Project")["proj:iati-xi-ec-1"]
    assert (project.get("amount"), project["amounts"]) == (None, first["amounts"])
    second = funded["proj:iati-xi-ec-2"]
    assert (second["amount"], second["currency"], second["amount_eur"]) == (250.5, "EUR", 250.5)
    part_of_or_funded = rels(store, RelType.FUNDED_BY) + rels(store, RelType.PART_OF)
    assert all(r["props"].get("sources") for r in part_of_or_funded)


GIVING = (
    "Identifier,Title,Amount Awarded,Currency,Award Date,Recipient Org:Identifier,"
    "Recipient Org:Name,Funding Org:Identifier,Funding Org:Name\n"
    "360G-F-1,Food bank,1000,GBP,2020-01-02,DUMMY01,Bread for All,GB-CHC-9,Fund\n"
    "360G-F-2,Choir,2000,GBP,2020-01-02,DUMMY01,Singing Together,GB-CHC-9,Fund\n"
    "360G-F-3,Library,3000,GBP,2020-01-02,DUMMY01,Books on Wheels,GB-CHC-9,Fund\n"
    "360G-F-4,Books,500,GBP,2020-01-02,GB-CHC-5,Reading Room,GB-CHC-9,Fund\n"
)


def test_360giving_dummy_ids_do_not_fuse_grantees(store: Store, tmp_path: Path) -> None:
    report = ingest.load_file(store, write(tmp_path, "grants.csv", GIVING))
    orgs = nodes(store, "Organisation")
    assert sorted(p["name"] for p in orgs.values()) == [
        "Books on Wheels",
        "Bread for All",
        "Reading Room",
        "Singing Together",
    ]
    assert all(not p.get("aliases") for p in orgs.values())
    assert [(i.code, i.severity) for i in report.issues] == [("placeholder-identifier", "warning")]
    funded = {r["start"]: r["props"]["amount_eur"] for r in rels(store, RelType.FUNDED_BY)}
    assert funded["proj:360-360g-f-1"] == 1178.86  # GBP 1000 / 0.84828 on the award date


def test_a_spreadsheet_id_for_unrelated_names_joins_nothing(store: Store, tmp_path: Path) -> None:
    first = HEADER.replace("organisation,", "organisation,identifier,")
    rows = "".join(f"{n},eik:111,BG,P,partner,,,,,,,\n" for n in ("Alpha", "Bravo", "Charlie"))
    report = ingest.load_file(store, write(tmp_path, "ids.csv", first + rows))
    orgs = nodes(store, "Organisation")
    assert sorted(p["name"] for p in orgs.values()) == ["Alpha", "Bravo", "Charlie"]
    assert [p.get("identifiers") for p in orgs.values()] == [None, None, None]
    assert [i.code for i in report.issues] == ["placeholder-identifier"]


def test_two_caritas_in_two_countries_are_two_organisations(store: Store, tmp_path: Path) -> None:
    text = HEADER + "Caritas,BG,Help,lead,,,,,,,\n" + "Caritas,CZ,Help,partner,,,,,,,\n"
    ingest.load_file(store, write(tmp_path, "one.csv", text))
    assert sorted(p["country"] for p in nodes(store, "Organisation").values()) == ["BG", "CZ"]


def test_caritas_across_files_keeps_both_countries(store: Store, tmp_path: Path) -> None:
    ingest.load_file(
        store, write(tmp_path, "bg.csv", HEADER + "Caritas,България,Help,lead,,,,,,,\n")
    )
    ingest.load_file(store, write(tmp_path, "cz.csv", HEADER + "Caritas,Česko,Aid,lead,,,,,,,\n"))
    orgs = nodes(store, "Organisation")
    assert {(p["name"], p["country"]) for p in orgs.values()} == {
        ("Caritas", "BG"),
        ("Caritas", "CZ"),
    }


def test_one_identifier_two_countries_goes_to_review(store: Store, tmp_path: Path) -> None:
    first = HEADER.replace("organisation,", "organisation,identifier,")
    a = write(tmp_path, "a.csv", first + "Caritas,eik:123,BG,Help,lead,,,,,,,\n")
    b = write(tmp_path, "b.csv", first + "Caritas Sofia,eik:123,CZ,Aid,lead,,,,,,,\n")
    ingest.load_file(store, a)
    report = ingest.load_file(store, b)
    assert [i.code for i in report.issues] == ["conflicting-value"]
    (org,) = nodes(store, "Organisation").values()
    # the fuller name is shown, the other kept as an alias (the same in either load order)
    assert (org["name"], org["aliases"], org["country"]) == ("Caritas Sofia", ["Caritas"], "BG")
    assert org["conflicts"] == ["country: 'BG' (a.csv#row-2) / 'CZ' (b.csv#row-2)"]


# --- numbers and money -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "amounts, expected",
    [
        (["1.234,56", "12.500"], [1234.56, 12500.0]),
        (["12 500,00", "300"], [12500.0, 300.0]),
        (["1,234.56", "12.500"], [1234.56, 12.5]),
    ],
)
def test_amount_columns_read_under_one_convention(
    store: Store, tmp_path: Path, amounts: list[str], expected: list[float]
) -> None:
    rows = "".join(
        f'Org{i},BG,Project {i},lead,,,,Fund,"{a}",EUR,2020-01-02\n' for i, a in enumerate(amounts)
    )
    ingest.load_file(store, write(tmp_path, "money.csv", HEADER + rows))
    by_project = {r["start"]: r["props"]["amount"] for r in rels(store, RelType.FUNDED_BY)}
    assert [by_project[f"proj:project-{i}"] for i in range(len(amounts))] == expected


def test_an_ambiguous_amount_is_a_finding(store: Store, tmp_path: Path) -> None:
    rows = "Org,BG,P1,lead,,,,Fund,12.500,EUR,\nOrg,BG,P2,lead,,,,Fund,300,EUR,\n"
    report = ingest.load_file(store, write(tmp_path, "money.csv", HEADER + rows))
    assert [(i.code, i.row, i.column) for i in report.issues] == [("ambiguous-number", 2, "amount")]
    assert set(nodes(store, "Project")) == {"proj:p2"}


def test_a_document_amount_read_before_the_dates_uses_them() -> None:
    """1 250 000 CZK at the ECB rate of the project's start (2020-02-01), not the latest."""
    result = document.load(FIXTURES / "documents" / "cs_project.txt")
    (project,) = [r for r in result.records if getattr(r, "amount", None) and hasattr(r, "title")]
    assert (project.start, project.amount_eur) == ("2020-02-01", Decimal("49605.14"))


def test_spreadsheet_projects_get_eur_at_the_row_date(store: Store, tmp_path: Path) -> None:
    rows = "Org,BG,P1,lead,,,,Fund,1000,USD,2020-01-02\nOrg,BG,P2,lead,,,,Fund,100,MNT,2020-01-02\n"
    ingest.load_file(store, write(tmp_path, "money.csv", HEADER + rows))
    projects = nodes(store, "Project")
    assert (projects["proj:p1"]["amount"], projects["proj:p1"]["amount_eur"]) == (1000.0, 893.42)
    assert "amount_eur" not in projects["proj:p2"]
    assert projects["proj:p2"]["flags"] == ["no-ecb-rate:MNT"]


# --- validation --------------------------------------------------------------------------------


def test_every_problem_of_a_row_is_listed_and_only_that_row_is_skipped(
    store: Store, tmp_path: Path
) -> None:
    rows = (
        "Good Org,BG,Good project,lead,completed,2020-01-01,2020-12-31,Fund,10,EUR,2020-01-01\n"
        "Bad Org,XX,Bad project,boss,done,2021-05-01,2021-01-01,Fund,-500,ZZZ,2021-13-45\n"
        ",BG,Orphan row,lead,,,,,,,\n"
        "—,BG,Dash project,lead,,,,,,,\n"
    )
    report = ingest.load_file(store, write(tmp_path, "bad.csv", HEADER + rows))
    found = [(i.code, i.row, i.column) for i in report.issues]
    assert found == [
        ("unknown-country", 3, "country"),
        ("unknown-status", 3, "status"),
        ("unknown-role", 3, "role"),
        ("negative-amount", 3, "amount"),
        ("unknown-currency", 3, "currency"),
        ("invalid-date", 3, "date"),
        ("end-before-start", 3, "end"),
        ("missing-value", 4, "organisation"),
        ("unusable-name", 5, "organisation"),
    ]
    assert report.skipped_rows == 3
    assert set(nodes(store, "Project")) == {"proj:good-project"}
    with pytest.raises(LoadError, match="strict"):
        ingest.load_file(store, write(tmp_path, "bad2.csv", HEADER + rows), strict=True)


def test_open_data_rows_ending_before_they_start_are_kept_with_warnings(
    store: Store, tmp_path: Path
) -> None:
    project = write(
        tmp_path,
        "h2020-project.csv",
        "id;acronym;title;startDate;endDate;ecMaxContribution\n"
        "101;A;Alpha;2021-05-01;2021-01-31;10\n102;B;Beta;2021-01-01;2021-12-31;20\n",
    )
    grants = write(
        tmp_path,
        "g.csv",
        GIVING.replace(
            "Recipient Org:Name,",
            "Recipient Org:Name,Planned Dates:Start Date,Planned Dates:End Date,",
        )
        .replace("Bread for All,", "Bread for All,2020-06-01,2020-05-01,")
        .replace("Singing Together,", "Singing Together,,,")
        .replace("Books on Wheels,", "Books on Wheels,,,")
        .replace("Reading Room,", "Reading Room,,,"),
    )
    found = [
        (i.code, i.row, i.column, i.severity)
        for f in (project, grants)
        for i in ingest.load_file(store, f).issues
        if i.code != "placeholder-identifier"
    ]
    assert found == [
        ("end-before-start", 2, "endDate", "warning"),
        ("end-before-start", 2, "Planned Dates:End Date", "warning"),
    ]
    projects = nodes(store, "Project")
    assert (projects["proj:cordis-101"].get("end"), projects["proj:360-360g-f-1"].get("end")) == (
        None,
        None,
    )
    assert set(projects) == {
        "proj:cordis-101",
        "proj:360-360g-f-1",
        "proj:cordis-102",
        "proj:360-360g-f-2",
        "proj:360-360g-f-3",
        "proj:360-360g-f-4",
    }


# --- CORDIS ------------------------------------------------------------------------------------

CORDIS = (
    "projectID;projectAcronym;organisationID;name;role;city;country;ecContribution\n"
    "{pid};ACR;999;Aristotle University;coordinator;Athens;EL;1000.50\n"
    "{pid};ACR;998;Oxford Uni;participant;Oxford;UK;500\n"
)


def test_cordis_h2020_by_file_name_and_eu_country_codes(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "h2020-organization.csv", CORDIS.format(pid="101003999"))
    ingest.load_file(store, path)
    (funded,) = rels(store, RelType.FUNDED_BY)
    assert (funded["end"], funded["props"]["amount"]) == ("prog:eu-horizon-2020", 1500.5)
    countries = {p["name"]: p["country"] for p in nodes(store, "Organisation").values()}
    assert countries == {"Aristotle University": "GR", "Oxford Uni": "GB"}
    assert nodes(store, "City")["city:athens"]["country"] == "GR"
    assert all(r["props"].get("sources") for r in rels(store, RelType.PART_OF))


def test_cordis_fp7_by_project_ids(store: Store, tmp_path: Path) -> None:
    ingest.load_file(store, write(tmp_path, "organization.csv", CORDIS.format(pid="212345")))
    assert [r["end"] for r in rels(store, RelType.FUNDED_BY)] == ["prog:eu-fp7"]


def test_cordis_programme_untold_is_refused_or_given(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "organization.csv", CORDIS.format(pid="101003999"))
    with pytest.raises(LoadError, match="pass --programme"):
        ingest.load_file(store, path)
    assert not any(store.counts()["nodes"].values())
    ingest.load_file(store, path, programme="H2020")
    assert [r["end"] for r in rels(store, RelType.FUNDED_BY)] == ["prog:eu-horizon-2020"]


# --- order and reloads -------------------------------------------------------------------------


def test_load_order_and_reloads_do_not_change_the_graph(store: Store, tmp_path: Path) -> None:
    """Two files describing one organisation differently, and two open-data files: the same
    graph in either order. (Where resolution maps one file's organisation onto another's
    node by name or identifier, the node keeps the id of the file loaded first.)"""
    first = HEADER.replace("organisation,", "organisation,kind,")
    files = [
        write(tmp_path, "a.csv", first + "Caritas,ngo,BG,Help,lead,,,,Civic Fund,10,EUR,\n"),
        write(tmp_path, "b.csv", first + "Caritas,charity,BG,Aid,partner,,,,,,,\n"),
        write(tmp_path, "ec.xml", IATI),
        write(tmp_path, "grants.csv", GIVING),
    ]
    for path in files:
        ingest.load_file(store, path)
    forward = graph_without_files(store)
    (caritas,) = [n for n in forward["nodes"] if n["id"] == "org:caritas-bg"]
    assert caritas["properties"]["conflicts"] == [
        "kind: 'charity' (b.csv#row-2) / 'ngo' (a.csv#row-2)"
    ]
    for path in files:
        ingest.load_file(store, path)
    assert graph_without_files(store) == forward
    store.clear()
    for path in reversed(files):
        ingest.load_file(store, path)
    assert graph_without_files(store) == forward


def test_one_organisation_named_two_ways_gets_one_id_in_either_order(
    store: Store, tmp_path: Path
) -> None:
    """Two spreadsheets give one registered body two names (ids from name and country); the
    shared identifier joins them, and the node's id is the same whichever file comes first."""
    head = "organisation,country,identifier,project,role,status,start,end,funder,amount,currency\n"
    files = [
        write(tmp_path, "x.csv", head + "Caritas Bulgaria,BG,eik:121,Food,lead,,,,,,\n"),
        write(tmp_path, "y.csv", head + "Caritas BG,BG,eik:121,Shelter,lead,,,,,,\n"),
    ]
    for path in files:
        ingest.load_file(store, path)
    forward = graph_without_files(store)
    [org] = [n for n in forward["nodes"] if "Organisation" in n["labels"]]
    assert org["properties"]["id"] == "org:caritas-bg-bg"  # the smaller of the two ids
    projects = {r["end"] for r in forward["relationships"] if r["type"] == "PARTICIPATES_IN"}
    assert projects == {"proj:food", "proj:shelter"}
    store.clear()
    for path in reversed(files):
        ingest.load_file(store, path)
    assert graph_without_files(store) == forward
    for path in files:
        ingest.load_file(store, path)
    assert graph_without_files(store) == forward
