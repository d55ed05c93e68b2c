"""What a page shows, composed from graph/ functions (no streamlit, no Cypher, no new measures).

Each function takes the portfolio first, so ``state.Graph.derive`` can cache it per data version.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from app import render, shapes
from app.render import DrawEdge, DrawNode
from graph.analytics import lookup, money, prepared, snapshot, tables
from graph.analytics.communities import louvain
from graph.analytics.measures import Scores
from graph.analytics.networks import NetworkFilter, bipartite, co_partnership
from graph.analytics.portfolio import REAL_STATUSES, Portfolio
from graph.io import formats
from graph.model import ids, transliterate

T = TypeVar("T")


NETWORKS: dict[str, Callable[[Portfolio, NetworkFilter], nx.Graph]] = {
    "partnership": prepared.partnerships,
    "bipartite": bipartite,
    "funding": money.funding_network,
}
SIZE_BY = {
    "degree": "partners (degree)",
    "betweenness": "betweenness",
    "eigenvector": "eigenvector",
    "pagerank": "PageRank",
    "closeness": "closeness",
}
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

    Sizes and communities come from the whole network (for the partnership network, from the
    same tables as Research, so a load has prepared them); only its ``limit`` largest nodes
    are turned into drawable shapes (tens of thousands of tooltips would take a minute)."""
    G = NETWORKS[mode](pf, flt)
    notes = []
    if ego:
        if ego in G:
            radius = hops if mode == "partnership" else 2 * hops
            G = nx.ego_graph(G, ego, radius=radius)
        else:
            notes.append("The chosen organisation has no projects under these filters.")
            G = nx.Graph()
    whole = mode == "partnership" and not ego
    scores = _tabled(pf, flt, size_by) if whole else tables.MEASURES[size_by](G, 0, "auto")
    if scores.note:
        notes.append(f"{SIZE_BY[size_by]}: {scores.note}")
    groups = _grouped(pf, flt) if whole and colour_by == "community" else _groups(G, colour_by)
    shown, note = largest(G, scores, limit)
    if note:
        notes.append(note)
    nodes, edges = shapes.from_networkx(
        shown,
        size=scores,
        group=lambda node, attrs: groups.get(node, ""),
        size_name=SIZE_BY[size_by],
        edge_facts=lambda a, b, attrs: _shared(pf, attrs),
    )
    for node in nodes:
        node.marked = node.id == ego
        node.facts.insert(0, ("ties" if mode == "partnership" else "links", str(G.degree(node.id))))
    return NetworkView(nodes, edges, notes, groups, G)


def largest(G: nx.Graph, size: Mapping[str, float], limit: int | None) -> tuple[nx.Graph, str]:
    """``G``'s ``limit`` largest nodes (by ``size``, then name, as the renderer keeps them)
    and a sentence saying so; all of ``G`` when it is small enough."""
    limit = min(limit or render.MAX_NODES, render.MAX_NODES)
    if G.number_of_nodes() <= limit:
        return G, ""
    order = sorted(G, key=lambda v: (-size.get(v, 0.0), str(G.nodes[v].get("name") or v)))
    note = f"Showing the {limit:,} largest of {G.number_of_nodes():,} nodes."
    return G.subgraph(order[:limit]), note


def _tabled(pf: Portfolio, flt: NetworkFilter, measure: str) -> Scores:
    """One measure of the partnership network under ``flt``, from its measures table."""
    table = snapshot.derived(pf, prepared.measures_table, flt)
    said = [n.split(": ", 1)[1] for n in table.notes if n.startswith(f"{measure}: estimated")]
    return Scores({r["id"]: r[measure] for r in table.rows}, "table", said[0] if said else "")


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
    pf: Portfolio, flt: NetworkFilter, mode: str, ego: str | None, hops: int,
    size_by: str, colour_by: str, limit: int,
) -> tuple[render.Drawing, list[str]]:  # fmt: skip
    """The drawing of :func:`network` (positions and HTML are the slow part: cache them too)."""
    view = network(pf, flt, mode, ego, hops, size_by, colour_by, limit)
    drawing = render.network_html(view.nodes, view.edges, max_nodes=limit, sizes=SIZE_BY[size_by])
    return drawing, view.notes


