"""What the app lists, as a person sees it in AppTest: the pickers and buttons made from the
registries, the Sankey's folded programmes, one plain name per kind, and the network of
communities' export. Expected values are counted by hand from the records written here."""

# ruff: noqa: F811

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from streamlit.testing.v1 import AppTest

from graph.analytics import registry as measures
from graph.io import registry as files
from graph.model import (
    Funder,
    Label,
    Organisation,
    Programme,
    Project,
    Relationship,
    RelType,
    make_id,
)
from graph.store import Store
from tests import app_sample

# the app's fixtures, shared with tests/test_app.py (tests take them by name: F811)
from tests.test_app import APP, app_store, close_app_connections, page  # noqa: F401


def test_the_pickers_and_buttons_name_what_the_registries_name(app_store: Store) -> None:
    at = page("network")
    sizes = at.selectbox(key="n_size")
    assert sizes.options == [m.label for m in measures.MEASURES.values() if m.sizes]
    assert [m for m in measures.MEASURES if measures.MEASURES[m].sizes] == [
        "degree",
        "betweenness",
        "closeness",
        "eigenvector",
        "pagerank",
    ]
    buttons = [b.proto.label for b in at.get("download_button")]
    assert buttons == ["GEXF (Gephi)", "GraphML", "CSV (zip)"]
    at = page("research")
    assert at.selectbox(key="r_rank").options == list(measures.MEASURES)
    at = page("data")
    assert at.selectbox(key="d_format").options == ["(detect)", *files.IMPORTS]
    (uploader,) = at.get("file_uploader")
    assert sorted(t.lstrip(".") for t in uploader.proto.type) == sorted(files.SUFFIXES)
    assert "pdf" in files.SUFFIXES and "docx" in files.SUFFIXES  # issue 27: once refused
    # the caption names what every format reads, from the registry (one phrase each)
    caption = at.caption[0].value
    assert set(files.READS) == set(files.IMPORTS)
    assert all(phrase.casefold() in caption.casefold() for phrase in files.READS.values())
    assert caption.startswith("A filled-in template (CSV or XLSX), a list of grants")
    labels = [
        b.proto.label
        for b in at.get("download_button")
        if b.proto.label in {x.label for x in files.EXPORTS.values()}
    ]
    assert labels == ["JSON (re-imports)", "GEXF (Gephi)", "GraphML", "CSV (zip)", "Kumu (XLSX)"]


GIVER = make_id(Label.FUNDER, "Many Programmes Fund")


def _programmes() -> list:
    """One funder with 14 programmes, each paying one project of Roma Bridge Ruse
    €1,000 × its number (programme 1: €1,000 ... programme 14: €14,000)."""
    out: list = [Funder(id=GIVER, name="Many Programmes Fund", sources=["t.md"])]
    roma = app_sample.org_id("Roma Bridge Ruse")
    for i in range(1, 15):
        prog = make_id(Label.PROGRAMME, f"Programme {i}")
        pid = make_id(Label.PROJECT, f"programme-{i}")
        money = {"amount": 1000.0 * i, "currency": "EUR", "amount_eur": 1000.0 * i}
        out += [
            Programme(id=prog, name=f"Programme {i}", sources=["t.md"]),
            Relationship(type=RelType.PART_OF, start=prog, end=GIVER, sources=["t.md"]),
            Project(
                id=pid,
                name=f"P{i}",
                title=f"Project {i}",
                status="completed",
                start="2020-01-01",
                sources=["t.md"],
                **money,
            ),
            Relationship(type=RelType.FUNDED_BY, start=pid, end=prog, sources=["t.md"], **money),
            Relationship(
                type=RelType.PARTICIPATES_IN, start=roma, end=pid, role="lead", sources=["t.md"]
            ),
        ]
    return out


def _sankey(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]


