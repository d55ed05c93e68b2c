"""What the call makes relevant, before any model orders it: theme evidence and funder history.

A model learned from the graph's history ranks by what led to partnerships before; in a graph
of large research consortia that is activity and degree, whatever the call is about. So the
call decides first (issue 21):

- with theme words, a candidate with a project on the theme (:mod:`.concepts`) is *on the
  theme*; its weight is the share of its projects that are (a specialist before a hub with one
  such project among forty), and the candidates without any come after all that have one,
  marked ``off_theme``;
- without theme words, an asker's neighbourhood comes first: organisations sharing a partner
  with it, working under a funder of its projects, or based in its city (:func:`near`);
- with a funder or programme, a candidate must have worked under it (or a programme of it, or
  the programme it is part of), unless the call accepts any funder experience
  (``Call.any_funder``): then the funder only raises the score.

Within the candidates on the theme the order is
``THEME_SHARE * share + THEME_CLOSE * closeness + MODEL * score``: ``closeness`` is the best
on-theme project's cosine to the call (capped at :data:`CLOSE_ENOUGH`), ``score`` the model's
(or the fixed formula's) score, so raw activity can move a candidate among equals but never
above one with a larger share of theme work.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from graph.analytics.partners import concepts, features
from graph.analytics.partners.index import Call, PartnerIndex, call_vector, sponsored_mask

THEME_SHARE, THEME_CLOSE, MODEL = 0.5, 0.2, 0.3
CLOSE_ENOUGH = 0.5  # a project's cosine to the call from which it is as close as can be
OFF = "no evidence on this theme"


@dataclass
class Relevance:
    """Per organisation of the index: projects on the theme, their share, funder history."""

    themed: bool
    on_theme: np.ndarray  # projects on the theme (0 without theme words)
    share: np.ndarray  # on_theme / projects
    closeness: np.ndarray  # the best on-theme project's cosine to the call, 0-1
    funded: np.ndarray | None  # projects under the call's funder (None: no funder named)
    required: bool  # the funder is a filter (not only a preference)
    near: np.ndarray | None = None  # without theme words: the asker's neighbourhood

    def allowed(self) -> np.ndarray:
        """Who may be suggested at all: with a required funder, those who worked under it."""
        if self.funded is None or not self.required:
            return np.ones(len(self.share), dtype=bool)
        return self.funded > 0

    def ranked(self, score: np.ndarray) -> np.ndarray:
        """The order key (-1: not a candidate): on the theme in [1, 2], the others in [0, 1]."""
        if not self.themed:
            first = self.near if self.near is not None else np.zeros(len(score), dtype=bool)
            key = np.where(first & (score >= 0), 1.0 + np.clip(score, 0.0, 1.0), score)
            return np.where(self.allowed(), key, -1.0)
        inside = THEME_SHARE * self.share + THEME_CLOSE * self.closeness
        combined = inside + MODEL * np.clip(score, 0.0, 1.0)
        key = np.where(self.on_theme > 0, 1.0 + combined, MODEL * np.clip(score, 0.0, 1.0))
        return np.where((score >= 0) & self.allowed(), key, -1.0)


def of(index: PartnerIndex, call: Call, sponsors: set[str], u: int | None) -> Relevance:
    """The relevance of every organisation of ``index`` to ``call`` asked by row ``u``."""
    n = len(index.org_ids)
    themed = bool(" ".join(call.themes).strip())
    on_theme, closeness = np.zeros(n), np.zeros(n)
    if themed and index.project_ids:
        on = concepts.on_theme(index, call.themes)
        on_theme = index.incidence @ on.astype(np.float64)
        sims = (index.texts @ call_vector(index, None, call).T).toarray().ravel()
        closeness = np.minimum(features.best_per_org(index.incidence, sims * on), CLOSE_ENOUGH)
        closeness /= CLOSE_ENOUGH
    share = on_theme / np.maximum(index.n_projects, 1.0)
    funded = None
    if sponsors:
        funded = index.incidence @ sponsored_mask(index, sponsors)
    found = Relevance(themed, on_theme, share, closeness, funded, not call.any_funder)
    if not themed and u is not None:
        found.near = near(index, u)
    return found


def near(index: PartnerIndex, u: int) -> np.ndarray:
    """The asker's neighbourhood: a partner in common (two steps), a funder of the asker's
    own projects, or the asker's city."""
    out = (index.binary @ index.binary[u].toarray().ravel()) > 0
    out |= (index.city == index.city[u]) & (index.city[u] != "")
    mine = funders_of(index, u)
    if mine:
        out |= (index.incidence @ _direct_mask(index, mine)) > 0
    out[u] = False
    return out


def _direct_mask(index: PartnerIndex, funders: set[str]) -> np.ndarray:
    """1.0 for each project funded directly by one of ``funders``."""
    matrix, col = _funding(index)
    cols = [col[f] for f in funders if f in col]
    return (np.asarray(matrix[:, cols].sum(axis=1)).ravel() > 0).astype(np.float64)


def _funding(index: PartnerIndex) -> tuple[sp.csr_matrix, dict[str, int]]:
    """Projects x the funders and programmes that fund them directly (once per index)."""
    if "direct_funding" not in index.memo:
        ids = sorted({rel.end for rel in index.pf.funding})
        col = {f: k for k, f in enumerate(ids)}
        pairs = {(index.col[r.start], col[r.end]) for r in index.pf.funding if r.start in index.col}
        rows, cols = zip(*sorted(pairs), strict=True) if pairs else ((), ())
        shape = (len(index.project_ids), len(ids))
        matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        index.memo["direct_funding"] = matrix, col
    return index.memo["direct_funding"]


def funders_of(index: PartnerIndex, i: int) -> set[str]:
    """The funders and programmes that funded organisation row ``i``'s projects directly."""
    matrix, col = _funding(index)
    names = {k: f for f, k in col.items()}
    return {names[k] for k in matrix[index.projects_of(i)].indices}


def shown(key: float) -> float:
    """The score shown for an order key: the combined value, 0-1, in either tier."""
    return key - 1.0 if key >= 1.0 else key
