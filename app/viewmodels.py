"""What a page shows, composed from graph/ functions (no streamlit, no Cypher, no new measures).

Each function takes the portfolio first, so ``state.Graph.derive`` can cache it per data version.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import networkx as nx

from app import render, shapes
from app.render import DrawEdge, DrawNode
from graph.analytics import lookup, money, prepared, registry, snapshot, tables
from graph.analytics.communities import louvain
from graph.analytics.networks import NetworkFilter, bipartite, co_partnership
from graph.analytics.portfolio import Portfolio
from graph.io import formats
from graph.io.registry import EXPORTS

NETWORKS: dict[str, Callable[[Portfolio, NetworkFilter], nx.Graph]] = {
    "partnership": prepared.partnerships,
    "bipartite": bipartite,
    "funding": money.funding_network,
}
SIZE_BY = registry.SIZE_BY  # the measures that can size a node, by the names people read
OVERVIEW_LABELS = 15  # names drawn at a glance (more overlap); the others on hover
COLOUR_BY = {"community": "community", "kind": "kind of node", "country": "country"}


@dataclass
class NetworkView:
    """A network ready to draw, with what the page should say about it."""

    nodes: list[DrawNode]
    edges: list[DrawEdge]
    notes: list[str] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)
    graph: nx.Graph = field(default_factory=nx.Graph)


def network(
    pf: Portfolio,
    flt: NetworkFilter,
    mode: str = "partnership",
    ego: str | None = None,
    hops: int = 1,
    size_by: str = "degree",
    colour_by: str = "community",
    limit: int | None = None,
) -> NetworkView:
    """The co-partnership (organisation–project, or funder–programme–organisation) network
    under ``flt``, optionally the ``hops``-step neighbourhood of ``ego`` (marked); sized by a
    centrality and coloured by a grouping. ``graph`` is what an export of the view writes.

    Sizes and communities come from the whole network; only its ``limit`` largest nodes are
    turned into drawable shapes (tens of thousands of tooltips would take a minute). The whole
    partnership network is never built for a drawing: its sizes and communities come from the
    same tables as Research (which a load prepares), and only the ties among the nodes drawn
    are made."""
    if mode == "partnership" and not ego:
        return _whole_partnership(pf, flt, size_by, colour_by, limit)
    G, notes = _network_graph(pf, flt, mode, ego, hops)
    scores = tables.MEASURES[size_by](G, 0, "auto")
    if scores.note:
        notes.append(f"{SIZE_BY[size_by]}: {scores.note}")
    groups = _groups(G, colour_by)
    shown, note = largest(G, scores, limit)
    if note:
        notes.append(note)
    return _view(pf, G, shown, scores, groups, size_by, mode, ego, notes)


def _network_graph(
    pf: Portfolio, flt: NetworkFilter, mode: str, ego: str | None, hops: int
) -> tuple[nx.Graph, list[str]]:
    """The network of ``mode`` under ``flt``, cut to ``ego``'s neighbourhood when given."""
    G = NETWORKS[mode](pf, flt)
    if not ego:
        return G, []
    if ego not in G:
        return nx.Graph(), ["The chosen organisation has no projects under these filters."]
    return nx.ego_graph(G, ego, radius=hops if mode == "partnership" else 2 * hops), []


def _whole_partnership(
    pf: Portfolio, flt: NetworkFilter, size_by: str, colour_by: str, limit: int | None
) -> NetworkView:
    """:func:`network` of the whole partnership network under ``flt``, from its tables."""
    table = prepared.sizes_table(pf, flt, size_by)
    scores = prepared.tabled(table, size_by)
    notes = [f"{SIZE_BY[size_by]}: {scores.note}"] if scores.note else []
    names = {v: pf.organisations[v].name for v in scores}
    limit = _cap(limit)
    order = sorted(scores, key=lambda v: (-scores[v], names[v]))
    notes += [_showing(limit, len(order))] if len(order) > limit else []
    shown = co_partnership(pf, replace(flt, only=frozenset(order[:limit])))
    groups = _grouped(pf, flt) if colour_by == "community" else _groups(shown, colour_by)
    ties = prepared.tabled(table, "partners")
    return _view(pf, shown, shown, scores, groups, size_by, "partnership", None, notes, ties)


