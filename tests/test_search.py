"""People find an organisation or a funder by whatever they type: any stored name, alias,
English name, Latin spelling, id, abbreviation, part of a name or a small typo; in the app's
pickers (AppTest on the seeds) and in the index the CLI resolves names with."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.analytics import lookup
from graph.analytics.portfolio import Portfolio, read_portfolio
from graph.config import PROJECT_ROOT
from graph.io import ingest
from graph.store import Store
from tests.conftest import seeds_required

APP = str(PROJECT_ROOT / "streamlit_app.py")
CII = "org:tsentar-za-imigratsiya-i-integratsiya"
TYPED = ["CII", "ЦИИ", "Tsentar za Imigratsiya", "Center for Immigration", "imigracia i integracia"]
# typos and other transliterations (issue 21)
TYPED += ["Център за Имиграцяи", "Tsentar za Imigratsia", "Centar za imigracija i integracija"]

pytestmark = seeds_required()


@pytest.fixture(scope="module")
def seeded(session_store: Store) -> Iterator[Store]:
    session_store.clear()
    ingest.load_bundled(session_store)
    yield session_store
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def pf(seeded: Store) -> Portfolio:
    return read_portfolio(seeded)


@pytest.mark.parametrize("typed", TYPED)
def test_cii_comes_first_however_it_is_typed(pf: Portfolio, typed: str) -> None:
    assert lookup.NameIndex(pf.organisations, "organisation").search(typed)[0] == CII


def test_parts_of_czech_names_and_english_funder_names_are_found(pf: Portfolio) -> None:
    orgs = lookup.NameIndex(pf.organisations, "organisation")
    assert pf.organisations[orgs.search("Integracni")[0]].name == "Integrační centrum Praha"
    funders = lookup.NameIndex({**pf.funders, **pf.programmes}, "funder")
    eea = [i for i in funders.search("EEA Grants") if i.startswith("funder:")]
    assert sorted(pf.funders[i].name_en for i in eea) == [
        "EEA Financial Mechanism 2009–2014 (EEA Grants)",
        "EEA Financial Mechanism 2014–2021 (EEA Grants)",
    ]
    acf = funders.search("Active Citizens")[0]
    assert pf.programmes[acf].name_en == "Active Citizens Fund Bulgaria"


@pytest.fixture
def app(seeded: Store, settings, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    return seeded


def page(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page(f"app/pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("name", "key"), [("profile", "p_org"), ("network", "n_ego")])
def test_the_pickers_open_what_was_typed(app: Store, name: str, key: str) -> None:
    at = page(name)
    for typed in ("CII", "ЦИИ", "Center for Immigration"):
        at.text_input(key=f"{key}_q").set_value(typed).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.query_params[{"profile": "org", "network": "ego"}[name]] == CII, typed


def test_the_funder_filter_finds_english_names(app: Store) -> None:
    at = page("flows")
    at.sidebar.text_input(key="f_funder_q").set_value("EEA Grants").run()
    options = at.sidebar.multiselect(key="f_funder").options
    assert any("EEA Grants" in o for o in options[:2]), options
    at.sidebar.text_input(key="f_funder_q").set_value("Active Citizens").run()
    assert "Active Citizens Fund Bulgaria" in at.sidebar.multiselect(key="f_funder").options[0]
