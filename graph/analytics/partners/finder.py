"""The partner finder: who to invite to a call, ranked, and why.

A call is described by theme words, required countries and organisation kinds, and a funder;
an organisation (the one asking) is optional. Every candidate organisation gets four parts,
each between 0 and 1:

- ``network`` (needs the organisation ``u``)::

      0.4 * w(u,v) / max w  +  0.4 * AA(u,v) / max AA  +  0.2 * P3(u,v) / max P3

  ``w`` is the number of projects shared directly, ``AA`` the Adamic–Adar index
  (the sum of 1 / log(partners of z) over common partners ``z``) and ``P3`` the number of
  walks of length 3; each maximum is taken over the candidates of this query.
- ``theme``: the cosine similarity between the call (theme words; without them, the asking
  organisation's own projects) and the candidate's closest project, in TF-IDF over character
  3–5-grams of transliterated, case-folded titles, descriptions and themes, so that Bulgarian,
  Czech and English forms of a word ("миграция", "migrace", "migration") meet.
- ``funder``: ``n / (n + 1)`` for ``n`` projects under the funder or programme (any level).
- ``geo`` (needs ``u``): 1 in the same city as ``u``, 0.5 in the same country, else 0.

``score = (0.4 network + 0.3 theme + 0.2 funder + 0.1 geo) / (sum of the weights that apply)``;
a part applies when its input was given. Required countries and kinds are filters, not scores.
Candidates without evidence (no tie within three steps, no project with a theme similarity of
at least ``THEME_MATCH``, no project under the funder) are left out, unless the call requires
countries or kinds: then every organisation that meets them is listed, the ones with evidence
first, so "Czech partners for us" is never an empty answer while Czech organisations exist.
Ties break by name.

The index (sparse matrices, TF-IDF model) is built once per portfolio; a query is a few sparse
products over all organisations, well under 0.5 s at 50,000 organisations.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graph.analytics import lookup
from graph.analytics.partners.index import (
    THEME_MATCH,
    Call,
    PartnerIndex,
    call_vector,
    sponsored_mask,
)
from graph.analytics.partners.reasons import Reasons
from graph.analytics.portfolio import Portfolio
from graph.model import normalise

WEIGHTS = {"network": 0.4, "theme": 0.3, "funder": 0.2, "geo": 0.1}
NETWORK_PARTS = {"direct": 0.4, "adamic_adar": 0.4, "walks3": 0.2}


def suggest(
    index: PartnerIndex,
    organisation: str | None = None,
    call: Call | None = None,
    *,
    exclude_partners: bool = False,
    top: int = 10,
) -> list[dict[str, Any]]:
    """Ranked suggestions ``[{"id", "name", "score", "reasons", ...}]``, best first.

    Raises :class:`graph.errors.NotFound` (with the closest names) for an unknown organisation
    or funder.
    """
    call = call or Call()
    u = None
    if organisation:
        u = index.row[index.names.find(organisation)]
    sponsors = _sponsors(index.pf, call.funder)
    keep = _candidates(index, u, call, exclude_partners)
    parts = _parts(index, u, call, sponsors, keep)
    weights = {name: WEIGHTS[name] for name in parts}
    total = sum(weights.values()) or 1.0
    score = sum(weights[name] * values for name, values in parts.items()) / total
    required = bool(call.countries or call.kinds)
    score = np.where(keep & (_evidence(parts, len(keep)) | required), score, -1.0)
    best = _top(index, score, top)
    explain = Reasons(index, u, call, sponsors)
    return [
        explain.suggestion(i, float(score[i]), {n: float(v[i]) for n, v in parts.items()})
        for i in best
    ]


def _evidence(parts: dict[str, np.ndarray], n: int) -> np.ndarray:
    """A tie within three steps, a project on the theme, or a project under the funder."""
    found = np.zeros(n, dtype=bool)
    found |= parts.get("network", 0.0) > 0
    found |= parts.get("theme", 0.0) >= THEME_MATCH
    found |= parts.get("funder", 0.0) > 0
    return found


def _sponsors(pf: Portfolio, funder: str | None) -> set[str]:
    if not funder:
        return set()
    found = lookup.find_many({**pf.funders, **pf.programmes}, funder, "funder or programme")
    return set(found)


def _candidates(index: PartnerIndex, u: int | None, call: Call, exclude: bool) -> np.ndarray:
    keep = np.ones(len(index.org_ids), dtype=bool)
    if call.countries:
        keep &= np.isin(index.country, [c.upper() for c in call.countries])
    if call.kinds:
        keep &= np.isin(index.kind, [normalise(k) for k in call.kinds])
    if u is not None:
        keep[u] = False
        if exclude:
            keep[list(index.partners_of(u))] = False
    return keep


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
        parts["theme"] = _best_per_org(index, (index.texts @ query.T).toarray().ravel())
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


def _best_per_org(index: PartnerIndex, project_scores: np.ndarray) -> np.ndarray:
    """Each organisation's best project score (0 without projects)."""
    inc = index.incidence
    out = np.zeros(inc.shape[0])
    filled = np.diff(inc.indptr) > 0
    if inc.nnz:
        best = np.maximum.reduceat(project_scores[inc.indices], inc.indptr[:-1][filled])
        out[filled] = best
    return out


def _top(index: PartnerIndex, score: np.ndarray, top: int) -> list[int]:
    eligible = np.flatnonzero(score >= 0)
    if eligible.size > top:
        cut = np.partition(score[eligible], -top)[-top]
        eligible = eligible[score[eligible] >= cut]
    names = index.pf.organisations
    ranked = sorted(eligible, key=lambda i: (-round(score[i], 9), names[index.org_ids[i]].name))
    return [int(i) for i in ranked[:top]]
