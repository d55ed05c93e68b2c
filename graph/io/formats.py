"""Exports for other tools: GraphML and GEXF (Gephi), CSV (nodes and edges), Kumu (XLSX).

Either network can be written: ``full`` (every stored node and relationship) or
``partnership`` (the derived co-partnership network of organisations, weighted by shared
projects). Attributes are flattened so every format takes them: lists become ``|``-separated
text (Kumu's multi-value separator), whole numbers become floats (one type per attribute),
empty values are left out. Every node keeps ``type`` (its label), ``label`` (the name shown
in Gephi and Kumu) and its provenance ``sources``; every edge has a ``weight``.

>>> G = nx.Graph()
>>> G.add_edge("org:a", "org:b", weight=2, projects=["proj:1", "proj:2"])
>>> flat(G).edges["org:a", "org:b"]
{'weight': 2.0, 'projects': 'proj:1|proj:2'}
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analytics.networks import co_partnership
from graph.analytics.portfolio import Portfolio, read_portfolio
from graph.errors import InvalidRequest

NETWORKS = ("full", "partnership")
SEPARATOR = "|"
# Attribute names that GEXF reserves (dynamics, ids): stored properties are renamed on the way.
_RENAMED = {"start": "start_date", "end": "end_date", "id": "node_id"}


def full_graph(store: Any) -> nx.DiGraph:
    """Every stored node and relationship; relationships weigh 1 (amounts stay attributes)."""
    G = nx.DiGraph()
    for label, props in store.all_nodes():
        attrs = {_RENAMED.get(k, k): v for k, v in props.items() if k != "id"}
        G.add_node(props["id"], **attrs, type=label.value, label=_display(props))
    for rel, row in store.all_relationships():
        G.add_edge(row["start"], row["end"], **row["props"], relationship=rel.value, weight=1.0)
    return G


def _display(props: dict[str, Any]) -> str:
    return str(props.get("name") or props.get("title") or props["id"])


def partnership_graph(store: Any) -> nx.Graph:
    """The co-partnership network, with each organisation's and project's sources attached."""
    pf = read_portfolio(store)
    return derived(pf, co_partnership(pf))


def derived(pf: Portfolio, G: nx.Graph) -> nx.Graph:
    """A copy of a network derived from the portfolio (co-partnership, organisations and
    projects, a filtered or ego view of either) as the exports write it: ``type``, ``label``,
    ``sources``, and years for Gephi's timeline (:func:`with_years`).

    A derived tie's provenance is a reference: the ``projects`` behind it and the source
    files they come from, not a copy of every project's source rows (which made one large
    consortium's rows repeat on each of its thousands of ties); the rows are on the projects
    in the full export."""
    H = with_years(pf, G.copy())
    for node, data in H.nodes(data=True):
        data["type"] = data.pop("label", "")
        data["label"] = data.get("name", node)
        record = pf.organisations.get(node) or pf.projects.get(node)
        data["sources"] = record.sources if record else []
    for _, _, data in H.edges(data=True):
        projects = data.get("projects") or []
        data["sources"] = sorted({_file(s) for p in projects for s in pf.projects[p].sources})
        data["relationship"] = "CO_PARTNER" if "projects" in data else data.get("role", "")
    return H


def _file(source: str) -> str:
    """The file part of a source reference ("grants.csv#row=12" -> "grants.csv")."""
    return source.split("#", 1)[0]


def with_years(pf: Portfolio, G: nx.Graph) -> nx.Graph:
    """``start``/``end`` years on nodes and ties, from the projects behind them (GEXF writes
    them as spells, so Gephi's timeline replays the network); undated ones get none."""
    spans: dict[Any, tuple[int, int]] = {}

    def widen(key: Any, years: tuple[int | None, int | None]) -> None:
        if years[0] is not None:
            low, high = years[0], years[1] or years[0]
            old = spans.get(key, (low, high))
            spans[key] = (min(old[0], low), max(old[1], high))

    for rel in pf.participations:
        if rel.start in G and rel.end in pf.projects:
            widen(rel.start, pf.years[rel.end])
    for node in G:
        if node in pf.projects:
            widen(node, pf.years[node])
    for a, b, data in G.edges(data=True):
        for pid in data.get("projects") or [b if b in pf.projects else a]:
            widen((a, b), pf.years.get(pid, (None, None)))
        if (a, b) in spans:
            data["start"], data["end"] = spans[(a, b)]
    for node, data in G.nodes(data=True):
        if node in spans:
            data["start"], data["end"] = spans[node]
    G.graph["mode"] = "dynamic"
    G.graph["timeformat"] = "double"
    return G


def network(store: Any, name: str = "full") -> nx.Graph:
    if name not in NETWORKS:
        raise InvalidRequest(f"unknown network {name!r}; use {' or '.join(NETWORKS)}")
    return full_graph(store) if name == "full" else partnership_graph(store)


def flat(G: nx.Graph) -> nx.Graph:
    """A copy whose attribute values are text, float or bool only (see the module docstring)."""
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, _flat_attrs(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, _flat_attrs(d)) for u, v, d in G.edges(data=True))
    return H


