"""The partner finder: who to invite to a call, ranked, and why.

A call is described by theme words, required countries and organisation kinds, and a funder;
an organisation (the one asking) is optional. Suggestions are new partners: organisations the
asker has not worked with (:func:`known_partners` lists the others, ``include_partners`` mixes
them in).

When an organisation asks and the graph has enough history, the score is the probability of a
new partnership from the ranker learned on that history (:mod:`.ranker`, features in
:mod:`.features`). Otherwise (no asker, or too little history to learn from) every candidate
gets four parts, each between 0 and 1:

- ``network`` (needs the organisation ``u``)::

      0.4 * w(u,v) / max w  +  0.4 * AA(u,v) / max AA  +  0.2 * P3(u,v) / max P3

  ``w`` is the number of projects shared directly, ``AA`` the Adamic–Adar index
  (the sum of 1 / log(partners of z) over common partners ``z``) and ``P3`` the number of
  walks of length 3; each maximum is taken over the candidates of this query.
- ``theme``: the cosine similarity between the call (theme words; without them, the asking
  organisation's own projects) and the candidate's closest project, over the stems of titles,
  descriptions and themes, each stemmed in its language, as words and character n-grams
  (:mod:`.text`), so that Bulgarian, Czech and English forms of a word meet.
- ``funder``: ``n / (n + 1)`` for ``n`` projects under the funder or programme (any level).
- ``geo`` (needs ``u``): 1 in the same city as ``u``, 0.5 in the same country, else 0.

``score = (0.4 network + 0.3 theme + 0.2 funder + 0.1 geo) / (sum of the weights that apply)``;
a part applies when its input was given. Required countries and kinds are filters, not scores.
Candidates without evidence (no tie within three steps, no project with a theme similarity of
at least ``THEME_MATCH``, no project under the funder) are left out, unless the call requires
countries or kinds: then every organisation that meets them is listed, the ones with evidence
first, so "Czech partners for us" is never an empty answer while Czech organisations exist.
Ties break by name.

A call may also name a consortium to complete, the countries and kinds it needs at least one
of, and organisations not wanted (:mod:`.consortium`); organisations with no project in the
graph yet are ranked apart (:mod:`.newcomers`), and used where the call's needs require them.

The index (sparse matrices, TF-IDF model, ranker) is built once per portfolio; a query is a
few sparse products over all organisations and one pass of the model over them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from graph.analytics import lookup
from graph.analytics.partners import consortium, features, newcomers, ranker, relevance
from graph.analytics.partners.index import (
    THEME_MATCH,
    Call,
    PartnerIndex,
    call_vector,
    sponsored_mask,
)
from graph.analytics.partners.ranker import Ranker
from graph.analytics.partners.reasons import Reasons
from graph.analytics.partners.relevance import Relevance
from graph.analytics.portfolio import Portfolio

WEIGHTS = {"network": 0.4, "theme": 0.3, "funder": 0.2, "geo": 0.1}
SHORTLIST = 3000  # candidates the learned ranking scores (the rest ranked out by cheap scores)
NETWORK_PARTS = {"direct": 0.4, "adamic_adar": 0.4, "walks3": 0.2}


def suggest(
    index: PartnerIndex,
    organisation: str | None = None,
    call: Call | None = None,
    *,
    include_partners: bool = False,
    top: int = 10,
) -> list[dict[str, Any]]:
    """Ranked suggestions ``[{"id", "name", "score", "reasons", ...}]``, best first.

    New partners only, unless ``include_partners`` (then existing partners compete too, marked
    ``"known": true``); :func:`known_partners` lists them apart. With ``call.consortium`` the
    candidates complete the consortium (:mod:`.consortium`); requirements of
    ``call.each_country`` / ``each_kind`` that no member meets are covered first, from beyond
    the graph (:mod:`.newcomers`, marked ``"new_to_graph": true``) when nothing in it meets
    them. Raises :class:`graph.errors.NotFound` (with the closest names) for an unknown
    organisation or funder.
    """
    call = call or Call()
    members = consortium.members(index, organisation, call)
    query = _ask(index, members, call, include_partners)
    missing = consortium.needs(index, members, call)
    cold, theme = np.full(len(index.org_ids), -1.0), np.zeros(len(index.org_ids))
    if missing or np.any((index.n_projects == 0) & (query.score >= 0)):  # newcomers needed
        cold, theme = newcomers.scores(
            index, query.u, call, query.keep, consortium.grouped(missing)
        )

    def fallback(what: str, value: str) -> int | None:
        """No candidate with evidence meets it: the closest to the theme of those that do,
        in the graph or beyond it, then the most active."""
        values = index.country if what == "country" else index.kind
        rows = np.flatnonzero((values == value) & query.keep)
        if not rows.size:
            return None
        near = _theme_of(index, query.u, call, rows, theme)
        names = [index.pf.organisations[index.org_ids[i]].name for i in rows]
        return int(rows[np.lexsort((names, -index.n_projects[rows], -near.round(9)))[0]])

    picks = consortium.cover_first(index, query.score, missing, fallback)
    rest = query.score.copy()
    rest[list(picks)] = -1.0
    rows = [*picks, *consortium.best(index, rest, top)][:top]
    return _present(query, rows, picks, cold, theme)


def _present(
    query: Query, rows: list[int], picks: dict[int, list[str]], cold: np.ndarray, theme: np.ndarray
) -> list[dict[str, Any]]:
    """The suggestions shown, in order: picks covering a need say so first; newcomers are
    explained by what is known of them."""
    index = query.index
    explained = query.explain([i for i in rows if index.n_projects[i] > 0])
    shown = []
    for i in rows:
        if i in explained:
            found = explained[i]
        else:
            found = newcomers.explain(index, i, float(theme[i]), query.call)
            found["score"] = round(max(float(query.score[i]), float(cold[i]), 0.0), 4)
        if i in picks:
            found["reasons"].insert(0, consortium.covers_reason(index, i, picks[i], query.call))
        shown.append(found)
    return shown


def _theme_of(
    index: PartnerIndex, u: int | None, call: Call, rows: np.ndarray, cold_theme: np.ndarray
) -> np.ndarray:
    """Each row's closest project to the call (newcomers: ``cold_theme``, from their names)."""
    out = cold_theme[rows].copy()
    query = call_vector(index, u, call)
    graph = index.n_projects[rows] > 0
    if query is not None and graph.any():
        sims = (index.texts @ query.T).toarray().ravel()
        out[graph] = features.best_per_org(index.incidence[rows[graph]], sims)
    return out


