"""Funding flows from the store add up to the projects' money, under either split rule."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.analytics.allocations import allocations
from graph.analytics.flows import chain, flows
from graph.analytics.networks import NetworkFilter
from graph.analytics.portfolio import Portfolio, read_portfolio
from graph.model import Funder, Organisation, Project, Relationship, RelType
from graph.store import Store
from tests.analytics_sample import TOTAL_EUR, records

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def portfolio(store: Store) -> Portfolio:
    store.write(records())
    return read_portfolio(store)


def _total(rows: list[dict]) -> float:
    return round(sum(r["amount_eur"] for r in rows), 2)


def test_every_grouping_adds_up_to_the_project_amounts(portfolio: Portfolio) -> None:
    projects = sum(p.amount_eur for p in portfolio.projects.values() if p.status != "proposed")
    assert projects == pytest.approx(TOTAL_EUR)
    for by in ("funder", "programme", "city", "country", "organisation", "year"):
        for split in ("lead", "equal"):
            report = flows(portfolio, by=by, split=split)
            assert _total(report.rows) == report.total_eur == round(TOTAL_EUR, 2), (by, split)


def test_by_funder(portfolio: Portfolio) -> None:
    rows = flows(portfolio, by="funder").rows
    assert [(r["source"], r["target"], r["amount_eur"], r["currencies"]) for r in rows] == [
        (
            "European Union",
            "Asylum, Migration and Integration Fund",
            180000.0,
            {"CZK": 2000000.0, "EUR": 100000.0},
        ),
        (
            "EEA and Norway Grants",
            "Active Citizens Fund Bulgaria",
            110960.64,
            {"BGN": 119228.65, "EUR": 50000.0},
        ),
        ("European Union", "DEAR Programme", 30000.0, {"EUR": 30000.0}),
        ("Anna Lindh Foundation", "(direct)", 15000.0, {"EUR": 15000.0}),
    ]


def test_split_rule_is_selectable_and_stated(portfolio: Portfolio) -> None:
    lead = {
        r["organisation"]: r["amount_eur"]
        for r in flows(portfolio, "organisation", split="lead").rows
        if r["funder"] == "European Union"
    }
    assert lead == {"org:cmp": 130000.0, "org:praha": 80000.0}
    equal = flows(portfolio, "organisation", split="equal")
    eu = {r["organisation"]: r["amount_eur"] for r in equal.rows if r["funder"] == "European Union"}
    third = round(100000 / 3 + 80000 / 3, 2)
    assert eu == {
        "org:cmp": round(100000 / 3 + 15000, 2),
        "org:burgas": round(100000 / 3 + 15000, 2),
        "org:praha": third,
        "org:brno": round(80000 / 3, 2),
        "org:opu": round(80000 / 3, 2),
    }
    assert equal.notes == [
        "where no source states a partner's amount: equal shares among partners (split=equal), "
        "shown as estimated share"
    ]


def test_own_amounts_and_missing_lead() -> None:
    P = RelType.PARTICIPATES_IN
    pf = Portfolio.from_records(
        [
            Organisation(id="org:a", name="A"),
            Organisation(id="org:b", name="B"),
            Project(id="proj:x", name="X", amount_eur=90.0),
            Project(id="proj:y", name="Y", amount_eur=10.0),
            Relationship(type=P, start="org:a", end="proj:x", amount_eur=60.0),
            Relationship(type=P, start="org:b", end="proj:x", amount_eur=30.0),
            Relationship(type=P, start="org:a", end="proj:y"),
            Relationship(type=P, start="org:b", end="proj:y"),
        ]
    )
    report = flows(pf, "organisation", split="lead")
    assert {r["target"]: r["amount_eur"] for r in report.rows} == {"A": 65.0, "B": 35.0}
    assert report.rows[0]["source"] == "(unknown)"
    assert report.notes[1:] == [
        "1 project(s) with partners' own amounts as stated",
        "1 project(s) without a lead: equal shares",
    ]


def test_a_country_keeps_the_money_reaching_it_and_the_notes_of_every_project() -> None:
    """Money reaching other organisations is never made; their projects still count in the
    notes, as without the country."""
    P, F = RelType.PARTICIPATES_IN, RelType.FUNDED_BY
    pf = Portfolio.from_records(
        [
            Funder(id="funder:f", name="F"),
            Organisation(id="org:a", name="A", country="BG"),
            Organisation(id="org:b", name="B", country="CZ"),
            Organisation(id="org:c", name="C", country="BG"),
            Project(id="proj:x", name="X", amount_eur=100.0),
            Project(id="proj:y", name="Y", amount_eur=60.0),
            Project(id="proj:z", name="Z"),
            *(
                Relationship(type=F, start=p, end="funder:f")
                for p in ("proj:x", "proj:y", "proj:z")
            ),
            Relationship(type=P, start="org:a", end="proj:x", role="lead"),
            Relationship(type=P, start="org:b", end="proj:x"),
            Relationship(type=P, start="org:a", end="proj:y"),
            Relationship(type=P, start="org:c", end="proj:y"),
            Relationship(type=P, start="org:b", end="proj:z"),
        ]
    )
    allocs, notes = allocations(pf, "equal", NetworkFilter(countries=("CZ",)))
    assert [(a.project, a.organisation, a.amount_eur) for a in allocs] == [
        ("proj:x", "org:b", 50.0)
    ]
    assert notes == [
        "where no source states a partner's amount: equal shares among partners (split=equal), "
        "shown as estimated share",
        "1 project(s) without an amount left out",
        "only money reaching the selected organisations is counted",
    ]


def test_chain_stages_carry_the_same_total(portfolio: Portfolio) -> None:
    allocs, _ = allocations(portfolio, "equal", NetworkFilter(years=(2019, 2020)))
    stages: dict[str, float] = {}
    for link in chain(allocs, portfolio):
        stages[link["stage"]] = stages.get(link["stage"], 0.0) + link["amount_eur"]
    expected = 100000.0 + 80000.0 + 60960.64 + 10000.0 + 30000.0
    assert stages == pytest.approx({"funder": expected, "programme": expected, "project": expected})


def test_cli_flows_by_funder_json(store: Store, graph_env: dict[str, str]) -> None:
    store.write(records())
    run = subprocess.run(
        [sys.executable, "-m", "graph", "flows", "--by", "funder", "--json"],
        cwd=ROOT,
        env=graph_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert _total(rows) == round(TOTAL_EUR, 2)
    assert {r["funder"] for r in rows} == {
        "European Union",
        "EEA and Norway Grants",
        "Anna Lindh Foundation",
    }


def test_chain_keeps_the_original_currencies(portfolio: Portfolio) -> None:
    allocs, _ = allocations(portfolio, "lead")
    funder_links = [link for link in chain(allocs, portfolio) if link["stage"] == "funder"]
    originals: dict[str, float] = {}
    for link in funder_links:
        for currency, amount in link["original"].items():
            originals[currency] = round(originals.get(currency, 0.0) + amount, 2)
    assert originals == {"BGN": 119228.65, "CZK": 2000000.0, "EUR": 195000.0}


def test_chain_keeps_same_named_projects_and_direct_funders_apart() -> None:
    F, P = RelType.FUNDED_BY, RelType.PARTICIPATES_IN
    pf = Portfolio.from_records(
        [
            Funder(id="funder:a", name="A"),
            Funder(id="funder:b", name="B"),
            Organisation(id="org:x", name="Same", country="BG"),
            Organisation(id="org:y", name="Same", country="CZ"),
            Project(id="proj:1", name="Annual programme", amount_eur=100.0),
            Project(id="proj:2", name="Annual programme", amount_eur=50.0),
            Relationship(type=F, start="proj:1", end="funder:a", amount_eur=100.0),
            Relationship(type=F, start="proj:2", end="funder:b", amount_eur=50.0),
            Relationship(type=P, start="org:x", end="proj:1", role="lead"),
            Relationship(type=P, start="org:y", end="proj:2", role="lead"),
        ]
    )
    allocs, _ = allocations(pf, "lead")
    links = {(x["source"], x["target"]): x["amount_eur"] for x in chain(allocs, pf)}
    assert links == {
        ("funder:a", "direct:funder:a"): 100.0,
        ("direct:funder:a", "proj:1"): 100.0,
        ("proj:1", "org:x"): 100.0,
        ("funder:b", "direct:funder:b"): 50.0,
        ("direct:funder:b", "proj:2"): 50.0,
        ("proj:2", "org:y"): 50.0,
    }


def test_stated_amounts_are_each_partners_own_and_only_the_rest_is_estimated() -> None:
    """A stated zero stays zero; the unstated partners share what is left, as estimates; money
    beyond every partner's stated amount stays unattributed; stated amounts are never cut."""
    P = RelType.PARTICIPATES_IN
    pf = Portfolio.from_records(
        [
            *(Organisation(id=f"org:{x}", name=x.upper()) for x in "abcd"),
            Project(id="proj:x", name="X", amount_eur=100.0),
            Project(id="proj:y", name="Y", amount_eur=50.0),
            Project(id="proj:z", name="Z", amount_eur=10.0),
            Relationship(type=P, start="org:a", end="proj:x", role="associate", amount_eur=0.0),
            Relationship(type=P, start="org:b", end="proj:x", role="lead", amount_eur=60.0),
            Relationship(type=P, start="org:c", end="proj:x", role="partner"),
            Relationship(type=P, start="org:d", end="proj:x", role="partner"),
            Relationship(type=P, start="org:a", end="proj:y", amount_eur=30.0),
            Relationship(type=P, start="org:b", end="proj:y", amount_eur=10.0),
            Relationship(type=P, start="org:a", end="proj:z", amount_eur=25.0),
        ]
    )
    allocs, notes = allocations(pf, "equal")
    got = {(a.project, a.organisation): (round(a.amount_eur, 2), a.estimated) for a in allocs}
    assert got == {
        ("proj:x", "org:a"): (0.0, False),
        ("proj:x", "org:b"): (60.0, False),
        ("proj:x", "org:c"): (20.0, True),
        ("proj:x", "org:d"): (20.0, True),
        ("proj:y", "org:a"): (30.0, False),
        ("proj:y", "org:b"): (10.0, False),
        ("proj:y", None): (10.0, False),
        ("proj:z", "org:a"): (25.0, False),
    }
    assert notes[1:] == [
        "3 project(s) with partners' own amounts as stated",
        "1 project(s) with money beyond the partners' stated amounts: the rest at "
        "(no organisation)",
    ]
    lead = {(a.project, a.organisation): a.amount_eur for a in allocations(pf, "lead")[0]}
    assert (lead[("proj:x", "org:c")], lead[("proj:x", "org:d")]) == (20.0, 20.0)
