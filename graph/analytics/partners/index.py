"""The partner index: the portfolio as sparse matrices, built once and asked many times.

Organisations x projects (incidence), organisations x organisations (shared projects), and
projects as TF-IDF text; plus the call a person describes and its text vector.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from graph.analytics import lookup
from graph.analytics.networks import NetworkFilter
from graph.analytics.portfolio import Portfolio
from graph.model import normalise

THEME_MATCH = 0.2  # a project's similarity to the call from which it counts as "on" the theme


@dataclass
class Call:
    """What a call asks for: theme words, funder (name or id), countries and kinds required."""

    themes: Sequence[str] = ()
    funder: str | None = None
    countries: Sequence[str] = ()
    kinds: Sequence[str] = ()


class PartnerIndex:
    """Sparse matrices over the portfolio: organisations x projects, partnership, text."""

    def __init__(self, pf: Portfolio, flt: NetworkFilter | None = None) -> None:
        self.pf = pf
        self.org_ids = sorted(pf.organisations)
        self.row = {oid: i for i, oid in enumerate(self.org_ids)}
        self.project_ids = (flt or NetworkFilter()).projects(pf)
        self.col = {pid: j for j, pid in enumerate(self.project_ids)}
        self.incidence = self._incidence()
        weights = (self.incidence @ self.incidence.T).tocsr()
        weights.setdiag(0)
        weights.eliminate_zeros()
        self.weights = weights
        self.binary = (weights > 0).astype(np.float64).tocsr()
        partners = np.asarray(self.binary.sum(axis=1)).ravel()
        with np.errstate(divide="ignore"):
            self.inv_log = np.where(partners > 1, 1.0 / np.log(np.maximum(partners, 2)), 0.0)
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        docs = [_document(pf.projects[pid]) for pid in self.project_ids]
        self.texts = self.vectorizer.fit_transform(docs or [""]).tocsr()
        self.country = np.array([(o.country or "").upper() for o in self._orgs()])
        self.city = np.array([pf.based_in.get(oid, "") for oid in self.org_ids])
        self.kind = np.array([normalise(o.kind or "") for o in self._orgs()])
        self.names = lookup.NameIndex(pf.organisations, "organisation")

    def _orgs(self):
        return (self.pf.organisations[oid] for oid in self.org_ids)

    def _incidence(self) -> sp.csr_matrix:
        rows, cols = [], []
        for pid in self.project_ids:
            for oid in {o for o, _ in self.pf.members.get(pid, []) if o in self.row}:
                rows.append(self.row[oid])
                cols.append(self.col[pid])
        shape = (len(self.org_ids), len(self.project_ids))
        return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)

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
        return normalize(index.vectorizer.transform([normalise(words)]))
    if u is not None and index.projects_of(u).size:
        return normalize(sp.csr_matrix(index.texts[index.projects_of(u)].sum(axis=0)))
    return None


def sponsored_mask(index: PartnerIndex, sponsors: set[str]) -> np.ndarray:
    """1.0 for each project funded (at any level) by one of ``sponsors``."""
    above = index.pf.sponsors
    return np.array([1.0 if above.get(pid, set()) & sponsors else 0.0 for pid in index.project_ids])


def _document(project: Any) -> str:
    parts = [project.title, project.title_en, project.acronym, project.description]
    return normalise(" ".join([*(p for p in parts if p), *project.themes]))
