"""The ingest hands the document reader the organisations already in the graph (entity linking):
a spreadsheet loaded first teaches it a name no rule reads from its shape. The names and the
link expected are read off the two small files below by hand."""

from __future__ import annotations

from pathlib import Path

from graph.io import ingest
from graph.model import Label, Organisation, RelType
from graph.store import Store
from tests.loader_checks import rels

GRANTS = (
    "organisation,country,city,project,status,start,end,role,funder,amount,currency\n"
    "Rodinná poradna Lipka Hradec,CZ,Hradec Králové,Lipka camp,completed,2022-01-01,"
    "2022-12-31,lead,Nadace Modrý most,5000,CZK\n"
)
TEXT = "Projekt „Zelená zahrada“\n\nLetní dílny pro děti připravila Rodinná poradna Lipka Hradec.\n"


def _participations(store: Store) -> set[tuple[str, str, str]]:
    return {
        (r["start"], r["end"], r["props"].get("role")) for r in rels(store, RelType.PARTICIPATES_IN)
    }


def test_a_document_links_to_an_organisation_the_graph_holds(store: Store, tmp_path: Path) -> None:
    """One organisation node, from the spreadsheet and the page, leads both projects."""
    store.clear()
    (tmp_path / "grants.csv").write_text(GRANTS, encoding="utf-8")
    (tmp_path / "page.txt").write_text(TEXT, encoding="utf-8")
    ingest.load_file(store, tmp_path / "grants.csv")
    assert ingest.organisation_names(store) == ["Rodinná poradna Lipka Hradec"]
    ingest.load_file(store, tmp_path / "page.txt")
    orgs = [props for label, props in store.all_nodes() if label == Label.ORGANISATION]
    assert [(o["name"], o["sources"]) for o in orgs] == [
        ("Rodinná poradna Lipka Hradec", ["grants.csv#row-2", "page.txt#L3"])
    ]
    assert _participations(store) == {
        (orgs[0]["id"], "proj:lipka-camp", "lead"),
        (orgs[0]["id"], "proj:zelena-zahrada", "lead"),
    }


def test_without_the_spreadsheet_the_page_names_no_one(store: Store, tmp_path: Path) -> None:
    store.clear()
    (tmp_path / "page.txt").write_text(TEXT, encoding="utf-8")
    ingest.load_file(store, tmp_path / "page.txt")
    assert _participations(store) == set()


def test_the_data_page_reads_an_upload_as_the_cli_does(store: Store, tmp_path: Path) -> None:
    """The upload's check (what the Data page previews and loads) reads a document with the
    graph's names: the page's one organisation is found only after the spreadsheet."""
    from app import upload

    store.clear()
    (tmp_path / "grants.csv").write_text(GRANTS, encoding="utf-8")
    page = TEXT.encode()
    assert _organisations(upload.check(page, "page.txt", store=store)) == []
    ingest.load_file(store, tmp_path / "grants.csv")
    assert _organisations(upload.check(page, "page.txt", store=store)) == [
        "Rodinná poradna Lipka Hradec"
    ]


def _organisations(checked: object) -> list[str]:
    return [r.name for r in checked.result.records if isinstance(r, Organisation)]
