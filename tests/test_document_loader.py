"""The document loader on short documents written for it, one per language and edge case."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from graph.model import City, Organisation, Project, Relationship, RelType, names
from loaders import document, registry
from loaders.document.dates import amounts, dates, parse_number
from loaders.document.units import units
from loaders.shared.encoding import decode

DOCS = Path(__file__).resolve().parent / "fixtures" / "documents"


def keys(name: str, kinds: set[str]) -> set[tuple]:
    return {f.key for f in document.extract(DOCS / name).facts if f.f in kinds}


RELATIONS = {"participates", "funded_by", "place", "based_in", "amount", "start", "end", "status"}


def test_bulgarian_report_roles_money_period_and_proposal() -> None:
    project, proposal = "proj:chista-reka-za-vsichki", "proj:zeleni-uchilishta"
    lead = "org:sdruzhenie-zeleni-mostove"
    assert keys("bg_report.md", RELATIONS) == {
        ("participates", lead, project, "lead", None),
        ("participates", "org:obshtina-plovdiv", project, "partner", None),
        ("participates", "org:fondatsiya-otvoreni-danni", project, "partner", None),
        ("amount", project, None, "25000.50 BGN", None),
        ("start", project, None, "2021-03-01", None),
        ("end", project, None, "2022-02-28", None),
        ("status", project, None, "completed", None),
        ("place", project, "city:plovdiv", None, None),
        ("based_in", "org:obshtina-plovdiv", "city:plovdiv", None, None),
        ("status", proposal, None, "proposed", None),
        ("funded_by", proposal, "acf_bg", None, None),
        ("participates", lead, proposal, "lead", None),
    }


def test_declined_forms_are_one_organisation() -> None:
    mentions = [
        f
        for f in document.extract(DOCS / "bg_report.md").facts
        if f.f == "mention" and f.line == 13
    ]
    assert {(f.s, f.v) for f in mentions} == {
        ("org:tsentarat-za-razvitie-na-obshtnosti", "Центърът за развитие на общности"),
        ("org:tsentarat-za-razvitie-na-obshtnosti", "Центъра за развитие на общности"),
    }


def test_czech_partner_lists_countries_and_places() -> None:
    project = "proj:bridge-building-bridges-between-cities"
    assert keys("cs_project.txt", RELATIONS | {"attr"}) == {
        ("attr", project, None, "BRIDGE", "acronym"),
        ("participates", "org:nadace-nove-mesto", project, "lead", None),
        ("participates", "org:civic-lab-foundation", project, "partner", None),
        ("participates", "org:udruga-most", project, "partner", None),
        ("based_in", "org:nadace-nove-mesto", "city:brno", None, None),
        ("attr", "org:nadace-nove-mesto", None, "CZ", "country"),
        ("attr", "org:nadace-nove-mesto", None, "foundation", "kind"),
        ("attr", "org:civic-lab-foundation", None, "BG", "country"),
        ("attr", "org:civic-lab-foundation", None, "foundation", "kind"),
        ("attr", "org:udruga-most", None, "HR", "country"),
        ("attr", "org:udruga-most", None, "ngo", "kind"),
        ("amount", project, None, "1250000.00 CZK", None),
        ("start", project, None, "2020-02-01", None),
        ("end", project, None, "2021-01-31", None),
        ("place", project, "city:brno", None, None),
        ("place", project, "osijek", None, None),
    }


def test_english_page_mixed_scripts_name_one_city() -> None:
    project = "proj:open-data-bridges"
    assert keys("en_page.md", RELATIONS) == {
        ("participates", "org:civic-lab-foundation", project, "lead", None),
        ("participates", "org:open-society-institute", project, "partner", None),
        ("status", project, None, "completed", None),
        ("amount", project, None, "12500.00 EUR", None),
        ("start", project, None, "2019-03-01", None),
        ("end", project, None, "2020-02-29", None),
        ("place", project, "sofia", None, None),
        ("funded_by", project, "eu", None, None),
    }


@pytest.mark.parametrize(("name", "encoding"), [("cp1251.txt", "cp1251"), ("utf16.txt", "utf-16")])
def test_legacy_encodings_read_like_utf8(name: str, encoding: str) -> None:
    got = document.extract(DOCS / name)
    assert got.encodings == {name: encoding}
    assert {f.key for f in got.facts if f.f in RELATIONS} == {
        ("funded_by", "proj:dostap-do-pravosadie", "ngo_bg", None, None),
        ("participates", "osc_ruse", "proj:dostap-do-pravosadie", "lead", None),
        ("participates", "ruse_ra", "proj:dostap-do-pravosadie", "partner", None),
        ("amount", "proj:dostap-do-pravosadie", None, "9999.99 EUR", None),
        ("status", "proj:dostap-do-pravosadie", None, "completed", None),
        ("based_in", "osc_ruse", "ruse", None, None),
        ("based_in", "ruse_ra", "ruse", None, None),
    }


def test_load_gives_records_with_line_sources_and_quotes() -> None:
    result = document.load(DOCS / "cp1251.txt")
    by_id = {r.id: r for r in result.records if not isinstance(r, Relationship)}
    project = by_id["proj:dostap-do-pravosadie"]
    assert isinstance(project, Project)
    money = (Decimal("9999.99"), "EUR", Decimal("9999.99"))
    assert (project.amount, project.currency, project.amount_eur) == money
    assert project.sources == ["cp1251.txt#L1", "cp1251.txt#L2"]
    assert project.quotes[0] == (
        "cp1251.txt#L1: "
        "Проектът „Достъп до правосъдие“ се финансира по Програмата за подкрепа на НПО в България."
    )
    club = by_id["org:klub-otvoreno-obshtestvo-ruse"]
    assert isinstance(club, Organisation)
    assert (club.name_en, club.kind, club.country) == ("Open Society Club – Ruse", "ngo", "BG")
    assert "cp1251.txt#L2" in club.sources
    ruse = by_id["city:ruse"]
    assert isinstance(ruse, City) and (ruse.lat, ruse.lon) == (43.8356, 25.9657)
    lead = next(r for r in result.records if isinstance(r, Relationship) and r.role == "lead")
    assert (lead.type, lead.start, lead.sources) == (
        RelType.PARTICIPATES_IN,
        "org:klub-otvoreno-obshtestvo-ruse",
        ["cp1251.txt#L2"],
    )
    assert result.counts == {"rules": 14}


def test_registry_routes_text_files_to_the_document_loader() -> None:
    assert registry.detect(DOCS / "en_page.md") == "document"
    assert registry.load(DOCS / "en_page.md").source == "en_page.md"


@pytest.mark.parametrize("name", ["no_facts.txt", "empty.txt"])
def test_document_without_facts_is_a_warning(name: str) -> None:
    result = document.load(DOCS / name)
    assert result.records == []
    assert [(i.code, i.severity) for i in result.issues] == [("no-facts", "warning")]


def test_binary_file_is_refused_with_a_clear_error() -> None:
    result = document.load(DOCS / "binary.txt")
    assert result.records == []
    assert [str(i) for i in result.issues] == [
        "binary.txt: not a text document (binary content) [not-text]"
    ]


def test_impossible_date_is_reported_with_its_line() -> None:
    issues = document.extract(DOCS / "bad_date.txt").issues
    assert [(i.code, i.row, i.message) for i in issues] == [
        ("bad-date", 1, "impossible date '31.02.2020'")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17 740,80 евро", (17740.8, "EUR")),
        ("485 809,05 EUR", (485809.05, "EUR")),
        ("119 228,65 лв. с ДДС", (119228.65, "BGN")),
        ("EUR 1,250,000.50", (1250000.5, "EUR")),
        ("1.250.000 Kč", (1250000.0, "CZK")),
        ("300 лева", (300.0, "BGN")),
    ],
)
def test_amounts_with_spaces_commas_and_dots(text: str, expected: tuple) -> None:
    [found] = amounts(text)
    assert (found.attrs["amount"], found.attrs["currency"]) == expected
    assert parse_number("119 228,65") == 119228.65


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("od: 1.1. 2018 do: 31.12. 2019", ("period", {"start": "2018-01-01", "end": "2019-12-31"})),
        ("(10.2017 г.- 10.2020г.)", ("period", {"start": "2017-10", "end": "2020-10"})),
        ("Понеделник, 29 Октомври 2018", ("date", {"date": "2018-10-29"})),
        ("Дата: 17.09.2020 / 16:35", ("date", {"date": "2020-09-17"})),
        ("from 2019-03-01 to 2020-02-29", ("period", {"start": "2019-03-01", "end": "2020-02-29"})),
    ],
)
def test_dates_and_periods(text: str, expected: tuple) -> None:
    [found] = dates(text)
    assert (found.type, found.attrs) == expected


def test_wrapped_lines_are_joined_and_keep_their_numbers() -> None:
    text = (
        "This project is funded by\nthe European Union's\nAsylum, Migration and\nIntegration Fund\n"
    )
    [unit] = units(text)
    assert unit.text == (
        "This project is funded by the European Union's Asylum, Migration and Integration Fund"
    )
    assert unit.line_at(unit.text.index("Integration")) == 4


def test_decode_detects_boms_and_code_pages() -> None:
    assert decode("Русе".encode("utf-16"))[0] == "Русе"
    assert decode("Русе".encode("utf-8-sig")) == ("Русе", "utf-8-sig")
    assert decode("Plzeň a Brno".encode()) == ("Plzeň a Brno", "utf-8")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Клуб „Отворено общество“ – Русе", 'Клуб "Отворено общество" - Русе'),
        ("Центърът за модернизирание на политики", "Център за модернизиране на политики"),
    ],
)
def test_name_keys_fold_quotes_dashes_and_declensions(a: str, b: str) -> None:
    assert names.stem_key(a) == names.stem_key(b)


def test_abbreviations_and_fuzzy_near_misses() -> None:
    assert names.is_abbreviation_of("ЦИИ", "Център за Имиграция и Интеграция")
    assert not names.is_abbreviation_of("ЦМП", "Център за Имиграция и Интеграция")
    best, misses = names.fuzzy_matches(
        "Research Centre on Security and Crimes",
        {"Research Center on Security and Crime": "rissc", "RiskMonitor Foundation": "rm"},
    )
    assert (best.ref if best else None, [m.ref for m in misses]) == ("rissc", [])
    best, misses = names.fuzzy_matches(
        "Sofia Development Agency", {"Sofia Development Association": "sda"}
    )
    assert (best, [(m.ref, round(m.score)) for m in misses]) == (None, [("sda", 75)])
