"""Review: a person merges near-duplicates and rejects wrong facts; reloads keep the decisions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.io import ingest, review
from graph.model import RelType
from graph.store import Store
from tests.conftest import seeds_required

# A spreadsheet naming a seed organisation a little differently (fuzzy score 91: kept apart on
# load and listed for review), in a project of its own.
NEAR_DUPLICATE = (
    "organisation,country,city,project,status,start,end,role,funder,amount,currency\n"
    "Фондация Арт Инициатива БГ,BG,Sofia,Art in the park,completed,2022-01-01,2022-12-31,"
    "lead,Sofia Municipality,5000,BGN\n"
)
ART = "org:fondatsiya-art-initsiativi"


@pytest.fixture
def reviews(store: Store, tmp_path: Path) -> Path:
    """The store's review file, empty for the test (the settings are the session's)."""
    path = store.settings.reviews_path
    path.unlink(missing_ok=True)
    yield path
    path.unlink(missing_ok=True)


def _participations(store: Store, org: str) -> set[str]:
    return {
        link["end"]
        for link in store.links(org)
        if link["type"] == RelType.PARTICIPATES_IN.value and link["start"] == org
    }


def _load_near_duplicate(store: Store, tmp_path: Path) -> str:
    path = tmp_path / "grants.csv"
    path.write_text(NEAR_DUPLICATE, encoding="utf-8")
    ingest.load_file(store, path)
    pairs = review.pending(store, store.settings.reviews_path)["duplicates"]
    [pair] = [p for p in pairs if ART in (p["a"], p["b"])]
    return pair["b"] if pair["a"] == ART else pair["a"]


@seeds_required()
def test_a_merge_moves_names_and_projects_and_survives_a_reload(
    store: Store, reviews: Path, tmp_path: Path
) -> None:
    ingest.load_bundled(store)
    before = _participations(store, ART)
    other = _load_near_duplicate(store, tmp_path)
    theirs = _participations(store, other)
    assert len(theirs) == 1

    review.merge(store, reviews, keep=ART, drop=other)

    assert store.node(other) is None
    assert _participations(store, ART) == before | theirs
    assert "Фондация Арт Инициатива БГ" in store.node(ART)["aliases"]
    assert review.pending(store, reviews)["duplicates"] == []
    # The same file again: the decision is replayed, no second node appears.
    ingest.load_file(store, tmp_path / "grants.csv")
    assert store.node(other) is None
    assert _participations(store, ART) == before | theirs


@seeds_required()
def test_a_rejected_fact_is_removed_and_stays_removed(store: Store, reviews: Path) -> None:
    ingest.load_bundled(store)
    facts = review.pending(store, reviews)["facts"]
    fact = next(f for f in facts if f["f"] == "participates" and f["start"] == ART)
    chosen = {"f": fact["f"], "s": fact["start"], "o": fact["end"], "at": fact["document"]}

    review.reject(store, reviews, chosen)

    assert fact["end"] not in _participations(store, ART)
    remaining = review.pending(store, reviews)["facts"]
    assert len(remaining) == len(facts) - 1
    ingest.load_bundled(store)
    assert fact["end"] not in _participations(store, ART)
    assert "reject" in reviews.read_text(encoding="utf-8")


@seeds_required()
def test_an_edited_role_is_stored_and_replayed(store: Store, reviews: Path) -> None:
    ingest.load_bundled(store)
    fact = next(f for f in review.pending(store, reviews)["facts"] if f["role"] == "partner")
    chosen = {"f": fact["f"], "s": fact["start"], "o": fact["end"], "at": fact["document"]}
    review.edit_role(store, reviews, chosen, "lead")
    ingest.load_bundled(store)
    [link] = [ln for ln in store.links(fact["start"]) if ln["end"] == fact["end"]]
    assert link["props"]["role"] == "lead"


@seeds_required()
def test_the_cli_lists_pending_reviews_as_json(
    store: Store, reviews: Path, graph_env: dict[str, str]
) -> None:
    ingest.load_bundled(store)
    expected = len(review.pending(store, reviews)["facts"])
    done = subprocess.run(
        [sys.executable, "-m", "graph", "review", "--json"],
        capture_output=True,
        text=True,
        env=graph_env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert len(data["facts"]) == expected > 0
    assert data["duplicates"] == []


@seeds_required()
def test_the_review_page_merges_and_rejects(
    store: Store, reviews: Path, tmp_path: Path, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from graph.config import PROJECT_ROOT

    monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    ingest.load_bundled(store)
    other = _load_near_duplicate(store, tmp_path)
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    at.switch_page("app/pages/review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.subheader[0].value == "Possible duplicates (1)"
    keep_seed = "r_ma_0" if ART < other else "r_mb_0"  # pairs are listed in id order
    at.button(key=keep_seed).click().run()
    assert store.node(other) is None and store.node(ART) is not None
    assert at.subheader[0].value == "Possible duplicates (0)"

    facts_before = len(review.pending(store, reviews)["facts"])
    at.button(key="r_reject").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(review.pending(store, reviews)["facts"]) == facts_before - 1
    assert at.success[0].value.startswith("Removed")


def test_a_name_in_two_scripts_is_a_possible_duplicate_within_one_country(
    store: Store, reviews: Path
) -> None:
    from graph.model import Organisation

    store.write(
        [
            Organisation(id="org:halo-en", name="HALO Foundation", country="BG"),
            Organisation(id="org:halo-bg", name="Фондация ХАЛО", country="BG"),
            Organisation(id="org:halo-cz", name="Nadace HALO", country="CZ"),
            Organisation(id="org:other", name="Фондация Отворено общество", country="BG"),
        ]
    )
    pairs = [(p["a"], p["b"]) for p in review.pending(store, reviews)["duplicates"]]
    assert pairs == [("org:halo-bg", "org:halo-en")]
    review.keep_apart(reviews, "org:halo-bg", "org:halo-en")
    assert review.pending(store, reviews)["duplicates"] == []
