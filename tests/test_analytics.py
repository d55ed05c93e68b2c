"""Every measure equals networkx's own computation on the same network, read from the store;
igraph gives the same numbers; on the bundled seed graph too."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.analytics import measures
from graph.analytics.communities import louvain
from graph.analytics.networks import co_partnership
from graph.analytics.portfolio import Portfolio, read_portfolio
from graph.analytics.tables import (
    MEASURES,
    WEIGHTS,
    centrality_table,
    communities_table,
    expand_metrics,
)
from graph.store import Store
from tests.analytics_sample import records


@pytest.fixture
def network(store: Store) -> nx.Graph:
    store.write(records())
    return co_partnership(read_portfolio(store))


def _same(a: dict, b: dict, tol: float = 1e-9) -> bool:
    if a.keys() != b.keys():
        return False
    return all((math.isnan(a[k]) and math.isnan(b[k])) or abs(a[k] - b[k]) <= tol for k in a)


def _reference(G: nx.Graph) -> dict[str, tuple]:
    """(our function, networkx's own result, tolerance for igraph) per measure."""
    return {
        "degree": (measures.degree, nx.degree_centrality(G), 1e-12),
        "weighted degree": (measures.weighted_degree, dict(G.degree(weight="weight")), 1e-12),
        "betweenness": (measures.betweenness, nx.betweenness_centrality(G), 1e-12),
        "closeness": (measures.closeness, nx.closeness_centrality(G), 1e-12),
        "eigenvector": (
            measures.eigenvector,
            nx.eigenvector_centrality(G, weight="weight", max_iter=1000),
            1e-4,
        ),
        "pagerank": (measures.pagerank, nx.pagerank(G, weight="weight", tol=1e-9), 1e-6),
        "constraint": (measures.constraint, nx.constraint(G, weight="weight"), 1e-12),
        "effective size": (measures.effective_size, nx.effective_size(G), 1e-12),
        "k-core": (measures.core_number, nx.core_number(G), 0),
    }


def _check_all(G: nx.Graph) -> None:
    for name, (ours, theirs, tol) in _reference(G).items():
        assert _same(ours(G, backend="networkx"), theirs), name
        assert _same(ours(G, backend="igraph"), theirs, tol), name


def test_measures_equal_networkx_on_both_backends(network: nx.Graph) -> None:
    _check_all(network)
    assert measures.betweenness(network)["org:praha"] == pytest.approx(0.4464285714285714)
    assert measures.core_number(network)["org:lonely"] == 0


def test_weighted_paths_with_whole_lengths(network: nx.Graph) -> None:
    ref = nx.betweenness_centrality(network, weight="weight")
    for backend in ("networkx", "igraph"):
        assert _same(measures.betweenness(network, weight="weight", backend=backend), ref)
    ref = nx.closeness_centrality(network, distance="weight")
    assert _same(measures.closeness(network, weight="weight", backend="igraph"), ref)


def test_sampled_betweenness_is_networkx_with_k_and_the_note_says_so(network: nx.Graph) -> None:
    ref = nx.betweenness_centrality(network, k=4, seed=7)
    for backend in ("networkx", "igraph"):
        got = measures.betweenness(network, sample=4, seed=7, backend=backend)
        assert _same(got, ref)
        assert got.note == "estimated from 4 of 9 sources (seed 7)"


def test_sampled_closeness_is_exact_when_every_node_is_a_pivot(network: nx.Graph) -> None:
    ref = nx.closeness_centrality(network)
    estimated = measures.closeness(network, sample=len(network) - 1, seed=3, backend="networkx")
    pivots_everywhere = measures.closeness(network, sample=8, seed=3, backend="igraph")
    assert _same(measures.closeness(network, sample=100), ref)
    assert estimated.keys() == ref.keys()
    assert _same(
        pivots_everywhere, measures.closeness(network, sample=8, seed=3, backend="networkx")
    )
    assert "pivots" in pivots_everywhere.note


def test_sampled_closeness_is_the_same_when_small_components_are_walked_apart() -> None:
    """Components under SMALL_COMPONENT nodes are measured by BFS, not by igraph: the values
    are the same on both backends, and exact there (every node of them is a pivot)."""
    parts = [nx.path_graph(measures.SMALL_COMPONENT + 8), *map(nx.path_graph, (1, 2, 3, 5))]
    G = nx.disjoint_union_all(parts)
    fast = measures.closeness(G, sample=8, seed=3, backend="igraph")
    assert fast == measures.closeness(G, sample=8, seed=3, backend="networkx")
    exact = nx.closeness_centrality(G)
    small = range(measures.SMALL_COMPONENT + 8, len(G))
    assert [fast[v] for v in small] == pytest.approx([exact[v] for v in small], abs=1e-12)
    assert fast.backend == "igraph"


def test_components(network: nx.Graph) -> None:
    expected = [set(network) - {"org:lonely"}, {"org:lonely"}]
    assert measures.components(network, backend="networkx") == expected
    assert measures.components(network, backend="igraph") == expected


def test_louvain_matches_networkx_and_reports_modularity(network: nx.Graph) -> None:
    ref = nx.community.louvain_communities(network, weight="weight", seed=0)
    part = louvain(network, seed=0, backend="networkx")
    assert sorted(map(sorted, part.communities)) == sorted(map(sorted, ref))
    assert part.modularity == pytest.approx(nx.community.modularity(network, ref))
    fast = louvain(network, seed=0, backend="igraph")
    assert sorted(map(sorted, fast.communities)) == sorted(map(sorted, ref))
    assert fast.modularity == pytest.approx(part.modularity)
    rows = communities_table(network, seed=0)
    assert [r["size"] for r in rows] == [4, 4, 1]
    assert rows[2]["members"] == [{"id": "org:lonely", "name": "Lonely Foundation"}]


def test_igraph_louvain_on_clear_structure() -> None:
    G = nx.relabel_nodes(nx.ring_of_cliques(5, 6), str)
    for backend in ("networkx", "igraph"):
        part = louvain(G, seed=4, backend=backend)
        assert sorted(map(sorted, part.communities)) == [
            sorted(str(i) for i in range(k * 6, k * 6 + 6)) for k in range(5)
        ]


def test_centrality_table_ranks_and_names(network: nx.Graph) -> None:
    table = centrality_table(network, ["degree", "constraint"], top=2)
    assert [(r["id"], r["partners"], r["shared_projects"]) for r in table.rows] == [
        ("org:praha", 5, 6),
        ("org:cmp", 4, 5),
    ]
    everyone = centrality_table(network, ["constraint"])
    assert everyone.rows[-1] == {
        "id": "org:lonely",
        "name": "Lonely Foundation",
        "constraint": None,
    }
    assert table.notes == ["computed with networkx on 9 nodes, 10 edges"]


def test_seed_graph_measures_equal_networkx(store: Store) -> None:
    from loaders import bundled

    store.write(bundled.load().records)
    G = co_partnership(read_portfolio(store))
    assert G.number_of_edges() > 0
    assert nx.utils.graphs_equal(G, co_partnership(Portfolio.from_records(bundled.load().records)))
    _check_all(G)


def test_brokerage_ranks_the_hub_of_a_star_first() -> None:
    # issue 12 item 4: constraint was ranked highest first, so the leaves came first
    G = nx.star_graph(4)
    for metric in ("constraint", "brokerage"):
        rows = centrality_table(G, expand_metrics(metric)).rows
        assert [r["id"] for r in rows] == [0, 1, 2, 3, 4]
        assert rows[0]["constraint"] == pytest.approx(0.25)  # four partners, none tied
    # isolated nodes (constraint NaN -> None) come last in either direction
    G.add_node(9)
    assert centrality_table(G, ["constraint"]).rows[-1]["id"] == 9


def test_sampled_values_are_flagged_in_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    G = nx.path_graph(300)  # more nodes than sources (256) and pivots (128) sampled
    exact = centrality_table(G, ["degree", "betweenness"])
    assert "sampled" not in exact.rows[0]
    monkeypatch.setattr(measures, "EXACT_LIMIT", 100)  # sample above 100 nodes
    estimated = centrality_table(G, ["degree", "betweenness", "closeness"])
    assert {tuple(r["sampled"]) for r in estimated.rows} == {("betweenness", "closeness")}


def test_paths_by_shared_projects_on_request() -> None:
    # a–c share one project, a–b and b–c four each: by hops b lies on no shortest path;
    # with length 1/shared projects a–b–c (0.5) is shorter than a–c (1).
    G = nx.Graph()
    G.add_edge("a", "c", weight=1, distance=1.0)
    G.add_edge("a", "b", weight=4, distance=0.25)
    G.add_edge("b", "c", weight=4, distance=0.25)
    hops = {r["id"]: r["betweenness"] for r in centrality_table(G, ["betweenness"]).rows}
    assert hops == {"a": 0.0, "b": 0.0, "c": 0.0}
    table = centrality_table(G, ["betweenness", "closeness"], length="distance")
    assert [(r["id"], r["betweenness"]) for r in table.rows] == [("b", 1.0), ("a", 0.0), ("c", 0.0)]
    assert {r["id"]: r["closeness"] for r in table.rows}["b"] == pytest.approx(1 / 0.25)
    assert set(WEIGHTS) == set(MEASURES)
