"""Centrality and brokerage measures with networkx's definitions, and igraph behind them at scale.

Every function is pure: it takes a networkx graph plus ``weight=``/``seed=`` and returns a
:class:`Scores` mapping node -> value that equals what networkx itself computes. ``backend``
picks the engine: ``"networkx"`` (the reference), ``"igraph"`` (the same numbers, 10-100x
faster), or ``"auto"``: igraph above :data:`NX_LIMIT` nodes. Betweenness and closeness are
exact up to :data:`EXACT_LIMIT` nodes and sampled above it; ``Scores.note`` then says how.

Weights mean strength for degree, eigenvector, PageRank and constraint (shared projects), and
length for betweenness and closeness (use the co-partnership ``distance``, or ``None`` for hops).
With fractional lengths the engines may break ties between equally long paths differently
(floating-point sums); hop counts and whole-number lengths give identical results.

igraph runs OpenMP-parallel code; the CLI and the app set ``OMP_NUM_THREADS=1`` before it is
imported, since threading on a busy machine made it many times slower (performance notes).

>>> G = nx.path_graph(4)
>>> betweenness(G)
{0: 0.0, 1: 0.6666666666666666, 2: 0.6666666666666666, 3: 0.0}
>>> betweenness(G, backend="igraph") == betweenness(G)
True
>>> core_number(nx.complete_graph(3), backend="igraph")
{0: 2, 1: 2, 2: 2}
"""

from __future__ import annotations

import math
import random
import warnings
import weakref
from collections.abc import Hashable, Sequence
from typing import Literal

import networkx as nx

from graph.errors import InvalidRequest

NX_LIMIT = 2_000  # above this many nodes "auto" computes with igraph
EXACT_LIMIT = 5_000  # above this many nodes betweenness and closeness are sampled
SAMPLE = 256  # sources for sampled betweenness
PIVOTS = 128  # pivots per component for sampled closeness (mean distances converge fast)
PIVOT_BLOCK = 32  # pivots whose distances igraph returns at once (bounds memory)
SMALL_COMPONENT = 32  # hop distances in smaller components by BFS: see _distance_sums

Backend = Literal["auto", "networkx", "igraph"]
Sample = int | None | Literal["auto"]


class Scores(dict):
    """Node -> value, plus how it was computed (``backend``, and ``note`` when approximate)."""

    def __init__(self, values: dict, backend: str, note: str = "") -> None:
        super().__init__(values)
        self.backend = backend
        self.note = note


def use_igraph(G: nx.Graph, backend: Backend) -> bool:
    """Whether ``backend`` means igraph for this graph."""
    if backend not in ("auto", "networkx", "igraph"):
        raise InvalidRequest(f"unknown backend {backend!r}; use auto, networkx or igraph")
    return backend == "igraph" or (backend == "auto" and G.number_of_nodes() > NX_LIMIT)


_IGRAPH: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def to_igraph(G: nx.Graph, *weights: str | None):
    """The same graph in igraph (vertex i is the i-th node of ``G``), cached per graph object.

    Edge attributes named in ``weights`` are copied (missing values count 1). Graphs are
    treated as unchanged once measured; a change in node count rebuilds the copy (counting
    edges would cost a pass over all nodes on every call).
    """
    import igraph as ig

    size = G.number_of_nodes()
    cached = _IGRAPH.get(G)
    if cached is None or cached[0] != size:
        index = {node: i for i, node in enumerate(G)}
        g = ig.Graph(n=len(index), edges=[(index[u], index[v]) for u, v in G.edges()])
        cached = (size, g)
        _IGRAPH[G] = cached
    g = cached[1]
    for name in weights:
        if name and name not in g.es.attributes():
            g.es[name] = [float(w) for _, _, w in G.edges(data=name, default=1.0)]
    return g


def _scores(G: nx.Graph, values: Sequence, backend: str, note: str = "") -> Scores:
    return Scores(dict(zip(G, values, strict=True)), backend, note)


def degree(G: nx.Graph, *, backend: Backend = "auto") -> Scores:
    """Degree centrality: the share of all other nodes a node is linked to."""
    if not use_igraph(G, backend):
        return Scores(nx.degree_centrality(G), "networkx")
    n = G.number_of_nodes()
    scale = 1.0 / (n - 1) if n > 1 else 1.0
    return _scores(G, [d * scale for d in to_igraph(G).degree()], "igraph")


def weighted_degree(G: nx.Graph, *, weight: str | None = "weight", backend: Backend = "auto"):
    """Sum of edge weights at each node (shared projects, for co-partnership)."""
    if not use_igraph(G, backend):
        return Scores(dict(G.degree(weight=weight)), "networkx")
    return _scores(G, to_igraph(G, weight).strength(weights=weight), "igraph")


