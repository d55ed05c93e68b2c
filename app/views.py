"""What a page shows, composed from graph/ functions (no streamlit, no Cypher, no new measures).

Each function takes the portfolio first, so ``state.Graph.derive`` can cache it per data version.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from app import render, shapes
from app.render import DrawEdge, DrawNode
from graph.analytics import flows, tables
from graph.analytics.communities import louvain
from graph.analytics.networks import NetworkFilter, bipartite, co_partnership
from graph.analytics.portfolio import Portfolio
from graph.model import transliterate

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


def network(
    pf: Portfolio,
    flt: NetworkFilter,
    mode: str = "partnership",
    ego: str | None = None,
    hops: int = 1,
    size_by: str = "degree",
    colour_by: str = "community",
) -> NetworkView:
    """The co-partnership (or organisation–project) network under ``flt``, optionally the
    ``hops``-step neighbourhood of ``ego``; sized by a centrality and coloured by a grouping."""
    G = co_partnership(pf, flt) if mode == "partnership" else bipartite(pf, flt)
    notes = []
    if ego:
        if ego in G:
            radius = hops if mode == "partnership" else 2 * hops
            G = nx.ego_graph(G, ego, radius=radius)
        else:
            notes.append("The chosen organisation has no projects under these filters.")
            G = nx.Graph()
    scores = tables.MEASURES[size_by](G, 0, "auto")
    if scores.note:
        notes.append(f"{SIZE_BY[size_by]}: {scores.note}")
    groups = _groups(G, colour_by)
    nodes, edges = shapes.from_networkx(
        G,
        size=scores,
        group=lambda node, attrs: groups.get(node, ""),
        size_name=SIZE_BY[size_by],
        edge_facts=lambda a, b, attrs: _shared(pf, attrs),
    )
    return NetworkView(nodes, edges, notes, groups)


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
    """Tooltip lines naming the projects behind a partnership tie."""
    ids = attrs.get("projects") or []
    titles = [pf.projects[p].title or pf.projects[p].name for p in ids[:limit] if p in pf.projects]
    lines = [("project", t) for t in titles]
    if len(ids) > limit:
        lines.append(("and", f"{len(ids) - limit} more"))
    return lines


def network_drawing(
    pf: Portfolio, flt: NetworkFilter, mode: str, ego: str | None, hops: int,
    size_by: str, colour_by: str, limit: int,
) -> tuple[render.Drawing, list[str]]:  # fmt: skip
    """The drawing of :func:`network` (positions and HTML are the slow part: cache them too)."""
    view = network(pf, flt, mode, ego, hops, size_by, colour_by)
    return render.network_html(view.nodes, view.edges, max_nodes=limit), view.notes


def measures_table(pf: Portfolio, flt: NetworkFilter | None = None) -> tables.Table:
    """Every measure for every organisation of the co-partnership network (Research, Profile),
    with notes on which values are sampled and how each measure uses weights."""
    table = tables.centrality_table(co_partnership(pf, flt), list(tables.MEASURES))
    table.notes += [f"{name}: {how}" for name, how in tables.WEIGHTS.items()]
    return table


def communities(pf: Portfolio, flt: NetworkFilter | None = None) -> list[dict[str, Any]]:
    return tables.communities_table(co_partnership(pf, flt))


def ranks(table: tables.Table, org_id: str) -> list[dict[str, Any]]:
    """Where one organisation stands on each centrality measure (1 = highest)."""
    out = []
    for name in tables.CENTRALITY:
        ordered = sorted((r for r in table.rows if r.get(name) is not None), key=lambda r: -r[name])
        for place, row in enumerate(ordered, start=1):
            if row["id"] == org_id:
                out.append({"measure": name, "value": row[name], "rank": place, "of": len(ordered)})
    return out


@dataclass
class CityMap:
    cities: list[dict[str, Any]]
    arcs: list[dict[str, Any]]  # the strongest MAX_ARCS city pairs
    unplaced: int = 0  # organisations whose city has no coordinates
    pairs: int = 0  # all city pairs with shared projects


MAX_ARCS = 150  # each arc is a line the browser draws on its own: more freezes the map


def city_map(pf: Portfolio, flt: NetworkFilter, size_by: str = "money") -> CityMap:
    """Cities with the organisations based there and their projects, and partnership arcs."""
    orgs_ok = flt.organisations(pf)
    orgs: dict[str, set[str]] = {}
    projects: dict[str, set[str]] = {}
    unplaced = set()
    for pid in flt.projects(pf):
        for oid in {o for o, _ in pf.members.get(pid, []) if o in orgs_ok}:
            city = pf.city_of(oid)
            if city is None or city.lat is None or city.lon is None:
                unplaced.add(oid)
                continue
            orgs.setdefault(city.id, set()).add(oid)
            projects.setdefault(city.id, set()).add(pid)
    money: dict[str, float] = {}
    for a in flows.allocations(pf, "equal", flt)[0]:
        city = pf.based_in.get(a.organisation or "")
        money[city] = money.get(city, 0.0) + a.amount_eur
    cities = [
        _city_row(pf, cid, orgs[cid], projects[cid], money.get(cid, 0.0), size_by)
        for cid in sorted(orgs)
    ]
    arcs = _arcs(pf, co_partnership(pf, flt), set(orgs))
    return CityMap(cities, arcs[:MAX_ARCS], len(unplaced), len(arcs))


def _city_row(
    pf: Portfolio, city_id: str, orgs: set[str], projects: set[str], money: float, size_by: str
) -> dict[str, Any]:
    """``money`` is what reached the city's organisations (flows, equal shares where the sources
    do not split a project), so the cities add up to the whole instead of counting a project
    once in every partner's city."""
    city = pf.cities[city_id]
    names = sorted(pf.organisations[o].name for o in orgs)
    hover = (
        f"{len(orgs)} organisations, {len(projects)} projects, € {money:,.0f}<br>"
        + "<br>".join(html.escape(n) for n in names[:8])
        + (f"<br>… and {len(names) - 8} more" if len(names) > 8 else "")
    )
    return {
        "id": city_id, "name": city.name, "country": city.country or "", "lat": city.lat,
        "lon": city.lon, "organisations": len(orgs), "projects": len(projects),
        "amount_eur": money, "value": money if size_by == "money" else len(projects),
        "hover_html": hover,
    }  # fmt: skip


