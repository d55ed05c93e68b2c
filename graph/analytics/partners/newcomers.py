"""Candidates beyond the graph: organisations known from loaded files with no project in it yet.

A registry file, a proposal, a list of applicants: such organisations are in the store but in
no project of the graph (no shared partner, no history), so the network and the learned
ranking know nothing of them. They are ranked here by what is known: the call's theme against
their names and the titles of any project outside the graph (a proposal), the kinds and
countries the call asks for or still needs. ``score = 0.6 theme + 0.2 kind + 0.2 country``:
``kind`` is 1 for a kind the call asks for or still needs, ``country`` 1 for a country it asks
for or still needs (0.5 for the asker's own country when the call names none). One without a
theme match is a candidate only when the call names countries or kinds it meets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from graph.analytics.partners import consortium
from graph.analytics.partners.index import THEME_MATCH, Call, PartnerIndex, call_vector
from graph.model.kinds import kind_key

NEW_TO_GRAPH = "no projects in the graph yet"
PARTS = {"theme": 0.6, "kind": 0.2, "country": 0.2}


def rows(index: PartnerIndex, keep: np.ndarray) -> np.ndarray:
    """Candidates (of ``keep``) with no project in the index."""
    return np.flatnonzero(keep & (index.n_projects == 0))


def scores(
    index: PartnerIndex, u: int | None, call: Call, keep: np.ndarray, needs: dict[str, set[str]]
) -> tuple[np.ndarray, np.ndarray]:
    """``(score, theme)`` over all organisations: -1 for all but the newcomers that fit the
    call; ``needs`` holds the ``"country"`` and ``"kind"`` values the call still needs."""
    score, theme = np.full(len(keep), -1.0), np.zeros(len(keep))
    cold = rows(index, keep)
    if not cold.size:
        return score, theme
    query = call_vector(index, u, call)
    if query is not None:
        every, texts = _known_work(index)
        theme[every] = (texts @ query.T).toarray().ravel()
        theme[~keep] = 0.0
    asked_kinds = {kind_key(k) for k in call.kinds} | needs.get("kind", set())
    asked_countries = {c.upper() for c in call.countries} | needs.get("country", set())
    kind = np.isin(index.kind[cold], list(asked_kinds)).astype(float)
    country = np.isin(index.country[cold], list(asked_countries)).astype(float)
    if u is not None and not asked_countries and index.country[u]:
        country = 0.5 * (index.country[cold] == index.country[u])
    fits = (theme[cold] >= THEME_MATCH) | (kind > 0) | (country >= 1)
    values = PARTS["theme"] * theme[cold] + PARTS["kind"] * kind + PARTS["country"] * country
    score[cold] = np.where(fits, values, -1.0)
    return score, theme


def suggest(
    index: PartnerIndex,
    organisation: str | None = None,
    call: Call | None = None,
    *,
    top: int = 10,
    besides: Sequence[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    """Organisations with no project in the graph yet that fit the call, best first (shown
    apart from, and after, the suggestions with evidence in the graph); those already among
    ``besides`` (the finder's suggestions, which may cover a need with one) are left out."""
    call = call or Call()
    members = consortium.members(index, organisation, call)
    keep = consortium.candidates(index, members, call, exclude=True)
    missing = consortium.needs(index, members, call)
    u = members[0] if members else None
    score, theme = scores(index, u, call, keep, consortium.grouped(missing))
    shown = {s["id"] for s in besides}
    return [
        {**explain(index, i, float(theme[i]), call), "score": round(float(score[i]), 4)}
        for i in consortium.best(index, score, top)
        if index.org_ids[i] not in shown
    ]


def _known_work(index: PartnerIndex) -> tuple[np.ndarray, Any]:
    """Every organisation with no project in the index, and the text rows of their known work
    (once per index: the theme model does not change between queries)."""
    if "newcomers" not in index.memo:
        every = np.flatnonzero(index.n_projects == 0)
        docs = [_texts(index, i) for i in every]
        index.memo["newcomers"] = every, index.vectorizer.transform(docs)
    return index.memo["newcomers"]


def _texts(index: PartnerIndex, i: int) -> list[str]:
    """What is known of a newcomer's work: its names, and projects outside the graph."""
    org = index.pf.organisations[index.org_ids[i]]
    out = [org.name, org.name_en or "", *org.aliases]
    for pid in index.outside_projects().get(org.id, []):
        project = index.pf.projects[pid]
        out += [project.title or project.name, project.title_en or "", *project.themes]
    return [t for t in out if t]


def explain(index: PartnerIndex, i: int, theme: float, call: Call) -> dict[str, Any]:
    """One newcomer as a suggestion: marked ``new_to_graph``, with what it is ranked by."""
    org = index.pf.organisations[index.org_ids[i]]
    city = index.pf.city_of(org.id)
    reasons = [NEW_TO_GRAPH]
    if theme >= THEME_MATCH:
        outside = index.outside_projects().get(org.id, [])
        titles = [f"“{index.pf.projects[p].title or index.pf.projects[p].name}”" for p in outside]
        what = f"its name and {', '.join(titles[:2])} match" if titles else "its name matches"
        topic = ", ".join(call.themes) if call.themes else "your work"
        reasons.append(f"{what} {topic}")
    if org.kind:
        reasons.append(f"kind: {org.kind}")
    where = ", ".join(x for x in (city.name if city else None, org.country) if x)
    if where:
        reasons.append(f"based in {where}")
    return {
        "id": org.id,
        "name": org.name,
        "reasons": reasons,
        "kind": org.kind,
        "country": org.country,
        "city": city.name if city else None,
        "parts": {"theme": round(theme, 4)},
        "known": False,
        "new_to_graph": True,
    }
