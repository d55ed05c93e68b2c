"""CORDIS organization.csv: organisations, projects, participations and EU money as in the file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from graph.io import export, ingest
from graph.model import RelType
from graph.store import Store
from tests.conftest import DATASETS, datasets_required
from tests.loader_checks import amount_by_currency, rels

SAMPLE = DATASETS / "cordis" / "horizon-europe-organization-westernbalkans-300projects.csv"
ROLE = {
    "coordinator": "lead",
    "participant": "partner",
    "associatedPartner": "associate",
    "thirdParty": "associate",
}
RANK = {"lead": 3, "partner": 2, "associate": 1}

pytestmark = datasets_required()


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    df = pd.read_csv(SAMPLE, sep=";", dtype=str, keep_default_na=False)
    df["eur"] = pd.to_numeric(df["ecContribution"].replace("", "0"))
    return df


def test_sample_matches_the_file(store: Store, frame: pd.DataFrame) -> None:
    report = ingest.load_file(store, SAMPLE)
    assert report.format == "cordis"
    counts = store.counts()
    assert counts["nodes"]["Organisation"] == frame["organisationID"].nunique() == 3448
    assert counts["nodes"]["Project"] == frame["projectID"].nunique() == 300
    pairs = frame.groupby(["organisationID", "projectID"])
    assert counts["relationships"]["PARTICIPATES_IN"] == pairs.ngroups == 5454
    assert counts["relationships"]["FUNDED_BY"] == 300
    total = round(frame["eur"].sum(), 2)
    assert amount_by_currency(store, RelType.FUNDED_BY) == {"EUR": pytest.approx(total)}
    assert amount_by_currency(store, RelType.PARTICIPATES_IN) == {"EUR": pytest.approx(total)}
    projects = [p for label, p in store.all_nodes() if label == "Project"]
    by_project = frame.groupby("projectID")["eur"].sum().round(2)
    assert {p["id"]: p.get("amount_eur", 0.0) for p in projects} == {
        f"proj:cordis-{pid}": pytest.approx(eur) if eur else 0.0 for pid, eur in by_project.items()
    }


def test_duplicate_pairs_keep_the_strongest_role(store: Store, frame: pd.DataFrame) -> None:
    ingest.load_file(store, SAMPLE)
    frame = frame.assign(rank=frame["role"].map(ROLE).map(RANK))
    best = frame.groupby(["organisationID", "projectID"])["rank"].max()
    expected = {(f"org:cordis-{o}", f"proj:cordis-{p}"): r for (o, p), r in best.items()}
    found = {
        (row["start"], row["end"]): RANK[row["props"]["role"]]
        for row in rels(store, RelType.PARTICIPATES_IN)
    }
    assert found == expected
    twice = frame[frame.duplicated(["organisationID", "projectID"], keep=False)]
    assert len(twice) == 28


def test_loading_twice_changes_nothing(store: Store) -> None:
    ingest.load_file(store, SAMPLE)
    first = export.to_json(store)
    ingest.load_file(store, SAMPLE)
    second = export.to_json(store)
    first["nodes"] = [n for n in first["nodes"] if "SourceFile" not in n["labels"]]
    second["nodes"] = [n for n in second["nodes"] if "SourceFile" not in n["labels"]]
    assert second == first


def test_project_file_enriches_the_same_projects(store: Store, tmp_path: Path) -> None:
    ingest.load_file(store, SAMPLE)
    project = tmp_path / "project.csv"
    project.write_text(
        "id;acronym;status;title;startDate;endDate;totalCost;ecMaxContribution;frameworkProgramme\n"
        "101130805;RESLOVI;SIGNED;Resilient lives;2023-10-01;2026-09-30;1000,5;900;HORIZON\n",
        encoding="utf-8",
    )
    ingest.load_file(store, project)
    counts = store.counts()
    assert counts["nodes"]["Project"] == 300
    node = next(p for lab, p in store.all_nodes() if p["id"] == "proj:cordis-101130805")
    assert (node["title"], node["start"], node["amount_eur"], node["total_cost"]) == (
        "Resilient lives",
        "2023-10-01",
        900.0,
        1000.5,
    )


def test_cli_loads_the_sample(store: Store, graph_env: dict[str, str]) -> None:
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "graph", "load", str(SAMPLE), "--json"],
        cwd=Path(__file__).resolve().parent.parent,
        env=graph_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)
    assert report["format"] == "cordis"
    # two pairs of organisations share a VAT number under different PICs: two bodies each,
    # kept apart and not listed for review
    assert [i["code"] for i in report["issues"]] == []
    assert store.counts()["nodes"]["Organisation"] == 3448


@datasets_required()
def test_one_city_however_it_is_written(store: Store, frame: pd.DataFrame) -> None:
    """Beograd, BEOGRAD and Belgrade are one city; so are Praha, Praha 1 and the seeds' Prague."""
    ingest.load_file(store, SAMPLE)
    written = frame["city"].str.upper().str.replace(r"\s+\d+$", "", regex=True)
    belgrade_rows = frame[written.isin({"BEOGRAD", "BELGRADE", "BELGRAD"})]
    rows, _ = store.run_user_query(
        "MATCH (o:Organisation)-[:BASED_IN]->(c:City) WHERE c.id IN $ids "
        "RETURN c.id AS city, count(DISTINCT o) AS orgs ORDER BY city",
        {"ids": ["city:belgrade", "city:beograd", "city:prague", "city:praha", "city:praha-1"]},
    )
    prague_rows = frame[written.isin({"PRAHA", "PRAGUE"})]
    assert rows == [
        {"city": "city:belgrade", "orgs": belgrade_rows["organisationID"].nunique()},
        {"city": "city:prague", "orgs": prague_rows["organisationID"].nunique()},
    ]
