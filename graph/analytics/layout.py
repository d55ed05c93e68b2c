"""Where the whole network's nodes go, and what each looks like: pure functions, no page.

Positions come from igraph's Fruchterman–Reingold (grid variant, for large graphs) with a fixed
seed, so a drawing is the same on every rerun and in every process; a load prepares the whole
network's drawing (:func:`graph.analytics.prepared.whole_drawing`), which takes seconds at
50,000 organisations, and the page's first visit reads it. The palette and the choice of ties
to keep are shared with the app's smaller drawings (``app/render.py``).
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import igraph
import networkx as nx

from graph.analytics.communities import igraph_seeded

MAX_DRAWN = 20_000  # organisations drawn one by one; beyond, their communities
MAX_TIES = 100_000  # ties sent to the browser (each node's strongest first)
TIES_KEPT = 3  # per node, when ties must be cut
LABEL_SIZE = 9.0  # sigma names a node once it is drawn at least this large (zoom in for more)
COMMUNITY = "community:"  # id prefix of a node standing for a community
SEED = 7

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#86bcb6",
    "#d37295",
)
KIND_COLOURS = {
    "Organisation": "#4e79a7",
    "Project": "#f28e2b",
    "Funder": "#e15759",
    "Programme": "#edc948",
    "City": "#59a14f",
}


class Tie(Protocol):
    source: str
    target: str
    weight: float


TieT = TypeVar("TieT", bound=Tie)


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


@dataclass
class _Tie:
    source: str
    target: str
    weight: float


def colour_for(group: str, groups: list[str]) -> str:
    """A stable colour per group: the node kinds have their own, others cycle a palette.

    >>> colour_for("Funder", []), colour_for("b", ["a", "b"])
    ('#e15759', '#f28e2b')
    """
    if group in KIND_COLOURS:
        return KIND_COLOURS[group]
    return PALETTE[groups.index(group) % len(PALETTE)] if group in groups else "#97c2fc"


def strongest_ties(edges: list[TieT], limit: int) -> list[TieT]:
    """Each node's TIES_KEPT strongest ties first, then the strongest of the rest, up to limit."""
    ranked = sorted(edges, key=lambda e: -e.weight)
    per_node: dict[str, int] = defaultdict(int)
    first, rest = [], []
    for e in ranked:
        if per_node[e.source] < TIES_KEPT or per_node[e.target] < TIES_KEPT:
            per_node[e.source] += 1
            per_node[e.target] += 1
            first.append(e)
        else:
            rest.append(e)
    return (first + rest)[:limit]


def colours(G: nx.Graph, group: dict[str, int], colour_by: str) -> dict[str, str]:
    """Each node's colour: by its community (``group``), its kind or its country."""
    if colour_by == "community":
        return {v: PALETTE[group.get(v, 0) % len(PALETTE)] for v in G}
    key = "label" if colour_by == "kind" else "country"
    values = sorted({str(G.nodes[v].get(key) or "") for v in G})
    return {v: colour_for(str(G.nodes[v].get(key) or ""), values) for v in G}


def ties(G: nx.Graph) -> list[dict[str, Any]]:
    """The ties to draw: all of them, or each node's strongest first up to MAX_TIES."""
    edges = [_Tie(a, b, float(d.get("weight", 1.0))) for a, b, d in G.edges(data=True)]
    if len(edges) > MAX_TIES:
        edges = strongest_ties(edges, MAX_TIES)
    return [{"source": e.source, "target": e.target, "weight": e.weight} for e in edges]


def communities_drawing(
    G: nx.Graph, found: list[dict[str, Any]], group: dict[str, int]
) -> WholeDrawing:
    """One node per community (sized by its members), tied by the partnerships between them."""
    members = {f"{COMMUNITY}{c['community']}": c["size"] for c in found}
    nodes = [
        {
            "id": k,
            "label": f"community {int(k.split(':')[1]) + 1} ({n:,})",
            "size": float(n),
            "color": PALETTE[int(k.split(":")[1]) % len(PALETTE)],
        }
        for k, n in members.items()
    ]
    edges = [
        {"source": a, "target": b, "weight": float(w)} for (a, b), w in between(G, group).items()
    ]
    drawing = placed(nodes, edges, G.number_of_nodes(), len(edges))
    drawing.communities, drawing.members = True, members
    return drawing


def between(G: nx.Graph, group: dict[str, int]) -> Counter[tuple[str, str]]:
    """How many partnerships tie each two communities (by their node ids)."""
    counts: Counter[tuple[str, str]] = Counter()
    for a, b in G.edges():
        ca, cb = group.get(a), group.get(b)
        if ca is not None and cb is not None and ca != cb:
            counts[(f"{COMMUNITY}{min(ca, cb)}", f"{COMMUNITY}{max(ca, cb)}")] += 1
    return counts


def placed(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], organisations: int, ties: int
) -> WholeDrawing:
    """Positions (igraph, seeded) and drawn sizes for ``nodes``; what was left out, said."""
    index = {n["id"]: i for i, n in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[e["source"]], index[e["target"]]) for e in edges])
    rng = random.Random(SEED)
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
