"""GraphML and GEXF re-read by networkx give back the same graph; CSV and Kumu are complete."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import networkx as nx
import openpyxl
import pytest

from graph.io import export
from graph.io import formats as export_formats
from graph.store import Store
from tests.analytics_sample import ORGS, PROJECTS, records

ROOT = Path(__file__).resolve().parent.parent
RELATIONSHIPS = 8 + 3 + 10 + 18  # FUNDED_BY, PART_OF, BASED_IN, PARTICIPATES_IN
NODES = len(ORGS) + len(PROJECTS) + 3 + 3 + 6


@pytest.fixture
def loaded(store: Store) -> Store:
    store.write(records())
    return store


def _edges(G: nx.Graph, drop: str | None = None) -> dict:
    return {(u, v): {k: x for k, x in d.items() if k != drop} for u, v, d in G.edges(data=True)}


@pytest.mark.parametrize("network", ["full", "partnership"])
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_gephi_formats_round_trip(loaded: Store, tmp_path: Path, fmt: str, network: str) -> None:
    path = export_formats.export(loaded, fmt, tmp_path / f"g.{fmt}", network)
    expected = export_formats.flat(export_formats.network(loaded, network))
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.is_directed() == (network == "full")
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    # GEXF gives every edge an "id" of its own; everything else must come back unchanged.
    assert _edges(back, "id" if fmt == "gexf" else None) == _edges(expected)


def test_attributes_weights_and_provenance(loaded: Store) -> None:
    full = export_formats.flat(export_formats.network(loaded, "full"))
    assert full.number_of_nodes() == NODES
    assert full.number_of_edges() == RELATIONSHIPS
    assert full.nodes["proj:p3"] == {
        "name": "Ромско включване в Русе",
        "title": "Ромско включване в Русе",
        "status": "completed",
        "start_date": "2018-01",
        "end_date": "2020-12",
        "amount": 119228.65,
        "currency": "BGN",
        "amount_eur": 60960.64,
        "themes": "roma inclusion",
        "sources": "analytics-sample.md#proj:p3",
        "type": "Project",
        "label": "Ромско включване в Русе",
    }
    partnership = export_formats.flat(export_formats.network(loaded, "partnership"))
    assert partnership.edges["org:cmp", "org:burgas"] == {
        "weight": 2.0,
        "distance": 0.5,
        "projects": "proj:p1|proj:p6",
        "sources": "analytics-sample.md",  # the file: the rows are on the projects
        "relationship": "CO_PARTNER",
        "start": 2017.0,
        "end": 2021.0,  # p6 began in 2017, p1 ended in 2021 (Gephi's timeline)
    }
    assert partnership.nodes["org:cmp"]["sources"] == "analytics-sample.md#sample"


def test_csv_zip_and_folder(loaded: Store, tmp_path: Path) -> None:
    export_formats.export(loaded, "csv", tmp_path / "g.zip")
    with zipfile.ZipFile(tmp_path / "g.zip") as archive:
        assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
        nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
        edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
    assert (len(nodes), len(edges)) == (NODES, RELATIONSHIPS)
    assert list(edges[0])[:4] == ["source", "target", "relationship", "weight"]
    export_formats.export(loaded, "csv", tmp_path / "folder", "partnership")
    rows = (tmp_path / "folder" / "edges.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 10


def test_kumu_workbook(loaded: Store, tmp_path: Path) -> None:
    path = export_formats.export(loaded, "kumu", tmp_path / "kumu.xlsx", "partnership")
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Elements", "Connections"]
    elements = list(book["Elements"].iter_rows(values_only=True))
    connections = list(book["Connections"].iter_rows(values_only=True))
    assert elements[0][:3] == ("ID", "Label", "Type")
    assert connections[0][:4] == ("From", "To", "Type", "Strength")
    assert ("org:cmp", "Център за мигранти и партньорства", "Organisation") in [
        row[:3] for row in elements
    ]
    assert len(elements) == 1 + 9 and len(connections) == 1 + 10
    assert ("org:burgas", "org:cmp", "CO_PARTNER", 2.0) in [
        (*sorted(row[:2]), row[2], row[3]) for row in connections
    ]


def test_cli_export_formats(loaded: Store, graph_env: dict[str, str], tmp_path: Path) -> None:
    for fmt, name in (("graphml", "g.graphml"), ("kumu", "k.xlsx")):
        run = subprocess.run(
            [sys.executable, "-m", "graph", "export", "--format", fmt, "-o", str(tmp_path / name)],
            cwd=ROOT,
            env=graph_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == NODES
    assert openpyxl.load_workbook(tmp_path / "k.xlsx").sheetnames == ["Elements", "Connections"]


def test_kumu_keeps_formula_like_names_as_text(tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_node("org:a", label='=HYPERLINK("http://evil.example","click")', type="Organisation")
    G.add_node("org:b", label="-5 Foundation", type="Organisation")
    G.add_edge("org:a", "org:b", relationship="co-partner", weight=2.0)
    path = export_formats.write_kumu(G, tmp_path / "kumu.xlsx")
    sheet = openpyxl.load_workbook(path)["Elements"]
    labels = [(row[1].value, row[1].data_type) for row in sheet.iter_rows(min_row=2)]
    assert labels == [('=HYPERLINK("http://evil.example","click")', "s"), ("-5 Foundation", "s")]


def test_a_failed_export_leaves_the_earlier_file(loaded: Store, tmp_path: Path, monkeypatch):
    target = tmp_path / "graph.json"
    export.export(loaded, "json", target)
    before = target.read_bytes()

    def half_then_fail(store: Store, path: Path) -> Path:
        path.write_text('{"nodes": [')
        raise OSError("disk full")

    monkeypatch.setitem(export.EXPORTERS, "json", half_then_fail)
    with pytest.raises(OSError):
        export.export(loaded, "json", target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json"]
