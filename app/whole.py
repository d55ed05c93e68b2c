"""The whole partnership network as a WebGL drawing: every organisation of the view (up to
:data:`MAX_DRAWN`), or beyond that one node per community, with a way into each.

Positions come from igraph's Fruchterman–Reingold (grid variant, for large graphs) with a fixed
seed, computed here once per data version and view (``state.Graph.derive`` keeps them), so the
browser only paints and the drawing is the same on every rerun. Sizes and colours come from the
measures and communities tables a load prepares. No streamlit here: :mod:`app.webgl` draws it.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import igraph
import networkx as nx

from app import render, views
from graph.analytics import prepared, snapshot
from graph.analytics.communities import igraph_seeded
from graph.analytics.networks import NetworkFilter
from graph.analytics.portfolio import Portfolio

MAX_DRAWN = 20_000  # organisations drawn one by one; beyond, their communities
MAX_TIES = 100_000  # ties sent to the browser (each node's strongest first)
LABEL_SIZE = 9.0  # sigma names a node once it is drawn at least this large (zoom in for more)
COMMUNITY = "community:"  # id prefix of a node standing for a community


@dataclass
class WholeDrawing:
    """Nodes ``{id, label, x, y, size, color}`` and ties ``{source, target, size}`` to draw;
    ``communities`` when each node stands for a community (its members in ``members``)."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    organisations: int  # in the view (all of them, drawn or folded into communities)
    ties: int  # in the view, before MAX_TIES
    communities: bool = False
    note: str = ""
    members: dict[str, int] = field(default_factory=dict)


def whole_drawing(
    pf: Portfolio, flt: NetworkFilter, size_by: str, colour_by: str, community: int | None = None
) -> WholeDrawing:
    """Every organisation of the partnership network under ``flt`` (or of one of its Louvain
    ``community``), placed, sized by ``size_by`` and coloured by ``colour_by``; a network of
    communities instead when there are more than :data:`MAX_DRAWN` organisations."""
    G = prepared.partnerships(pf, flt)
    found = snapshot.derived(pf, prepared.communities, flt)
    group = {m["id"]: c["community"] for c in found for m in c["members"]}
    scores = views.scores(pf, flt, size_by)
    cut = ""
    if community is not None:  # one community: all of it, or its MAX_DRAWN largest
        keep = [m["id"] for c in found if c["community"] == community for m in c["members"]]
        if len(keep) > MAX_DRAWN:
            cut = f"The {MAX_DRAWN:,} largest of its {len(keep):,} organisations are drawn. "
            keep = sorted(keep, key=lambda v: (-scores.get(v, 0.0), v))[:MAX_DRAWN]
        G = G.subgraph(keep)
    elif G.number_of_nodes() > MAX_DRAWN:
        return _communities(G, found, group)
    names = {v: pf.organisations[v].name if v in pf.organisations else str(v) for v in G}
    colours = _colours(G, group, colour_by)
    nodes = [{"id": v, "label": names[v], "size": scores.get(v, 0.0), "color": colours[v]}
             for v in sorted(G)]  # fmt: skip
    drawing = _placed(nodes, _ties(G), G.number_of_nodes(), G.number_of_edges())
    drawing.note = cut + drawing.note
    return drawing


def whole_graph(
    pf: Portfolio, flt: NetworkFilter, size_by: str, colour_by: str, community: int | None = None
) -> nx.Graph:
    """The organisations and ties :func:`whole_drawing` draws, with their attributes (what
    "Export this view" writes); for a network of communities, its communities (``members``)
    and the partnerships between each two (``weight``)."""
    drawing = snapshot.derived(pf, whole_drawing, flt, size_by, colour_by, community)
    G = prepared.partnerships(pf, flt)
    if drawing.communities:
        return _community_graph(G, snapshot.derived(pf, prepared.communities, flt), drawing)
    H = nx.Graph()
    H.add_nodes_from((n["id"], G.nodes[n["id"]]) for n in drawing.nodes)
    H.add_edges_from((e["source"], e["target"], G.edges[e["source"], e["target"]])
                     for e in drawing.edges)  # fmt: skip
    return H