def _flat_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in attrs.items():
        if isinstance(value, list):
            value = SEPARATOR.join(str(v) for v in value)
        elif isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if value is not None and value != "":
            out[key] = value
    return out


def write_graphml(G: nx.Graph, path: Path) -> Path:
    nx.write_graphml(flat(G), path, encoding="utf-8")
    return path


def write_gexf(G: nx.Graph, path: Path) -> Path:
    nx.write_gexf(flat(G), path, encoding="utf-8")
    return path


def _table(rows: list[dict[str, Any]], first: list[str]) -> tuple[list[str], list[list[Any]]]:
    """Column names (``first``, then the rest sorted) and rows of values ("" where absent)."""
    rest = sorted({k for row in rows for k in row} - set(first))
    columns = first + rest
    return columns, [[row.get(c, "") for c in columns] for row in rows]


def node_table(G: nx.Graph, first: list[str]) -> tuple[list[str], list[list[Any]]]:
    return _table([{first[0]: n, **d} for n, d in flat(G).nodes(data=True)], first)


def edge_table(G: nx.Graph, first: list[str]) -> tuple[list[str], list[list[Any]]]:
    return _table([{first[0]: u, first[1]: v, **d} for u, v, d in flat(G).edges(data=True)], first)


def write_csv(G: nx.Graph, path: Path) -> Path:
    """``nodes.csv`` and ``edges.csv``: in a zip when ``path`` ends in .zip, else in a folder."""
    files = {
        "nodes.csv": node_table(G, ["id", "label", "type"]),
        "edges.csv": edge_table(G, ["source", "target", "relationship", "weight"]),
    }
    texts = {}
    for name, (columns, rows) in files.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows([_csv_cell(value) for value in row] for row in rows)
        texts[name] = buffer.getvalue()
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in texts.items():
                archive.writestr(name, text)
        return path
    path.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice).

    >>> [_csv_cell(v) for v in ["=HYPERLINK(1)", "@SUM(A1)", "Ruse", -5]]
    ["'=HYPERLINK(1)", "'@SUM(A1)", 'Ruse', -5]
    """
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def write_kumu(G: nx.Graph, path: Path) -> Path:
    """A workbook Kumu imports: Elements (ID, Label, Type, ...) and Connections (From, To, ...)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    renamed = G.copy()
    for node, data in renamed.nodes(data=True):
        data["Label"], data["Type"] = data.pop("label", node), data.pop("type", "")
    for _, _, data in renamed.edges(data=True):
        data["Type"], data["Strength"] = data.pop("relationship", ""), data.pop("weight", 1.0)
    for title, (columns, rows) in (
        ("Elements", node_table(renamed, ["ID", "Label", "Type"])),
        ("Connections", edge_table(renamed, ["From", "To", "Type", "Strength"])),
    ):
        sheet = book.create_sheet(title)
        sheet.append(columns)
        for row in rows:
            sheet.append([_as_text(sheet, value) for value in row])
    book.save(path)
    return path


def _as_text(sheet: Any, value: Any) -> Any:
    """Source text that starts like a formula (=, +, -, @) stays text in the workbook."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


WRITERS: dict[str, Callable[[nx.Graph, Path], Path]] = {
    "graphml": write_graphml,
    "gexf": write_gexf,
    "csv": write_csv,
    "kumu": write_kumu,
}


def export(store: Any, fmt: str, path: Path, network_name: str = "full") -> Path:
    """Write the ``network_name`` network of the store in ``fmt`` to ``path``."""
    if fmt not in WRITERS:
        raise InvalidRequest(f"format {fmt!r} cannot export a network; use {', '.join(WRITERS)}")
    return WRITERS[fmt](network(store, network_name), path)


# For graph.io.export's table of formats: (store, path) -> path, the full graph.
EXPORTERS: dict[str, Callable[[Any, Path], Path]] = {
    fmt: (lambda store, path, fmt=fmt: export(store, fmt, path)) for fmt in WRITERS
}