def _sample_size(G: nx.Graph, sample: Sample, auto: int = SAMPLE) -> int | None:
    if sample == "auto":
        return auto if G.number_of_nodes() > EXACT_LIMIT else None
    if sample is not None and sample >= G.number_of_nodes():
        return None
    return sample


def betweenness(
    G: nx.Graph,
    *,
    weight: str | None = None,
    sample: Sample = "auto",
    seed: int = 0,
    backend: Backend = "auto",
) -> Scores:
    """Normalised betweenness, exact or estimated from ``sample`` sources chosen with ``seed``.

    The sources are those networkx picks for ``k=sample, seed=seed``, on either backend.
    """
    k = _sample_size(G, sample)
    note = "" if k is None else f"estimated from {k} of {len(G)} sources (seed {seed})"
    if not use_igraph(G, backend):
        values = nx.betweenness_centrality(G, k=k, weight=weight, seed=seed)
        return Scores(values, "networkx", note)
    g = to_igraph(G, weight)
    n = G.number_of_nodes()
    if n < 3:
        return _scores(G, [0.0] * n, "igraph", note)
    if k is None:
        raw = g.betweenness(directed=False, weights=weight)
        return _scores(G, [b * 2 / ((n - 1) * (n - 2)) for b in raw], "igraph")
    index = {node: i for i, node in enumerate(G)}
    sources = [index[s] for s in random.Random(seed).sample(list(G), k)]
    raw = g.betweenness(directed=False, weights=weight, sources=sources)
    # networkx counts ordered (source, target) pairs, igraph unordered ones: hence the 2.
    chosen = set(sources)
    scale_src = 2 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    scale_other = 2 / (k * (n - 2))
    values = [b * (scale_src if i in chosen else scale_other) for i, b in enumerate(raw)]
    return _scores(G, values, "igraph", note)


def closeness(
    G: nx.Graph,
    *,
    weight: str | None = None,
    sample: Sample = "auto",
    seed: int = 0,
    backend: Backend = "auto",
) -> Scores:
    """Closeness as networkx defines it (Wasserman–Faust scaling for disconnected graphs).

    Sampled: in components larger than ``sample`` nodes (:data:`PIVOTS` by default), each
    node's mean distance is estimated from its distances to ``sample`` random pivots of its
    component (Eppstein–Wang); smaller components are exact.
    """
    k = _sample_size(G, sample, PIVOTS)
    if k is None:
        if not use_igraph(G, backend):
            return Scores(nx.closeness_centrality(G, distance=weight), "networkx")
        return _igraph_closeness(G, weight)
    note = f"estimated from {k} pivots per component larger than {k} nodes (seed {seed})"
    name = "igraph" if use_igraph(G, backend) else "networkx"
    totals = _pivot_distance_sums(G, weight, k, seed, name)
    n = G.number_of_nodes()
    values = {v: (size - 1) / (n - 1) / mean if mean > 0 else 0.0 for v, (mean, size) in totals}
    return Scores({v: values[v] for v in G}, name, note)


def _igraph_closeness(G: nx.Graph, weight: str | None) -> Scores:
    g = to_igraph(G, weight)
    n = G.number_of_nodes()
    sizes = [0] * n
    for comp in g.connected_components():
        for v in comp:
            sizes[v] = len(comp)
    raw = g.closeness(weights=weight, normalized=True)
    values = [
        0.0 if math.isnan(c) or n < 2 else c * (s - 1) / (n - 1)
        for c, s in zip(raw, sizes, strict=True)
    ]
    return _scores(G, values, "igraph")


def _pivot_distance_sums(G: nx.Graph, weight: str | None, k: int, seed: int, backend: str):
    """(node, (estimated mean distance to the rest of its component, component size)) pairs."""
    rng = random.Random(seed)
    order = {node: i for i, node in enumerate(G)}
    by_order = components(G, backend="igraph" if backend == "igraph" else "networkx")
    comps = sorted((sorted(c, key=order.__getitem__) for c in by_order), key=lambda c: order[c[0]])
    for comp in comps:
        size = len(comp)
        pivots = comp if size <= k else rng.sample(comp, k)
        sums = _distance_sums(G, comp, pivots, weight, backend, order)
        for v in comp:
            mean = size * sums[v] / (len(pivots) * (size - 1)) if size > 1 else 0.0
            yield v, (mean, size)