def known_partners(
    index: PartnerIndex, organisation: str, call: Call | None = None, *, top: int = 10
) -> list[dict[str, Any]]:
    """The asker's existing partners that meet the call, ranked the same way ("you already
    work with …", useful to complete a consortium)."""
    query = query_for(index, organisation, call, True)
    mine = np.zeros(len(index.org_ids), dtype=bool)
    mine[list(index.partners_of(query.u))] = True
    return query.shown(consortium.best(index, np.where(mine, query.score, -1.0), top))


def scores(
    index: PartnerIndex,
    organisation: str | None = None,
    call: Call | None = None,
    *,
    include_partners: bool = False,
    learned: bool = True,
    tiered: bool = True,
) -> np.ndarray:
    """The score of every organisation of the index (-1: not a candidate), as ranked;
    ``learned=False`` keeps to the fixed formula (to compare, or to explain by formula);
    ``tiered=False`` gives the model's (or formula's) own scores, before the call's theme
    and funder order them (:mod:`.relevance`); a consortium's are its members' combined."""
    call = call or Call()
    members = consortium.members(index, organisation, call)
    return _ask(index, members, call, include_partners, learned, tiered).score


def query_for(
    index: PartnerIndex,
    organisation: str | None,
    call: Call | None,
    include_partners: bool,
    use_model: bool = True,
) -> Query:
    """One organisation's query for ``call``, as the list orders it."""
    call = call or Call()
    u = index.row[index.names.find(organisation)] if organisation else None
    return _query_row(index, u, call, include_partners, use_model)