def whole_file(
    pf: Portfolio, flt: NetworkFilter, size_by: str, colour_by: str, community: int | None,
    fmt: str,
) -> bytes:  # fmt: skip
    """:func:`whole_graph` as a GEXF, GraphML or CSV (zip) file (a network of communities as
    it is: its nodes stand for no record of the graph)."""
    G = whole_graph(pf, flt, size_by, colour_by, community)
    if G.graph.get("communities"):
        return views.write_file(G, fmt)
    return views.graph_file(pf, G, fmt)


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
        for (a, b), w in _between(G, group).items()
    )
    return H


def _communities(G: nx.Graph, found: list[dict[str, Any]], group: dict[str, int]) -> WholeDrawing:
    """One node per community (sized by its members), tied by the partnerships between them."""
    members = {f"{COMMUNITY}{c['community']}": c["size"] for c in found}
    between = _between(G, group)
    nodes = [{"id": k, "label": f"community {int(k.split(':')[1]) + 1} ({n:,})", "size": float(n),
              "color": render.PALETTE[int(k.split(":")[1]) % len(render.PALETTE)]}
             for k, n in members.items()]  # fmt: skip
    edges = [{"source": a, "target": b, "weight": float(w)} for (a, b), w in between.items()]
    drawing = _placed(nodes, edges, G.number_of_nodes(), len(edges))
    drawing.communities, drawing.members = True, members
    return drawing


def _between(G: nx.Graph, group: dict[str, int]) -> Counter[tuple[str, str]]:
    """How many partnerships tie each two communities (by their node ids)."""
    between: Counter[tuple[str, str]] = Counter()
    for a, b in G.edges():
        ca, cb = group.get(a), group.get(b)
        if ca is not None and cb is not None and ca != cb:
            between[(f"{COMMUNITY}{min(ca, cb)}", f"{COMMUNITY}{max(ca, cb)}")] += 1
    return between


def _colours(G: nx.Graph, group: dict[str, int], colour_by: str) -> dict[str, str]:
    if colour_by == "community":
        return {v: render.PALETTE[group.get(v, 0) % len(render.PALETTE)] for v in G}
    key = "label" if colour_by == "kind" else "country"
    values = sorted({str(G.nodes[v].get(key) or "") for v in G})
    return {v: render.colour_for(str(G.nodes[v].get(key) or ""), values) for v in G}


def _ties(G: nx.Graph) -> list[dict[str, Any]]:
    """The ties to draw: all of them, or each node's strongest first up to MAX_TIES."""
    edges = [render.DrawEdge(a, b, float(d.get("weight", 1.0))) for a, b, d in G.edges(data=True)]
    if len(edges) > MAX_TIES:
        edges = render.strongest_ties(edges, MAX_TIES)
    return [{"source": e.source, "target": e.target, "weight": e.weight} for e in edges]


def _placed(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], organisations: int, ties: int
) -> WholeDrawing:
    """Positions (igraph, seeded) and drawn sizes for ``nodes``; what was left out, said."""
    index = {n["id"]: i for i, n in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[e["source"]], index[e["target"]]) for e in edges])
    rng = random.Random(7)
    # spread as far as the layout will (a tight start puts every node in one cell of the
    # grid variant: 20,000 nodes took minutes instead of seconds)
    side = math.sqrt(len(nodes))
    start = [[rng.uniform(-side, side), rng.uniform(-side, side)] for _ in nodes]
    if nodes:
        with igraph_seeded(rng):
            coords = g.layout_fruchterman_reingold(
                seed=start, niter=60 if len(nodes) > 1000 else 300, grid="auto"
            ).coords
    top = max((n["size"] for n in nodes), default=1.0) or 1.0
    for n, (x, y) in zip(nodes, coords if nodes else [], strict=True):
        n["x"], n["y"] = round(x, 3), round(y, 3)
        n["size"] = round(2.0 + 18.0 * math.sqrt(max(n["size"], 0.0) / top), 2)
    for e in edges:
        e["size"] = round(0.5 + math.log(max(e.pop("weight"), 1.0)), 2)
    note = f"{len(edges):,} of {ties:,} ties drawn (each organisation's strongest first)."
    return WholeDrawing(nodes, edges, organisations, ties, note=note if len(edges) < ties else "")
