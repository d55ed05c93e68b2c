"""Every page of the app, driven by Streamlit's AppTest against the real test server.

The sample graph (tests/app_sample.py) is small enough that every expected number is known.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app import upload
from app.text import eur
from graph.config import PROJECT_ROOT
from graph.io import export, registry
from graph.model import (
    Label,
    Organisation,
    Project,
    Relationship,
    RelType,
    make_id,
    transliterate,
)
from graph.store import Store
from tests import app_sample

APP = str(PROJECT_ROOT / "streamlit_app.py")
ROMA = app_sample.org_id("Roma Bridge Ruse")
PRAGUE = app_sample.org_id("Nadace Open Prague")
CII = app_sample.org_id(app_sample.CII)


@pytest.fixture
def app_store(store: Store, settings, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The test server holding the sample graph, and the app pointed at it."""
    monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    store.write(app_sample.records())
    return store


@pytest.fixture(autouse=True, scope="module")
def close_app_connections() -> Iterator[None]:
    """The app keeps its store open for the process; close it before the server stops."""
    yield
    st.cache_resource.clear()


def page(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(f"app/pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def drawing(at: AppTest, index: int = 0) -> str:
    return at.get("iframe")[index].proto.srcdoc


def test_overview_counts_money_and_an_escaped_drawing(app_store: Store) -> None:
    at = page("overview")
    assert metrics(at) == {
        "Organisations": "6",
        "Projects": "4",
        "Funders": "2",
        "Programmes": "1",
        "Cities": "5",
        "Funded (EUR)": "€ 200,000",
    }
    assert at.dataframe[1].value["name"].tolist()[:1] == [app_sample.CII]
    page_html = drawing(at)
    assert '<img src=x onerror="alert(1)">' not in page_html
    assert "onerror=\\u0026quot;alert(1)\\u0026quot;" in page_html  # escaped, then JSON-quoted
    assert 'src="http' not in page_html and 'href="http' not in page_html


def test_an_empty_store_gets_the_bundled_data(store: Store, settings, monkeypatch) -> None:
    monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    at = AppTest.from_file(APP, default_timeout=120).run()  # the overview is the default page
    assert not at.exception
    orgs = store.counts()["nodes"]["Organisation"]
    assert orgs >= 10  # the seed corpus: organisations of the five documents
    assert metrics(at)["Organisations"] == f"{orgs:,}"
    assert at.status[0].label.startswith("Bundled data loaded")


def test_network_filters_and_ego_change_the_drawing(app_store: Store) -> None:
    at = page("network")
    assert at.caption[0].value.startswith("6 nodes and 7 ties drawn")
    at.sidebar.checkbox(key="f_proposals").check().run()
    assert at.caption[0].value.startswith("6 nodes and 8 ties drawn")
    at.sidebar.multiselect(key="f_country").set_value(["CZ", "HR"]).run()
    assert at.caption[0].value.startswith("2 nodes and 1 ties drawn")
    at.sidebar.multiselect(key="f_country").set_value([]).run()
    at.sidebar.checkbox(key="f_proposals").uncheck().run()
    at.selectbox(key="n_ego").set_value(PRAGUE).run()
    assert at.caption[0].value.startswith("3 nodes and 3 ties drawn")
    assert at.query_params["ego"] == PRAGUE
    assert "Nadace Open Prague" in drawing(at)


def test_flows_sankey_follows_the_funder_filter(app_store: Store) -> None:
    at = page("flows")
    assert metrics(at)["Money in this view (EUR)"] == "€ 200,000"
    assert len(at.get("plotly_chart")) == 1
    amif = "funder:european-union-amif"
    at.sidebar.multiselect(key="f_funder").set_value([amif]).run()
    assert metrics(at)["Money in this view (EUR)"] == "€ 120,000"
    table = at.dataframe[0].value  # the default split: AMIF's one project, three participants
    assert sorted(table["target"]) == sorted(
        [app_sample.CII, "Nadace Open Prague", "Zagreb Civic Lab"]
    )
    assert table["amount_eur"].tolist() == [40000.0] * 3
    at.sidebar.radio(key="f_split").set_value("lead").run()
    assert at.query_params["split"] == "lead"
    table = at.dataframe[0].value
    assert table["target"].tolist() == [app_sample.CII]
    assert table["original"].tolist() == ["234,699.60 BGN"]


def test_a_filter_holds_on_the_next_page_and_clears_from_its_banner(app_store: Store) -> None:
    at = page("flows")
    amif = "funder:european-union-amif"
    at.sidebar.multiselect(key="f_funder").set_value([amif]).run()
    at.sidebar.radio(key="f_split").set_value("lead").run()
    assert metrics(at)["Money in this view (EUR)"] == "€ 120,000"
    at.query_params.clear()  # as a page switch in the browser does
    at.switch_page("app/pages/map.py").run()
    assert not at.exception
    assert at.sidebar.multiselect(key="f_funder").value == [amif]
    assert at.sidebar.radio(key="f_split").value == "lead"  # all to CII, the lead, in Sofia
    cities = at.dataframe[0].value
    assert dict(zip(cities["name"], cities["amount_eur"], strict=True)) == {
        "Sofia": 120_000,
        "Prague": 0,
        "Zagreb": 0,
    }
    assert at.query_params["funder"] == amif
    assert metrics(at)["Money in this view (EUR)"] == "€ 120,000"
    assert at.dataframe[0].value["amount_eur"].sum() == 120_000
    cross = at.button(key="f_x_funder")
    assert cross.label.startswith("funder European Union") and cross.label.endswith("✕")
    cross.click().run()
    assert at.sidebar.multiselect(key="f_funder").value == []
    assert "funder" not in at.query_params
    assert metrics(at)["Money in this view (EUR)"] == "€ 200,000"
    at.switch_page("app/pages/flows.py").run()
    assert metrics(at)["Money in this view (EUR)"] == "€ 200,000"


def test_map_cities_and_arcs_follow_the_country_filter(app_store: Store) -> None:
    at = page("map")
    assert at.caption[0].value.startswith("5 cities, 5 city pairs with shared projects.")
    cities = at.dataframe[0].value
    flows_total = metrics(page("flows"))["Money in this view (EUR)"]
    assert eur(cities["amount_eur"].sum()) == flows_total  # cities add up to the whole
    at.sidebar.multiselect(key="f_country").set_value(["CZ"]).run()
    assert at.caption[0].value.startswith("1 cities, 0 city pairs with shared projects.")
    assert at.dataframe[0].value["name"].tolist() == ["Prague"]


def test_profile_shows_names_projects_and_sources(app_store: Store) -> None:
    at = page("profile")
    at.selectbox(key="p_org").set_value(CII).run()
    identity = dict(at.dataframe[0].value.values.tolist())
    assert identity["in Latin letters"] == transliterate(app_sample.CII)
    assert identity["based in"] == "Sofia, BG"
    projects = at.dataframe[1].value
    assert sorted(projects["role"]) == [
        "associate",
        "lead",
        "partner",
    ]
    assert metrics(at)["Partners"] == "5"
    sources = at.dataframe[-1].value
    assert "sample.md" in sources["document"].tolist()


def test_partner_finder_ranks_and_draws_paths(app_store: Store) -> None:
    at = page("partners")
    assert at.info[0].value.startswith("Choose your organisation")
    at.selectbox(key="pf_org").set_value(ROMA).run()
    found = at.dataframe[0].value
    # new partners first (issue 14): all reached through CII, the one partner Roma Bridge has
    assert sorted(found["name"]) == sorted(
        set(app_sample.ORGS) - {app_sample.CII, "Roma Bridge Ruse"}
    )
    assert f"Roma Bridge Ruse worked with {app_sample.CII}" in found["why"].tolist()[0]
    assert at.dataframe[1].value["name"].tolist() == [app_sample.CII]  # "you already work with"
    assert "Roma Bridge Ruse" in drawing(at)
    at.selectbox(key="pf_why").set_value(CII).run()
    assert at.text[0].value.startswith("- already a partner (1 shared project)")
    at.multiselect(key="pf_c").set_value(["CZ"]).run()
    assert at.dataframe[0].value["country"].tolist() == ["CZ"]


def test_research_measures_and_a_read_only_console(app_store: Store) -> None:
    at = page("research")
    assert len(at.dataframe[0].value) == 6
    at.selectbox(key="r_ex").set_value("Organisations and their cities").run()
    at.button(key="r_run").click().run()
    assert len(at.dataframe[-1].value) == 6
    at.text_area(key="r_q_Organisations and their cities").set_value(
        "CREATE (n:Intruder) RETURN n"
    ).run()
    at.button(key="r_run").click().run()
    assert at.error[0].value.startswith("read-only")
    assert app_store.run_user_query("MATCH (n:Intruder) RETURN count(n) AS n")[0] == [{"n": 0}]


def test_a_bad_upload_shows_its_error_and_loads_nothing(app_store: Store) -> None:
    before = app_store.counts()
    at = page("data")
    at.file_uploader(key="d_file").set_value(("bad.csv", b"foo;bar\n1;2\n", "text/csv")).run()
    assert at.error[0].value == (
        "bad.csv: missing required column: organisation or project (found: foo, bar)"
    )
    assert not at.button  # no way to load it
    assert app_store.counts() == before


def test_a_good_upload_is_reported_then_loaded(app_store: Store) -> None:
    template = (PROJECT_ROOT / "data" / "templates" / "partners-template.csv").read_bytes()
    checked = upload.check(template, "partners-template.csv")
    assert (checked.format, checked.error, checked.issues) == ("tabular", "", [])
    before = app_store.counts()["nodes"]["Organisation"]
    report = upload.load(app_store, checked)
    assert report.nodes > 0
    assert app_store.counts()["nodes"]["Organisation"] > before


def test_upload_check_names_the_problem_for_bad_bytes() -> None:
    checked = upload.check(b"\xff\xfe<<<", "bad.xml")
    assert not checked.loadable
    assert checked.error.startswith("bad.xml: malformed XML")
    assert [i.code for i in checked.issues] == ["malformed-xml"]


def test_exports_download_every_format(app_store: Store) -> None:
    data = {fmt: export.to_bytes(app_store, fmt) for fmt in registry.EXPORTS}
    assert data["json"].startswith(b"{")
    assert b"<graphml" in data["graphml"] and b"<gexf" in data["gexf"]
    assert data["csv"][:2] == b"PK" and data["kumu"][:2] == b"PK"  # zip, xlsx
    assert b"&lt;img src=x onerror=" in data["graphml"]  # names stay text in XML


def test_the_app_holds_no_cypher_and_only_app_imports_streamlit() -> None:
    for path in (PROJECT_ROOT / "app").rglob("*.py"):
        text = path.read_text()
        assert "MATCH (" not in text and "neo4j" not in text, path
    for folder in ("graph", "loaders"):
        for path in Path(PROJECT_ROOT / folder).rglob("*.py"):
            assert "import streamlit" not in path.read_text(), path


def test_after_a_load_the_page_no_longer_says_nothing_was_written(app_store: Store) -> None:
    template = (PROJECT_ROOT / "data" / "templates" / "partners-template.csv").read_bytes()
    at = page("data")
    at.file_uploader(key="d_file").set_value(("partners.csv", template, "text/csv")).run()
    assert at.success[0].value.endswith("Nothing has been written yet.")
    at.button(key="d_load").click().run()
    said = [s.value for s in at.success]
    assert len(said) == 1 and said[0].startswith("Loaded "), said
    assert not [b for b in at.button if b.key == "d_load"]  # no button to load it again
    at.run()
    assert [s.value for s in at.success] == ["partners.csv is in the graph."]


def test_network_marks_the_centre_with_a_legend_counts_and_a_funding_mode(app_store) -> None:
    at = page("network")
    html = drawing(at)
    assert '<div id="legend"' in html and "community 1" in html
    assert "ties: 5" in html  # CII works with the five others (a count, not a share)
    assert html.count('"borderWidth": 6') == 0
    at.selectbox(key="n_ego").set_value(PRAGUE).run()
    assert drawing(at).count('"borderWidth": 6') == 1  # the centre, and only it
    at.selectbox(key="n_ego").set_value(None).run()
    at.radio(key="n_mode").set_value("funding").run()
    # EEA Grants -> Active Citizens Fund -> 5 organisations; AMIF -> its 3 participants
    assert at.caption[0].value.startswith("9 nodes and 8 ties drawn")
    assert "Active Citizens Fund Bulgaria" in drawing(at)


def _drawn(html: str) -> tuple[set[str], set[frozenset[str]]]:
    """The node ids and ties in a drawing's page, read from the data vis-network is given."""
    nodes = json.loads(re.search(r"nodes = new vis.DataSet\((.*?)\);", html).group(1))
    edges = json.loads(re.search(r"edges = new vis.DataSet\((.*?)\);", html).group(1))
    return {n["id"] for n in nodes}, {frozenset((e["from"], e["to"])) for e in edges}


def test_the_filtered_network_exports_with_years(app_store: Store) -> None:
    from app import viewmodels
    from graph.analytics.networks import NetworkFilter
    from graph.analytics.portfolio import read_portfolio

    pf = read_portfolio(app_store)
    flt = NetworkFilter(countries=("CZ", "HR"))
    args = (pf, flt, "partnership", None, 1, "degree", "community", 300)
    gexf = viewmodels.network_file(*args, "gexf").decode()
    assert gexf.count("<node ") == 2 and gexf.count("<edge ") == 1
    assert 'mode="dynamic"' in gexf and 'start="2021.0" end="2021.0"' in gexf
    assert b"<graphml" in viewmodels.network_file(*args, "graphml")
    assert viewmodels.network_file(*args[:2], "bipartite", *args[3:], "csv")[:2] == b"PK"


@pytest.mark.parametrize("mode", ["partnership", "bipartite", "funding"])
def test_export_this_view_holds_exactly_what_is_drawn(app_store: Store, mode: str) -> None:
    from app import viewmodels
    from graph.analytics.networks import NetworkFilter
    from graph.analytics.portfolio import read_portfolio

    pf = read_portfolio(app_store)
    # four nodes of the 6 to 12 of each network: the drawing leaves the others out
    args = (pf, NetworkFilter(), mode, None, 1, "degree", "community", 4)
    drawing, notes = viewmodels.network_drawing(*args)
    nodes, ties = _drawn(drawing.html)
    assert len(nodes) == drawing.nodes == 4
    exported = nx.read_gexf(io.BytesIO(viewmodels.network_file(*args, "gexf")))
    assert set(exported.nodes) == nodes
    assert {frozenset(e) for e in exported.edges} == ties
    assert any("largest" in n for n in [drawing.note, *notes])


def test_partner_finder_completes_a_consortium_and_reaches_beyond_the_graph(
    app_store: Store,
) -> None:
    # known only from a registry: no project in the graph
    app_store.write(
        [
            Organisation(
                id="org:ro", name="Romanian Migrant Integration Forum", country="RO", kind="ngo"
            )
        ]
    )
    at = page("partners")
    at.selectbox(key="pf_org").set_value(ROMA).run()
    at.text_input(key="pf_theme").set_value("migrant integration").run()
    at.multiselect(key="pf_each_c").set_value(["HR", "RO"]).run()
    found = at.dataframe[0].value
    # HR and RO are missing from the consortium (Roma Bridge Ruse alone): covered first;
    # RO only from beyond the graph, marked as such
    assert found["name"].tolist()[:2] == ["Zagreb Civic Lab", "Romanian Migrant Integration Forum"]
    assert found["note"].tolist()[:2] == ["", "no projects in the graph yet"]
    assert found["why"].tolist()[1].startswith("covers RO, still missing")
    at.text_input(key="pf_with").set_value("Zagreb Civic Lab").run()
    at.text_input(key="pf_exclude").set_value("Nadace Open Prague").run()
    found = at.dataframe[0].value
    assert at.subheader[0].value.endswith("to complete the consortium")
    names = found["name"].tolist()
    assert names[0] == "Romanian Migrant Integration Forum"  # RO still missing, HR now in
    assert "Zagreb Civic Lab" not in names and "Nadace Open Prague" not in names


def test_long_tables_show_their_first_thousand_rows_and_say_so(
    store: Store, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 1,500 organisations the measures grid holds the 1,000 highest by degree and says how
    many there are; the flows grid its 1,000 largest flows."""
    from benchmarks import synthetic
    from graph.model import Relationship, RelType

    monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    records = synthetic.portfolio(1500, seed=3)
    store.write(records)
    statuses = {r.id: r.status for r in records if r.__class__.__name__ == "Project"}
    active = {
        r.start
        for r in records
        if isinstance(r, Relationship)
        and r.type == RelType.PARTICIPATES_IN
        and statuses[r.end] not in ("proposed", "rejected")
    }
    at = page("research")
    grid = at.dataframe[0].value
    assert len(grid) == 1000 and len(active) > 1000
    assert f"Showing the first 1,000 of {len(active):,} organisations" in " ".join(
        c.value for c in at.caption
    )
    assert list(grid["partners"]) == sorted(grid["partners"], reverse=True)
    flows = page("flows")
    assert len(flows.dataframe[0].value) == 1000
    assert (
        list(flows.dataframe[0].value["amount_eur"])[:3]
        == sorted(flows.dataframe[0].value["amount_eur"], reverse=True)[:3]
    )


@pytest.mark.parametrize("name", ["network", "flows", "map", "research"])
def test_a_filter_that_keeps_nothing_is_said_and_breaks_no_page(
    app_store: Store, name: str
) -> None:
    at = page(name)
    at.sidebar.text_input(key="f_theme").set_value("no project is about this").run()
    assert not at.exception, [e.value for e in at.exception]
    if name == "research":
        assert at.info[0].value.startswith("No organisation is in this view")
        assert at.button(key="r_run")  # the console does not depend on the filters


@pytest.mark.parametrize(
    "name", ["overview", "network", "flows", "map", "profile", "research", "data", "review"]
)
def test_no_table_shows_none(app_store: Store, name: str) -> None:
    # an undated project and one without an amount: gaps that tables used to show as "None"
    said = ["t.md#1"]
    undated, unpriced = make_id(Label.PROJECT, "undated"), make_id(Label.PROJECT, "unpriced")
    app_store.write(
        [
            Project(
                id=undated,
                name="Undated study",
                amount=1000.0,
                currency="EUR",
                amount_eur=1000.0,
                sources=said,
            ),
            Project(id=unpriced, name="Unpriced study", start="2020-01-01", sources=said),
            *(
                Relationship(type=RelType.FUNDED_BY, start=p, end=app_sample.AMIF, sources=said)
                for p in (undated, unpriced)
            ),
            *(
                Relationship(
                    type=RelType.PARTICIPATES_IN, start=CII, end=p, role="lead", sources=said
                )
                for p in (undated, unpriced)
            ),
        ]
    )
    at = page(name)
    for grid in at.dataframe:
        frame = grid.value
        empty = [(c, i) for c in frame.columns for i, v in enumerate(frame[c]) if pd.isna(v)]
        assert not empty, (name, empty[:5])
        assert not frame.isin(["None"]).any().any(), name
    if name == "flows":  # the undated money is said, outside the running total
        said = [c.value for c in at.caption if c.value.startswith("Undated:")]
        assert said == ["Undated: 1 project, € 1,000, in no year and no running total."]


def test_the_whole_network_is_placed_once_and_folds_into_communities(
    app_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import whole
    from graph.analytics import layout, prepared
    from graph.analytics.networks import NetworkFilter
    from graph.analytics.portfolio import read_portfolio

    pf = read_portfolio(app_store)
    first = prepared.whole_drawing(pf, NetworkFilter(), "degree", "community")
    # the six organisations, all in funded projects, and their seven ties (counted by hand)
    assert (len(first.nodes), len(first.edges), first.communities) == (6, 7, False)
    again = prepared.whole_drawing(pf, NetworkFilter(), "degree", "community")
    assert [(n["x"], n["y"]) for n in again.nodes] == [(n["x"], n["y"]) for n in first.nodes]
    monkeypatch.setattr(layout, "MAX_DRAWN", 5)  # more organisations than a browser draws
    folded = prepared.whole_drawing(pf, NetworkFilter(), "degree", "community")
    assert folded.communities and sum(folded.members.values()) == 6
    assert len(folded.nodes) == len(folded.members) >= 2
    inside = prepared.whole_drawing(pf, NetworkFilter(), "degree", "community", community=0)
    assert len(inside.nodes) == folded.members[f"{layout.COMMUNITY}0"]
    monkeypatch.undo()
    exported = nx.read_gexf(
        io.BytesIO(whole.whole_file(pf, NetworkFilter(), "degree", "community", None, "gexf"))
    )
    assert set(exported.nodes) == {n["id"] for n in first.nodes}
    assert {frozenset(e) for e in exported.edges} == {
        frozenset((e["source"], e["target"])) for e in first.edges
    }


def test_the_network_page_draws_the_whole_network_from_the_url(app_store: Store) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.query_params["draw"] = "whole"
    at.switch_page("app/pages/network.py").run()
    assert not at.exception
    assert at.caption[0].value.startswith("6 organisations and 7 ties drawn")
