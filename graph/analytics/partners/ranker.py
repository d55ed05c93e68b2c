"""A ranking learned from the graph's own history: earlier projects predicting later partners.

The index's projects are cut in time at :data:`CUTS` (shares of all projects), and
:data:`HOLDOUTS` times a random :data:`WINDOW` of them is hidden (sources miss projects too).
For each fold, the organisations in the hidden projects that are active in the seen ones are
the askers; the partners they gained there, among organisations active in the seen projects
and not yet their partners, are the positives; a uniform sample of the other such organisations
are the negatives (uniform, so that the model sees candidates as a query does). Half of the
askers describe the call by its projects' own text (as a user gives theme words), half give
no theme words (the finder then uses the asker's own projects), so the model learns both;
independently, half name the funder (the programme their later project was funded by).
Each asker's positives weigh the same in all (:func:`per_asker`).
Two models learn P(new partner | features) from these examples, and a
score is the mean of their log-odds: a gradient-boosted classifier (scikit-learn, fixed seed),
which finds thresholds and interactions (codes of country and kind), and a logistic regression
on standardised quantities, which keeps every feature's push monotone and smooth: the two err
differently, and their mean is steadier across time cuts and hold-outs than either alone.

With fewer than :data:`MIN_POSITIVES` positives there is not enough history to learn from and
:func:`train` returns None: the finder then keeps its fixed formula.

Reasons need to know what moved a score: :meth:`Ranker.moved` replaces one group of features
at a time by its value for a typical candidate and reports how much the log-odds fell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler, normalize

from graph.analytics.partners import concepts, features
from graph.analytics.partners.index import PartnerIndex
from graph.analytics.portfolio import Portfolio

CUTS = (0.6, 0.8)  # where history is cut, as shares of the projects in time order
WINDOW = 0.2  # the share of projects after a cut whose partnerships are to be predicted
HOLDOUTS = 6  # folds that hide a random WINDOW share of the projects instead
MAX_ASKERS = 300  # askers per fold
MIN_ASKERS = 50  # askers per fold however large the graph
WORK = 3_000_000  # organisations x askers per fold: fewer askers in larger graphs
NEGATIVES = 100  # random negatives per asker
MIN_POSITIVES = 30


SEED = 0
QUANTITIES = [i for i, n in enumerate(features.NAMES) if n not in features.CATEGORICAL]
TRAINED = "ranker"  # the key of the trained ranker in the index's memo (pickled with it)


def of(index: PartnerIndex) -> Ranker | None:
    """The ranker of ``index``: trained on first use and kept in the index's own memo, so once
    per portfolio (a new portfolio is a new index), and stored with the index on disk."""
    if TRAINED not in index.memo:
        index.memo[TRAINED] = train(index, seed=SEED)
    return index.memo[TRAINED]


def trained_index(pf: Portfolio) -> PartnerIndex:
    """The partner index of ``pf`` made :func:`ready`: what a load prepares and the CLI and the
    app keep on disk (training takes seconds at 50,000 organisations; asking, not)."""
    return ready(PartnerIndex(pf))


def ready(index: PartnerIndex) -> PartnerIndex:
    """``index`` with what its queries would otherwise make on first use, kept in its memo
    (stored with it): the trained ranker, and the theme evidence of every project."""
    of(index)
    concepts.evidence(index)
    return index


@dataclass
class Ranker:
    """The trained models and a typical candidate's features (for :meth:`moved`)."""

    model: HistGradientBoostingClassifier
    linear: Pipeline
    typical: np.ndarray
    examples: int

    def score(self, X: np.ndarray) -> np.ndarray:
        """P(new partner) for each row of features: the mean log-odds of the two models."""
        if not len(X):
            return np.zeros(0)
        boosted = _logit(self.model.predict_proba(X)[:, 1])
        linear = _logit(self.linear.predict_proba(X[:, QUANTITIES])[:, 1])
        return 1.0 / (1.0 + np.exp(-(boosted + linear) / 2))

    def moved(self, X: np.ndarray) -> list[dict[str, float]]:
        """Per row, each feature group's push on the log-odds (positive: raised the score)."""
        base = _logit(self.score(X))
        out: list[dict[str, float]] = [{} for _ in range(len(X))]
        for group, names in features.GROUPS.items():
            cols = [features.NAMES.index(n) for n in names]
            plain = X.copy()
            plain[:, cols] = self.typical[cols]
            for i, value in enumerate(base - _logit(self.score(plain))):
                out[i][group] = float(value)
        return out


