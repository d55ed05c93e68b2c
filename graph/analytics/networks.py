"""Networks derived from the portfolio: who worked with whom, and on which projects.

Partnership between organisations is never stored; it is derived here from participations.
A :class:`Portfolio` is filtered in Python with a :class:`NetworkFilter` and projected to
networkx graphs:

- :func:`co_partnership`: organisations linked when they share a project; ``weight`` is the
  number of shared projects, ``distance`` its inverse (for shortest paths), ``projects`` the ids.
- :func:`bipartite`: organisations and the projects they take part in.

>>> from graph.model import Organisation, Project, Relationship, RelType
>>> recs = [Organisation(id="org:a", name="A", country="BG"), Organisation(id="org:b", name="B"),
...         Project(id="proj:p", name="P", status="completed"),
...         Relationship(type=RelType.PARTICIPATES_IN, start="org:a", end="proj:p", role="lead"),
...         Relationship(type=RelType.PARTICIPATES_IN, start="org:b", end="proj:p")]
>>> from graph.analytics.portfolio import Portfolio
>>> G = co_partnership(Portfolio.from_records(recs))
>>> G.edges["org:a", "org:b"]["weight"], G.edges["org:a", "org:b"]["projects"]
(1, ['proj:p'])
>>> G.nodes["org:a"]["country"]
'BG'
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

import networkx as nx

from graph.analytics import lookup
from graph.analytics.portfolio import PROPOSAL_STATUSES, REAL_STATUSES, Portfolio
from graph.model import Label, Project, normalise


@dataclass(frozen=True)
class NetworkFilter:
    """Which part of the portfolio a network is built from; every field narrows it.

    ``years`` keeps projects running at some time in the inclusive range; undated projects
    are left out once a range is set, unless ``keep_undated``. ``sponsors`` are funder or
    programme ids, matched anywhere above a project. ``themes`` are words matched
    (transliterated, case-folded) in a project's themes and titles. ``countries``, ``cities``
    and ``kinds`` select organisations (city ids or names); ``only``, when given, keeps just
    those organisations (the nodes a drawing shows). Proposed and rejected projects count only
    with ``include_proposals``.
    """

    years: tuple[int | None, int | None] = (None, None)
    sponsors: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    include_proposals: bool = False
    keep_undated: bool = False
    only: frozenset[str] = frozenset()

    def projects(self, pf: Portfolio, among: Iterable[str] | None = None) -> list[str]:
        """Ids of the projects this filter keeps (of ``among`` when given), in a stable order."""
        statuses = REAL_STATUSES | (PROPOSAL_STATUSES if self.include_proposals else set())
        words = [normalise(t) for t in self.themes if normalise(t)]
        keep = []
        ids = pf.projects if among is None else [p for p in among if p in pf.projects]
        for pid in sorted(ids):
            project = pf.projects[pid]
            if project.status not in statuses or not self._in_period(pf, project):
                continue
            if self.sponsors and not pf.sponsors.get(pid, set()) & set(self.sponsors):
                continue
            if words and not _mentions(project, words):
                continue
            keep.append(pid)
        return keep

    def organisations(self, pf: Portfolio) -> set[str]:
        """Ids of the organisations this filter keeps."""
        countries = {c.upper() for c in self.countries}
        cities = {normalise(c) for c in self.cities}
        kinds = {normalise(k) for k in self.kinds}
        keep = set()
        for oid in self.only or pf.organisations:
            org = pf.organisations.get(oid)
            if org is None:
                continue
            if countries and (org.country or "").upper() not in countries:
                continue
            if cities and not cities & _city_keys(pf, oid):
                continue
            if kinds and normalise(org.kind or "") not in kinds:
                continue
            keep.add(oid)
        return keep

    def _in_period(self, pf: Portfolio, project: Project) -> bool:
        low, high = self.years
        if low is None and high is None:
            return True
        first, last = pf.years[project.id]
        if first is None:
            return self.keep_undated
        return (high is None or first <= high) and (low is None or last >= low)


def _mentions(project: Project, words: list[str]) -> bool:
    text = normalise(" ".join([*project.themes, project.title or "", project.title_en or ""]))
    return any(w in text for w in words)


def _city_keys(pf: Portfolio, org_id: str) -> set[str]:
    city = pf.city_of(org_id)
    if city is None:
        return set()
    return {normalise(city.id), normalise(city.name), normalise(city.name_local or "")}


def node_attributes(pf: Portfolio, org_id: str) -> dict[str, Any]:
    """Attributes every organisation node carries (strings, so every export format takes them)."""
    org = pf.organisations[org_id]
    city = pf.city_of(org_id)
    return {
        "name": org.name,
        "kind": org.kind or "",
        "country": org.country or "",
        "city": city.name if city else "",
        "label": Label.ORGANISATION.value,
    }


def co_partnership(pf: Portfolio, flt: NetworkFilter | None = None) -> nx.Graph:
    """Organisations linked when they share a project (within the filter).

    Every organisation taking part in a kept project is a node, even without partners.
    """
    flt = flt or NetworkFilter()
    orgs = flt.organisations(pf)
    G = nx.Graph()
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pid in flt.projects(pf):
        members = sorted(_members(pf, pid, orgs))
        G.add_nodes_from(members)
        for pair in combinations(members, 2):
            shared[pair].append(pid)
    for node in G:
        G.nodes[node].update(node_attributes(pf, node))
    G.add_edges_from(
        (a, b, {"weight": len(p), "distance": 1.0 / len(p), "projects": p})
        for (a, b), p in shared.items()
    )
    return G


def shared_projects(pf: Portfolio, org_id: str, flt: NetworkFilter | None = None) -> Counter[str]:
    """``org_id``'s partners under ``flt``, each with the projects it shares with them: its
    ties in :func:`co_partnership` and their weights, without building the whole network (a
    profile asks for one organisation).

    >>> from graph.model import Organisation, Project, Relationship, RelType
    >>> recs = [Organisation(id="org:a", name="A"), Organisation(id="org:b", name="B"),
    ...         Project(id="proj:p", name="P", status="completed"),
    ...         Relationship(type=RelType.PARTICIPATES_IN, start="org:a", end="proj:p"),
    ...         Relationship(type=RelType.PARTICIPATES_IN, start="org:b", end="proj:p")]
    >>> shared_projects(Portfolio.from_records(recs), "org:a")
    Counter({'org:b': 1})
    """
    flt = flt or NetworkFilter()
    kept = flt.projects(pf, among={pid for pid, _ in pf.involved.get(org_id, [])})
    met = {o for pid in kept for o, _ in pf.members.get(pid, [])}
    met &= flt.only or met
    if not met:  # an empty ``only`` would keep every organisation
        return Counter()
    orgs = replace(flt, only=frozenset(met)).organisations(pf)  # only these: not all 50,000
    shared: Counter[str] = Counter()
    for pid in kept:
        members = _members(pf, pid, orgs)
        if org_id in members:
            shared.update(members - {org_id})
    return shared


def _members(pf: Portfolio, pid: str, orgs: set[str] | frozenset[str]) -> set[str]:
    """The organisations of project ``pid`` that a network keeps (one definition for both)."""
    return {o for o, _ in pf.members.get(pid, []) if o in orgs}


def bipartite(pf: Portfolio, flt: NetworkFilter | None = None) -> nx.Graph:
    """Organisations and projects (``bipartite`` attribute 0 and 1), linked by participation."""
    flt = flt or NetworkFilter()
    orgs = flt.organisations(pf)
    B = nx.Graph()
    for pid in flt.projects(pf):
        members = [(o, role) for o, role in pf.members.get(pid, []) if o in orgs]
        if not members:
            continue
        project = pf.projects[pid]
        B.add_node(pid, **_project_attributes(project), bipartite=1)
        for org_id, role in members:
            if org_id not in B:
                B.add_node(org_id, **node_attributes(pf, org_id), bipartite=0)
            B.add_edge(org_id, pid, role=role or "", weight=1)
    return B


def _project_attributes(project: Project) -> dict[str, Any]:
    return {
        "name": project.title or project.name,
        "kind": "project",
        "country": "",
        "city": "",
        "label": Label.PROJECT.value,
        "status": project.status or "",
        "start": project.start or "",
        "end": project.end or "",
        "amount_eur": project.amount_eur if project.amount_eur is not None else 0.0,
    }


def make_filter(
    pf: Portfolio,
    *,
    years: tuple[int | None, int | None] = (None, None),
    funder: str | None = None,
    themes: Iterable[str] = (),
    countries: Iterable[str] = (),
    cities: Iterable[str] = (),
    kinds: Iterable[str] = (),
    include_proposals: bool = False,
) -> NetworkFilter:
    """A filter from what a person typed: ``funder`` is a funder or programme name or id.

    Raises :class:`graph.errors.NotFound` with the closest names for an unknown funder.
    """
    sponsors: tuple[str, ...] = ()
    if funder:
        found = lookup.find_many({**pf.funders, **pf.programmes}, funder, "funder or programme")
        sponsors = tuple(found)
    return NetworkFilter(
        years=years,
        sponsors=sponsors,
        themes=tuple(themes),
        countries=tuple(countries),
        cities=tuple(cities),
        kinds=tuple(kinds),
        include_proposals=include_proposals,
    )