def _view(
    pf: Portfolio,
    G: nx.Graph,
    shown: nx.Graph,
    scores: Mapping[str, float],
    groups: dict[str, str],
    size_by: str,
    mode: str,
    ego: str | None,
    notes: list[str],
    ties: Mapping[str, int] | None = None,
) -> NetworkView:
    """The shapes of ``shown`` (part of ``G``), its centre marked, each with its tie count."""
    nodes, edges = shapes.from_networkx(
        shown,
        size=scores,
        group=lambda node, attrs: groups.get(node, ""),
        size_name=SIZE_BY[size_by],
        edge_facts=lambda a, b, attrs: _shared(pf, attrs),
    )
    for node in nodes:
        node.marked = node.id == ego
        count = ties[node.id] if ties is not None else G.degree(node.id)
        node.facts.insert(0, ("ties" if mode == "partnership" else "links", str(count)))
    return NetworkView(nodes, edges, notes, groups, G)


def largest(G: nx.Graph, size: Mapping[str, float], limit: int | None) -> tuple[nx.Graph, str]:
    """``G``'s ``limit`` largest nodes (by ``size``, then name, as the renderer keeps them)
    and a sentence saying so; all of ``G`` when it is small enough."""
    limit = _cap(limit)
    if G.number_of_nodes() <= limit:
        return G, ""
    order = sorted(G, key=lambda v: (-size.get(v, 0.0), str(G.nodes[v].get("name") or v)))
    return G.subgraph(order[:limit]), _showing(limit, G.number_of_nodes())


def _cap(limit: int | None) -> int:
    return min(limit or render.MAX_NODES, render.MAX_NODES)


def _showing(limit: int, total: int) -> str:
    return f"Showing the {limit:,} largest of {total:,} nodes."


def _grouped(pf: Portfolio, flt: NetworkFilter) -> dict[str, str]:
    """Community labels of the partnership network under ``flt``, from its communities table."""
    found = snapshot.derived(pf, prepared.communities, flt)
    return {m["id"]: f"community {c['community'] + 1}" for c in found for m in c["members"]}


def _groups(G: nx.Graph, colour_by: str) -> dict[str, str]:
    if colour_by == "community":
        if G.number_of_edges() == 0:
            return {}
        part = louvain(G, seed=0)
        return {
            v: f"community {k + 1}" for k, members in enumerate(part.communities) for v in members
        }
    key = "label" if colour_by == "kind" else "country"
    return {v: str(attrs.get(key) or "") for v, attrs in G.nodes(data=True)}


def _shared(pf: Portfolio, attrs: Mapping[str, Any], limit: int = 5) -> list[tuple[str, str]]:
    """Tooltip lines naming the projects behind a tie (and the money, for funding links)."""
    ids = attrs.get("projects") or []
    money = [("EUR", f"{attrs['amount_eur']:,.0f}")] if "amount_eur" in attrs else []
    titles = [pf.projects[p].title or pf.projects[p].name for p in ids[:limit] if p in pf.projects]
    lines = [("project", t) for t in titles]
    if len(ids) > limit:
        lines.append(("and", f"{len(ids) - limit} more"))
    return money + lines


def network_drawing(
    pf: Portfolio,
    flt: NetworkFilter,
    mode: str,
    ego: str | None,
    hops: int,
    size_by: str,
    colour_by: str,
    limit: int,
) -> tuple[render.Drawing, list[str]]:
    """The drawing of :func:`network` (positions and HTML are the slow part: cache them too)."""
    view = network(pf, flt, mode, ego, hops, size_by, colour_by, limit)
    drawing = render.network_html(view.nodes, view.edges, max_nodes=limit, sizes=SIZE_BY[size_by])
    return drawing, view.notes


def network_file(
    pf: Portfolio,
    flt: NetworkFilter,
    mode: str,
    ego: str | None,
    hops: int,
    size_by: str,
    colour_by: str,
    limit: int,
    fmt: str,
) -> bytes:
    """Exactly what :func:`network_drawing` draws (its nodes and ties, filters and centre
    applied) as a GEXF (with years for Gephi's timeline), GraphML or CSV (zip) file."""
    return graph_file(pf, drawn_graph(pf, flt, mode, ego, hops, size_by, colour_by, limit), fmt)