def network_file(
    pf: Portfolio, flt: NetworkFilter, mode: str, ego: str | None, hops: int, fmt: str
) -> bytes:
    """The network on screen (filters and ego applied) as a GEXF (with years for Gephi's
    timeline), GraphML or CSV (zip) file."""
    G = network(pf, flt, mode, ego, hops).graph
    H = formats.derived(pf, G)
    with tempfile.TemporaryDirectory(prefix="graph-network-") as folder:
        path = Path(folder) / f"network.{'zip' if fmt == 'csv' else fmt}"
        return formats.WRITERS[fmt](H, path).read_bytes()


def overview_drawing(pf: Portfolio) -> render.Drawing:
    """The Overview's organisation–project drawing (its layout is the slow part: cached)."""
    G = bipartite(pf)
    degrees = dict(G.degree())
    shown, note = largest(G, degrees, render.DEFAULT_NODES)
    drawing = render.network_html(*shapes.from_networkx(shown, size=degrees), height=520)
    drawing.note = " ".join(n for n in (note, drawing.note) if n)
    return drawing


def ranks(table: tables.Table, org_id: str) -> list[dict[str, Any]]:
    """Where one organisation stands on each centrality measure (1 = highest)."""
    out = []
    for name in tables.CENTRALITY:
        ordered = sorted((r for r in table.rows if r.get(name) is not None), key=lambda r: -r[name])
        for place, row in enumerate(ordered, start=1):
            if row["id"] == org_id:
                out.append({"measure": name, "value": row[name], "rank": place, "of": len(ordered)})
    return out


def _kept(pf: Portfolio, name: str, make: Callable[[], T]) -> T:
    """``make()`` once per portfolio (so once per data version), kept on it and shared by
    sessions: treat the result as read-only."""
    found = pf.__dict__.get(name)
    if found is None:
        found = pf.__dict__[name] = make()
    return found


def all_partnerships(pf: Portfolio) -> nx.Graph:
    """Every co-partnership, proposals included (the profile and the partner paths)."""
    return _kept(
        pf, "_all_partnerships", lambda: co_partnership(pf, NetworkFilter(include_proposals=True))
    )


def alphabetical(pf: Portfolio) -> list[str]:
    """Organisation ids by name, for pickers."""
    return _kept(
        pf, "_alphabetical", lambda: sorted(pf.organisations, key=lambda o: (
            pf.organisations[o].name.casefold(), o))
    )  # fmt: skip


def names(pf: Portfolio, what: str) -> lookup.NameIndex:
    """The search index of the organisations, or of the funders and programmes."""
    if what == "organisation":
        return _kept(pf, "_org_names", lambda: lookup.NameIndex(pf.organisations, what))
    return _kept(
        pf, "_funder_names", lambda: lookup.NameIndex({**pf.funders, **pf.programmes}, what)
    )


def profile(pf: Portfolio, org_id: str, got: dict[str, Any]) -> dict[str, Any]:
    """One organisation's projects (with role, status, funders and its own share of the
    money, ``got`` from :func:`graph.analytics.money.received`), partners and funders.
    Partners are counted over every project, proposals included, as in the partner paths."""
    projects = []
    for pid, members in pf.members.items():
        for oid, role in members:
            if oid != org_id or pid not in pf.projects:
                continue
            p = pf.projects[pid]
            funders = sorted(pf.funder_name(s) for s in pf.sponsors.get(pid, set()))
            projects.append({
                "project": p.title or p.name, "role": role or "", "status": p.status or "",
                "start": p.start or "", "end": p.end or "", "amount_eur": p.amount_eur,
                "share_eur": got["projects"].get(pid),
                "original": f"{p.amount:,.2f} {p.currency}" if p.amount and p.currency else "",
                "funders": ", ".join(funders),
            })  # fmt: skip
    shared: Counter[str] = Counter()
    for pid in NetworkFilter(include_proposals=True).projects(pf):
        members = {o for o, _ in pf.members.get(pid, []) if o in pf.organisations}
        if org_id in members:
            shared.update(members - {org_id})
    partners = [
        {"partner": pf.organisations[v].name, "country": pf.organisations[v].country or "",
         "shared_projects": n}
        for v, n in shared.items()
    ]  # fmt: skip
    partners.sort(key=lambda r: (-r["shared_projects"], r["partner"]))
    projects.sort(key=lambda r: (r["start"], r["project"]))
    return {"projects": projects, "partners": partners, "funders": _funders(pf, org_id, got)}


