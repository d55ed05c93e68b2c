"""From the graph's networkx views to drawable node and edge lists (no pyvis, no streamlit).

The networkx graph is only read here, never handed to pyvis.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from app.render import DrawEdge, DrawNode
from app.text import eur
from graph.model.kinds import kind_name

_FACT_KEYS = (
    ("kind", "kind"),
    ("country", "country"),
    ("city", "city"),
    ("status", "status"),
    ("start", "start"),
    ("end", "end"),
)


def node_facts(attrs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Tooltip lines from a node's attributes (only the ones it has)."""
    facts = [(title, str(attrs[key])) for key, title in _FACT_KEYS if attrs.get(key)]
    facts = [(t, kind_name(v) if t == "kind" else v) for t, v in facts]
    if attrs.get("amount_eur"):
        facts.append(("amount", eur(attrs["amount_eur"])))
    return facts


def from_networkx(
    G: nx.Graph,
    size: Mapping[str, float] | None = None,
    group: Callable[[str, Mapping[str, Any]], str] | None = None,
    size_name: str = "",
    edge_facts: Callable[[str, str, Mapping[str, Any]], list[tuple[str, str]]] | None = None,
) -> tuple[list[DrawNode], list[DrawEdge]]:
    """Drawable lists from ``G``: node size from ``size`` (else degree), colour group from
    ``group`` (else the node's label), edge width from the ``weight`` attribute."""
    size = size if size is not None else dict(G.degree())
    nodes = []
    for node_id, attrs in G.nodes(data=True):
        facts = node_facts(attrs)
        if size_name:
            facts.append((size_name, f"{size.get(node_id, 0.0):.4g}"))
        nodes.append(
            DrawNode(
                id=node_id,
                label=str(attrs.get("name") or node_id),
                group=group(node_id, attrs) if group else str(attrs.get("label", "")),
                size=float(size.get(node_id, 0.0)),
                facts=facts,
                shape="square" if attrs.get("label") == "Project" else "dot",
            )
        )
    edges = [
        DrawEdge(
            source=a,
            target=b,
            weight=float(attrs.get("weight", 1.0)),
            title=_edge_title(attrs),
            facts=edge_facts(a, b, attrs) if edge_facts else [],
        )
        for a, b, attrs in G.edges(data=True)
    ]
    return nodes, edges


def _edge_title(attrs: Mapping[str, Any]) -> str:
    if "projects" in attrs:
        n = len(attrs["projects"])
        return f"{n} shared project" + ("" if n == 1 else "s")
    return str(attrs.get("role") or "")


def from_query_rows(rows: list[dict[str, Any]]) -> tuple[list[DrawNode], list[DrawEdge]]:
    """Nodes found in a console result (node maps, and the nodes of paths); the nodes of a path,
    and the nodes returned in one row, are joined in order."""
    nodes: dict[str, DrawNode] = {}
    edges: dict[tuple[str, str], DrawEdge] = {}
    for row in rows:
        chain: list[str] = []
        for value in row.values():
            found = value.get("nodes", [value]) if isinstance(value, dict) else []
            for node in found:
                if isinstance(node, dict) and "id" in node and "labels" in node:
                    nodes.setdefault(node["id"], _query_node(node))
                    chain.append(node["id"])
        for a, b in zip(chain, chain[1:], strict=False):
            if a != b:
                edges.setdefault((min(a, b), max(a, b)), DrawEdge(a, b))
    return list(nodes.values()), list(edges.values())


def _query_node(node: Mapping[str, Any]) -> DrawNode:
    label = (node.get("labels") or [""])[0]
    attrs = {**node, "label": label}
    return DrawNode(
        id=node["id"],
        label=str(node.get("title") or node.get("name") or node["id"]),
        group=label,
        facts=node_facts(attrs),
        shape="square" if label == "Project" else "dot",
    )
