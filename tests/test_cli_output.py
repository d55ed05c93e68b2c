"""What the CLI prints for people: tables that keep numbers whole at 80 columns, original
amounts as money (not ``{}``), and export names that match what is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graph.model import Funder, Label, Project, Relationship, RelType, make_id
from graph.store import Store
from tests import app_sample

ROOT = Path(__file__).resolve().parent.parent
EUR_ONLY = make_id(Label.PROJECT, "eur only")


@pytest.fixture
def sample(store: Store) -> Store:
    """The app sample plus a project known only in EUR (no original amount or currency)."""
    extra = [
        Project(id=EUR_ONLY, name="Known only in euro", status="completed", amount_eur=1234.5),
        Relationship(type=RelType.FUNDED_BY, start=EUR_ONLY, end=app_sample.AMIF),
        Relationship(
            type=RelType.PARTICIPATES_IN,
            start=app_sample.org_id("Zagreb Civic Lab"),
            end=EUR_ONLY,
            role="lead",
        ),
    ]
    store.write([*app_sample.records(), Funder(id=app_sample.AMIF, name="European Union AMIF")])
    store.write(extra)
    return store


def cli(env: dict[str, str], *args: str, columns: str = "80") -> subprocess.CompletedProcess:
    wide = {k: v for k, v in env.items() if k != "COLUMNS"}
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**wide, "COLUMNS": columns} if columns else wide,
        cwd=ROOT,
    )


def test_piped_tables_keep_each_row_on_one_line(sample: Store, graph_env) -> None:
    rows = json.loads(cli(graph_env, "flows", "--by", "organisation", "--json").stdout)
    shown = cli(graph_env, "flows", "--by", "organisation", columns="")  # a pipe, no COLUMNS
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    for row in rows:  # the whole name and its amount on one line
        assert any(row["target"] in ln and f"{row['amount_eur']:,.2f}" in ln for ln in lines), row


def test_flows_json_says_a_euro_amount_once(sample: Store, graph_env) -> None:
    # €100 in equal thirds: 33.33 + 33.33 + 33.34, the cent left over going to one of them
    thirds = make_id(Label.PROJECT, "thirds")
    members = ("Zagreb Civic Lab", "Nadace Open Prague", "Burgas Youth Network")
    eea = make_id(Label.FUNDER, "EEA")
    sample.write(
        [
            Funder(id=eea, name="EEA"),
            Project(
                id=thirds,
                name="Thirds",
                status="completed",
                amount=100.0,
                currency="EUR",
                amount_eur=100.0,
            ),
            Relationship(type=RelType.FUNDED_BY, start=thirds, end=eea),
            *(
                Relationship(
                    type=RelType.PARTICIPATES_IN,
                    start=app_sample.org_id(m),
                    end=thirds,
                    role="partner",
                )
                for m in members
            ),
        ]
    )
    rows = json.loads(cli(graph_env, "flows", "--by", "organisation", "--json").stdout)
    euro = [r for r in rows if r["source"] == "EEA"]
    assert sorted(r["amount_eur"] for r in euro) == [33.33, 33.33, 33.34]
    assert [r["currencies"] for r in euro] == [{"EUR": r["amount_eur"]} for r in euro]


def test_tables_keep_numbers_whole_at_80_columns(sample: Store, graph_env) -> None:
    rows = json.loads(cli(graph_env, "flows", "--by", "organisation", "--json").stdout)
    shown = cli(graph_env, "flows", "--by", "organisation")
    assert shown.returncode == 0, shown.stderr
    assert max(len(line) for line in shown.stdout.splitlines()) <= 80
    for row in rows:
        assert f"{row['amount_eur']:,.2f}" in shown.stdout, row
    assert "…" not in shown.stdout


def test_flows_by_year_prints_original_money_not_braces(sample: Store, graph_env) -> None:
    shown = cli(graph_env, "flows", "--by", "year")
    assert shown.returncode == 0, shown.stderr
    assert "{}" not in shown.stdout and "{" not in shown.stdout
    assert "234,699.60 BGN" in shown.stdout  # AMIF in 2021: its one project, in lev
    assert "1,234.50" in shown.stdout  # the EUR-only project: its euro amount, no currency


REFUSED = [("csv", "graph.csv", "NAME.zip"), ("kumu", "graph.kumu", "NAME.xlsx")]


@pytest.mark.parametrize(("fmt", "name", "says"), REFUSED)
def test_an_export_name_that_would_mislabel_the_file_is_refused(
    sample: Store, graph_env, tmp_path: Path, fmt: str, name: str, says: str
) -> None:
    run = cli(graph_env, "export", "--format", fmt, "-o", str(tmp_path / name))
    assert run.returncode != 0
    assert run.stderr.startswith(f"error: --format {fmt} writes") and says in run.stderr
    assert os.listdir(tmp_path) == []


def test_csv_export_to_a_zip(sample: Store, graph_env, tmp_path: Path) -> None:
    run = cli(graph_env, "export", "--format", "csv", "-o", str(tmp_path / "graph.zip"))
    assert run.returncode == 0, run.stderr
    assert sorted(zipfile.ZipFile(tmp_path / "graph.zip").namelist()) == ["edges.csv", "nodes.csv"]
