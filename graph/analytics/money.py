"""The money every page shows, from one definition: :func:`graph.analytics.allocations.allocations`.

The Overview, the Map, Funding flows and the Profile all total the same allocations (each
participant's own amount where a source states it, the rest split by ``allocations.DEFAULT_SPLIT``
unless the page asks otherwise; proposals left out; projects without a status counted), so
their figures agree, and each says how much of its money is an estimated share.
No streamlit here: pages call these through ``state.Graph.derive``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

import networkx as nx

from graph.analytics import allocations, flows, snapshot
from graph.analytics.networks import NetworkFilter, node_attributes
from graph.analytics.portfolio import REAL_STATUSES, Portfolio

UNDATED = "undated"
ESTIMATED_HELP = (
    "Money no source assigns to this partner: the project's money its sources leave unassigned, "
    "shared by the split rule (equal shares unless set otherwise)."
)


def kept_allocations(
    pf: Portfolio, split: str, flt: NetworkFilter
) -> tuple[list[allocations.Allocation], list[str]]:
    """:func:`allocations.allocations`, computed once per data version, split and filter (the pages
    share them: the slow part of every money figure at large sizes); read-only."""
    return snapshot.kept(pf, allocations.allocations, split, flt, limit=16)  # type: ignore[arg-type]


def overview(pf: Portfolio) -> dict[str, Any]:
    """The Overview's figures: funded total, projects by status and year, most active."""
    flt = NetworkFilter()
    allocs, _ = kept_allocations(pf, allocations.DEFAULT_SPLIT, flt)
    amounts = allocations.project_amounts(pf)
    statuses: dict[str, list] = {}
    for pid, project in pf.projects.items():
        row = statuses.setdefault(
            project.status or "(none)", [0, 0.0, project.status in REAL_STATUSES]
        )
        row[0] += 1
        row[1] += amounts[pid] or 0.0
    kept = flt.projects(pf)
    per_year = Counter(str(pf.years[pid][0] or UNDATED) for pid in kept)
    money: dict[str, float] = defaultdict(float)
    guessed: dict[str, float] = defaultdict(float)
    for a in allocs:
        if a.organisation is not None:
            money[a.organisation] += a.amount_eur
            guessed[a.organisation] += a.amount_eur if a.estimated else 0.0
    counts = Counter(org for pid in kept for org in {o for o, _ in pf.members.get(pid, [])})
    top = sorted(counts, key=lambda o: (-counts[o], -money.get(o, 0.0), pf.organisations[o].name))
    return {
        "funded": round(sum(a.amount_eur for a in allocs), 2),
        "status": [
            {"status": k, "projects": n, "amount_eur": round(eur, 2), "counted": counted}
            for k, (n, eur, counted) in sorted(statuses.items())
        ],
        "years": [{"year": y, "projects": n} for y, n in sorted(per_year.items())],
        "top": [
            {
                "id": o,
                "name": pf.organisations[o].name,
                "country": pf.organisations[o].country or "",
                "projects": counts[o],
                "amount_eur": money.get(o, 0.0),
                "estimated_eur": round(guessed.get(o, 0.0), 2),
            }
            for o in top[:10]
        ],
    }


def funding_network(pf: Portfolio, flt: NetworkFilter) -> nx.Graph:
    """Who funds whom: funders, their programmes and the organisations the money reached
    (the same allocations as every total); ``weight`` and ``amount_eur`` are EUR."""
    G = nx.Graph()
    for a in kept_allocations(pf, allocations.DEFAULT_SPLIT, flt)[0]:
        if a.organisation is None or a.funder == allocations.UNKNOWN:
            continue
        payer = a.programme or a.funder
        steps = [(a.funder, payer)] if a.programme else []
        steps.append((payer, a.organisation))
        for node in (a.funder, payer):
            kind = "Programme" if node in pf.programmes else "Funder"
            G.add_node(node, name=pf.funder_name(node), label=kind, kind=kind.lower())
        G.add_node(a.organisation, **node_attributes(pf, a.organisation))
        for u, v in steps:
            if u == v:
                continue
            data = G.get_edge_data(u, v) or {"amount_eur": 0.0, "projects": []}
            data["amount_eur"] += a.amount_eur
            if a.project not in data["projects"]:
                data["projects"].append(a.project)
            G.add_edge(
                u,
                v,
                amount_eur=data["amount_eur"],
                projects=data["projects"],
                weight=max(data["amount_eur"] / 1000.0, 1.0),
            )
    return G


