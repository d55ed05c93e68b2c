"""Funding flows: funder -> programme -> project -> organisation, in EUR, adding up.

Every flow is a sum of :func:`graph.analytics.allocations.allocations` (how each project's
money is divided to organisations), grouped by funder, programme, city, country,
organisation or year, and the Sankey chain of the same pieces.

>>> from graph.model import Funder, Organisation, Project, Relationship, RelType
>>> P, F = RelType.PARTICIPATES_IN, RelType.FUNDED_BY
>>> pf = Portfolio.from_records([Funder(id="funder:f", name="F"),
...     Organisation(id="org:a", name="A"), Organisation(id="org:b", name="B"),
...     Project(id="proj:p", name="P", amount=600.0, currency="BGN", amount_eur=306.78),
...     Relationship(type=F, start="proj:p", end="funder:f"),
...     Relationship(type=P, start="org:a", end="proj:p", role="lead"),
...     Relationship(type=P, start="org:b", end="proj:p", role="partner")])
>>> [(r["target"], r["amount_eur"], r["currencies"])
...  for r in flows(pf, "organisation", split="lead").rows]
[('A', 306.78, {'BGN': 600.0})]
>>> [(r["target"], r["amount_eur"]) for r in flows(pf, "organisation").rows]
[('A', 153.39), ('B', 153.39)]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.analytics.allocations import (
    DEFAULT_SPLIT,
    NO_ORG,
    UNKNOWN,
    Allocation,
    Split,
    allocations,
)
from graph.analytics.networks import NetworkFilter
from graph.analytics.portfolio import Portfolio
from graph.errors import InvalidRequest

BY = ("funder", "programme", "city", "country", "organisation", "year")
DIRECT = "(direct)"


@dataclass
class FlowReport:
    """Aggregated flows (largest first), the total, and the rules that were applied."""

    rows: list[dict[str, Any]]
    total_eur: float
    notes: list[str] = field(default_factory=list)


def flows(
    pf: Portfolio,
    by: str = "funder",
    split: Split = DEFAULT_SPLIT,
    flt: NetworkFilter | None = None,
    allocated: tuple[list[Allocation], list[str]] | None = None,
) -> FlowReport:
    """Money from each funder (or programme, with ``by="programme"``) to the ``by`` group.

    ``by="funder"`` gives funder -> programme ("(direct)" where a funder pays projects itself);
    ``by="programme"`` gives programme -> organisation; the others give funder -> city,
    country, organisation or year (the project's first year). Rows carry their grouping keys,
    ``currencies`` (original amounts), ``projects`` (how many projects the money came from) and
    ``estimated_eur`` (the part of ``amount_eur`` that is an estimated share, not stated).
    ``allocated`` is :func:`allocations` of the same arguments, when the caller already has it.
    """
    if by not in BY:
        raise InvalidRequest(f"unknown grouping {by!r}; use {', '.join(BY)}")
    allocs, notes = allocated or allocations(pf, split, flt)
    notes = list(notes)
    groups: dict[tuple, dict[str, Any]] = {}
    rows_of: dict[tuple, dict[str, Any]] = {}  # keys made once per payer and payee
    for alloc in allocs:
        payee = (alloc.funder, alloc.programme, alloc.organisation)
        if by == "year":
            payee += (alloc.project,)
        row = rows_of.get(payee)
        if row is None:
            keys = _keys(pf, alloc, by)
            row = rows_of[payee] = groups.setdefault(
                tuple(keys.items()),
                {
                    **keys,
                    "amount_eur": 0.0,
                    "estimated_eur": 0.0,
                    "currencies": defaultdict(float),
                    "projects": set(),
                },
            )
        row["amount_eur"] += alloc.amount_eur
        if alloc.estimated:
            row["estimated_eur"] += alloc.amount_eur
        if alloc.amount is not None and alloc.currency:
            row["currencies"][alloc.currency] += alloc.amount
        row["projects"].add(alloc.project)
    rows = [_finish(row) for row in groups.values()]
    _round_to_total(rows)
    for row in rows:  # money paid in euro is said once: the rounded amount, not a cent apart
        euro = row["currencies"].get("EUR")
        if len(row["currencies"]) == 1 and euro is not None:
            if abs(euro - row["amount_eur"]) < 0.015:  # rounding only (not a part without one)
                row["currencies"]["EUR"] = row["amount_eur"]
    rows.sort(key=lambda r: (-r["amount_eur"], r["source"], r["target"]))
    return FlowReport(rows, round(sum(a.amount_eur for a in allocs), 2), notes)


def _keys(pf: Portfolio, alloc: Allocation, by: str) -> dict[str, Any]:
    funder = pf.funder_name(alloc.funder) if alloc.funder != UNKNOWN else UNKNOWN
    programme = pf.funder_name(alloc.programme) if alloc.programme else DIRECT
    org = pf.organisations.get(alloc.organisation or "")
    city = pf.city_of(org.id) if org else None
    if by == "funder":
        return {"source": funder, "target": programme, "funder": funder, "programme": programme}
    if by == "programme":
        source = programme if alloc.programme else funder
        return {
            "source": source,
            "target": org.name if org else NO_ORG,
            "funder": funder,
            "programme": programme,
            "organisation": org.id if org else None,
        }
    target = {
        "city": city.name if city else UNKNOWN,
        "country": (org.country if org else None) or UNKNOWN,
        "organisation": org.name if org else NO_ORG,
        "year": str(pf.years[alloc.project][0] or UNKNOWN),
    }[by]
    keys = {"source": funder, "target": target, "funder": funder, by: target}
    if by == "organisation":
        keys.update(organisation=org.id if org else None, country=org.country if org else None)
    if by == "city":
        keys.update(country=(org.country if org else None) or UNKNOWN)
    return keys


def _round_to_total(rows: list[dict[str, Any]]) -> None:
    """Round amounts to cents so that the rounded rows add up to the rounded total exactly
    (largest remainders get the leftover cents)."""
    cents = [row["amount_eur"] * 100 for row in rows]
    floors = [int(c // 1) for c in cents]
    leftover = round(sum(cents)) - sum(floors)
    by_remainder = sorted(range(len(rows)), key=lambda i: floors[i] - cents[i])
    for i in by_remainder[:leftover]:
        floors[i] += 1
    for row, value in zip(rows, floors, strict=True):
        row["amount_eur"] = value / 100


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["estimated_eur"] = round(row["estimated_eur"], 2)
    row["currencies"] = {c: round(v, 2) for c, v in sorted(row["currencies"].items())}
    row["projects"] = len(row["projects"])
    return row


def chain(allocs: list[Allocation], pf: Portfolio) -> list[dict[str, Any]]:
    """Links of the whole chain for a Sankey: funder -> programme -> project -> organisation.

    Every stage carries the same total, in EUR, and ``original`` keeps the amounts per currency
    as the sources wrote them; ``estimated_eur`` is the part of a project -> organisation link
    that is an estimated share. Nodes are keyed by id (two projects with one title stay two),
    with ``source_name``/``target_name`` and ``*_kind`` to draw them; money a funder pays
    directly passes through that funder's own "(direct)" node.
    """
    links: dict[tuple[str, str, str], float] = defaultdict(float)
    estimated: dict[tuple[str, str, str], float] = defaultdict(float)
    originals: dict[tuple[str, str, str], dict[str, float]] = defaultdict(
        lambda: defaultdict(float)
    )
    for a in allocs:  # hot at large sizes: names are looked up once per node, below
        programme = a.programme or f"direct:{a.funder}"
        organisation = a.organisation or "no-organisation"
        keys = (
            ("funder", a.funder, programme),
            ("programme", programme, a.project),
            ("project", a.project, organisation),
        )
        for key in keys:
            links[key] += a.amount_eur
        if a.estimated:
            estimated[keys[-1]] += a.amount_eur
        if a.amount is not None and a.currency:
            for key in keys:
                originals[key][a.currency] += a.amount
    nodes = _chain_nodes(pf, links)
    return [
        {
            "stage": stage,
            "source": s,
            "target": t,
            "amount_eur": round(v, 2),
            "source_kind": nodes[s][0],
            "source_name": nodes[s][1],
            "target_kind": nodes[t][0],
            "target_name": nodes[t][1],
            "original": {c: round(x, 2) for c, x in sorted(originals[stage, s, t].items())},
            "estimated_eur": round(estimated.get((stage, s, t), 0.0), 2),
        }
        for (stage, s, t), v in links.items()
    ]


def _chain_nodes(
    pf: Portfolio, links: dict[tuple[str, str, str], float]
) -> dict[str, tuple[str, str]]:
    """Node id -> (kind, name) for every end of the chain's links."""
    nodes: dict[str, tuple[str, str]] = {}
    for stage, source, target in links:
        if stage == "funder":
            nodes[source] = ("funder", pf.funder_name(source))
            nodes[target] = (
                "programme",
                DIRECT if target.startswith("direct:") else pf.funder_name(target),
            )
        elif stage == "project":
            project = pf.projects[source]
            nodes[source] = ("project", project.title or project.name)
            org = pf.organisations.get(target)
            nodes[target] = ("organisation", org.name if org else NO_ORG)
    return nodes
