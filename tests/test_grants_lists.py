"""Real lists of grants load whole: each shared list by its preset, with counts and money
computed here from the file with pandas, twice without change; a list never seen loads with
--column and --set."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from graph.io import ingest
from graph.model import Organisation, Project
from graph.store import Store
from loaders import registry
from tests.conftest import DATASETS, datasets_required
from tests.test_cli import cli
from tests.test_loaders_quality import graph_without_files

LISTS = DATASETS / "grants-lists"
KOHESIO = LISTS / "kohesio-beneficiaries-bg-cz-sk-ro.tsv"
DOTACE = LISTS / "dotaceeu-cz-2014-2020-recipients-2016.xlsx"
UMIS = LISTS / "umis-bg-beneficiaries-2016-06-15.xls"


def cents(value: object) -> Decimal:
    return Decimal(str(value).replace(" ", "").replace("\xa0", "")).quantize(Decimal("0.01"))


def kohesio_frame(path: Path = KOHESIO, **read: object) -> pd.DataFrame:
    options = {"sep": "\t", "quoting": csv.QUOTE_NONE, **read}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, **options)  # type: ignore[arg-type]
    return frame.drop(columns=[c for c in frame if c.startswith("Unnamed")]).drop_duplicates()


def dotace_frame(path: Path = DOTACE) -> pd.DataFrame:
    frame = pd.read_excel(path, dtype=object)
    return frame[frame["Žadatel"].notna()]  # below the list: a legend of programme codes


NA = {"na", "n/a", "n.a."}


def umis_frame(path: Path = UMIS) -> pd.DataFrame:
    frame = pd.read_html(path, keep_default_na=False)[0].astype(str)
    names = frame["Name / Symbol"].str.strip()
    # 309 rows name no one: empty, &nbsp;, a dash, or NA, N.A. and n/a for a withheld name
    named = frame[names.map(lambda n: any(c.isalnum() for c in n) and n.lower() not in NA)]
    return named.drop_duplicates()


# file -> (name column, amount column, currency, the frame of its grants)
EXPECTED = {
    KOHESIO.name: ("Beneficiary Name", "EU Contribution", "EUR", kohesio_frame),
    DOTACE.name: ("Žadatel", "Příspěvek EU", "CZK", dotace_frame),
    UMIS.name: ("Name / Symbol", "Total", "BGN", umis_frame),
}


def summary(records: list) -> tuple[int, set[str], dict[str, Decimal]]:
    """Grants, organisation names (with aliases) and money per currency of a load."""
    money: dict[str, Decimal] = {}
    projects = [r for r in records if isinstance(r, Project)]
    for p in projects:
        if p.amount is not None:
            money[p.currency] = money.get(p.currency, Decimal(0)) + p.amount  # type: ignore[index]
    names = {n for r in records if isinstance(r, Organisation) for n in [r.name, *r.aliases]}
    return len(projects), names, money


def expected(path: Path, frame: pd.DataFrame | None = None) -> tuple[int, set, dict]:
    name, amount, currency, read = EXPECTED[path.name]
    frame = read(path) if frame is None else frame
    total = sum((cents(v) for v in frame[amount] if pd.notna(v) and str(v).strip()), Decimal(0))
    return len(frame), {" ".join(str(n).split()) for n in frame[name]}, {currency: total}


@datasets_required()
@pytest.mark.parametrize("path", [KOHESIO, DOTACE, UMIS], ids=lambda p: p.name.split("-")[0])
def test_each_shared_list_loads_every_grant_organisation_and_amount(path: Path) -> None:
    result = registry.load(path)
    grants, names, money = summary(result.records)
    assert (grants, names, money) == expected(path)
    assert result.errors == []


@datasets_required()
def test_the_lists_say_who_funds_what_as_their_presets_state() -> None:
    dotace = registry.load(DOTACE).records
    first = next(r for r in dotace if isinstance(r, Project))
    frame = dotace_frame()
    row = frame.iloc[0]
    assert (first.id, first.title, first.extra["eligible_costs"]) == (
        "proj:"
        + "".join(c if c.isalnum() else "-" for c in row["Registrační číslo projektu"].lower()),
        row["Název projektu CZ"],
        cents(row["CZV projektu"]),
    )
    calls = {r.name for r in dotace if type(r).__name__ == "Programme"}
    ops = {f"Operační program {c}" for c in frame["Operační program"].dropna()}
    calls_named = zip(frame["Číslo výzvy"], frame["Název výzvy"], strict=True)
    wanted = {" ".join(f"{c} {n}".split()) for c, n in calls_named}  # spaces as one
    assert calls == ops | wanted
    umis = registry.load(UMIS).records
    paid = sum((r.extra["paid"] for r in umis if isinstance(r, Project)), Decimal(0))
    assert paid == sum(cents(v) for v in umis_frame()["Actually paid"])


@datasets_required()
@pytest.mark.parametrize("path", [KOHESIO, DOTACE, UMIS], ids=lambda p: p.name.split("-")[0])
def test_each_shared_list_loads_twice_without_change(
    store: Store, tmp_path: Path, path: Path
) -> None:
    part = _slice(path, tmp_path, 300)
    first = ingest.load_file(store, part)
    loaded = graph_without_files(store)
    ingest.load_file(store, part)
    assert graph_without_files(store) == loaded
    grants = {n["id"] for n in loaded["nodes"] if "Project" in n["labels"]}
    assert (len(grants), first.skipped_rows) == (expected(part)[0], 0)


def _slice(path: Path, folder: Path, rows: int) -> Path:
    """The first rows of a shared list, in its own format (the store's part of the suite is
    slow on a shared machine; the loader reads the whole files above)."""
    out = folder / path.name
    if path == KOHESIO:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        out.write_text("".join(lines[: rows + 1]), encoding="utf-8")
    elif path == DOTACE:
        pd.read_excel(path, dtype=object).head(rows).to_excel(out, index=False)
    else:
        pd.read_html(path)[0].head(rows).to_html(out.with_suffix(".html"), index=False)
        out.with_suffix(".html").rename(out)
    return out


NEVER_SEEN = (
    "Бенефициент;ЕИК;Град;Договорено (лв.);Дата на договора\n"
    "Сдружение Бургаски граждански форум;175123456;Бургас;12 500,50;26/03/2019 00:00\n"
    "СДРУЖЕНИЕ „БУРГАСКИ ГРАЖДАНСКИ ФОРУМ“;175123456;Бургас;1 000,00;3.4.2020\n"
    "Фондация Русе;;Русе;7 300,00;43831\n"
)


def test_a_list_never_seen_loads_with_columns_and_constants(
    store: Store, graph_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "бенефициенти.csv"
    path.write_bytes(NEVER_SEEN.encode("cp1251"))
    args = [
        "load",
        str(path),
        "--column",
        "organisation=Бенефициент",
        "--column",
        "identifier=ЕИК",
        "--column",
        "city=Град",
        "--column",
        "amount=Договорено (лв.)",
        "--column",
        "date=Дата на договора",
        "--set",
        "currency=BGN",
        "--set",
        "country=BG",
        "--set",
        "funder=Fund for Civil Society",
        "--json",
    ]
    done = cli(graph_env, *args)
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)
    assert [i["code"] for i in report["issues"]] == []
    rows = cli(
        graph_env,
        "query",
        "MATCH (o:Organisation)-[p:PARTICIPATES_IN]->(g:Project) "
        "RETURN o.name AS name, o.identifiers AS ids, g.amount AS amount "
        "ORDER BY amount",
        "--json",
    )
    burgas = "Сдружение Бургаски граждански форум"
    assert json.loads(rows.stdout) == [
        {"name": burgas, "ids": ["eik:175123456"], "amount": 1000.0},
        {"name": "Фондация Русе", "ids": None, "amount": 7300.0},
        {"name": burgas, "ids": ["eik:175123456"], "amount": 12500.5},
    ]
    loaded = graph_without_files(store)
    assert cli(graph_env, *args).returncode == 0
    assert graph_without_files(store) == loaded
