"""Which measures exist: the one list the CLI, the app's pickers and the README name.

Each measure has the name people read and a note on how it uses the co-partnership weight
(shared projects); :mod:`graph.analytics.tables` holds how each is computed, the CLI's
``--metric`` choices and the Network page's "Node size" picker are made from this list, and
``tests/test_architecture.py`` fails when the README names another. Light on purpose (no
networkx): the CLI builds its options from it before any command runs.

>>> [name for name in MEASURES if MEASURES[name].sizes]
['degree', 'betweenness', 'closeness', 'eigenvector', 'pagerank']
>>> GROUPS["brokerage"]
('constraint', 'effective_size')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """A measure of the partnership network as people meet it."""

    label: str  # the name a picker or caption shows
    weights: str  # how it uses the co-partnership weight (for people and --json)
    sizes: bool = False  # "more is more central": it can size a node in a drawing
    lowest_first: bool = False  # a smaller value ranks higher (more of a broker)
    group: str = "centrality"


MEASURES: dict[str, Measure] = {
    "degree": Measure(
        "partners (degree)", "counts partners (shared_projects: the sum of shared projects)", True
    ),
    "betweenness": Measure(
        "betweenness", "shortest paths in hops, or with length 1/shared projects on request", True
    ),
    "closeness": Measure(
        "closeness", "shortest paths in hops, or with length 1/shared projects on request", True
    ),
    "eigenvector": Measure("eigenvector", "weighted by shared projects", True),
    "pagerank": Measure("PageRank", "weighted by shared projects", True),
    "constraint": Measure(
        "constraint",
        "weighted by shared projects; lower is more of a broker",
        lowest_first=True,
        group="brokerage",
    ),
    "effective_size": Measure(
        "effective size",
        "unweighted (counts partners and the ties among them)",
        group="brokerage",
    ),
    "core": Measure("core number", "unweighted", group="cohesion"),
}
CENTRALITY = tuple(n for n, m in MEASURES.items() if m.group == "centrality")
# names the CLI's --metric takes besides the measures: each stands for several
GROUPS: dict[str, tuple[str, ...]] = {
    "brokerage": tuple(n for n, m in MEASURES.items() if m.group == "brokerage"),
    "all": tuple(MEASURES),
}
SIZE_BY: dict[str, str] = {n: m.label for n, m in MEASURES.items() if m.sizes}
