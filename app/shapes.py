"""From the graph's networkx views to drawable node and edge lists (no pyvis, no streamlit).

The networkx graph is only read here, never handed to pyvis.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from app.charts import eur
from app.render import DrawEdge, DrawNode

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