def by_organisation(pf: Portfolio) -> dict[str, list[allocations.Allocation]]:
    """Every organisation's allocations (default filter and split), for the profile."""
    out: dict[str, list[allocations.Allocation]] = defaultdict(list)
    for a in kept_allocations(pf, allocations.DEFAULT_SPLIT, NetworkFilter())[0]:
        if a.organisation is not None:
            out[a.organisation].append(a)
    return dict(out)


def received(pf: Portfolio, allocs: list[allocations.Allocation]) -> dict[str, Any]:
    """One organisation's money: in all, per project and per funder or programme, and which
    projects' shares are estimated (no source states its amount)."""
    projects: dict[str, float] = defaultdict(float)
    estimated: set[str] = set()
    funders: dict[str, list] = {}
    for a in allocs:
        projects[a.project] += a.amount_eur
        if a.estimated:
            estimated.add(a.project)
        name = pf.funder_name(a.programme or a.funder)
        row = funders.setdefault(name, [set(), 0.0])
        row[0].add(a.project)
        row[1] += a.amount_eur
    return {
        "total": round(sum(a.amount_eur for a in allocs), 2),
        "estimated": round(sum(a.amount_eur for a in allocs if a.estimated), 2),
        "projects": {pid: round(v, 2) for pid, v in projects.items()},
        "estimated_projects": sorted(estimated),
        "funders": [
            {"funder or programme": name, "projects": len(ids), "amount_eur": round(v, 2)}
            for name, (ids, v) in sorted(funders.items(), key=lambda i: -i[1][1])
        ],
    }


def by_year(
    pf: Portfolio, flt: NetworkFilter, split: str = allocations.DEFAULT_SPLIT
) -> list[dict[str, Any]]:
    """The money of :func:`kept_allocations` by each project's first year, with the running total
    (undated projects last, outside the running total): what a replay over the years adds."""
    money: dict[int | None, float] = defaultdict(float)
    projects: dict[int | None, set[str]] = defaultdict(set)
    for a in kept_allocations(pf, split, flt)[0]:
        year = pf.years[a.project][0]
        money[year] += a.amount_eur
        projects[year].add(a.project)
    rows, running = [], 0.0
    for year in sorted(money, key=lambda y: (y is None, y or 0)):
        running += money[year] if year is not None else 0.0
        rows.append(
            {
                "year": UNDATED if year is None else str(year),
                "amount_eur": round(money[year], 2),
                "cumulative_eur": None if year is None else round(running, 2),
                "projects": len(projects[year]),
            }
        )
    return rows


def undated(pf: Portfolio, flt: NetworkFilter) -> int:
    """How many projects a period filter hides only because they carry no date."""
    wide = replace(flt, years=(None, None))
    return sum(1 for pid in wide.projects(pf) if pf.years[pid][0] is None)


def year_bounds(pf: Portfolio) -> tuple[int, int] | None:
    """First and last year any project ran (the period slider's range)."""
    found = [y for pair in pf.years.values() for y in pair if y is not None]
    return (min(found), max(found)) if found else None


@dataclass
class CityMap:
    cities: list[dict[str, Any]]
    arcs: list[dict[str, Any]]  # the strongest MAX_ARCS city pairs
    unplaced: int = 0  # organisations whose city has no coordinates
    pairs: int = 0  # all city pairs with shared projects
    unplaced_eur: float = 0.0  # money reaching no mapped city (or no organisation)


MAX_ARCS = 150  # each arc is a line the browser draws on its own: more freezes the map


