"""What the ranker knows about a candidate, for one asking organisation and one call.

Every feature is an array over all organisations of the index, computed with a few sparse
products, so a query costs the same at 50,000 organisations as a row of a matrix does:

- network: projects shared, common partners (also weighted by shared projects), Adamic–Adar
  (the sum of 1 / log(partners of z) over common partners ``z``), Katz over walks of length
  1–3 (``KATZ_BETA``), personalised PageRank from the asker, and the candidate's consortium
  closest to the asker's circle (the most, and the largest share, of the asker's partners in
  one of its projects: consortia tend to meet again); and the candidate's place by PPR, Katz,
  common and weighted common partners among this asker's candidates (:func:`place`), which
  means the same for an asker with many partners as for one with few;
- activity: the preferential-attachment product of the two partner counts, the candidate's
  partners, projects and projects led, when it was last active (0–1 along the index's time) and its
  projects in the latest quarter of that time;
- theme: the best and the number of the candidate's projects close to the call's text
  (TF-IDF cosine), and whether the call gave theme words at all (else the asker's own work);
- funder: projects under the call's funder or programme; place and kind: same country, city,
  kind as the asker, and the candidate's and asker's country and kind themselves (as codes:
  which kinds of organisation from where tend to join whom).

Features are grouped (:data:`GROUPS`) so that reasons can say which kind of evidence moved a
suggestion. The values go into the model as they are (log-scaled counts); only the places
are relative to the query, and they count candidates, so they too mean the same from one
query to the next.

>>> from graph.analytics.partners.index import PartnerIndex
>>> from graph.analytics.portfolio import Portfolio
>>> from graph.model import Organisation, Project, Relationship, RelType
>>> recs = [Organisation(id=f"org:{o}", name=o) for o in "abc"]
>>> recs += [Project(id=f"proj:{p}", name=p, title=p) for p in ("ab", "bc")]
>>> recs += [Relationship(type=RelType.PARTICIPATES_IN, start=f"org:{o}", end=f"proj:{p}")
...          for p in ("ab", "bc") for o in p]
>>> X = matrix(PartnerIndex(Portfolio.from_records(recs)), 0, None, False, None)
>>> X[1:, NAMES.index("common")].round(3).tolist()  # b, c: c shares one partner (b) with a
[0.0, 0.693]
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from graph.analytics.partners.index import THEME_MATCH, PartnerIndex

KATZ_BETA = 0.05  # weight of a walk one step longer (well below 1 / largest eigenvalue)
PPR_ALPHA, PPR_STEPS = 0.85, 8  # personalised PageRank: continue with 0.85, eight steps

GROUPS: dict[str, tuple[str, ...]] = {
    "network": (
        "shared",
        "common",
        "adamic_adar",
        "katz",
        "ppr",
        "weighted_common",
        "consortium",
        "consortium_share",
        "ppr_place",
        "katz_place",
        "common_place",
        "weighted_place",
    ),
    "activity": ("pref_attach", "partners", "projects", "leads", "last_active", "recent"),
    "theme": ("theme", "on_theme", "theme_given"),
    "funder": ("funder",),
    "place": ("same_country", "same_city", "country", "asker_country"),
    "kind": ("same_kind", "kind", "asker_kind"),
    "asker": ("asker_partners", "asker_projects"),
}
NAMES: tuple[str, ...] = tuple(name for names in GROUPS.values() for name in names)
CATEGORICAL = ("country", "asker_country", "kind", "asker_kind")  # codes, not quantities


def matrix(
    index: PartnerIndex,
    u: int | None,
    query: sp.csr_matrix | None,
    theme_given: bool,
    sponsored: np.ndarray | None,
    rows: np.ndarray | None = None,
    pool: np.ndarray | None = None,
) -> np.ndarray:
    """Features (one row per organisation in ``rows``, default all; columns as :data:`NAMES`)
    for asker ``u``.

    ``query`` is the call's text row (or None), ``sponsored`` 1.0 per project under the call's
    funder (or None), ``pool`` the candidates of the query (default: all organisations
    active in a project, but ``u`` and its partners), against which the ``*_place`` features
    place each row. Walks are dense vector products over the whole graph (one pass each);
    everything per candidate is computed for ``rows`` only.
    """
    rows = np.arange(len(index.org_ids)) if rows is None else rows
    n = len(rows)
    cols: dict[str, np.ndarray] = {name: np.zeros(n) for name in NAMES}
    sub = index.incidence[rows]
    if u is not None:
        cols.update(_network(index, u, rows, sub, _pool(index, u) if pool is None else pool))
        cols["pref_attach"] = np.log1p(index.partners[u] * index.partners[rows])
        for name, codes in (
            ("country", index.country_id),
            ("city", index.city_id),
            ("kind", index.kind_id),
        ):
            cols[f"same_{name}"] = ((codes[rows] == codes[u]) & (codes[u] >= 0)).astype(float)
        cols["asker_partners"][:] = np.log1p(index.partners[u])
        cols["asker_projects"][:] = np.log1p(index.n_projects[u])
        cols["asker_country"][:] = index.country_code[u]
        cols["asker_kind"][:] = index.kind_code[u]
    cols["partners"] = np.log1p(index.partners[rows])
    cols["projects"] = np.log1p(index.n_projects[rows])
    cols["leads"] = np.log1p(index.leads[rows])
    cols["country"], cols["kind"] = index.country_code[rows], index.kind_code[rows]
    cols["last_active"] = index.last_active[rows]
    cols["recent"] = np.log1p(index.recent[rows])
    if query is not None and index.project_ids:
        sims = np.zeros(len(index.project_ids))
        needed = np.unique(sub.indices)  # only the candidates' projects
        sims[needed] = (index.texts[needed] @ query.T).toarray().ravel()
        cols["theme"] = best_per_org(sub, sims)
        cols["on_theme"] = np.log1p(sub @ (sims >= THEME_MATCH).astype(np.float64))
        cols["theme_given"][:] = float(theme_given)
    if sponsored is not None and index.project_ids:
        cols["funder"] = np.log1p(sub @ sponsored)
    return np.column_stack([cols[name] for name in NAMES]) if n else np.zeros((0, len(NAMES)))


def _network(
    index: PartnerIndex, u: int, rows: np.ndarray, sub: sp.csr_matrix, pool: np.ndarray
) -> dict[str, np.ndarray]:
    direct = index.binary[u].toarray().ravel()
    walks2 = index.binary @ direct  # the graph is symmetric: row products are matvecs
    katz = KATZ_BETA * direct + KATZ_BETA**2 * walks2 + KATZ_BETA**3 * (index.binary @ walks2)
    circle = direct.copy()
    circle[u] = 1.0
    inside = index.incidence.T @ circle  # per project: the asker and its partners in it
    shared = index.weights[u].toarray().ravel()
    weighted = index.weights @ shared
    ppr = _pagerank(index, u)
    return {
        "ppr_place": place(ppr, pool, rows),
        "katz_place": place(katz, pool, rows),
        "common_place": place(walks2, pool, rows),
        "weighted_place": place(weighted, pool, rows),
        "weighted_common": np.log1p(weighted[rows]),
        "consortium": np.log1p(best_per_org(sub, inside)),
        "consortium_share": best_per_org(sub, inside / index.sizes),
        "shared": np.log1p(shared[rows]),
        "common": np.log1p(walks2[rows]),
        "adamic_adar": (index.binary @ (direct * index.inv_log))[rows],
        "katz": np.log1p(katz[rows] / KATZ_BETA),
        "ppr": np.log(ppr[rows] * len(index.org_ids) + 1e-3),
    }


def place(values: np.ndarray, pool: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """log(1 + the number of candidates in ``pool`` (a mask) that score above each row):
    a candidate's place in this asker's own list, whatever the scale of the asker's scores
    (walks from a large organisation are many, from a small one few)."""
    ranked = np.sort(values[pool])
    above = ranked.size - np.searchsorted(ranked, values[rows], side="right")
    return np.log1p(above)


def _pool(index: PartnerIndex, u: int) -> np.ndarray:
    """The candidates a query ranks by default: active organisations, not ``u`` nor its
    partners."""
    pool = index.n_projects > 0
    pool[u] = False
    pool[index.weights[u].indices] = False
    return pool


def _pagerank(index: PartnerIndex, u: int) -> np.ndarray:
    """Personalised PageRank from ``u`` (restart 1 - :data:`PPR_ALPHA`), :data:`PPR_STEPS`
    steps of power iteration: where random walks from the asker spend their time."""
    spread = 1.0 / np.maximum(index.partners, 1.0)
    rank = np.zeros(len(index.org_ids))
    rank[u] = 1.0
    start = rank.copy()
    for _ in range(PPR_STEPS):
        rank = (1 - PPR_ALPHA) * start + PPR_ALPHA * (index.binary @ (rank * spread))
    return rank


def best_per_org(incidence: sp.csr_matrix, project_scores: np.ndarray) -> np.ndarray:
    """Each organisation's (row's) best project score (0 without projects)."""
    out = np.zeros(incidence.shape[0])
    filled = np.diff(incidence.indptr) > 0
    if incidence.nnz:
        starts = incidence.indptr[:-1][filled]
        out[filled] = np.maximum.reduceat(project_scores[incidence.indices], starts)
    return out
