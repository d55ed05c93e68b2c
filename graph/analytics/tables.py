"""Tables of measures for people: what the CLI prints and the app shows.

The numbers come from :mod:`graph.analytics.measures` and :mod:`graph.analytics.communities`
(networkx definitions, igraph at scale); this module only names them, rounds nothing, ranks rows
and collects the notes that say when a value was estimated. NaN (constraint of an isolated
node) becomes ``None``. Rows are ranked in the direction that means "more central" or "more of
a broker": highest first, except constraint, lowest first (a node whose partners are not tied
to each other is the broker). A row whose values are sampled estimates lists them under
``sampled``; :data:`WEIGHTS` says which measures use the number of shared projects, and how.

>>> G = nx.star_graph(3)
>>> table = centrality_table(G, ["degree", "betweenness"], top=2)
>>> [(r["id"], r["partners"], r["betweenness"]) for r in table.rows]
[(0, 3, 1.0), (1, 1, 0.0)]
>>> [r["id"] for r in centrality_table(G, ["constraint"]).rows]  # the hub brokers
[0, 1, 2, 3]
>>> communities_table(nx.barbell_graph(3, 0), seed=1)[0]["members"]
[{'id': 0, 'name': '0'}, {'id': 1, 'name': '1'}, {'id': 2, 'name': '2'}]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.analytics import measures, registry
from graph.analytics.communities import louvain
from graph.analytics.measures import Backend, Scores
from graph.errors import InvalidRequest

Measure = Callable[..., Scores]  # (G, seed, backend, length=None)

# name -> how the table computes it; the last argument is the path length (None: hops)
_COMPUTE: dict[str, Measure] = {
    "degree": lambda G, seed, backend, length=None: measures.degree(G, backend=backend),
    "betweenness": lambda G, seed, backend, length=None: measures.betweenness(
        G, weight=length, seed=seed, backend=backend
    ),
    "closeness": lambda G, seed, backend, length=None: measures.closeness(
        G, weight=length, seed=seed, backend=backend
    ),
    "eigenvector": lambda G, seed, backend, length=None: measures.eigenvector(G, backend=backend),
    "pagerank": lambda G, seed, backend, length=None: measures.pagerank(G, backend=backend),
    "constraint": lambda G, seed, backend, length=None: measures.constraint(G, backend=backend),
    "effective_size": lambda G, seed, backend, length=None: measures.effective_size(
        G, backend=backend
    ),
    "core": lambda G, seed, backend, length=None: measures.core_number(G, backend=backend),
}
# The registry's measures, in its order (a measure it names without a computation fails here).
MEASURES: dict[str, Measure] = {name: _COMPUTE[name] for name in registry.MEASURES}
# How each measure uses the co-partnership weight (shared projects), for people and --json.
WEIGHTS = {name: m.weights for name, m in registry.MEASURES.items()}
LOWEST_FIRST = frozenset(n for n, m in registry.MEASURES.items() if m.lowest_first)
CENTRALITY = registry.CENTRALITY
BROKERAGE = registry.GROUPS["brokerage"]


def expand_metrics(metric: str) -> list[str]:
    """A group of the registry (``all``, ``brokerage``) -> its measures; a measure -> itself."""
    if metric in registry.GROUPS:
        return list(registry.GROUPS[metric])
    if metric not in MEASURES:
        known = ", ".join([*MEASURES, *registry.GROUPS])
        raise InvalidRequest(f"unknown metric {metric!r}; use {known}")
    return [metric]


@dataclass
class Table:
    """Rows ranked highest first, and notes on how values were computed."""

    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)


def centrality_table(
    G: nx.Graph,
    metrics: Sequence[str] = CENTRALITY,
    *,
    top: int | None = None,
    seed: int = 0,
    backend: Backend = "auto",
    length: str | None = None,
) -> Table:
    """One row per node with each measure, ranked by the first; ``partners`` and
    ``shared_projects`` (degree and weighted degree) come with ``degree``. ``length`` is the
    edge attribute betweenness and closeness take as path length (``"distance"``: 1/shared
    projects), None for hops. A view without organisations has no rows (some measures fail
    on an empty graph)."""
    if not len(G):
        return Table([], ["no organisation in this view"])
    scores = {name: MEASURES[name](G, seed, backend, length) for name in metrics}
    if "degree" in metrics:
        scores["partners"] = Scores(dict(G.degree()), "networkx")
        scores["shared_projects"] = measures.weighted_degree(G, backend=backend)
    sampled = [name for name, s in scores.items() if s.note.startswith("estimated")]
    rows = [{"id": v, "name": str(G.nodes[v].get("name", v)), **_values(scores, v)} for v in G]
    if sampled:
        for row in rows:
            row["sampled"] = sampled
    rows = ranked(rows, metrics[0]) if metrics else rows
    notes = [f"{name}: {s.note}" for name, s in scores.items() if s.note]
    engines = sorted({s.backend for s in scores.values()})
    notes.append(f"computed with {', '.join(engines)} on {len(G)} nodes, {G.size()} edges")
    return Table(rows[:top] if top else rows, notes)


def ranked(rows: list[dict[str, Any]], measure: str) -> list[dict[str, Any]]:
    """Rows ordered by ``measure`` in its broker-like direction (constraint lowest first),
    missing values last, then by name.

    >>> [r["name"] for r in ranked([{"name": "leaf", "constraint": 1.0},
    ...     {"name": "hub", "constraint": 0.25}, {"name": "alone", "constraint": None}],
    ...     "constraint")]
    ['hub', 'leaf', 'alone']
    """
    sign = -1.0 if measure in LOWEST_FIRST else 1.0
    return sorted(rows, key=lambda r: (-_rank_value(r.get(measure), sign), r["name"]))


def _values(scores: dict[str, Scores], node: Any) -> dict[str, Any]:
    out = {}
    for name, values in scores.items():
        value = values[node]
        out[name] = None if isinstance(value, float) and math.isnan(value) else value
    return out


def _rank_value(value: Any, sign: float = 1.0) -> float:
    """Higher ranks first; missing values (NaN constraint) last in either direction."""
    return float("-inf") if value is None else sign * float(value)


def communities_table(
    G: nx.Graph, *, seed: int = 0, backend: Backend = "auto", weight: str | None = "weight"
) -> list[dict[str, Any]]:
    """Louvain communities, largest first, each with its members and the partition's modularity."""
    part = louvain(G, weight=weight, seed=seed, backend=backend)
    order = {node: i for i, node in enumerate(G)}
    return [
        {
            "community": k,
            "size": len(members),
            "modularity": part.modularity,
            "members": [
                {"id": v, "name": str(G.nodes[v].get("name", v))}
                for v in sorted(members, key=order.__getitem__)
            ],
        }
        for k, members in enumerate(part.communities)
    ]
