"""The learned partner ranking's parts on graphs small enough to count by hand (issue 14)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from graph.analytics.partners import Call, PartnerIndex, features, ranker
from graph.analytics.partners.index import call_vector, time_key
from graph.analytics.portfolio import Portfolio
from graph.model import Organisation, Project, Relationship, RelType
from tests.test_partners import history_index

# a-b in p1; b-c in p2; b-d in p3 and p4; c-d in p5; d-e in p6. Asker a's only partner is b,
# so its candidates are c, d, e: c and d share one partner (b) with a, e none; through b,
# c shares 1 project and d 2 (walks weighted by shared projects).
FIVE = {"p1": "ab", "p2": "bc", "p3": "bd", "p4": "bd", "p5": "cd", "p6": "de"}


def five_index() -> PartnerIndex:
    recs: list = [Organisation(id=f"org:{o}", name=o.upper()) for o in "abcde"]
    for pid, members in FIVE.items():
        recs.append(Project(id=f"proj:{pid}", name=pid, title=pid))
        recs += [
            Relationship(type=RelType.PARTICIPATES_IN, start=f"org:{o}", end=f"proj:{pid}")
            for o in members
        ]
    return PartnerIndex(Portfolio.from_records(recs))


def column(X: np.ndarray, name: str) -> list[float]:
    return X[:, features.NAMES.index(name)].round(4).tolist()


def test_place_counts_the_candidates_above_in_the_askers_own_list() -> None:
    index = five_index()
    c, d, e = (index.row[f"org:{o}"] for o in "cde")
    X = features.matrix(index, index.row["org:a"], None, False, None, rows=np.array([c, d, e]))
    # common partners 1, 1, 0: nobody above c or d; two above e
    assert column(X, "common_place") == [0.0, 0.0, round(math.log(3), 4)]
    # weighted by shared projects 1, 2, 0: d first, c second, e third
    assert column(X, "weighted_place") == [round(math.log(2), 4), 0.0, round(math.log(3), 4)]
    # the place is among the candidates only: b (a partner) scores highest but is not counted
    assert column(X, "katz_place")[1] == 0.0


def test_place_against_a_given_pool() -> None:
    values = np.array([5.0, 3.0, 3.0, 1.0, 9.0])
    pool = np.array([True, True, True, True, False])  # the 9 is no candidate
    assert features.place(values, pool, np.arange(4)).tolist() == pytest.approx(
        [0.0, math.log(2), math.log(2), math.log(4)]
    )


def test_learned_score_is_the_mean_log_odds_of_its_two_models() -> None:
    index = history_index()
    model = ranker.of(index)
    assert model is not None
    rows = np.arange(20)
    query = call_vector(index, 0, Call())  # no theme: the asker's own work, as the finder asks
    X = features.matrix(index, 0, query, False, None, rows=rows)
    boosted = model.model.predict_proba(X)[:, 1]
    linear = model.linear.predict_proba(X[:, ranker.QUANTITIES])[:, 1]
    both = model.score(X)
    # the mean of two log-odds lies between them, and equals their geometric mean of odds
    assert np.all(both >= np.minimum(boosted, linear) - 1e-9)
    assert np.all(both <= np.maximum(boosted, linear) + 1e-9)
    odds = np.sqrt(boosted / (1 - boosted) * linear / (1 - linear))
    assert both == pytest.approx(odds / (1 + odds))


def test_each_askers_new_partners_weigh_the_same_in_training() -> None:
    # asker 1 gained three partners, asker 2 one; each also has negatives. Unweighted, asker 1
    # would count three times as much. Weighted: 1/3 each vs 1, then scaled so the four
    # positives still weigh 4 in all: 2/3 each for asker 1 and 2 for asker 2.
    labels = [np.array([1, 1, 1, 0, 0], dtype=np.int8), np.array([1, 0, 0], dtype=np.int8)]
    weight = ranker.per_asker(labels)
    assert weight.tolist() == pytest.approx([2 / 3, 2 / 3, 2 / 3, 1, 1, 2, 1, 1])
    # askers with no new partner at all leave their negatives at weight 1
    assert ranker.per_asker([np.zeros(3, dtype=np.int8)]).tolist() == [1.0, 1.0, 1.0]


def test_projects_are_ordered_in_time_by_date_then_by_id_as_a_number() -> None:
    # H2020 ids have six digits, Horizon Europe's nine: as text "654321" would sort after
    # "101130805", as numbers it comes first. A dated project goes by its date.
    recs = [Project(id=f"proj:cordis-{n}", name=n, title=n) for n in ("101130805", "654321")]
    recs.append(Project(id="proj:cordis-700000", name="d", title="d", start="2019-01-01"))
    pf = Portfolio.from_records(recs)
    ordered = sorted(pf.projects, key=lambda pid: time_key(pf, pid))
    assert ordered == ["proj:cordis-654321", "proj:cordis-101130805", "proj:cordis-700000"]