def _distance_sums(
    G: nx.Graph, comp: list, pivots: list, weight: str | None, backend: str, index: dict
) -> dict:
    """Sum over ``pivots`` of the distance to each node of ``comp`` (``index``: node -> i).

    Each igraph call costs a pass over the whole graph, so a filtered network's hundreds of
    two- or three-node components took seconds there; their hop counts are whole numbers,
    so networkx's BFS sums them to the same values."""
    if backend == "igraph" and (weight is not None or len(comp) >= SMALL_COMPONENT):
        return _igraph_distance_sums(G, comp, pivots, weight, index)
    sums = dict.fromkeys(comp, 0.0)
    for p in pivots:
        if weight is None:
            dist = nx.single_source_shortest_path_length(G, p)
        else:
            dist = nx.single_source_dijkstra_path_length(G, p, weight=weight)
        for v, d in dist.items():
            sums[v] += d
    return sums


def _igraph_distance_sums(
    G: nx.Graph, comp: list, pivots: list, weight: str | None, index: dict
) -> dict:
    """As :func:`_distance_sums`, computed by igraph a block of pivots at a time."""
    import numpy as np

    g = to_igraph(G, weight)
    targets = [index[v] for v in comp]
    sums = np.zeros(len(comp))
    for start in range(0, len(pivots), PIVOT_BLOCK):
        block = [index[p] for p in pivots[start : start + PIVOT_BLOCK]]
        dist = np.array(g.distances(source=block, target=targets, weights=weight), dtype=float)
        sums += dist.sum(axis=0)  # one component: every distance is finite
    return dict(zip(comp, sums.tolist(), strict=True))


def eigenvector(G: nx.Graph, *, weight: str | None = "weight", backend: Backend = "auto"):
    """Eigenvector centrality, unit Euclidean norm (networkx's power iteration is the reference)."""
    if G.number_of_nodes() == 0:
        return Scores({}, "networkx")
    if not use_igraph(G, backend):
        return Scores(nx.eigenvector_centrality(G, weight=weight, max_iter=1000), "networkx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "disconnected graph": networkx agrees
        raw = to_igraph(G, weight).eigenvector_centrality(scale=True, weights=weight)
    norm = math.sqrt(sum(x * x for x in raw)) or 1.0
    return _scores(G, [x / norm for x in raw], "igraph")


def pagerank(
    G: nx.Graph, *, weight: str | None = "weight", alpha: float = 0.85, backend: Backend = "auto"
) -> Scores:
    """PageRank with damping ``alpha``; isolated nodes spread their rank evenly, as in networkx.

    networkx iterates to a tighter tolerance than its default, so both engines agree to 1e-6.
    """
    if not use_igraph(G, backend):
        return Scores(nx.pagerank(G, alpha=alpha, weight=weight, tol=1e-9), "networkx")
    g = to_igraph(G, weight)
    return _scores(G, g.pagerank(directed=False, damping=alpha, weights=weight), "igraph")


def constraint(G: nx.Graph, *, weight: str | None = "weight", backend: Backend = "auto"):
    """Burt's constraint: high when a node's partners are tied to each other (no brokerage).

    Isolated nodes get NaN, as in networkx.
    """
    if not use_igraph(G, backend):
        return Scores(nx.constraint(G, weight=weight), "networkx")
    return _scores(G, to_igraph(G, weight).constraint(weights=weight), "igraph")


def effective_size(G: nx.Graph, *, weight: str | None = None, backend: Backend = "auto"):
    """Burt's effective size: partners minus their redundancy (Borgatti's form when unweighted).

    igraph serves the unweighted form only; a weighted request is computed by networkx.
    """
    if weight is not None or not use_igraph(G, backend):
        note = "weighted effective size computed by networkx" if weight is not None else ""
        return Scores(nx.effective_size(G, weight=weight), "networkx", note)
    g = to_igraph(G)
    values = []
    for d, cc in zip(g.degree(), g.transitivity_local_undirected(mode="zero"), strict=True):
        ties = cc * d * (d - 1) / 2  # links among the node's partners
        values.append(math.nan if d == 0 else d - 2 * ties / d)
    return _scores(G, values, "igraph")


def core_number(G: nx.Graph, *, backend: Backend = "auto") -> Scores:
    """k-core number: the largest k such that the node is in a subgraph of minimum degree k."""
    if not use_igraph(G, backend):
        return Scores(nx.core_number(G), "networkx")
    return _scores(G, to_igraph(G).coreness(), "igraph")


def components(G: nx.Graph, *, backend: Backend = "auto") -> list[set[Hashable]]:
    """Connected components, largest first (ties in node order)."""
    order = {node: i for i, node in enumerate(G)}
    if not use_igraph(G, backend):
        comps = [set(c) for c in nx.connected_components(G)]
    else:
        nodes = list(G)
        comps = [{nodes[i] for i in c} for c in to_igraph(G).connected_components()]
    return sorted(comps, key=lambda c: (-len(c), min(order[v] for v in c)))
