"""IATI activity XML: projects, money in EUR per the documented rule, and hostile or broken XML."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from currency_converter import CurrencyConverter

from graph.errors import LoadError
from graph.io import export, ingest
from graph.model import Label, RelType, make_id
from graph.store import Store
from tests.conftest import DATASETS, datasets_required
from tests.loader_checks import eur_by_start

FOLDER = DATASETS / "iati"
CLASSES = [{"2", "11"}, {"1"}, {"3", "4"}]
# the ECB reference rates, read straight from the package that ships them
ECB = CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def to_eur(amount: float, currency: str, day: str) -> float:
    """One transaction in EUR, rounded to cents as each booked transaction is."""
    return round(ECB.convert(amount, currency, "EUR", date=dt.date.fromisoformat(day[:10])), 2)


def expected_money(path: Path) -> dict[str, float]:
    """Per project id: EUR of the first transaction class present (commitments, incoming, spent)."""
    out = {}
    for act in ET.parse(path).getroot().iter("iati-activity"):
        txs = [t for t in act.iter("transaction") if t.find("value") is not None]
        present = {t.find("transaction-type").get("code") for t in txs}
        chosen = next((c for c in CLASSES if c & present), set())
        total = 0.0
        for t in txs:
            if t.find("transaction-type").get("code") in chosen:
                value = t.find("value")
                currency = value.get("currency") or act.get("default-currency")
                day = value.get("value-date") or t.find("transaction-date").get("iso-date")
                total += to_eur(float(value.text), currency, day)
        ident = act.findtext("iati-identifier").strip()
        if chosen:
            out[make_id(Label.PROJECT, "iati", ident)] = round(total, 2)
    return out


@datasets_required()
@pytest.mark.parametrize(
    "name, activities, negatives",
    [
        ("dfid-albania-oipa-export-v201.xml", 8, 0),
        ("maec-spain-indonesia-v201.xml", 83, 25),
        ("ocha-covid-dportal_0-100-activities.xml", 100, None),
        ("ocha-ukraine-dportal-2022-04-28.xml", 33, None),
    ],
)
def test_sample_matches_the_file(store: Store, name: str, activities: int, negatives) -> None:
    path = FOLDER / name
    report = ingest.load_file(store, path)
    assert report.format == "iati"
    assert store.counts()["nodes"]["Project"] == activities
    expected = expected_money(path)
    funded = eur_by_start(store, RelType.FUNDED_BY)
    assert {k: v for k, v in funded.items() if v} == pytest.approx(
        {k: v for k, v in expected.items() if v}, abs=0.05
    )
    projects = {
        p["id"]: p.get("amount_eur") for lab, p in store.all_nodes() if lab == Label.PROJECT
    }
    assert {k: projects[k] for k in expected} == pytest.approx(expected, abs=0.05)
    if negatives is not None:
        assert [i.code for i in report.issues].count("negative-transaction") == negatives


@datasets_required()
def test_roles_in_a_small_file(store: Store) -> None:
    ingest.load_file(store, FOLDER / "dfid-albania-oipa-export-v201.xml")
    counts = store.counts()
    # 8 Funding orgs (all "UNITED KINGDOM"), 8 Extending (DFID), 5 Implementing (SOURCES.md)
    assert counts["nodes"]["Funder"] == 1
    assert counts["nodes"]["Programme"] == 1
    assert counts["relationships"]["PARTICIPATES_IN"] == 5


@datasets_required()
def test_loading_twice_changes_nothing(store: Store) -> None:
    path = FOLDER / "ocha-ukraine-dportal-2022-04-28.xml"
    ingest.load_file(store, path)
    first = export.to_json(store)["relationships"]
    ingest.load_file(store, path)
    assert export.to_json(store)["relationships"] == first


HOSTILE = {
    "external-entity.xml": (
        '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        '<iati-activities version="2.03"><iati-activity><iati-identifier>&e;</iati-identifier>'
        "</iati-activity></iati-activities>"
    ),
    "dtd.xml": (
        '<?xml version="1.0"?>\n<!DOCTYPE iati-activities SYSTEM "http://example.org/x.dtd">\n'
        '<iati-activities version="2.03"/>'
    ),
    "billion-laughs.xml": (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<iati-activities version="2.03">&b;</iati-activities>'
    ),
    # found in review: hidden from a byte search by the encoding, or by a long comment first
    "utf16-entity.xml": (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE a [<!ENTITY e "x">]>\n'
        '<iati-activities version="2.03"><iati-activity><iati-identifier>&e;</iati-identifier>'
        "</iati-activity></iati-activities>"
    ),
    "late-doctype.xml": (
        "<!--" + "x" * 70000 + '-->\n<!DOCTYPE a [<!ENTITY e "x">]>\n'
        '<iati-activities version="2.03"><iati-activity><iati-identifier>&e;</iati-identifier>'
        "</iati-activity></iati-activities>"
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_dtd_and_entities_are_refused(store: Store, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(HOSTILE[name], encoding="utf-16" if name.startswith("utf16") else "utf-8")
    with pytest.raises(LoadError, match="declares a DTD or entities"):
        ingest.load_file(store, path)
    assert not any(store.counts()["nodes"].values())


@datasets_required()
def test_truncated_xml_is_refused_and_nothing_changes(store: Store, tmp_path: Path) -> None:
    ingest.load_file(store, FOLDER / "dfid-albania-oipa-export-v201.xml")
    before = export.to_json(store)
    data = (FOLDER / "maec-spain-indonesia-v201.xml").read_bytes()
    path = tmp_path / "truncated.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(LoadError, match=r"truncated.xml: malformed XML"):
        ingest.load_file(store, path)
    assert export.to_json(store) == before


@datasets_required()
def test_warnings_name_the_xml_line(store: Store) -> None:
    path = FOLDER / "maec-spain-indonesia-v201.xml"
    report = ingest.load_file(store, path)
    # the line of each <transaction> holding a negative value, read straight from the text
    # (of the types the loader reads: commitments, incoming funds, spending)
    negative, opened, kind = set(), 0, ""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        opened = n if "<transaction>" in line else 0 if "</transaction>" in line else opened
        kind = line.split('code="')[1].split('"')[0] if "<transaction-type" in line else kind
        if opened and "<value" in line and ">-" in line and kind in set.union(*CLASSES):
            negative.add(opened)
    said = [str(i) for i in report.issues if i.code == "negative-transaction"]
    assert said and all(f"{path.name}, line " in s and ", row " not in s for s in said)
    assert {int(s.split(", line ")[1].split(",")[0]) for s in said} == negative