def _query_row(
    index: PartnerIndex,
    u: int | None,
    call: Call,
    include_partners: bool,
    use_model: bool = True,
    tiered: bool = True,
) -> Query:
    """One asker's scores; ``tiered``: as the list orders them (:meth:`Relevance.ranked`),
    else the model's or formula's own (a consortium combines those first)."""
    sponsors = sponsors_named(index.pf, call.funder)
    rel = relevance.of(index, call, sponsors, u)
    keep = consortium.candidates(
        index, [u] if u is not None else [], call, exclude=not include_partners
    )
    keep &= rel.allowed()
    learned = ranker.of(index) if u is not None and use_model else None
    if learned is not None:
        query = _learned(index, learned, u, call, sponsors, keep, rel)
    else:
        parts = _parts(index, u, call, sponsors, keep)
        weights = {name: WEIGHTS[name] for name in parts}
        total = sum(weights.values()) or 1.0
        score = sum(weights[name] * values for name, values in parts.items()) / total
        required = bool(call.countries or call.kinds)
        found = _evidence(parts, len(keep)) | (rel.on_theme > 0)
        found |= rel.near if rel.near is not None else False
        score = np.where(keep & (found | required), score, -1.0)
        query = Query(index, u, call, sponsors, score, parts=parts, keep=keep)
    query.rel = rel
    if tiered:
        query.score = rel.ranked(query.score)
    return query


def _ask(
    index: PartnerIndex,
    members: list[int],
    call: Call,
    include_partners: bool,
    use_model: bool = True,
    tiered: bool = True,
) -> Query:
    """One query for the asker, or (a consortium) each member's combined (:mod:`.consortium`)."""
    if len(members) < 2:
        u = members[0] if members else None
        return _query_row(index, u, call, include_partners, use_model, tiered)
    each = [_query_row(index, m, call, True, use_model, tiered=False) for m in members]
    keep = consortium.candidates(index, members, call, exclude=not include_partners)
    rel = each[0].rel
    keep &= rel.allowed()
    score = np.where(keep, consortium.combine([q.score for q in each]), -1.0)
    if tiered:
        score = rel.ranked(score)
        for q in each:
            q.score = rel.ranked(q.score)
    return Query(index, members[0], call, each[0].sponsors, score, keep=keep, each=each, rel=rel)


def _learned(
    index: PartnerIndex,
    model: Ranker,
    u: int,
    call: Call,
    sponsors: set[str],
    keep: np.ndarray,
    rel: Relevance,
) -> Query:
    """Scores from the ranker trained on this index's history (see :mod:`.ranker`), for a
    shortlist of candidates (every one the call makes relevant among them); the others are
    left out (-1)."""
    given = bool(" ".join(call.themes).strip())
    sponsored = sponsored_mask(index, sponsors) if sponsors else None
    query = call_vector(index, u, call)
    relevant = (rel.on_theme > 0) | (rel.funded > 0 if rel.funded is not None else False)
    relevant |= rel.near if rel.near is not None else False
    rows = np.union1d(_shortlist(index, u, keep, query), np.flatnonzero(keep & relevant))
    score = np.full(len(keep), -1.0)
    X = np.zeros((len(keep), len(features.NAMES)))
    X[rows] = features.matrix(index, u, query, given, sponsored, rows=rows)
    score[rows] = model.score(X[rows])
    return Query(index, u, call, sponsors, score, X=X, model=model, keep=keep)


def _shortlist(index: PartnerIndex, u: int, keep: np.ndarray, query: Any) -> np.ndarray:
    """At most :data:`SHORTLIST` candidates worth the model's time: the best reached through
    the network (walks of two and three steps), the most active, and the closest to the theme,
    a third each."""
    rows = np.flatnonzero(keep)
    if rows.size <= SHORTLIST:
        return rows
    direct = index.binary[u].toarray().ravel()
    walks2 = index.binary @ direct
    pools = [walks2 + 0.05 * (index.binary @ walks2), index.partners + index.recent]
    if query is not None:
        sims = (index.texts @ query.T).toarray().ravel()
        pools.append(features.best_per_org(index.incidence, sims))
    each = SHORTLIST // len(pools)
    chosen = [rows[np.argsort(-pool[rows], kind="stable")[:each]] for pool in pools]
    return np.unique(np.concatenate(chosen))


