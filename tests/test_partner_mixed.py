"""Partner suggestions a programme officer would accept (issue 21), on the graph a user builds:
the seeds, then the shared CORDIS sample and the IATI Ukraine file, each through its loader
into the embedded server. The expected organisations come from the sources: the INTEGRA
consortium as the seed document writes it, and the AMIF-funded projects of the export.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.analytics import lookup
from graph.analytics.partners import Call, PartnerIndex, suggest, trained_index, why_not
from graph.analytics.portfolio import read_portfolio
from graph.config import PROJECT_ROOT
from graph.io import ingest
from graph.store import Store
from tests.conftest import DATASETS, SEEDS, datasets_required, seeds_required

ROOT = Path(__file__).resolve().parent.parent
CII = "org:tsentar-za-imigratsiya-i-integratsiya"
CII_NAME = "Център за Имиграция и Интеграция"
AMIF = "Asylum, Migration and Integration Fund"
MIGRANT_INTEGRATION = ["migrant integration", "интеграция на мигранти", "integrace cizinců"]
TYPOS = ["Център за Имиграцяи", "Tsentar za Imigratsia", "Centar za imigracija i integracija"]

pytestmark = [seeds_required(), datasets_required()]


def integra_names() -> list[str]:
    """The INTEGRA consortium as the seed document writes it: the lead, then the others."""
    text = (SEEDS / "003_cc3f915612210297.txt").read_text(encoding="utf-8")
    lead = re.search(r"Hlavní partner: (.+?) \(", text).group(1)
    others = re.search(r"Ostatní partneři: (.+)", text).group(1)
    return [lead, *re.findall(r"(?:^|, )(.+?) \([^)]*\)", others)]


def ids_named(export: dict, names: list[str]) -> set[str]:
    """The organisations of the export whose name, English name or alias is one of ``names``."""
    found = set()
    for node in export["nodes"]:
        props = node["properties"]
        called = {props.get("name"), props.get("name_en"), *(props.get("aliases") or [])}
        if "Organisation" in node["labels"] and called & set(names):
            found.add(node["id"])
    return found


def funded_by(export: dict, funder_name: str) -> set[str]:
    """Organisations taking part in a project funded by ``funder_name`` (a programme or
    funder of that name, or one PART_OF it), from the export's relationships."""
    named = {n["id"] for n in export["nodes"] if n["properties"].get("name") == funder_name}
    rels = export["relationships"]
    under = named | {r["start"] for r in rels if r["type"] == "PART_OF" and r["end"] in named}
    projects = {r["start"] for r in rels if r["type"] == "FUNDED_BY" and r["end"] in under}
    return {r["start"] for r in rels if r["type"] == "PARTICIPATES_IN" and r["end"] in projects}


def partners_in(export: dict, org: str) -> set[str]:
    """Organisations sharing a project with ``org`` in the export."""
    rels = [r for r in export["relationships"] if r["type"] == "PARTICIPATES_IN"]
    mine = {r["end"] for r in rels if r["start"] == org}
    return {r["start"] for r in rels if r["end"] in mine} - {org}


