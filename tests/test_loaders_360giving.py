"""360Giving JSON and XLSX: grants, recipients, funders and money as in the files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from graph.io import ingest
from graph.model import RelType
from graph.store import Store
from tests.conftest import DATASETS, datasets_required
from tests.loader_checks import amount_by_currency

FOLDER = DATASETS / "360giving"
pytestmark = datasets_required()
# Hand-checked: one company number given to Merseyside Law Centre, Social Finance and the
# University of Oxford. It identifies none of them, so each is its own organisation.
REUSED = {"GB-COH-06402143"}


def organisations(ids: pd.Series, names: pd.Series) -> int:
    """Recipients the graph should hold: one per id, one per name under a reused id."""
    reused = ids.isin(REUSED)
    return ids[~reused].nunique() + names[reused].nunique()


@pytest.mark.parametrize(
    "name, grants, recipients, total",
    [
        ("abct-a001p00000zgyHZAAY.xlsx", 783, 322, 12_785_625.00),
        ("alwf-a003W000001B7PzQAK.xlsx", 475, 288, 21_757_793.27),
    ],
)
def test_spreadsheet(store: Store, name: str, grants: int, recipients: int, total: float) -> None:
    frame = pd.read_excel(FOLDER / name)
    assert (len(frame), frame["Recipient Org:Identifier"].nunique()) == (grants, recipients)
    report = ingest.load_file(store, FOLDER / name)
    assert report.format == "360giving"
    counts = store.counts()
    assert counts["nodes"]["Project"] == grants
    ids, names = frame["Recipient Org:Identifier"], frame["Recipient Org:Name"]
    assert counts["nodes"]["Organisation"] == organisations(ids, names)
    assert counts["nodes"]["Funder"] == frame["Funding Org:Identifier"].nunique() == 1
    assert counts["relationships"]["PARTICIPATES_IN"] == grants
    expected = round(frame["Amount Awarded"].sum(), 2)
    assert expected == pytest.approx(total)
    assert amount_by_currency(store, RelType.FUNDED_BY) == {"GBP": pytest.approx(expected)}


def test_json_package(store: Store) -> None:
    grants = json.loads((FOLDER / "covid19-tracker-grants_data-2020-04-16.json").read_text())[
        "grants"
    ]
    by_currency: dict[str, float] = {}
    for g in grants:
        by_currency[g["currency"]] = by_currency.get(g["currency"], 0) + g["amountAwarded"]
    funders = {g["fundingOrganization"][0]["id"] for g in grants}
    recipients = {g["recipientOrganization"][0]["id"] for g in grants}
    ingest.load_file(store, FOLDER / "covid19-tracker-grants_data-2020-04-16.json")
    counts = store.counts()
    assert (len(grants), len(funders), len(recipients)) == (374, 16, 357)
    assert counts["nodes"]["Project"] == 374
    assert counts["nodes"]["Funder"] == 16
    orgs = pd.DataFrame([g["recipientOrganization"][0] for g in grants])
    assert counts["nodes"]["Organisation"] == organisations(orgs["id"], orgs["name"])
    money = amount_by_currency(store, RelType.FUNDED_BY)
    assert money == {k: pytest.approx(round(v, 2)) for k, v in by_currency.items()}
    assert money["USD"] == 32_500
    salvation = next(p for _, p in store.all_nodes() if p["id"] == "org:360-gb-chc-214779")
    assert len({salvation["name"], *salvation.get("aliases", [])}) == 4
