"""Why an organisation is (not) among the suggestions for a call, in the list's own terms:
its rank among the candidates the list shows (with evidence on the theme first, as the list
orders them, ties by name), or each filter of the call that leaves it out (issue 21)."""

from __future__ import annotations

from typing import Any

import numpy as np

from graph.analytics.partners import consortium, relevance
from graph.analytics.partners.finder import Query, query_for
from graph.analytics.partners.index import Call, PartnerIndex
from graph.analytics.partners.reasons import Reasons
from graph.model.kinds import kind_key


def why_not(
    index: PartnerIndex, organisation: str, candidate: str, call: Call | None = None
) -> dict[str, Any]:
    """Why ``candidate`` is (not) among ``organisation``'s suggestions for ``call``:
    ``{"id", "name", "suggested_rank", "because": [...], "reasons": [...]}``."""
    call = call or Call()
    query = query_for(index, organisation, call, False)
    v = index.row[index.names.find(candidate)]
    org = index.pf.organisations[index.org_ids[v]]
    because = []
    if v == query.u:
        because.append("it is the organisation asking")
    elif v in index.partners_of(query.u):
        n = int(index.partners_of(query.u)[v])
        because.append(
            f"already a partner ({n} shared project{'s' * (n != 1)}): suggestions are new "
            "partners; it is listed apart, with your known partners"
        )
    if call.countries and (org.country or "").upper() not in {c.upper() for c in call.countries}:
        because.append(
            f"based in {org.country or 'an unknown country'}, not in "
            f"{', '.join(call.countries)} as the call requires"
        )
    if call.kinds and kind_key(org.kind) not in {kind_key(k) for k in call.kinds}:
        because.append(
            f"a {org.kind or 'organisation of unknown kind'}, not "
            f"{' or '.join(call.kinds)} as the call requires"
        )
    if v in consortium.excluded(index, call):
        because.append("not wanted: the call excludes it")
    because += _filtered(query, v)
    rank = None
    if query.score[v] >= 0:
        rank = _position(query, v)
        because.append(_rank(query, v, rank))
    elif not because:
        because.append("no shared partners, theme or funder history to go on")
    explained = query.shown([v])[0]
    return {
        "id": org.id,
        "name": org.name,
        "suggested_rank": rank,
        "because": because,
        "reasons": explained["reasons"],
    }


def _filtered(query: Query, v: int) -> list[str]:
    """The call's funder and theme, as they apply to row ``v`` (:mod:`.relevance`)."""
    rel, out = query.rel, []
    if rel is None:
        return out
    if rel.funded is not None and rel.required and rel.funded[v] == 0:
        names = Reasons(query.index, None, query.call, query.sponsors).funder_names()
        out.append(
            f"has not worked under {names}, as the call requires (ask for any funder "
            "experience to include it)"
        )
    if rel.themed and rel.on_theme[v] == 0:
        n = int(query.index.n_projects[v])
        out.append(
            f"{relevance.OFF}: none of its {n} project{'s' * (n != 1)} is on "
            f"{', '.join(query.call.themes)}; listed after those with such evidence"
        )
    return out


def _position(query: Query, v: int) -> int:
    """``v``'s place in the list, ties broken by name as the list breaks them."""
    score, names = query.score.round(9), query.index.pf.organisations
    name = names[query.index.org_ids[v]].name
    ties = np.flatnonzero(score == score[v])
    before = sum(names[query.index.org_ids[i]].name < name for i in ties)
    return 1 + int(np.sum(score > score[v])) + int(before)


def _rank(query: Query, v: int, rank: int) -> str:
    """Where ``v`` stands in the list the same call shows."""
    listed = int(np.sum(query.score >= 0))
    rel = query.rel
    if rel is not None and rel.themed:
        on = int(np.sum(query.score >= 1.0))
        if query.score[v] >= 1.0:
            return f"ranked {rank} of {on} candidates with evidence on the theme"
        return f"ranked {rank} of {listed}, {rank - on} of the {listed - on} without evidence"
    return f"ranked {rank} of {listed} candidates"