def export_of(env: dict[str, str], tmp: Path) -> dict:
    out = tmp / "export.json"
    run = subprocess.run(
        [sys.executable, "-m", "graph", "export", "--format", "json", "-o", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds(session_store: Store, settings, tmp_path_factory) -> tuple[PartnerIndex, dict]:
    """The seeds alone, as the index and the export saw them before anything else came."""
    session_store.clear()
    ingest.load_bundled(session_store)
    env = _env(settings)
    return PartnerIndex(read_portfolio(session_store)), export_of(env, tmp_path_factory.mktemp("s"))


@pytest.fixture(scope="module")
def mixed(seeds, session_store: Store, settings, tmp_path_factory) -> Iterator[tuple]:
    """Seeds + CORDIS + IATI Ukraine: the trained index and the export."""
    for path in [DATASETS / "cordis", DATASETS / "iati" / "ocha-ukraine-dportal-2022-04-28.xml"]:
        for file in ingest.expand([path]):
            ingest.load_file(session_store, file)
    index = trained_index(read_portfolio(session_store))
    yield index, export_of(_env(settings), tmp_path_factory.mktemp("m"))
    st.cache_resource.clear()


def _env(settings) -> dict[str, str]:
    import os

    env = dict(os.environ, OMP_NUM_THREADS="1", GRAPH_WARM="0")
    if settings.embedded:
        env["GRAPH_DATA_DIR"] = str(settings.data_dir)
    return env


def test_the_seed_graph_without_a_theme_gives_its_neighbourhood_with_reasons(seeds) -> None:
    index, export = seeds
    found = suggest(index, CII_NAME, Call(), top=20)
    # CII's city, from the export, and the organisations based there that are no partner yet
    city = {
        r["end"] for r in export["relationships"] if r["type"] == "BASED_IN" and r["start"] == CII
    }
    based = [r for r in export["relationships"] if r["type"] == "BASED_IN"]
    same_city = {r["start"] for r in based if r["end"] in city}
    same_city -= partners_in(export, CII) | {CII}
    assert same_city and same_city <= {s["id"] for s in found}
    for s in found:
        assert s["reasons"][0] != "no shared partners, theme or funder history yet", s
    near = next(s for s in found if s["id"] in same_city)
    assert near["reasons"][0] == f"near {CII_NAME}: based in the same city, Sofia"


def test_migrant_integration_puts_the_integra_consortium_first(mixed) -> None:
    index, export = mixed
    integra = ids_named(export, integra_names())
    assert len(integra) == 6
    found = suggest(index, CII_NAME, Call(themes=["migrant integration"]), top=10)
    assert {s["id"] for s in found[:6]} == integra
    for s in found[:6]:
        assert not s["off_theme"]
        assert s["reasons"][0].startswith("1 of its 1 project on migrant integration"), s
        assert "“INTEGRA – Integration of third country nationals" in s["reasons"][0]
    # the rest follow apart: no evidence, said first
    assert len(found) == 10
    for s in found[6:]:
        assert (
            s["off_theme"] and s["reasons"][0] == "no evidence on this theme (migrant integration)"
        )
    assert min(s["score"] for s in found[:6]) > max(s["score"] for s in found[6:])


@pytest.mark.parametrize("words", MIGRANT_INTEGRATION)
def test_the_theme_in_three_languages_finds_the_same_organisations(mixed, words: str) -> None:
    index, export = mixed
    found = suggest(index, None, Call(themes=[words]), top=30)
    on = {s["id"] for s in found if not s["off_theme"]}
    assert on == ids_named(export, integra_names())


def test_a_funder_keeps_only_organisations_that_worked_under_it(mixed) -> None:
    index, export = mixed
    amif = funded_by(export, AMIF)
    assert amif == ids_named(export, integra_names())  # in these sources, AMIF funded INTEGRA
    call = Call(themes=["migrant integration"], funder=AMIF)
    found = suggest(index, CII_NAME, call, top=10)
    assert {s["id"] for s in found} == amif - partners_in(export, CII) - {CII}
    for s in found:
        assert f"1 project funded by {AMIF}: “INTEGRA" in " ".join(s["reasons"])
    # any funder experience: the same six first, then others
    wider = suggest(
        index, CII_NAME, Call(themes=["migrant integration"], funder=AMIF, any_funder=True), top=10
    )
    assert {s["id"] for s in wider[:6]} == amif and len(wider) == 10
    hub = next(s for s in wider if s["id"] not in amif)
    answer = why_not(index, CII_NAME, hub["id"], call)
    assert answer["suggested_rank"] is None
    assert answer["because"][0] == (
        f"has not worked under {AMIF}, as the call requires (ask for any funder experience "
        "to include it)"
    )


def test_why_agrees_with_the_list(mixed) -> None:
    index, _ = mixed
    call = Call(themes=["migrant integration"], countries=["CZ", "HR"])
    found = suggest(index, CII_NAME, call, top=30)
    on = [s for s in found if not s["off_theme"]]
    for place, s in enumerate(found, start=1):
        answer = why_not(index, CII_NAME, s["id"], call)
        assert answer["suggested_rank"] == place
        if place <= len(on):
            expected = f"ranked {place} of {len(on)} candidates with evidence on the theme"
            assert answer["because"] == [expected]
    # the two INTEGRA partners in CZ and HR, as the document writes their countries
    assert {s["name"] for s in on} == {
        "Integrační centrum Praha",
        "Centar za mir, nenasilje i ljudska prava",
    }
    off = why_not(index, CII_NAME, found[-1]["id"], call)
    assert off["because"][0].startswith("no evidence on this theme: none of its")


@pytest.mark.parametrize("typed", TYPOS)
def test_typos_find_cii_first(mixed, typed: str) -> None:
    index, _ = mixed
    names = lookup.NameIndex(index.pf.organisations, "organisation")
    assert names.search(typed)[0] == CII


def test_the_cli_never_picks_a_weak_match(mixed, settings) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "graph", "partners", TYPOS[0], "--theme", "migrant integration"],
        cwd=ROOT,
        env=_env(settings),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr.startswith(
        f"error: no organisation named '{TYPOS[0]}'; closest: {CII_NAME}"
    ), run.stderr


def test_the_app_offers_close_names_and_keeps_the_choice(
    mixed, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    if settings.embedded:
        monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=300)
    at.run()
    at.switch_page("app/pages/partners.py").run()
    at.text_input(key="pf_org_q").set_value("Integrační centrum Praha").run()
    assert at.query_params["org"] == "org:integracni-centrum-praha"
    at.text_input(key="pf_org_q").set_value(TYPOS[0]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.info[0].value.startswith("Nothing is called")
    assert at.query_params["org"] == "org:integracni-centrum-praha"  # kept until one is picked
    box = next(b for b in at.selectbox if b.key.startswith("pf_org_"))
    # the previous choice, then the closest names, CII first
    assert box.options[0] == "— none —"
    assert box.options[1].startswith("Integrační centrum Praha")
    assert box.options[2].startswith(CII_NAME)
    assert box.value == "org:integracni-centrum-praha"
