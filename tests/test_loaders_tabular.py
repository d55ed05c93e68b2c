"""The spreadsheet template, and bad input: a clear message, and the graph left as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.errors import LoadError
from graph.io import export, ingest
from graph.store import Store

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "data" / "templates"
HEADER = "organisation,country,project,role,funder,amount,currency,date\n"
GOOD = "Roma Access,BG,Open doors,lead,Civic Fund,1000,BGN,01.02.2020\n"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def loaded(store: Store) -> dict:
    """A graph holding the template, and its exact contents."""
    ingest.load_file(store, TEMPLATES / "partners-template.csv")
    return export.to_json(store)


@pytest.mark.parametrize("name", ["partners-template.csv", "partners-template.xlsx"])
def test_template_loads(store: Store, name: str) -> None:
    report = ingest.load_file(store, TEMPLATES / name)
    assert (report.format, report.issues) == ("tabular", [])
    counts = store.counts()
    assert counts["nodes"] == {
        "Organisation": 2,
        "Funder": 1,
        "Programme": 1,
        "Project": 1,
        "City": 2,
    }
    assert counts["relationships"]["PARTICIPATES_IN"] == 2
    (funded,) = [r for t, r in store.all_relationships() if t == "FUNDED_BY"]
    assert (funded["props"]["amount"], funded["props"]["amount_eur"]) == (10000.0, 5112.92)


def test_cp1251_csv_keeps_cyrillic(store: Store, tmp_path: Path) -> None:
    text = (
        "Организация;Държава;Град;Проект;Роля;Донор;Сума;Валута\n"
        "Сдружение „Отворени врати“;BG;Русе;Достъп до услуги;водеща;Фонд Активни граждани;"
        "12 500,50;BGN\n"
    )
    report = ingest.load_file(store, write(tmp_path, "partners.csv", text, "cp1251"))
    assert report.issues == []
    names = {p["name"] for _, p in store.all_nodes()}
    assert {"Сдружение „Отворени врати“", "Достъп до услуги"} <= names
    cities = [
        (p["id"], p["name"], p["name_local"]) for label, p in store.all_nodes() if label == "City"
    ]
    assert cities == [("city:ruse", "Ruse", "Русе")]  # the seed corpus's Ruse, not a second one
    (funded,) = [r for t, r in store.all_relationships() if t == "FUNDED_BY"]
    assert funded["props"]["amount"] == 12500.5


BAD_ROWS = {
    "non-numeric": (
        "Roma Access,BG,Open doors,lead,Civic Fund,lots,BGN,01.02.2020\n",
        "not-a-number",
        "'lots' is not a number",
    ),
    "negative": (
        "Roma Access,BG,Open doors,lead,Civic Fund,-5,BGN,01.02.2020\n",
        "negative-amount",
        "negative amount -5",
    ),
    "currency": (
        "Roma Access,BG,Open doors,lead,Civic Fund,10,XYZ,01.02.2020\n",
        "unknown-currency",
        "unknown currency code 'XYZ'",
    ),
    "date": (
        "Roma Access,BG,Open doors,lead,Civic Fund,10,BGN,31.02.2020\n",
        "invalid-date",
        "31.02.2020 is not a real date",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_bad_cell_strict_rejects_the_file(
    store: Store, loaded: dict, tmp_path: Path, case: str
) -> None:
    row, code, message = BAD_ROWS[case]
    path = write(tmp_path, "bad.csv", HEADER + GOOD.replace("Open doors", "Other") + row)
    with pytest.raises(LoadError, match=r"\(strict.*nothing loaded\)") as err:
        ingest.load_file(store, path, strict=True)
    (issue,) = err.value.issues
    assert (issue.code, issue.row, issue.file) == (code, 3, "bad.csv")
    assert message in str(issue)
    assert export.to_json(store) == loaded


@pytest.mark.parametrize("case", sorted(set(BAD_ROWS) - {"date"}))
def test_bad_cell_lenient_skips_the_row(store: Store, tmp_path: Path, case: str) -> None:
    row, code, _ = BAD_ROWS[case]
    path = write(tmp_path, "bad.csv", HEADER + GOOD + row.replace("Open doors", "Other"))
    report = ingest.load_file(store, path)
    assert [(i.code, i.row, i.severity) for i in report.issues] == [(code, 3, "error")]
    assert report.skipped_rows == 1
    titles = {p["name"] for lab, p in store.all_nodes() if lab == "Project"}
    assert titles == {"Open doors"}


def test_an_unreadable_optional_date_is_a_warning_and_the_row_stays(
    store: Store, tmp_path: Path
) -> None:
    row, code, _ = BAD_ROWS["date"]
    path = write(tmp_path, "bad.csv", HEADER + GOOD + row.replace("Open doors", "Other"))
    report = ingest.load_file(store, path)
    assert [(i.code, i.row, i.column, i.severity) for i in report.issues] == [
        (code, 3, "date", "warning")
    ]
    assert report.skipped_rows == 0
    titles = {p["name"] for lab, p in store.all_nodes() if lab == "Project"}
    assert titles == {"Open doors", "Other"}


@pytest.mark.parametrize(
    "text, message",
    [
        ("organisation,amount\nRoma Access,10\n", "missing required column: currency"),
        ("name,town\nRoma Access,Ruse\n", "missing required column: organisation or project"),
    ],
)
def test_missing_required_column(
    store: Store, loaded: dict, tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(LoadError, match=message):
        ingest.load_file(store, write(tmp_path, "partners.csv", text))
    assert export.to_json(store) == loaded


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".xml", ".json"])
def test_empty_file(store: Store, loaded: dict, tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path, f"empty{suffix}", "")
    with pytest.raises(LoadError, match=rf"empty{suffix}: the file is empty"):
        ingest.load_file(store, path)
    assert export.to_json(store) == loaded


@pytest.mark.timeout(60)
@pytest.mark.parametrize("suffix", [".csv", ".xml", ".xlsx", ".json"])
def test_50_mb_of_garbage(store: Store, loaded: dict, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"garbage{suffix}"
    path.write_bytes(os.urandom(50 * 1024 * 1024))
    refused = rf"garbage{suffix}: (binary|malformed|not|line \d+: a NUL)"
    with pytest.raises(LoadError, match=refused):
        ingest.load_file(store, path)
    assert export.to_json(store) == loaded


def test_bulgarian_workbook_headers(store: Store, tmp_path: Path) -> None:
    text = "организация,проект,роля,начало\nКлуб Приятели,Нов път,партньор,2021-03\n"
    ingest.load_file(store, write(tmp_path, "bg.csv", text))
    (project,) = [p for lab, p in store.all_nodes() if lab == "Project"]
    (part,) = [r for t, r in store.all_relationships() if t == "PARTICIPATES_IN"]
    assert (project["title"], project["start"], part["props"]["role"]) == (
        "Нов път",
        "2021-03",
        "partner",
    )