def test_small_programmes_fold_into_one_band(app_store: Store) -> None:
    app_store.write(_programmes())
    at = page("flows")
    # 16 programme bands: the sample's Active Citizens Fund (€80,000), AMIF's money paid
    # directly (its "(direct)" band, €120,000) and the 14 above: the 12 biggest drawn,
    # programmes 1-4 (€10,000) folded
    assert at.slider(key="fl_programmes").value == 12
    said = [c.value for c in at.caption if "smaller programmes" in c.value]
    assert said == ['The 4 smaller programmes share one band: "other programmes (4)".']
    sankey = _sankey(at)
    names = sankey["node"]["customdata"]
    assert "other programmes (4)" in names and "Programme 1" not in names
    other = names.index("other programmes (4)")
    into = [
        v
        for t, v in zip(sankey["link"]["target"], sankey["link"]["value"], strict=True)
        if t == other
    ]
    out = [
        v
        for s, v in zip(sankey["link"]["source"], sankey["link"]["value"], strict=True)
        if s == other
    ]
    assert sum(into) == sum(out) == 10000.0
    at.slider(key="fl_programmes").set_value(16).run()
    assert not [c.value for c in at.caption if "smaller programmes" in c.value]
    assert "Programme 1" in _sankey(at)["node"]["customdata"]


def test_the_partner_finder_names_each_kind_once(app_store: Store) -> None:
    kinds = {
        "Lab A": "research",
        "Lab B": "research organisation",
        "Oblast C": "regional_administration",
        "Assoc D": "ngo",
    }
    app_store.write(
        [
            Organisation(
                id=make_id(Label.ORGANISATION, n), name=n, country="BG", kind=k, sources=["t.md"]
            )
            for n, k in kinds.items()
        ]
    )
    at = page("partners")
    want = ["NGO", "regional administration", "research organisation"]
    assert at.multiselect(key="pf_kinds").options == want
    assert at.multiselect(key="pf_each_k").options == want


def test_the_network_of_communities_exports_what_is_drawn(
    app_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import whole
    from graph.analytics import layout, prepared
    from graph.analytics.networks import NetworkFilter
    from graph.analytics.portfolio import read_portfolio

    monkeypatch.setattr(layout, "MAX_DRAWN", 5)  # the sample's 6 organisations are too many
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.query_params["draw"] = "whole"
    at.switch_page("app/pages/network.py").run()
    assert not at.exception
    assert at.caption[0].value.startswith("6 organisations are more than a browser draws")
    assert [b.proto.label for b in at.get("download_button")] == [
        files.EXPORTS[f].label for f in files.VIEWS
    ]
    pf = read_portfolio(app_store)
    drawn = prepared.whole_drawing(pf, NetworkFilter(), "degree", "community")
    community = {
        n["id"]: c
        for c in drawn.members
        for n in prepared.whole_drawing(
            pf, NetworkFilter(), "degree", "community", int(c.split(":")[1])
        ).nodes
    }
    # the sample's seven funded ties (p1, p2, p3; p4 is a proposal), by hand
    ruse, cii, prague, zagreb, burgas, hostile = (app_sample.org_id(n) for n in app_sample.ORGS)
    ties = [
        (ruse, cii),
        (cii, prague),
        (cii, zagreb),
        (prague, zagreb),
        (burgas, hostile),
        (burgas, cii),
        (hostile, cii),
    ]
    between: dict[frozenset, float] = {}
    for a, b in ties:
        if community[a] != community[b]:
            key = frozenset((community[a], community[b]))
            between[key] = between.get(key, 0.0) + 1.0
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        data = whole.whole_file(pf, NetworkFilter(), "degree", "community", None, fmt)
        G = read(io.BytesIO(data))
        assert set(G.nodes) == set(drawn.members), fmt
        assert {v: G.nodes[v]["members"] for v in G} == {
            c: float(sum(1 for x in community.values() if x == c)) for c in drawn.members
        }
        assert {frozenset(e): G.edges[e]["weight"] for e in G.edges} == between, fmt