def _arcs(pf: Portfolio, G: nx.Graph, placed: set[str]) -> list[dict[str, Any]]:
    """Partnership ties between organisations in different cities, summed per city pair,
    strongest first."""
    pairs: dict[tuple[str, str], float] = {}
    for a, b, attrs in G.edges(data=True):
        ca, cb = pf.based_in.get(a), pf.based_in.get(b)
        if ca and cb and ca != cb and ca in placed and cb in placed:
            key = (min(ca, cb), max(ca, cb))
            pairs[key] = pairs.get(key, 0.0) + attrs.get("weight", 1)
    out = []
    for (ca, cb), weight in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        c0, c1 = pf.cities[ca], pf.cities[cb]
        out.append({
            "lat0": c0.lat, "lon0": c0.lon, "lat1": c1.lat, "lon1": c1.lon, "weight": weight,
            "hover": f"{c0.name} – {c1.name}: {weight:g} shared projects",
        })  # fmt: skip
    return out


def profile(pf: Portfolio, org_id: str) -> dict[str, Any]:
    """One organisation's projects (with role, status and funders), partners and funders."""
    projects = []
    sponsors: dict[str, list[float]] = {}
    for pid, members in pf.members.items():
        for oid, role in members:
            if oid != org_id or pid not in pf.projects:
                continue
            p = pf.projects[pid]
            funders = sorted(pf.funder_name(s) for s in pf.sponsors.get(pid, set()))
            projects.append({
                "project": p.title or p.name, "role": role or "", "status": p.status or "",
                "start": p.start or "", "end": p.end or "", "amount_eur": p.amount_eur,
                "original": f"{p.amount:,.2f} {p.currency}" if p.amount and p.currency else "",
                "funders": ", ".join(funders),
            })  # fmt: skip
            for name in funders:
                sponsors.setdefault(name, []).append(p.amount_eur or 0.0)
    G = co_partnership(pf, NetworkFilter(include_proposals=True))
    partners = [
        {"partner": pf.organisations[v].name, "country": pf.organisations[v].country or "",
         "shared_projects": G.edges[org_id, v]["weight"]}
        for v in (G[org_id] if org_id in G else [])
    ]  # fmt: skip
    partners.sort(key=lambda r: (-r["shared_projects"], r["partner"]))
    funders = [
        {"funder or programme": name, "projects": len(v), "amount_eur": sum(v)}
        for name, v in sorted(sponsors.items(), key=lambda i: -sum(i[1]))
    ]
    projects.sort(key=lambda r: (r["start"], r["project"]))
    return {"projects": projects, "partners": partners, "funders": funders}


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


