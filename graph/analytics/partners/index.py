"""The partner index: the portfolio as sparse matrices, built once and asked many times.

Organisations x projects (incidence), organisations x organisations (shared projects), and
projects as theme text (:mod:`.text`: BG/CS/EN stems as words and character n-grams); plus
the call a person describes and its text vector. Projects also
carry a place in time (start or end date, then id: CORDIS ids grow with time), so the index can
be cut to the projects before a moment (:meth:`PartnerIndex.before`) and the ranker can learn
from earlier projects predicting later ones.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from graph.analytics import lookup
from graph.analytics.networks import NetworkFilter
from graph.analytics.partners.text import ThemeText
from graph.analytics.portfolio import Portfolio
from graph.model import natural_key
from graph.model.kinds import kind_key

CATEGORIES = 64  # countries and kinds the ranker tells apart (the rest share one code)
THEME_MATCH = 0.2  # a project's similarity to the call from which it counts as "on" the theme


@dataclass
class Call:
    """What a call asks for, as people describe it.

    ``countries`` and ``kinds``: candidates must be from one of these, of one of these kinds;
    ``each_country`` / ``each_kind``: the consortium needs at least one partner from each of
    these countries / of each of these kinds (covered first, not filters); ``exclude``:
    organisations not wanted; ``consortium``: organisations already in, besides the asker
    (names or ids); ``any_funder``: the funder raises a score but is no filter (by default
    every suggestion has worked under it).
    """

    themes: Sequence[str] = ()
    funder: str | None = None
    countries: Sequence[str] = ()
    kinds: Sequence[str] = ()
    each_country: Sequence[str] = ()
    each_kind: Sequence[str] = ()
    exclude: Sequence[str] = ()
    consortium: Sequence[str] = ()
    any_funder: bool = False


class PartnerIndex:
    """Sparse matrices over the portfolio: organisations x projects, partnership, text."""

    def __init__(self, pf: Portfolio, flt: NetworkFilter | None = None) -> None:
        self.pf = pf
        self.org_ids = sorted(pf.organisations)
        self.row = {oid: i for i, oid in enumerate(self.org_ids)}
        self.project_ids = (flt or NetworkFilter()).projects(pf)
        self.col = {pid: j for j, pid in enumerate(self.project_ids)}
        self.time = _time_ranks(pf, self.project_ids)
        self.incidence, self.leading = self._incidence()
        self._derive()
        self.vectorizer = ThemeText()
        self.texts = self.vectorizer.fit_transform(
            [_document(pf.projects[pid]) for pid in self.project_ids]
        )
        self.country = np.array([(o.country or "").upper() for o in self._orgs()])
        self.city = np.array([pf.based_in.get(oid, "") for oid in self.org_ids])
        self.kind = np.array([kind_key(o.kind) for o in self._orgs()])
        self.country_code, self.kind_code = _codes(self.country), _codes(self.kind)
        self.country_id, self.city_id, self.kind_id = map(
            _ids, (self.country, self.city, self.kind)
        )
        self.names = lookup.NameIndex(pf.organisations, "organisation")
        self._outside: dict[str, list[str]] | None = None
        self.memo: dict[Any, Any] = {}  # what queries ask for again (sponsored_mask, newcomers)

    def _derive(self) -> None:
        """Partnership matrices and activity from the incidence (again after a cut in time)."""
        weights = (self.incidence @ self.incidence.T).tocsr()
        weights.setdiag(0)
        weights.eliminate_zeros()
        self.weights = weights
        self.binary = (weights > 0).astype(np.float64).tocsr()
        self.partners = np.asarray(self.binary.sum(axis=1)).ravel()
        self.n_projects = np.diff(self.incidence.indptr).astype(np.float64)
        self.leads = np.asarray(self.leading.sum(axis=1)).ravel()
        self.sizes = np.maximum(np.asarray(self.incidence.sum(axis=0)).ravel(), 1.0)
        with np.errstate(divide="ignore"):
            self.inv_log = np.where(
                self.partners > 1, 1.0 / np.log(np.maximum(self.partners, 2)), 0.0
            )
        m = max(len(self.project_ids), 1)
        recent = (self.time >= 0.75 * m).astype(np.float64)
        self.recent = self.incidence @ recent if len(recent) else np.zeros(len(self.org_ids))
        self.last_active = np.zeros(len(self.org_ids))
        filled = self.n_projects > 0
        if self.incidence.nnz:
            times = (self.time[self.incidence.indices] + 1.0) / m
            starts = self.incidence.indptr[:-1][filled]
            self.last_active[filled] = np.maximum.reduceat(times, starts)

    def before(self, cut: int) -> PartnerIndex:
        """The same index with only the ``cut`` earliest projects (names and text model kept)."""
        return self.only(self.time < cut)

    def only(self, keep: np.ndarray) -> PartnerIndex:
        """The same index with only the projects where ``keep`` is true, in the same order."""
        cols = np.flatnonzero(keep)
        past = copy.copy(self)
        past.project_ids = [self.project_ids[j] for j in cols]
        past.col = {pid: j for j, pid in enumerate(past.project_ids)}
        past.time = np.argsort(np.argsort(self.time[cols], kind="stable"), kind="stable")
        past.incidence = self.incidence[:, cols].tocsr()
        past.leading = self.leading[:, cols].tocsr()
        past.texts = self.texts[cols]
        past._outside, past.memo = None, {}
        past._derive()
        return past

    def _orgs(self):
        return (self.pf.organisations[oid] for oid in self.org_ids)

    def _incidence(self) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Organisations x projects: taking part, and leading."""
        rows, cols, lead = [], [], []
        for pid in self.project_ids:
            roles: dict[str, bool] = {}
            for oid, role in self.pf.members.get(pid, []):
                if oid in self.row:
                    roles[oid] = roles.get(oid, False) or role == "lead"
            for oid, leads in roles.items():
                rows.append(self.row[oid])
                cols.append(self.col[pid])
                lead.append(1.0 if leads else 0.0)
        shape = (len(self.org_ids), len(self.project_ids))
        taking_part = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        leading = sp.csr_matrix((lead, (rows, cols)), shape=shape)
        leading.eliminate_zeros()
        return taking_part, leading

    def outside_projects(self) -> dict[str, list[str]]:
        """Organisation id -> its projects outside the index (proposals, filtered out): what
        is known of the work of an organisation with no project in the graph."""
        if self._outside is None:
            self._outside = {}
            for pid, members in sorted(self.pf.members.items()):
                if pid not in self.col and pid in self.pf.projects:
                    for oid, _ in members:
                        self._outside.setdefault(oid, []).append(pid)
        return self._outside

    def projects_of(self, i: int) -> np.ndarray:
        """Column indices of organisation row ``i``'s projects."""
        return self.incidence.indices[self.incidence.indptr[i] : self.incidence.indptr[i + 1]]

    def partners_of(self, i: int) -> dict[int, float]:
        """Row indices of ``i``'s partners -> number of shared projects."""
        start, end = self.weights.indptr[i], self.weights.indptr[i + 1]
        return dict(zip(self.weights.indices[start:end], self.weights.data[start:end], strict=True))