def train(index: PartnerIndex, *, seed: int = 0) -> Ranker | None:
    """A ranker learned from ``index``'s history, or None when there is too little of it."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    programmes = _programmes(index)
    for seen, hidden in _folds(index, rng):
        for X, y in _examples(index, seen, hidden, programmes, rng):
            rows.append(X)
            labels.append(y)
    if not labels or sum(int(y.sum()) for y in labels) < MIN_POSITIVES:
        return None
    return fit(np.vstack(rows), np.concatenate(labels), seed=seed, weight=per_asker(labels))


def per_asker(labels: list[np.ndarray]) -> np.ndarray:
    """Example weights that give every asker's positives the same total: an asker in a large
    consortium gains dozens of partners at once, and unweighted it would teach the model
    more than the many askers who gained a few (a person asking counts once, whatever the
    size of the consortium they later joined). Scaled so that positives weigh as many as
    they are, which keeps the balance of the classes."""
    weight = np.concatenate([np.where(y == 1, 1.0 / max(int(y.sum()), 1), 1.0) for y in labels])
    positive = np.concatenate(labels) == 1
    if positive.any():
        weight[positive] *= positive.sum() / weight[positive].sum()
    return weight


def fit(X: np.ndarray, y: np.ndarray, *, seed: int = 0, weight: np.ndarray | None = None) -> Ranker:
    """The two models fitted to examples ``X`` (columns as :data:`features.NAMES`), ``y``,
    each example counting ``weight`` times (default once)."""
    model = HistGradientBoostingClassifier(
        max_iter=200,
        learning_rate=0.05,
        max_leaf_nodes=15,
        l2_regularization=1.0,
        random_state=seed,
        categorical_features=[features.NAMES.index(n) for n in features.CATEGORICAL],
    )
    model.fit(X, y, sample_weight=weight)
    linear = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    linear.fit(X[:, QUANTITIES], y, logisticregression__sample_weight=weight)
    return Ranker(model, linear, np.median(X[y == 0], axis=0), len(y))


def _folds(index: PartnerIndex, rng: np.random.Generator):
    """(projects seen, projects to predict) as boolean masks over the index's projects: the
    next :data:`WINDOW` after each cut in time, and :data:`HOLDOUTS` random shares as large
    (partners met in projects missing from the sources, not only in later ones)."""
    m = len(index.project_ids)
    for cut in CUTS:
        start, end = int(cut * m), int(min(cut + WINDOW, 1.0) * m)
        if 0 < start < end:
            yield index.time < start, (index.time >= start) & (index.time < end)
    for _ in range(HOLDOUTS if m else 0):
        hidden = rng.random(m) < WINDOW
        yield ~hidden, hidden


def _examples(
    full: PartnerIndex, seen: np.ndarray, hidden: np.ndarray, programmes: np.ndarray, rng
):
    """(features, labels) per asker active in the ``seen`` projects with partners gained in the
    ``hidden`` ones."""
    past = full.only(seen)
    before = programmes[seen]
    by_project = full.incidence.tocsc()
    active = past.n_projects > 0
    askers = np.flatnonzero(active & (full.incidence @ hidden.astype(np.float64) > 0))
    most = max(MIN_ASKERS, min(MAX_ASKERS, WORK // max(len(full.org_ids), 1)))
    if askers.size > most:
        askers = rng.choice(askers, most, replace=False)
    for u in askers:
        mine = full.projects_of(u)
        mine = mine[hidden[mine]]
        members = np.unique(by_project[:, mine].indices)
        candidates = active.copy()
        candidates[u] = False
        candidates[past.weights[u].indices] = False
        positives = members[candidates[members]]
        candidates[positives] = False
        negatives = np.flatnonzero(candidates)
        if not positives.size or not negatives.size:
            continue
        sample = rng.choice(negatives, min(NEGATIVES, negatives.size), replace=False)
        chosen = np.concatenate([positives, sample])
        given = bool(rng.random() < 0.5)
        if given:
            query = normalize(sp.csr_matrix(full.texts[mine].sum(axis=0)))
        else:
            query = _own_text(past, u)
        sponsored = None
        if rng.random() < 0.5:
            wanted = programmes[mine]
            sponsored = (np.isin(before, wanted[wanted >= 0])).astype(np.float64)
        X = features.matrix(past, int(u), query, given, sponsored, rows=chosen)
        yield X, np.isin(chosen, positives).astype(np.int8)


def _programmes(index: PartnerIndex) -> np.ndarray:
    """Per project column, a code for the programme (or funder) it is directly funded by."""
    direct: dict[str, str] = {}
    for rel in index.pf.funding:
        direct.setdefault(rel.start, rel.end)
    codes: dict[str, int] = {}
    out = [
        codes.setdefault(direct[p], len(codes)) if p in direct else -1 for p in index.project_ids
    ]
    return np.array(out, dtype=np.int64)


def _own_text(index: PartnerIndex, u: int) -> sp.csr_matrix | None:
    cols = index.projects_of(u)
    return normalize(sp.csr_matrix(index.texts[cols].sum(axis=0))) if cols.size else None


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))