def provenance(props: dict[str, Any], links: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The source (and quote, when the document was loaded) behind each fact."""
    rows = _sourced("the organisation itself", props)
    for link in links:
        fact = f"{link['type']} → {link['other_name']}"
        if link["props"].get("role"):
            fact += f" ({link['props']['role']})"
        rows += _sourced(fact, link["props"])
    return rows


def _sourced(fact: str, props: dict[str, Any]) -> list[dict[str, str]]:
    """One row per source, with the quotes read there (each quote starts with its source)."""
    quotes: dict[str, list[str]] = {}
    for quote in props.get("quotes") or []:
        where, _, text = quote.partition(": ")
        quotes.setdefault(where, []).append(text)
    return [
        {"fact": fact, "source": source, "quote": " … ".join(quotes.get(source, []))}
        for source in props.get("sources") or []
    ]


def sankey_links(pf: Portfolio, flt: NetworkFilter, split: str = "lead") -> dict[str, Any]:
    """Funder → programme → project → organisation links (from ``flows.chain``), each with
    the original amounts and currencies behind it for the hover, plus the flow table."""
    allocs, notes = flows.allocations(pf, split, flt)
    chain, folded = _fold_small(flows.chain(allocs, pf))
    if folded:
        notes = [*notes, folded]
    links = []
    for link in chain:
        money = link["original"]
        hover = ", ".join(f"{v:,.2f} {c}" for c, v in sorted(money.items()))
        links.append({**link, "hover": f"original: {hover}" if money else ""})
    table = flows.flows(pf, "programme", split, flt)
    return {"links": links, "table": table.rows, "total": table.total_eur, "notes": notes}


SANKEY_KEEP = 30  # projects and organisations drawn one by one; the rest share one band


def _fold_small(chain: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    """The chain with all but the SANKEY_KEEP biggest projects and organisations folded into
    "other projects" / "other organisations", so a large portfolio stays a readable Sankey.
    Totals are unchanged."""
    rename: dict[str, tuple[str, str]] = {}  # node id -> (folded id, folded name)
    said = []
    for kind, stage in (("project", "programme"), ("organisation", "project")):
        money: dict[str, float] = {}
        for link in chain:
            if link["stage"] == stage:
                money[link["target"]] = money.get(link["target"], 0.0) + link["amount_eur"]
        rest = sorted(money, key=lambda n: (-money[n], n))[SANKEY_KEEP:]
        if rest:
            rename.update((n, (f"other:{kind}", f"({len(rest)} other {kind}s)")) for n in rest)
            said.append(f"{len(rest)} smaller {kind}s")
    if not rename:
        return chain, ""
    folded: dict[tuple[str, str, str], dict[str, Any]] = {}
    for link in chain:
        new = dict(link, amount_eur=0.0, original={})
        for end in ("source", "target"):
            if link[end] in rename:
                new[end], new[f"{end}_name"] = rename[link[end]]
        into = folded.setdefault((link["stage"], new["source"], new["target"]), new)
        into["amount_eur"] = round(into["amount_eur"] + link["amount_eur"], 2)
        for currency, amount in link["original"].items():
            into["original"][currency] = round(into["original"].get(currency, 0.0) + amount, 2)
    note = f"The Sankey draws the {SANKEY_KEEP} biggest projects and organisations; "
    return list(folded.values()), note + " and ".join(said) + " share one band each."


def partner_index(pf: Portfolio) -> Any:
    """The partner finder's matrices, built once per data version."""
    from graph.analytics import partners  # scikit-learn takes seconds to import: only where needed

    return partners.PartnerIndex(pf)


def paths_drawing(pf: Portfolio, org_id: str, targets: tuple[str, ...]) -> render.Drawing:
    """The shortest partnership paths from ``org_id`` to each target, drawn small."""
    G = co_partnership(pf, NetworkFilter(include_proposals=True))
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