def city_map(
    pf: Portfolio,
    flt: NetworkFilter,
    size_by: str = "money",
    split: str = allocations.DEFAULT_SPLIT,
) -> CityMap:
    """Cities with the organisations based there and their projects, and partnership arcs.

    Money comes from :func:`allocations.allocations`, so cities plus ``unplaced_eur`` add up to the
    Funding flows total under the same filter and split rule.
    """
    orgs_ok = flt.organisations(pf)
    orgs: dict[str, set[str]] = {}
    projects: dict[str, set[str]] = {}
    unplaced = set()
    pairs: Counter[tuple[str, str]] = Counter()  # city pair -> organisation pairs x projects
    for pid in flt.projects(pf):
        here: Counter[str] = Counter()
        for oid in {o for o, _ in pf.members.get(pid, []) if o in orgs_ok}:
            city = pf.city_of(oid)
            if city is None or city.lat is None or city.lon is None:
                unplaced.add(oid)
                continue
            here[city.id] += 1
            orgs.setdefault(city.id, set()).add(oid)
            projects.setdefault(city.id, set()).add(pid)
        for ca, cb in combinations(sorted(here), 2):
            pairs[ca, cb] += here[ca] * here[cb]
    money: dict[str, float] = {}
    guessed: dict[str, float] = defaultdict(float)
    unplaced_money = 0.0
    for a in kept_allocations(pf, split, flt)[0]:
        city = pf.based_in.get(a.organisation or "")
        if city in orgs:
            money[city] = money.get(city, 0.0) + a.amount_eur
            guessed[city] += a.amount_eur if a.estimated else 0.0
        else:
            unplaced_money += a.amount_eur
    cities = [
        _city_row(pf, cid, orgs[cid], projects[cid], (money.get(cid, 0.0), guessed[cid]), size_by)
        for cid in sorted(orgs)
    ]
    arcs = _arcs(pf, pairs)
    return CityMap(cities, arcs[:MAX_ARCS], len(unplaced), len(arcs), round(unplaced_money, 2))


def _city_row(
    pf: Portfolio,
    city_id: str,
    orgs: set[str],
    projects: set[str],
    amounts: tuple[float, float],
    size_by: str,
) -> dict[str, Any]:
    """``amounts``: what reached the city's organisations (the flows' rule), and the part of it
    that is estimated shares; so the cities add up to the whole instead of counting a project
    once in every partner's city. ``names``: its organisations, by name."""
    money, guessed = amounts
    city = pf.cities[city_id]
    return {
        "id": city_id,
        "name": city.name,
        "country": city.country or "",
        "lat": city.lat,
        "lon": city.lon,
        "organisations": len(orgs),
        "projects": len(projects),
        "amount_eur": money,
        "estimated_eur": round(guessed, 2),
        "value": money if size_by == "money" else len(projects),
        "names": sorted(pf.organisations[o].name for o in orgs),
    }


def _arcs(pf: Portfolio, pairs: Counter[tuple[str, str]]) -> list[dict[str, Any]]:
    """Partnership ties between organisations in different cities, strongest first: per city
    pair, the shared projects of each pair of organisations, summed (the co-partnership
    network's weights between the two cities, without building it)."""
    out = []
    for (ca, cb), weight in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        c0, c1 = pf.cities[ca], pf.cities[cb]
        out.append(
            {
                "lat0": c0.lat,
                "lon0": c0.lon,
                "lat1": c1.lat,
                "lon1": c1.lon,
                "weight": weight,
                "hover": f"{c0.name} – {c1.name}: {weight:g} shared projects",
            }
        )
    return out


def sankey_links(
    pf: Portfolio, flt: NetworkFilter, split: str = allocations.DEFAULT_SPLIT
) -> dict[str, Any]:
    """Funder → programme → project → organisation links (from ``flows.chain``), each with
    the original amounts and currencies behind it, plus the flow table."""
    allocs, notes = kept_allocations(pf, split, flt)
    chain, folded = _fold_small(flows.chain(allocs, pf))
    if folded:
        notes = [*notes, folded]
    table = flows.flows(pf, "programme", split, flt, (allocs, notes))
    return {"links": chain, "table": table.rows, "total": table.total_eur, "notes": notes}


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
        source, target = rename.get(link["source"]), rename.get(link["target"])
        key = (
            link["stage"],
            source[0] if source else link["source"],
            target[0] if target else link["target"],
        )
        into = folded.get(key)
        if into is None:  # a copy per folded link only: there are 150,000 links at 50k
            into = folded[key] = dict(link, amount_eur=0.0, estimated_eur=0.0, original={})
            for end, renamed in (("source", source), ("target", target)):
                if renamed:
                    into[end], into[f"{end}_name"] = renamed
        into["amount_eur"] = round(into["amount_eur"] + link["amount_eur"], 2)
        into["estimated_eur"] = round(into["estimated_eur"] + link["estimated_eur"], 2)
        for currency, amount in link["original"].items():
            into["original"][currency] = round(into["original"].get(currency, 0.0) + amount, 2)
    note = f"The Sankey draws the {SANKEY_KEEP} biggest projects and organisations; "
    return list(folded.values()), note + " and ".join(said) + " share one band each."