def call_vector(index: PartnerIndex, u: int | None, call: Call) -> sp.csr_matrix | None:
    """The call as a TF-IDF row: its theme words, else the asking organisation's projects."""
    words = " ".join(call.themes).strip()
    if words:
        return normalize(index.vectorizer.transform([list(call.themes)]))
    if u is not None and index.projects_of(u).size:
        return normalize(sp.csr_matrix(index.texts[index.projects_of(u)].sum(axis=0)))
    return None


def sponsored_mask(index: PartnerIndex, sponsors: set[str]) -> np.ndarray:
    """1.0 for each project funded (at any level) by one of ``sponsors`` (kept per index: a
    query and its reasons ask for the same one)."""
    key = ("sponsored", frozenset(sponsors))
    if key not in index.memo:
        above = index.pf.sponsors
        index.memo[key] = np.array(
            [1.0 if above.get(pid, set()) & sponsors else 0.0 for pid in index.project_ids]
        )
    return index.memo[key]


def _ids(values: np.ndarray) -> np.ndarray:
    """A distinct integer per distinct value, -1 for "" (unknown matches nothing)."""
    kinds, inverse = np.unique(values, return_inverse=True)
    ids = inverse.astype(np.int64)
    if kinds.size and kinds[0] == "":
        ids -= 1
    return ids


def _codes(values: np.ndarray, most: int = CATEGORIES) -> np.ndarray:
    """Small integer codes, most frequent value first; rare values and "" share the last code."""
    kinds, counts = np.unique(values, return_counts=True)
    common = [k for _, k in sorted(zip(-counts, kinds, strict=True)) if k][: most - 1]
    code = {k: i for i, k in enumerate(common)}
    return np.array([code.get(v, most - 1) for v in values], dtype=np.float64)


def time_key(pf: Portfolio, pid: str) -> tuple[str, list]:
    """A project's place in time: its start (else end) date, then its id with numbers compared
    as numbers (CORDIS ids grow with time, from six digits in 2014 to nine since 2020)."""
    project = pf.projects[pid]
    return project.start or project.end or "", natural_key(pid)


def _time_ranks(pf: Portfolio, project_ids: list[str]) -> np.ndarray:
    """Each project's place in time, 0 = earliest (:func:`time_key`)."""
    keys = [time_key(pf, p) for p in project_ids]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[order] = np.arange(len(keys))
    return ranks


def _document(project: Any) -> list[str]:
    """A project's texts, each read in its own language (:mod:`.text`)."""
    parts = [project.title, project.title_en, project.acronym, project.description]
    return [*(p for p in parts if p), *project.themes]
