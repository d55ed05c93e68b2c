"""What the Organisation profile shows: one organisation's projects, partners, funders, ranks
and the sources of each fact (no streamlit, no Cypher)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.analytics import tables
from graph.analytics.networks import NetworkFilter, shared_projects
from graph.analytics.portfolio import PROPOSAL_STATUSES, REAL_STATUSES, Portfolio
from graph.model import ids, transliterate
from graph.model.kinds import kind_name


def ranks(table: tables.Table, org_id: str) -> list[dict[str, Any]]:
    """Where one organisation stands on each centrality measure (1 = highest; ties in the
    table's order), counted in one pass per measure instead of sorting 50,000 rows."""
    out = []
    mine = next((r for r in table.rows if r["id"] == org_id), None)
    if mine is None:
        return out
    for name in tables.CENTRALITY:
        value = mine.get(name)
        if value is None:
            continue
        place, before, of = 1, True, 0
        for row in table.rows:
            if row is mine:
                before = False
            other = row.get(name)
            if other is None:
                continue
            of += 1
            place += other > value or (other == value and before)
        out.append({"measure": name, "value": value, "rank": place, "of": of})
    return out


def profile(pf: Portfolio, org_id: str, got: dict[str, Any]) -> dict[str, Any]:
    """One organisation's projects (with role, status, funders and its own share of the
    money, ``got`` from :func:`graph.analytics.money.received`), partners and funders.
    Partners are counted over every project, proposals included, as in the partner paths."""
    projects = []
    theirs = [(pid, role) for pid, role in pf.involved.get(org_id, []) if pid in pf.projects]
    for pid, role in theirs:
        p = pf.projects[pid]
        funders = sorted(pf.funder_name(s) for s in pf.sponsors.get(pid, set()))
        projects.append(
            {
                "project": p.title or p.name,
                "role": role or "",
                "status": p.status or "",
                "start": p.start or "",
                "end": p.end or "",
                "amount_eur": p.amount_eur,
                "share_eur": got["projects"].get(pid),
                "share": _basis(pid, got),
                "original": f"{p.amount:,.2f} {p.currency}" if p.amount and p.currency else "",
                "funders": ", ".join(funders),
            }
        )
    shared = shared_projects(pf, org_id, NetworkFilter(include_proposals=True))
    partners = [
        {
            "partner": pf.organisations[v].name,
            "country": pf.organisations[v].country or "",
            "shared_projects": n,
        }
        for v, n in shared.items()
    ]
    partners.sort(key=lambda r: (-r["shared_projects"], r["partner"]))
    projects.sort(key=lambda r: (r["start"], r["project"]))
    return {"projects": projects, "partners": partners, "funders": _funders(pf, org_id, got)}


def project_count(projects: list[dict[str, Any]]) -> str:
    """How many projects, saying how many are proposals: "10, 4 of them proposals".

    >>> project_count([{"status": "completed"}, {"status": "proposed"}, {"status": ""}])
    '3, 1 of them proposals'
    """
    proposals = sum(1 for p in projects if p["status"] in PROPOSAL_STATUSES)
    return f"{len(projects)}, {proposals} of them proposals" if proposals else str(len(projects))


def _basis(pid: str, got: dict[str, Any]) -> str:
    """Whether its share of a project is what a source states, or an estimated share."""
    if pid not in got["projects"]:
        return ""
    return "estimated share" if pid in got["estimated_projects"] else "stated"


def _funders(pf: Portfolio, org_id: str, got: dict[str, Any]) -> list[dict[str, Any]]:
    """Who paid for its counted projects (proposals left out): the money rows of ``got``,
    then the funders of projects whose sources give no amount (EUR empty, not zero)."""
    counted = {
        pid
        for pid, _ in pf.involved.get(org_id, [])
        if pid in pf.projects and pf.projects[pid].status in REAL_STATUSES
    }
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
    if props.get("kind"):
        rows.append(("kind", kind_name(props["kind"])))
    if props.get("website"):
        rows.append(("website", props["website"]))
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
        rows.append(
            {
                "fact": fact,
                "document": f"{title} — {file}" if title else file,
                "where": where,
                "quote": " … ".join(quotes.get(source, [])),
            }
        )
    return rows
