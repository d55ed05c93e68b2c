"""Each shared real file re-written the ways publishers differ (date forms, control characters,
a BOM, cp1250/cp1251, ``;`` and tab separators, optional columns added or dropped, number
conventions, an HTML table named .xls) loses nothing: the same grants and the same money,
counted here from the original with pandas, json and lxml."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from graph.io import ingest
from graph.model import Issue, Project
from graph.store import Store
from loaders import registry
from tests.conftest import DATASETS, datasets_required
from tests.test_grants_lists import DOTACE, EXPECTED, KOHESIO, UMIS, cents, expected, summary

ABCT = DATASETS / "360giving" / "abct-a001p00000zgyHZAAY.xlsx"
COVID = DATASETS / "360giving" / "covid19-tracker-grants_data-2020-04-16.json"
CORDIS = DATASETS / "cordis" / "horizon-europe-organization-westernbalkans-300projects.csv"
IATI = DATASETS / "iati" / "ocha-ukraine-dportal-2022-04-28.xml"


def money(records: list) -> dict[str, Decimal]:
    return summary(records)[2]


def comma(value: object) -> str:
    """A number as Czech and Bulgarian spreadsheets write it: ``1 234 567,89``."""
    return f"{cents(value):,.2f}".replace(",", " ").replace(".", ",")


def control(text: object, char: str = "\x1b") -> object:
    """A control character in a text: an escape in a CSV file; U+0092 (a Windows quote saved
    as Latin-1) where XML cannot carry C0 characters."""
    return f"{text}{char}" if isinstance(text, str) and text.strip() else text


# --- 360Giving -----------------------------------------------------------------------------


def abct() -> pd.DataFrame:
    return pd.read_excel(ABCT, dtype=object)


def giving_expected() -> tuple[set[str], dict[str, Decimal]]:
    frame = abct()
    totals: dict[str, Decimal] = {}
    for amount, currency in zip(frame["Amount Awarded"], frame["Currency"], strict=True):
        totals[currency] = totals.get(currency, Decimal(0)) + cents(amount)
    return {f"360:{i}" for i in frame["Identifier"]}, totals


def _dates(frame: pd.DataFrame, form: Callable[[dt.date], object]) -> pd.DataFrame:
    frame = frame.copy()
    for col in [c for c in frame if "Date" in c]:
        frame[col] = [form(pd.Timestamp(v).date()) if pd.notna(v) else v for v in frame[col]]
    return frame


def _serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


GIVING_VARIANTS: dict[str, Callable[[Path], Path]] = {
    "csv-bom-day-first-with-time": lambda d: _csv(
        _dates(abct(), lambda x: x.strftime("%d/%m/%Y 00:00")).assign(
            **{"Application Date": "26/03/2001 00:00"}
        ),
        d / "g.csv",
        encoding="utf-8-sig",
    ),
    "semicolon-cp1250-dotted-dates-comma-amounts": lambda d: _csv(
        _dates(abct(), lambda x: f"{x.day}.{x.month}.{x.year}").assign(
            **{"Amount Awarded": [comma(v) for v in abct()["Amount Awarded"]]}
        ),
        d / "g.csv",
        encoding="cp1250",
        errors="replace",
        sep=";",
    ),
    "xlsx-excel-day-numbers-optional-columns-dropped": lambda d: _xlsx(
        _dates(abct(), _serial).drop(columns=["Description", "Beneficiary Location:Name"]),
        d / "g.xlsx",
    ),
    "xlsx-grants-after-a-cover-sheet": lambda d: _covered(abct(), d / "g.xlsx"),
    "iso-with-zone-and-control-characters": lambda d: _xlsx(
        _dates(abct(), lambda x: f"{x.isoformat()}T00:00:00+01:00").assign(
            Title=[control(t, "\x92") for t in abct()["Title"]],
            Description=[control(t, "\x92") for t in abct()["Description"]],
        ),
        d / "g.xlsx",
    ),
}


def _covered(frame: pd.DataFrame, path: Path) -> Path:
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"About": ["Open Programme grants", "CC BY 4.0"]}).to_excel(
            book, sheet_name="Read me", index=False
        )
        frame.to_excel(book, sheet_name="Grants", index=False)
    return path


def _csv(frame: pd.DataFrame, path: Path, **options: object) -> Path:
    frame.to_csv(path, index=False, **options)  # type: ignore[arg-type]
    return path


def _xlsx(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_excel(path, index=False)
    return path


@datasets_required()
@pytest.mark.parametrize("variant", sorted(GIVING_VARIANTS))
def test_a_360giving_spreadsheet_written_another_way_loses_no_grant(
    tmp_path: Path, variant: str
) -> None:
    result = registry.load(GIVING_VARIANTS[variant](tmp_path))
    grants = {i for r in result.records if isinstance(r, Project) for i in r.identifiers}
    assert (grants, money(result.records), result.errors) == (*giving_expected(), [])


@datasets_required()
def test_a_360giving_json_with_control_characters_and_zoned_times_loses_no_grant(
    tmp_path: Path,
) -> None:
    data = json.loads(COVID.read_text(encoding="utf-8"))
    totals: dict[str, Decimal] = {}
    for grant in data["grants"]:
        totals[grant["currency"]] = totals.get(grant["currency"], Decimal(0)) + cents(
            grant["amountAwarded"]
        )
        grant["title"] = control(grant["title"], "\x92")
        grant["awardDate"] = grant["awardDate"][:10] + "T09:30:00+01:00"
        grant.setdefault("dateModified", "not a date")
    path = tmp_path / "grants.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = registry.load(path)
    projects = [r for r in result.records if isinstance(r, Project)]
    assert ({i for p in projects for i in p.identifiers}, money(result.records)) == (
        {f"360:{g['id']}" for g in data["grants"]},
        totals,
    )
    assert {i.code for i in result.issues} == {"control-character"}
    assert all("\x92" not in p.title for p in projects)


# --- IATI and CORDIS -----------------------------------------------------------------------


@datasets_required()
def test_an_iati_file_with_a_control_character_loads_whole(tmp_path: Path) -> None:
    tree = etree.parse(str(IATI))
    narratives = tree.findall(".//description/narrative")
    for el in narratives:
        el.text = control(el.text or "x", "\x92")
    path = tmp_path / "iati.xml"
    tree.write(str(path), encoding="utf-8", xml_declaration=True)
    original, changed = registry.load(IATI), registry.load(path)
    ids = {el.text.strip() for el in tree.iter("iati-identifier")}
    assert {i for r in changed.records if isinstance(r, Project) for i in r.identifiers} >= {
        f"iati:{i}" for i in ids
    }
    assert (money(changed.records), changed.errors) == (money(original.records), [])
    warned = [i for i in changed.issues if i.code == "control-character"]
    assert (len(warned) > 0, {i.column for i in warned}) == (True, {"description"})
    assert all(isinstance(i, Issue) and i.row for i in warned)


@datasets_required()
def test_a_cordis_file_with_commas_a_bom_and_fewer_columns_loses_nothing(tmp_path: Path) -> None:
    frame = pd.read_csv(CORDIS, sep=";", dtype=str, keep_default_na=False)
    total = sum((cents(v.replace(",", ".")) for v in frame["ecContribution"] if v), Decimal(0))
    path = tmp_path / "horizon-organization.csv"
    frame.drop(columns=["geolocation", "organizationURL", "contactForm"]).to_csv(
        path, index=False, encoding="utf-8-sig"
    )
    result = registry.load(path)
    projects = [r for r in result.records if isinstance(r, Project)]
    assert (len(projects), result.errors) == (frame["projectID"].nunique(), [])
    assert sum((p.amount for p in projects if p.amount), Decimal(0)) == total


# --- grants lists --------------------------------------------------------------------------


def kohesio_slice(rows: int = 400, country: str | None = None) -> pd.DataFrame:
    frame = pd.read_csv(KOHESIO, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    if country:
        frame = frame[frame["Country"] == country]
    return frame.head(rows)


def _tsv(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, sep="\t", index=False, quoting=csv.QUOTE_NONE, escapechar=None)
    return path


LIST_VARIANTS: dict[str, Callable[[Path], tuple[Path, pd.DataFrame]]] = {
    "kohesio-semicolon-comma-decimals": lambda d: (
        _csv(
            kohesio_slice().assign(
                **{
                    "EU Contribution": [comma(v) for v in kohesio_slice()["EU Contribution"]],
                    "Total Budget": [comma(v) for v in kohesio_slice()["Total Budget"]],
                }
            ),
            d / "k.csv",
            sep=";",
        ),
        kohesio_slice(),
    ),
    "kohesio-bulgaria-cp1251-tabs": lambda d: (
        _encoded(kohesio_slice(country="Bulgaria"), d / "k.tsv", "cp1251"),
        kohesio_slice(country="Bulgaria"),
    ),
    "kohesio-czechia-cp1250-extra-column-control-characters": lambda d: (
        _csv(
            kohesio_slice(country="Czechia").assign(
                **{
                    "Beneficiary Name": [
                        control(n) if i % 50 == 0 else n
                        for i, n in enumerate(kohesio_slice(country="Czechia")["Beneficiary Name"])
                    ],
                    "Note": "x",
                }
            ),
            d / "k.csv",
            encoding="cp1250",
        ),
        kohesio_slice(country="Czechia"),
    ),
    "kohesio-xlsx-optional-columns-dropped": lambda d: (
        _xlsx(
            kohesio_slice().drop(columns=["Transliterated Name", "Number of Projects"]),
            d / "k.xlsx",
        ),
        kohesio_slice(),
    ),
    "umis-csv-bom-semicolons-comma-decimals": lambda d: (
        _csv(
            umis_slice().assign(Total=[comma(v) for v in umis_slice()["Total"]]),
            d / "u.csv",
            encoding="utf-8-sig",
            sep=";",
        ),
        umis_slice(),
    ),
    "umis-xlsx": lambda d: (
        _xlsx(pd.read_html(UMIS, keep_default_na=False)[0].head(400), d / "u.xlsx"),
        pd.read_html(UMIS, keep_default_na=False)[0].head(400),
    ),
    "dotaceeu-csv-cp1250-semicolons-comma-decimals": lambda d: (
        _csv(
            pd.read_excel(DOTACE, dtype=object).assign(
                **{
                    "Příspěvek EU": [
                        comma(v) if pd.notna(v) else ""
                        for v in pd.read_excel(DOTACE, dtype=object)["Příspěvek EU"]
                    ]
                }
            ),
            d / "d.csv",
            encoding="cp1250",
            sep=";",
        ),
        pd.read_excel(DOTACE, dtype=object),
    ),
    "dotaceeu-html-named-xls": lambda d: (
        _html(pd.read_excel(DOTACE, dtype=object), d / "d.xls"),
        pd.read_excel(DOTACE, dtype=object),
    ),
}
ORIGINAL = {"kohesio": KOHESIO, "umis": UMIS, "dotaceeu": DOTACE}


def umis_slice(rows: int = 400) -> pd.DataFrame:
    return pd.read_html(UMIS, keep_default_na=False)[0].head(rows)


def _encoded(frame: pd.DataFrame, path: Path, encoding: str) -> Path:
    lines = ["\t".join(frame.columns)] + ["\t".join(row) for row in frame.itertuples(index=False)]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _html(frame: pd.DataFrame, path: Path) -> Path:
    head = '<meta http-equiv=Content-Type content="text/html; charset=utf-8">'
    path.write_text(head + frame.to_html(index=False, na_rep=""), encoding="utf-8")
    return path


@datasets_required()
@pytest.mark.parametrize("variant", sorted(LIST_VARIANTS))
def test_a_grants_list_written_another_way_loses_no_grant(tmp_path: Path, variant: str) -> None:
    path, frame = LIST_VARIANTS[variant](tmp_path)
    original = ORIGINAL[variant.split("-")[0]]
    original_slice = tmp_path / original.name
    if original == KOHESIO:
        _tsv(frame, original_slice)
    elif original == UMIS:
        _html(frame, original_slice)
    else:
        original_slice = original
    result = registry.load(path)
    grants, names, amounts = summary(result.records)
    read = EXPECTED[original.name][3]
    assert (grants, names, amounts) == expected(original, read(original_slice))
    assert result.errors == []


@datasets_required()
def test_grants_are_counted_by_identifier_across_reloads_and_load_orders(
    store: Store, tmp_path: Path
) -> None:
    part = abct().head(120)
    xlsx = _xlsx(part, tmp_path / "abct.xlsx")
    day_first = _csv(_dates(part, lambda x: x.strftime("%d/%m/%Y 00:00")), tmp_path / "abct.csv")
    seen = []
    for order in ((xlsx, day_first, xlsx), (day_first, xlsx)):
        store.clear()
        for path in order:
            ingest.load_file(store, path)
        seen.append({p["id"]: p["amount"] for label, p in store.all_nodes() if label == "Project"})
    assert seen[0] == seen[1]
    total = sum((cents(v) for v in part["Amount Awarded"]), Decimal(0))
    assert (len(seen[0]), cents(sum(seen[0].values()))) == (part["Identifier"].nunique(), total)