@dataclass
class Query:
    """One query's scores, and what is needed to explain the few shown."""

    index: PartnerIndex
    u: int | None
    call: Call
    sponsors: set[str]
    score: np.ndarray
    parts: dict[str, np.ndarray] | None = None
    X: np.ndarray | None = None
    model: Ranker | None = None
    keep: np.ndarray | None = None
    each: list[Query] | None = None  # a consortium's per-member queries
    rel: Relevance | None = None  # what the call makes relevant (:mod:`.relevance`)

    def explain(self, rows: list[int]) -> dict[int, dict[str, Any]]:
        """Suggestions with evidence in the graph, by row (one pass of the reasons per
        query): for a consortium, each by the member it fits best, with its ties to others."""
        if self.each is None:
            return {
                i: {**f, "new_to_graph": False} for i, f in zip(rows, self.shown(rows), strict=True)
            }
        members = [q.u for q in self.each if q.u is not None]
        by_member: dict[int, list[int]] = {}
        for i in rows:
            by_member.setdefault(int(np.argmax([q.score[i] for q in self.each])), []).append(i)
        out = {}
        for m, mine in by_member.items():
            for i, found in zip(mine, self.each[m].shown(mine), strict=True):
                found["score"] = round(max(relevance.shown(float(self.score[i])), 0.0), 4)
                found["known"] = i in self.index.partners_of(members[0])
                found["new_to_graph"] = False
                ties = consortium.member_ties(self.index, members, i)
                out[i] = {
                    **found,
                    "reasons": [ties, *found["reasons"]] if ties else found["reasons"],
                }
        return out

    def shown(self, best: list[int]) -> list[dict[str, Any]]:
        explain = Reasons(self.index, self.u, self.call, self.sponsors, self.rel)
        scores = [max(relevance.shown(float(self.score[i])), 0.0) for i in best]
        if self.X is not None:
            moved = self.model.moved(self.X[best]) if self.model and best else []
            return [
                explain.suggestion(i, s, m, learned=True)
                for i, s, m in zip(best, scores, moved, strict=True)
            ]
        parts = self.parts or {}
        return [
            explain.suggestion(i, s, {n: float(v[i]) for n, v in parts.items()})
            for i, s in zip(best, scores, strict=True)
        ]


def _evidence(parts: dict[str, np.ndarray], n: int) -> np.ndarray:
    """A tie within three steps, a project on the theme, or a project under the funder."""
    found = np.zeros(n, dtype=bool)
    found |= parts.get("network", 0.0) > 0
    found |= parts.get("theme", 0.0) >= THEME_MATCH
    found |= parts.get("funder", 0.0) > 0
    return found


def sponsors_named(pf: Portfolio, funder: str | None) -> set[str]:
    """The funders and programmes a call's funder names: those so called, and the programme
    each (a call or procedure) is part of; work under a funder's programmes counts through
    :attr:`Portfolio.sponsors`. A funder above a programme does not count: the European Union
    above AMIF would count all of Horizon Europe."""
    if not funder:
        return set()
    found = set(lookup.find_many({**pf.funders, **pf.programmes}, funder, "funder or programme"))
    return found | {up for f in found for up in pf.part_of.get(f, []) if up in pf.programmes}


def _parts(
    index: PartnerIndex, u: int | None, call: Call, sponsors: set[str], keep: np.ndarray
) -> dict:
    """Each applicable part of the score, as an array over all organisations."""
    parts: dict[str, np.ndarray] = {}
    if u is not None:
        parts["network"] = _network(index, u, keep)
        same_country = (index.country == index.country[u]) & (index.country[u] != "")
        same_city = (index.city == index.city[u]) & (index.city[u] != "")
        parts["geo"] = np.where(same_city, 1.0, np.where(same_country, 0.5, 0.0))
    query = call_vector(index, u, call)
    if query is not None:
        parts["theme"] = features.best_per_org(
            index.incidence, (index.texts @ query.T).toarray().ravel()
        )
    if sponsors:
        counts = index.incidence @ sponsored_mask(index, sponsors)
        parts["funder"] = counts / (counts + 1.0)
    return parts


def _network(index: PartnerIndex, u: int, keep: np.ndarray) -> np.ndarray:
    row = index.binary[u]
    direct = index.weights[u].toarray().ravel()
    aa = (row.multiply(index.inv_log) @ index.binary).toarray().ravel()
    walks = ((row @ index.binary) @ index.binary).toarray().ravel()
    out = np.zeros(len(index.org_ids))
    for weight, values in zip(NETWORK_PARTS.values(), (direct, aa, walks), strict=True):
        peak = values[keep].max() if keep.any() else 0.0
        if peak > 0:
            out += weight * values / peak
    return out