def graph_file(pf: Portfolio, G: nx.Graph, fmt: str) -> bytes:
    """``G`` (derived from the portfolio) as a GEXF, GraphML or CSV (zip) file's bytes, with
    the types, labels, provenance and years of :func:`graph.io.formats.derived`."""
    return write_file(formats.derived(pf, G), fmt)


def write_file(H: nx.Graph, fmt: str) -> bytes:
    """``H`` as it is, in ``fmt``, as the bytes of the file a person downloads."""
    with tempfile.TemporaryDirectory(prefix="graph-network-") as folder:
        path = Path(folder) / EXPORTS[fmt].file_name("network")
        return formats.WRITERS[fmt](H, path).read_bytes()


def drawn_graph(
    pf: Portfolio,
    flt: NetworkFilter,
    mode: str,
    ego: str | None,
    hops: int,
    size_by: str,
    colour_by: str,
    limit: int,
) -> nx.Graph:
    """The nodes and ties :func:`network_drawing` keeps (the same cut as the renderer's), with
    their attributes from the network."""
    view = network(pf, flt, mode, ego, hops, size_by, colour_by, limit)
    nodes, edges, _ = render.cap(view.nodes, view.edges, limit, render.MAX_EDGES)
    G = view.graph
    H = G.__class__()
    H.add_nodes_from((n.id, G.nodes[n.id]) for n in nodes)
    H.add_edges_from((e.source, e.target, G.edges[e.source, e.target]) for e in edges)
    return H


def overview_drawing(pf: Portfolio) -> render.Drawing:
    """The Overview's organisation–project drawing of the largest nodes (by ties). The whole
    organisation–project graph is not built: ties are counted from the memberships, and only
    the nodes drawn are made."""
    degrees: Counter[str] = Counter()
    for pid in NetworkFilter().projects(pf):
        members = {o for o, _ in pf.members.get(pid, []) if o in pf.organisations}
        if members:
            degrees[pid] = len(members)
            degrees.update(members)
    orgs, projects = pf.organisations, pf.projects
    name = lambda v: orgs[v].name if v in orgs else projects[v].title or projects[v].name  # noqa: E731
    limit = render.DEFAULT_NODES
    order = sorted(degrees, key=lambda v: (-degrees[v], str(name(v))))[:limit]
    shown = bipartite(pf, NetworkFilter(only=frozenset(v for v in order if v in orgs)))
    shown = shown.subgraph(order)
    note = _showing(limit, len(degrees)) if len(degrees) > limit else ""
    drawing = render.network_html(
        *shapes.from_networkx(shown, size=degrees), height=520, labelled=OVERVIEW_LABELS
    )
    drawing.note = " ".join(n for n in (note, drawing.note) if n)
    return drawing


def all_partnerships(pf: Portfolio) -> nx.Graph:
    """Every co-partnership, proposals included (the profile and the partner paths)."""
    return snapshot.kept(pf, _all_partnerships)


def _all_partnerships(pf: Portfolio) -> nx.Graph:
    return co_partnership(pf, NetworkFilter(include_proposals=True))


def names(pf: Portfolio, what: str) -> lookup.NameIndex:
    """The search index of the organisations, or of the funders and programmes (a load
    prepares both)."""
    return snapshot.derived(pf, prepared.names, what)


def paths_drawing(pf: Portfolio, org_id: str, targets: tuple[str, ...]) -> render.Drawing:
    """The shortest partnership paths from ``org_id`` to each target, drawn small."""
    G = all_partnerships(pf)
    keep = {org_id} | set(targets)
    for target in targets:
        if org_id in G and target in G and nx.has_path(G, org_id, target):
            keep |= set(nx.shortest_path(G, org_id, target))
    sub = G.subgraph(keep)
    groups = {v: "you" if v == org_id else "suggested" if v in targets else "between" for v in sub}
    nodes, edges = shapes.from_networkx(
        sub, group=lambda v, attrs: groups[v], edge_facts=lambda a, b, attrs: _shared(pf, attrs)
    )
    nodes += [_lonely(pf, v, groups.get(v, "suggested")) for v in keep if v not in sub]
    return render.network_html(nodes, edges, height=380)


def _lonely(pf: Portfolio, org_id: str, group: str) -> DrawNode:
    org = pf.organisations[org_id]
    return DrawNode(id=org_id, label=org.name, group=group, facts=[("country", org.country or "")])
