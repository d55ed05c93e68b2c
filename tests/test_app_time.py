"""The year slider that replays Funding flows, the Map and the network, and the profile's
sources, in Streamlit's AppTest against the real test server.

Expected figures are hand counts of tests/app_sample.py: p1 (2016, €50,000; Roma Bridge Ruse and
CII), p3 (2018, €30,000; Burgas Youth Network, the hostile name, CII), p2 (2021, €120,000; CII,
Nadace Open Prague, Zagreb Civic Lab); p4 is a proposal (2025) and never counted. The undated
project added here is €10,000 to Roma Bridge Ruse alone.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st

from graph.io import ingest
from graph.model import Label, Organisation, Project, Relationship, RelType, make_id
from graph.store import Store
from tests import app_sample
from tests.test_app import app_store, metrics, page  # noqa: F401  (fixture)

UNDATED = make_id(Label.PROJECT, "p5-undated")
CII = app_sample.org_id(app_sample.CII)


@pytest.fixture(autouse=True, scope="module")
def close_app_connections() -> Iterator[None]:
    yield
    st.cache_resource.clear()


def _money(at) -> str:
    return metrics(at)["Money in this view (EUR)"]


def test_the_year_slider_replays_the_money_cumulatively(app_store: Store) -> None:  # noqa: F811
    at = page("flows")
    slider = at.select_slider(key="f_asof")
    assert slider.options[0] == "2016" and slider.options[-1] == "all years"
    assert _money(at) == "€ 200,000"
    for year, want in ((2016, "€ 50,000"), (2017, "€ 50,000"), (2018, "€ 80,000")):
        at.select_slider(key="f_asof").set_value(year).run()
        assert _money(at) == want, year
        assert at.query_params["asof"] == str(year)
    shown = at.caption[0].value
    assert shown.startswith("As of the end of 2018: the 2 projects that had started by then")
    at.select_slider(key="f_asof").set_value(2021).run()
    assert _money(at) == "€ 200,000"
    years = at.dataframe[-1].value
    assert years["year"].tolist() == ["2016", "2018", "2021"]
    assert years["amount_eur"].tolist() == [50000.0, 30000.0, 120000.0]
    assert years["cumulative_eur"].tolist() == [50000.0, 80000.0, 200000.0]


def test_the_replay_leaves_undated_projects_out_visibly(app_store: Store) -> None:  # noqa: F811
    app_store.write(
        [
            Project(
                id=UNDATED,
                name="Undated help desk",
                status="completed",
                amount_eur=10000.0,
                amount=10000.0,
                currency="EUR",
                sources=["extra.csv#row-2"],
            ),
            Relationship(
                type=RelType.FUNDED_BY,
                start=UNDATED,
                end=app_sample.ACF,
                sources=["extra.csv#row-2"],
            ),
            Relationship(
                type=RelType.PARTICIPATES_IN,
                start=app_sample.org_id("Roma Bridge Ruse"),
                end=UNDATED,
                role="lead",
                sources=["extra.csv#row-2"],
            ),
        ]
    )
    at = page("flows")
    assert _money(at) == "€ 210,000"  # all years: the undated project counts
    at.select_slider(key="f_asof").set_value(2021).run()
    assert _money(at) == "€ 200,000"
    assert at.caption[0].value.endswith("1 undated project left out (keep them in the sidebar).")
    at.sidebar.checkbox(key="f_undated").check().run()
    assert _money(at) == "€ 210,000"
    assert at.query_params["undated"] == "1"


def test_the_network_grows_over_the_years(app_store: Store) -> None:  # noqa: F811
    at = page("network")
    assert at.caption[0].value.startswith("6 nodes and 7 ties drawn")  # 1 + 3 + 3 ties
    at.select_slider(key="f_asof").set_value(2016).run()
    assert at.caption[1].value.startswith("2 nodes and 1 ties drawn")  # p1 only
    at.select_slider(key="f_asof").set_value(2018).run()
    assert at.caption[1].value.startswith("4 nodes and 4 ties drawn")  # p1 and p3
    at.selectbox(key="n_ego").set_value(CII).run()
    assert at.caption[1].value.startswith("4 nodes and 4 ties drawn")  # CII is in both
    assert at.query_params["asof"] == "2018"


def test_profile_sources_are_readable_and_hide_an_empty_quote_column(app_store: Store) -> None:  # noqa: F811
    at = page("profile")
    at.selectbox(key="p_org").set_value(CII).run()
    sources = at.dataframe[-1].value
    assert list(sources.columns) == ["fact", "document", "where"]  # no quotes in the sample
    assert set(sources["document"]) == {"sample.md"}
    assert at.caption[-1].value.startswith("No quotes: tables and the bundled seed documents")


def test_profile_shows_quotes_when_a_document_gave_them(app_store: Store) -> None:  # noqa: F811
    app_store.write(
        [
            Organisation(
                id=CII,
                name=app_sample.CII,
                country="BG",
                sources=["report.pdf#p2#L4"],
                quotes=["report.pdf#p2#L4: CII runs the help desk."],
            ),
        ]
    )
    at = page("profile")
    at.selectbox(key="p_org").set_value(CII).run()
    sources = at.dataframe[-1].value
    assert list(sources.columns) == ["fact", "document", "where", "quote"]
    quoted = sources[sources["document"] == "report.pdf"]
    assert quoted[["where", "quote"]].values.tolist() == [
        ["page 2, line 4", "CII runs the help desk."]
    ]


def test_profile_names_the_bundled_documents_lines_and_unpaid_funders(
    store: Store, settings, monkeypatch
) -> None:
    monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    ingest.load_bundled(store)
    cii = "org:tsentar-za-imigratsiya-i-integratsiya"
    at = page("profile")
    at.selectbox(key="p_org").set_value(cii).run()
    funders = at.dataframe[3].value  # identity, projects, partners, funders, ...
    # hand count of its completed projects' funding lines (data/seed_facts.json, curation):
    # OP Good Governance pays two directly, its call "civic participation" two, and the
    # call on monitoring policies one; none of them states an amount
    assert dict(funders[["funder or programme", "projects"]].values.tolist()) == {
        "Оперативна програма „Добро управление“": 2,
        "Повишаване на гражданското участие": 2,
        "Повишаване на гражданското участие в процесите на изпълнение и мониторинг на политики "
        "и законодателство": 1,
    }
    assert funders["amount_eur"].isna().all()
    rows = at.dataframe[-1].value
    own = rows[rows["fact"] == "the organisation itself"]
    # data/seed_facts.json: CII is named on lines 3, 5 and 7 of the first seed document
    first = own[own["document"] == "CII: mission and activities (BG) — 000_addaaee1e83848d6.txt"]
    assert first["where"].tolist()[:3] == ["line 3", "line 5", "line 7"]
    assert "reviewed facts (curation) — curation.yaml" in set(rows["document"])
    assert "quote" not in rows.columns


def test_a_narrower_period_keeps_the_replay_inside_it(app_store: Store) -> None:  # noqa: F811
    at = page("flows")
    at.select_slider(key="f_asof").set_value(2016).run()
    assert _money(at) == "€ 50,000"
    at.sidebar.slider(key="f_period").set_value((2018, 2021)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.select_slider(key="f_asof").options[0] == "2018"
    at.select_slider(key="f_asof").set_value(2018).run()
    assert _money(at) == "€ 30,000"  # p3 alone: p1 ran in 2016 only, before the period


def test_the_map_replays_the_money_by_city(app_store: Store) -> None:  # noqa: F811
    at = page("map")
    at.select_slider(key="f_asof").set_value(2018).run()
    assert _money(at) == "€ 80,000"
    cities = dict(at.dataframe[0].value[["name", "amount_eur"]].values.tolist())
    # p1: €50,000 to Roma Bridge (Ruse) and CII (Sofia); p3: €30,000 to Burgas Youth Network,
    # the hostile name (Sofia) and CII (Sofia)
    assert cities == {"Sofia": 45000.0, "Ruse": 25000.0, "Burgas": 10000.0}
