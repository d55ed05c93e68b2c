"""The portfolio: everything analytics need from the graph, read from the store at once.

The store is read once into a :class:`Portfolio` (four Cypher reads, see
``graph/store/cypher.py``) of model records keyed by id; networks, flows, the partner finder
and the app's pages all derive from it, so they agree with each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from graph.model import (
    ENTITY_CLASSES,
    City,
    Entity,
    Funder,
    Label,
    Organisation,
    Programme,
    Project,
    Record,
    Relationship,
    RelType,
    Status,
    label_of,
)
from graph.model.values import first_day
from graph.store import cypher

# Statuses of projects that did happen (or are happening); proposals are opt-in.
REAL_STATUSES = frozenset({Status.COMPLETED.value, Status.ONGOING.value, None})
PROPOSAL_STATUSES = frozenset({Status.PROPOSED.value, Status.REJECTED.value})


@dataclass
class Portfolio:
    """Everything analytics need from the graph, as model records keyed by id."""

    organisations: dict[str, Organisation] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    funders: dict[str, Funder] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    cities: dict[str, City] = field(default_factory=dict)
    participations: list[Relationship] = field(default_factory=list)
    funding: list[Relationship] = field(default_factory=list)
    part_of: dict[str, list[str]] = field(default_factory=dict)
    based_in: dict[str, str] = field(default_factory=dict)
    takes_place_in: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_records(cls, records: Iterable[Record]) -> Portfolio:
        """A portfolio straight from loader records (tests, benchmarks), without a store."""
        pf = cls()
        tables: dict[Label, dict[str, Any]] = {
            Label.ORGANISATION: pf.organisations,
            Label.PROJECT: pf.projects,
            Label.FUNDER: pf.funders,
            Label.PROGRAMME: pf.programmes,
            Label.CITY: pf.cities,
        }
        for rec in records:
            if isinstance(rec, Entity):
                tables[rec.label][rec.id] = rec
            else:
                pf._add_link(rec)
        return pf

    def _add_link(self, rel: Relationship) -> None:
        if rel.type is RelType.PARTICIPATES_IN:
            self.participations.append(rel)
        elif rel.type is RelType.FUNDED_BY:
            self.funding.append(rel)
        elif rel.type is RelType.PART_OF:
            self.part_of.setdefault(rel.start, []).append(rel.end)
        elif rel.type is RelType.BASED_IN and label_of(rel.start) is Label.ORGANISATION:
            self.based_in.setdefault(rel.start, rel.end)
        elif rel.type is RelType.TAKES_PLACE_IN:
            self.takes_place_in.setdefault(rel.start, []).append(rel.end)

    @cached_property
    def members(self) -> dict[str, list[tuple[str, str | None]]]:
        """Project id -> [(organisation id, role)], in a stable order."""
        return _grouped((rel.end, rel.start, rel.role) for rel in self.participations)

    @cached_property
    def involved(self) -> dict[str, list[tuple[str, str | None]]]:
        """Organisation id -> [(project id, role)], in a stable order (one organisation's page)."""
        return _grouped((rel.start, rel.end, rel.role) for rel in self.participations)

    @cached_property
    def sponsors(self) -> dict[str, set[str]]:
        """Project id -> every programme and funder above it (FUNDED_BY, then PART_OF upwards)."""
        out: dict[str, set[str]] = defaultdict(set)
        for rel in self.funding:
            out[rel.start] |= self.ancestors(rel.end)
        return dict(out)

    @cached_property
    def years(self) -> dict[str, tuple[int | None, int | None]]:
        """Project id -> :func:`project_years`, parsed once (filters ask on every rerun)."""
        return {pid: project_years(p) for pid, p in self.projects.items()}

    def ancestors(self, node_id: str) -> set[str]:
        """``node_id`` and everything it is PART_OF, transitively (cycles are harmless)."""
        seen, todo = set(), [node_id]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.part_of.get(current, []))
        return seen

    def city_of(self, org_id: str) -> City | None:
        city_id = self.based_in.get(org_id)
        return self.cities.get(city_id) if city_id else None

    def funder_name(self, node_id: str) -> str:
        node = self.funders.get(node_id) or self.programmes.get(node_id)
        return node.name if node else node_id


# Relationship types the analytics read (BASED_IN comes with the organisations).
NET_LINK_TYPES = (
    RelType.PARTICIPATES_IN,
    RelType.FUNDED_BY,
    RelType.PART_OF,
    RelType.TAKES_PLACE_IN,
)


def read_portfolio(store: Any) -> Portfolio:
    """The portfolio from the store in four reads (organisations, projects, context, links)."""
    pf = Portfolio()
    for node, city in _collected(store, cypher.NET_ORGANISATIONS):
        pf.organisations[node["id"]] = Organisation.from_properties(_clean(node))
        if city:
            pf.based_in[node["id"]] = city
    for node in _collected(store, cypher.NET_PROJECTS):
        pf.projects[node["id"]] = Project.from_properties(_clean(node))
    tables = {Label.FUNDER: pf.funders, Label.PROGRAMME: pf.programmes, Label.CITY: pf.cities}
    for node in _collected(store, cypher.NET_CONTEXT):
        label = label_of(node["id"])
        record = ENTITY_CLASSES[label].from_properties(_clean(node))
        tables[label][record.id] = record  # type: ignore[assignment]
    types = [t.value for t in NET_LINK_TYPES]
    for kind, start, end, role, amount, currency, amount_eur in _collected(
        store, cypher.NET_LINKS, types=types
    ):
        extra = {"role": role, "amount": amount, "currency": currency, "amount_eur": amount_eur}
        pf._add_link(Relationship.from_properties(RelType(kind), start, end, extra))
    return pf


def _grouped(
    triples: Iterable[tuple[str, str, str | None]],
) -> dict[str, list[tuple[str, str | None]]]:
    """``{key: [(other, role), ...]}`` from ``(key, other, role)`` triples, in their order."""
    out: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for key, other, role in triples:
        out[key].append((other, role))
    return dict(out)


def _collected(store: Any, query: str, **params: Any) -> list[Any]:
    """The one list a ``NET_*`` query collects its rows into (none: an empty graph)."""
    rows = store.read(query, **params)
    return rows[0]["rows"] if rows else []


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Map projections return every listed key; absent properties come back as None."""
    out = {k: v for k, v in props.items() if v is not None}
    out.setdefault("name", out.get("title") or out["id"])
    return out


def project_years(project: Project) -> tuple[int | None, int | None]:
    """First and last year a project ran, from ``start``/``end`` (either may stand for both);
    without dates, the year of the annual report that names it as done or under way."""
    start, end = first_day(project.start), first_day(project.end)
    if not (start or end):
        reported = (
            first_day(str(project.extra.get("report_year") or ""))
            if project.status in ("completed", "ongoing")
            else None
        )
        return (reported.year, reported.year) if reported else (None, None)
    return (start or end).year, (end or start).year