def _funders(pf: Portfolio, org_id: str, got: dict[str, Any]) -> list[dict[str, Any]]:
    """Who paid for its counted projects (proposals left out): the money rows of ``got``,
    then the funders of projects whose sources give no amount (EUR empty, not zero)."""
    counted = {
        pid for pid, members in pf.members.items()
        if pid in pf.projects and pf.projects[pid].status in REAL_STATUSES
        and any(oid == org_id for oid, _ in members)
    }  # fmt: skip
    lines: dict[str, set[str]] = {}
    for rel in pf.funding:
        if rel.start in counted:
            lines.setdefault(pf.funder_name(rel.end), set()).add(rel.start)
    rows = [
        {**row, "projects": max(row["projects"], len(lines.pop(row["funder or programme"], ())))}
        for row in got["funders"]
    ]
    return rows + [
        {"funder or programme": name, "projects": len(ids), "amount_eur": None}
        for name, ids in sorted(lines.items())
    ]


def identity(props: dict[str, Any], city: Any) -> list[tuple[str, str]]:
    """Names (with a Latin transliteration of Cyrillic), place, kind and website."""
    rows = [("name", props["name"])]
    if transliterate(props["name"]) != props["name"]:
        rows.append(("in Latin letters", transliterate(props["name"])))
    if props.get("name_en"):
        rows.append(("English name", props["name_en"]))
    for alias in props.get("aliases", []):
        latin = transliterate(alias)
        rows.append(("also known as", alias if latin == alias else f"{alias} ({latin})"))
    place = ", ".join(x for x in (city.name if city else "", props.get("country", "")) if x)
    rows.append(("based in", place or "unknown"))
    rows += [(key, props[key]) for key in ("kind", "website") if props.get(key)]
    return rows


def provenance(
    props: dict[str, Any], links: list[dict[str, Any]], titles: Mapping[str, str]
) -> list[dict[str, str]]:
    """The source behind each fact, as people read it: the document (its title where the file
    name says nothing), where in it, and the quote when the document was loaded with quotes."""
    rows = _sourced("the organisation itself", props, titles)
    for link in links:
        fact = f"{link['type']} → {link['other_name']}"
        if link["props"].get("role"):
            fact += f" ({link['props']['role']})"
        rows += _sourced(fact, link["props"], titles)
    return rows


def _sourced(fact: str, props: dict[str, Any], titles: Mapping[str, str]) -> list[dict[str, str]]:
    """One row per source, with the quotes read there (each quote starts with its source)."""
    quotes: dict[str, list[str]] = {}
    for quote in props.get("quotes") or []:
        where, _, text = quote.partition(": ")
        quotes.setdefault(where, []).append(text)
    rows = []
    for source in props.get("sources") or []:
        file, where = ids.place(source)
        title = titles.get(file)
        rows.append({
            "fact": fact, "document": f"{title} — {file}" if title else file, "where": where,
            "quote": " … ".join(quotes.get(source, [])),
        })  # fmt: skip
    return rows


def partner_index(pf: Portfolio) -> Any:
    """The partner finder's matrices, built once per data version."""
    from graph.analytics import partners  # scikit-learn takes seconds to import: only where needed

    return partners.PartnerIndex(pf)


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
