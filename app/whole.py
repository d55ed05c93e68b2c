"""What "Export this view" writes for the whole-network drawing: exactly what is drawn.

The drawing is made in graph/ (:func:`graph.analytics.prepared.whole_drawing`: every
organisation of the view, up to :data:`graph.analytics.layout.MAX_DRAWN`, or beyond that one
node per community) and kept per data version, a load preparing the unfiltered one;
:mod:`app.webgl` paints it.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from app import viewmodels
from graph.analytics import layout, prepared, snapshot
from graph.analytics.layout import WholeDrawing
from graph.analytics.networks import NetworkFilter
from graph.analytics.portfolio import Portfolio


def whole_graph(
    pf: Portfolio, flt: NetworkFilter, size_by: str, colour_by: str, community: int | None = None
) -> nx.Graph:
    """The organisations and ties the whole drawing shows, with their attributes (what
    "Export this view" writes); for a network of communities, its communities (``members``)
    and the partnerships between each two (``weight``)."""
    drawing = snapshot.derived(pf, prepared.whole_drawing, flt, size_by, colour_by, community)
    G = prepared.partnerships(pf, flt)
    if drawing.communities:
        return _community_graph(G, snapshot.derived(pf, prepared.communities, flt), drawing)
    H = nx.Graph()
    H.add_nodes_from((n["id"], G.nodes[n["id"]]) for n in drawing.nodes)
    H.add_edges_from(
        (e["source"], e["target"], G.edges[e["source"], e["target"]]) for e in drawing.edges
    )
    return H


def whole_file(
    pf: Portfolio,
    flt: NetworkFilter,
    size_by: str,
    colour_by: str,
    community: int | None,
    fmt: str,
) -> bytes:
    """:func:`whole_graph` as a GEXF, GraphML or CSV (zip) file (a network of communities as
    it is: its nodes stand for no record of the graph)."""
    G = whole_graph(pf, flt, size_by, colour_by, community)
    if G.graph.get("communities"):
        return viewmodels.write_file(G, fmt)
    return viewmodels.graph_file(pf, G, fmt)


def _community_graph(G: nx.Graph, found: list[dict[str, Any]], drawing: WholeDrawing) -> nx.Graph:
    """The drawn network of communities with what a person reads in it: each community's
    name and members, and the partnerships between two communities."""
    group = {m["id"]: c["community"] for c in found for m in c["members"]}
    H = nx.Graph(communities=True)
    H.add_nodes_from(
        (n["id"], {"label": n["label"], "type": "community", "members": drawing.members[n["id"]]})
        for n in drawing.nodes
    )
    H.add_edges_from(
        (a, b, {"weight": float(w), "relationship": "PARTNERS_BETWEEN"})
        for (a, b), w in layout.between(G, group).items()
    )
    return H
