"""Communities by Louvain modularity optimisation, with a fixed seed so results repeat.

networkx is the reference; igraph's multilevel algorithm (the same method) runs above the size
threshold of :mod:`graph.analytics.measures`. Both report modularity by the same definition.

>>> G = nx.barbell_graph(4, 0)
>>> part = louvain(G, seed=1)
>>> part.communities
[{0, 1, 2, 3}, {4, 5, 6, 7}]
>>> round(part.modularity, 3)
0.423
>>> louvain(G, seed=1, backend="igraph").communities == part.communities
True
"""

from __future__ import annotations

import random
import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import networkx as nx

from graph.analytics.measures import NX_LIMIT, Backend, to_igraph, use_igraph

_IGRAPH_RNG = threading.Lock()


@contextmanager
def igraph_seeded(rng: random.Random) -> Iterator[None]:
    """igraph draws from one process-wide generator: hold it, seeded, for one call, so two
    sessions computing at once neither share nor reset each other's draws."""
    import igraph as ig

    with _IGRAPH_RNG:
        ig.set_random_number_generator(rng)
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


@dataclass
class Partition:
    """Communities (largest first) and the modularity of the whole partition."""

    communities: list[set[Hashable]]
    modularity: float
    backend: str
    seed: int
    resolution: float = 1.0


def louvain(
    G: nx.Graph,
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 0,
    backend: Backend = "auto",
) -> Partition:
    """Louvain communities of ``G`` with ``seed``; each isolated node is its own community."""
    order = {node: i for i, node in enumerate(G)}
    if not use_igraph(G, backend):
        comms = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
        name = "networkx"
    else:
        comms = _igraph_louvain(G, weight, resolution, seed)
        name = "igraph"
    comms = sorted((set(c) for c in comms), key=lambda c: (-len(c), min(order[v] for v in c)))
    return Partition(comms, modularity(G, comms, weight, resolution), name, seed, resolution)


def _igraph_louvain(G: nx.Graph, weight: str | None, resolution: float, seed: int) -> list[set]:

    g = to_igraph(G, weight)
    with igraph_seeded(random.Random(seed)):
        clusters = g.community_multilevel(weights=weight, resolution=resolution)
    nodes = list(G)
    return [{nodes[i] for i in members} for members in clusters]


def modularity(
    G: nx.Graph, communities: list[set], weight: str | None = "weight", resolution: float = 1.0
) -> float:
    """Newman modularity of a partition (0.0 for a graph without edges, where it is undefined)."""
    if G.number_of_edges() == 0:
        return 0.0
    if G.number_of_nodes() <= NX_LIMIT:
        return nx.community.modularity(G, communities, weight=weight, resolution=resolution)
    membership = [0] * G.number_of_nodes()
    index = {node: i for i, node in enumerate(G)}
    for k, comm in enumerate(communities):
        for v in comm:
            membership[index[v]] = k
    g = to_igraph(G, weight)
    return g.modularity(membership, weights=weight, resolution=resolution)
