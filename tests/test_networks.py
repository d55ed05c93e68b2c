"""Networks derived from the real store: co-partnership weights, bipartite links, filters."""

from __future__ import annotations

import pytest

from graph.analytics.networks import (
    NetworkFilter,
    bipartite,
    co_partnership,
    make_filter,
    shared_projects,
)
from graph.analytics.portfolio import Portfolio, project_years, read_portfolio
from graph.errors import NotFound
from graph.model import Project
from graph.store import Store
from tests.analytics_sample import records

REAL_EDGES = {
    ("org:burgas", "org:cmp"): ["proj:p1", "proj:p6"],
    ("org:opu", "org:praha"): ["proj:p2", "proj:p5"],
    ("org:cmp", "org:praha"): ["proj:p1"],
    ("org:burgas", "org:praha"): ["proj:p1"],
    ("org:brno", "org:praha"): ["proj:p2"],
    ("org:brno", "org:opu"): ["proj:p2"],
    ("org:cmp", "org:ruse"): ["proj:p3"],
    ("org:civic", "org:cmp"): ["proj:p4"],
    ("org:opu", "org:zagreb"): ["proj:p5"],
    ("org:praha", "org:zagreb"): ["proj:p5"],
}


@pytest.fixture
def portfolio(store: Store) -> Portfolio:
    store.write(records())
    return read_portfolio(store)


def _edges(G) -> dict[tuple[str, str], list[str]]:
    return {tuple(sorted((u, v))): d["projects"] for u, v, d in G.edges(data=True)}


def test_co_partnership_from_the_store(portfolio: Portfolio) -> None:
    G = co_partnership(portfolio)
    assert _edges(G) == REAL_EDGES
    assert {tuple(sorted(e)): G.edges[e]["weight"] for e in G.edges} == {
        k: len(v) for k, v in REAL_EDGES.items()
    }
    assert G.edges["org:cmp", "org:burgas"]["distance"] == 0.5
    assert sorted(G) == sorted({o for pair in REAL_EDGES for o in pair} | {"org:lonely"})
    assert G.nodes["org:praha"] == {
        "name": "Sdružení pro integraci a migraci",
        "kind": "ngo",
        "country": "CZ",
        "city": "Prague",
        "label": "Organisation",
    }


def test_store_and_records_give_the_same_network(portfolio: Portfolio) -> None:
    direct = co_partnership(Portfolio.from_records(records()))
    via_store = co_partnership(portfolio)
    assert _edges(direct) == _edges(via_store)
    assert dict(direct.nodes(data=True)) == dict(via_store.nodes(data=True))
    assert portfolio.sponsors["proj:p1"] == {"prog:amif", "funder:eu"}


def test_proposals_only_on_request(portfolio: Portfolio) -> None:
    with_proposals = co_partnership(portfolio, NetworkFilter(include_proposals=True))
    assert _edges(with_proposals) == {**REAL_EDGES, ("org:cmp", "org:hopeful"): ["proj:p8"]}
    assert "org:hopeful" not in co_partnership(portfolio)


def test_filters_by_period_funder_theme_place(portfolio: Portfolio) -> None:
    amif = co_partnership(portfolio, make_filter(portfolio, funder="AMIF"))
    assert sorted(_edges(amif)) == [
        ("org:brno", "org:opu"),
        ("org:brno", "org:praha"),
        ("org:burgas", "org:cmp"),
        ("org:burgas", "org:praha"),
        ("org:cmp", "org:praha"),
        ("org:opu", "org:praha"),
    ]
    eu = co_partnership(portfolio, make_filter(portfolio, funder="European Union"))
    assert _edges(eu)[("org:burgas", "org:cmp")] == ["proj:p1", "proj:p6"]
    early = co_partnership(portfolio, NetworkFilter(years=(2016, 2018)))
    assert _edges(early) == {
        ("org:burgas", "org:cmp"): ["proj:p6"],
        ("org:cmp", "org:ruse"): ["proj:p3"],
    }
    roma = co_partnership(portfolio, NetworkFilter(themes=("Ромско включване",)))
    assert _edges(roma) == {("org:cmp", "org:ruse"): ["proj:p3"]}
    czech = co_partnership(portfolio, NetworkFilter(countries=("cz",)))
    assert sorted(czech) == ["org:brno", "org:opu", "org:praha"]
    prague = co_partnership(portfolio, NetworkFilter(cities=("Prague",)))
    assert _edges(prague) == {("org:opu", "org:praha"): ["proj:p2", "proj:p5"]}


def test_unknown_funder_names_the_closest(portfolio: Portfolio) -> None:
    with pytest.raises(NotFound) as caught:
        make_filter(portfolio, funder="Anna Lind Foundaton")
    assert caught.value.suggestions[0] == "Anna Lindh Foundation"


def test_bipartite(portfolio: Portfolio) -> None:
    B = bipartite(portfolio)
    projects = sorted(n for n, d in B.nodes(data=True) if d["bipartite"] == 1)
    assert projects == [f"proj:p{i}" for i in range(1, 8)]
    assert B.number_of_edges() == 3 + 3 + 2 + 2 + 3 + 2 + 1
    assert B.edges["org:cmp", "proj:p1"]["role"] == "lead"
    assert B.nodes["proj:p3"]["amount_eur"] == 60960.64


def test_project_years_fall_back_on_the_report_year() -> None:
    dated = Project(id="proj:a", name="A", start="2018-01-01", end="2019-12-31")
    reported = Project(id="proj:b", name="B", status="completed", extra={"report_year": 2020})
    proposal = Project(id="proj:c", name="C", status="proposed", extra={"report_year": 2023})
    assert [project_years(p) for p in (dated, reported, proposal)] == [
        (2018, 2019),
        (2020, 2020),
        (None, None),
    ]


def test_report_years_survive_the_store(store: Store) -> None:
    """An undated project named in a 2020 report is in the period filter's 2020, read back."""
    store.write(records())
    store.write(
        [Project(id="proj:reported", name="R", status="completed", extra={"report_year": 2020})]
    )
    pf = read_portfolio(store)
    assert project_years(pf.projects["proj:reported"]) == (2020, 2020)


def test_one_organisation_s_partners_are_its_ties_in_the_network() -> None:
    from tests import app_sample

    pf = Portfolio.from_records(app_sample.records())
    roma, cii, zagreb = (
        app_sample.org_id(n) for n in ("Roma Bridge Ruse", app_sample.CII, "Zagreb Civic Lab")
    )
    # Roma Bridge: p1 with CII; p4, a proposal, with Zagreb (the sample, by hand)
    assert shared_projects(pf, roma) == {cii: 1}
    with_proposals = NetworkFilter(include_proposals=True)
    assert shared_projects(pf, roma, with_proposals) == {cii: 1, zagreb: 1}
    G = co_partnership(pf, with_proposals)
    for org in pf.organisations:
        ties = {v: G.edges[org, v]["weight"] for v in G[org]} if org in G else {}
        assert shared_projects(pf, org, with_proposals) == ties
