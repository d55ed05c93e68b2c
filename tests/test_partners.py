"""The partner finder on a graph read from the store: ranking, scores, reasons, filters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.analytics.partners import Call, PartnerIndex, suggest
from graph.analytics.portfolio import read_portfolio
from graph.errors import NotFound
from graph.store import Store
from tests.analytics_sample import ORGS, records

ROOT = Path(__file__).resolve().parent.parent
CMP = "Център за мигранти и партньорства"
SIMI = "Sdružení pro integraci a migraci"


@pytest.fixture
def index(store: Store) -> PartnerIndex:
    store.write(records())
    return PartnerIndex(read_portfolio(store))


def test_ranked_with_scores_and_reasons(index: PartnerIndex) -> None:
    found = suggest(index, "ЦМП", Call(themes=["migrant integration"]), top=5)
    # civic (an existing partner, but on e-government) ranks below the migration work of opu
    # and brno, which are reached through a common partner.
    assert [s["id"] for s in found] == [
        "org:burgas",
        "org:praha",
        "org:opu",
        "org:brno",
        "org:civic",
    ]
    scores = [s["score"] for s in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)
    assert found[0]["reasons"] == [
        f"already worked with {CMP} on 2 projects: "
        "“Интеграция на мигранти в градовете”, “Education for migrant children”",
        "2 projects on migrant integration: "
        "“Интеграция на мигранти в градовете”, “Education for migrant children”",
        "based in Burgas, BG",
    ]
    assert set(found[0]) >= {"id", "name", "score", "reasons"}


def test_only_czech_candidates_and_partners_excluded(index: PartnerIndex) -> None:
    call = Call(themes=["migrant integration"], countries=["CZ"])
    found = suggest(index, "ЦМП", call, exclude_partners=True)
    # Czech organisations without evidence still come back, last, saying so.
    assert [s["id"] for s in found] == ["org:opu", "org:brno", "org:hopeful"]
    assert found[2]["reasons"] == [
        "no shared partners, theme or funder history yet",
        "based in Brno, CZ",
    ]
    assert {ORGS[s["id"]][1] for s in found} == {"CZ"}
    assert found[1]["reasons"] == [
        f"{CMP} worked with {SIMI} on 1 project, and {SIMI} worked with them on 1 project "
        "(“Integrace migrantů ve městech”)",
        "1 project on migrant integration: “Integrace migrantů ve městech”",
        "based in Brno, CZ",
    ]
    with_partners = suggest(index, "ЦМП", call)
    assert [s["id"] for s in with_partners] == ["org:praha", "org:opu", "org:brno", "org:hopeful"]


def test_cyrillic_theme_finds_czech_work_and_funder_experience(index: PartnerIndex) -> None:
    found = suggest(index, None, Call(themes=["интеграция на мигранти"], funder="AMIF"), top=2)
    assert [s["id"] for s in found] == ["org:praha", "org:burgas"]
    assert found[0]["reasons"][0] == (
        "2 projects on интеграция на мигранти (2 under Asylum, Migration and Integration Fund): "
        "“Интеграция на мигранти в градовете”, “Integrace migrantů ve městech”"
    )
    assert found[0]["parts"]["funder"] == pytest.approx(2 / 3, abs=1e-4)


def test_kind_filter_and_two_step_reason(index: PartnerIndex) -> None:
    found = suggest(index, "org:ruse", Call(kinds=["foundation"]))
    assert [(s["id"], s["reasons"][0]) for s in found] == [
        (
            "org:opu",
            f"two steps away: Сдружение за ромско включване Русе → {CMP} → {SIMI} → "
            "Otevřená společnost",
        ),
        ("org:lonely", "no shared partners, theme or funder history yet"),
    ]


def test_unknown_organisation_lists_close_names(index: PartnerIndex) -> None:
    with pytest.raises(NotFound) as caught:
        suggest(index, "Centre for migrnts", Call())
    assert CMP in caught.value.suggestions
    assert "closest:" in str(caught.value)


def test_cli_partners_json(store: Store, graph_env: dict[str, str]) -> None:
    store.write(records())
    run = subprocess.run(
        [sys.executable, "-m", "graph", "partners", "SIMI", "--country", "CZ", "--json"],
        cwd=ROOT, env=graph_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert [s["id"] for s in found] == ["org:opu", "org:brno", "org:hopeful"]
    assert all(s["reasons"] for s in found)
    assert found[0]["score"] > found[1]["score"] > found[2]["score"] >= 0
    missing = subprocess.run(
        [sys.executable, "-m", "graph", "partners", "Nobody Known", "--json"],
        cwd=ROOT, env=graph_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr.startswith("error: no organisation named 'Nobody Known'; closest:")
