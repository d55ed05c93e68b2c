"""Calls as people describe them (issue 14, items 3, 4 and 6): themes across BG/CS/EN,
countries and kinds a consortium must cover, exclusions, a consortium to complete, and
organisations with no project in the graph yet."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.analytics.partners import Call, PartnerIndex, finder, newcomers, suggest, why_not
from graph.analytics.partners.index import THEME_MATCH
from graph.analytics.portfolio import Portfolio, read_portfolio
from graph.model import Organisation, Project, Record, Relationship, RelType
from graph.store import Store
from tests.analytics_sample import records

ROOT = Path(__file__).resolve().parent.parent
CMP = "Център за мигранти и партньорства"
SIMI = "Sdružení pro integraci a migraci"

# One project each; three are about migrant integration, one per language. The others share
# no meaning with it: two are false friends in form ("integrated", "migratory").
THEMES = {
    "org:bg": "Интеграция на мигранти в Бургас",
    "org:cz": "Integrace migrantů na Moravě",
    "org:en": "Migrant integration through sport",
    "org:water": "Integrated water management in the Danube basin",
    "org:birds": "Migratory birds of the Danube delta",
    "org:roma": "Ромско включване в училище",
    "org:bees": "Včelaření pro mládež",
    "org:civic": "Civic tech for e-government",
    "org:theatre": "Divadlo pro děti a seniory",
}
MIGRANT_INTEGRATION = {"org:bg", "org:cz", "org:en"}
UNRELATED = {"org:birds", "org:roma", "org:bees", "org:civic", "org:theatre"}


def themes_index() -> PartnerIndex:
    recs: list[Record] = []
    for oid, title in THEMES.items():
        pid = oid.replace("org:", "proj:")
        recs += [
            Organisation(id=oid, name=oid[4:].title()),
            Project(id=pid, name=title, title=title, status="completed"),
            Relationship(type=RelType.PARTICIPATES_IN, start=oid, end=pid, role="lead"),
        ]
    return PartnerIndex(Portfolio.from_records(recs))


@pytest.mark.parametrize(
    ("words", "own"),
    [
        ("интеграция на мигранти", "org:bg"),
        ("integrace migrantů", "org:cz"),
        ("migrant integration", "org:en"),
    ],
)
def test_a_theme_in_any_of_three_languages_finds_the_same_work(words: str, own: str) -> None:
    index = themes_index()
    found = suggest(index, None, Call(themes=[words]), top=len(THEMES))
    ids = [s["id"] for s in found]
    # the work in the call's own language first, then the same theme in the other two
    assert ids[0] == own
    assert set(ids[:3]) == MIGRANT_INTEGRATION
    assert not set(ids) & UNRELATED  # no theme evidence: not suggested at all
    assert set(ids) <= MIGRANT_INTEGRATION | {"org:water"}  # "integrated": half a match
    score = finder.scores(index, None, Call(themes=[words]))
    theme = {oid: score[index.row[oid]] for oid in THEMES}
    assert min(theme[o] for o in MIGRANT_INTEGRATION) > theme["org:water"]
    assert all(theme[o] == -1.0 for o in UNRELATED)
    assert min(theme[o] for o in MIGRANT_INTEGRATION) >= THEME_MATCH


def test_theme_words_without_a_word_to_match_leave_every_candidate_without_evidence() -> None:
    # "5G 2030" and "and of the": numbers and function words carry no theme (issue 21), so
    # no project is on it and, with nothing else asked, nobody is suggested
    for words in ("5G 2030", "and of the"):
        assert suggest(themes_index(), None, Call(themes=[words])) == [], words
    # the same with an asker that has a partner: the partner's partner is still offered,
    # marked as without evidence on the theme
    index = PartnerIndex(Portfolio.from_records(records()))
    found = suggest(index, "ЦМП", Call(themes=["5G 2030"]))
    assert found and all(s["off_theme"] for s in found)


def sample_index(store: Store, extra: list[Record] = ()) -> PartnerIndex:
    """The analytics sample (tests/analytics_sample.py) from the store, with ``extra``."""
    store.write([*records(), *extra])
    return PartnerIndex(read_portfolio(store))


# Known only from a registry: no project at all.
ROMANIAN = Organisation(
    id="org:ro", name="Asociația pentru Integrarea Migranților", country="RO", kind="ngo"
)
GARDENERS = Organisation(id="org:garden", name="Zahrádkáři Plzeň", country="CZ", kind="ngo")


def test_each_country_is_covered_first_from_the_graph_or_beyond_it(store: Store) -> None:
    index = sample_index(store, [ROMANIAN, GARDENERS])
    call = Call(themes=["migrant integration"], each_country=["BG", "HR", "RO"])
    found = suggest(index, "ЦМП", call, top=4)
    # BG is the asker's own; HR only zagreb has (in the graph); RO only the registry's one.
    assert [s["id"] for s in found] == ["org:zagreb", "org:ro", "org:brno", "org:opu"]
    assert found[0]["reasons"][:2] == [
        "covers HR, still missing (the call needs at least one partner from each of BG, HR, RO)",
        "no evidence on this theme (migrant integration)",  # p5: intercultural dialogue
    ]
    assert found[1]["reasons"][:3] == [
        "covers RO, still missing (the call needs at least one partner from each of BG, HR, RO)",
        "no projects in the graph yet",
        "its name matches migrant integration",
    ]
    assert [s["new_to_graph"] for s in found] == [False, True, False, False]
    # without the requirement the same call does not reach beyond the graph
    plain = suggest(index, "ЦМП", Call(themes=["migrant integration"]), top=4)
    assert [s["id"] for s in plain] == ["org:brno", "org:opu", "org:zagreb"]


def test_newcomers_ranked_by_theme_kind_and_country(store: Store) -> None:
    index = sample_index(store, [ROMANIAN, GARDENERS])
    found = newcomers.suggest(index, "ЦМП", Call(themes=["migrant integration"]))
    # hopeful (only a proposal, "Future migration lab") and the Romanian association match the
    # theme; the gardeners neither match it nor anything the call asks for.
    assert [s["id"] for s in found] == ["org:ro", "org:hopeful"]
    assert all(
        s["new_to_graph"] and s["reasons"][0] == "no projects in the graph yet" for s in found
    )
    assert found[1]["reasons"][1] == (
        "its name and “Future migration lab” match migrant integration"
    )
    unwanted = Call(themes=["migrant integration"], exclude=["Hopeful Applicants"])
    assert [s["id"] for s in newcomers.suggest(index, "ЦМП", unwanted)] == ["org:ro"]
    czech = newcomers.suggest(index, "ЦМП", Call(countries=["CZ"], kinds=["ngo"]))
    # both fit what is asked (0.2 kind + 0.2 country); without theme words the call is the
    # asker's own work, on migration, which hopeful's proposal shares and the gardeners not
    assert [s["id"] for s in czech] == ["org:hopeful", "org:garden"]
    garden, hopeful = czech[1], czech[0]
    assert garden["parts"]["theme"] < THEME_MATCH <= hopeful["parts"]["theme"]
    for s in czech:
        assert s["score"] == pytest.approx(0.4 + 0.6 * s["parts"]["theme"], abs=1e-3)


def test_each_kind_and_exclusions(store: Store) -> None:
    index = sample_index(store)
    call = Call(themes=["migrant integration"], each_kind=["foundation"])
    found = suggest(index, "ЦМП", call, top=3)
    assert found[0]["id"] == "org:opu"  # the only foundation with evidence
    assert found[0]["reasons"][0].startswith("covers foundation, still missing")
    without = Call(
        themes=["migrant integration"], each_kind=["foundation"], exclude=["Otevřená společnost"]
    )
    found = suggest(index, "ЦМП", without, top=3)
    # lonely, a foundation with no tie and no theme, covers it when opu is not wanted
    assert [s["id"] for s in found] == ["org:lonely", "org:brno", "org:zagreb"]
    answer = why_not(index, "ЦМП", "Otevřená společnost", without)
    assert (answer["suggested_rank"], answer["because"]) == (
        None,
        ["not wanted: the call excludes it"],
    )


def test_a_consortium_is_completed_against_all_its_members(store: Store) -> None:
    index = sample_index(store)
    call = Call(themes=["migrant integration"], consortium=["Община Бургас"])
    found = suggest(index, "ЦМП", call, top=5)
    ids = [s["id"] for s in found]
    # the members are not candidates, nor (by default) the asker's own partners
    partners_of_cmp = {index.org_ids[v] for v in index.partners_of(index.row["org:cmp"])}
    assert ids == ["org:brno", "org:opu", "org:zagreb"]  # 1 of 1, 1 of 2, 0 on the theme
    assert not set(ids) & (partners_of_cmp | {"org:cmp", "org:burgas"})
    # members' scores combine: 1 - (1 - a)(1 - b) of each member's score as if it asked
    # alone, before the theme's share orders them (issue 21)
    theme = Call(themes=["migrant integration"])
    alone = [
        finder.scores(index, m, theme, include_partners=True, tiered=False)
        for m in ("ЦМП", "Община Бургас")
    ]
    combined = finder.scores(index, "ЦМП", call, include_partners=True, tiered=False)
    for oid in ("org:brno", "org:opu", "org:zagreb", "org:praha"):
        a, b = (max(x[index.row[oid]], 0.0) for x in alone)
        assert combined[index.row[oid]] == pytest.approx(1 - (1 - a) * (1 - b), abs=1e-4)
    # praha worked with both members (p1): once known partners may compete, it says so first
    found = suggest(index, "ЦМП", call, top=5, include_partners=True)
    praha = next(s for s in found if s["id"] == "org:praha")
    assert (praha["id"], praha["known"]) == ("org:praha", True)
    assert praha["reasons"][0] == (
        f"already works with {CMP} and Община Бургас of the consortium (2 of 2)"
    )


def test_cli_partners_with_a_consortium_requirements_and_exclusions(
    store: Store, graph_env: dict[str, str]
) -> None:
    store.write([*records(), ROMANIAN])
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph",
            "partners",
            "ЦМП",
            "--theme",
            "migrant integration",
            "--with",
            "Община Бургас",
            "--each-country",
            "HR",
            "--each-country",
            "RO",
            "--exclude",
            "Centrum pro integraci cizinců",
            "--json",
        ],
        cwd=ROOT,
        env=graph_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    ids = [s["id"] for s in found]
    assert ids[:2] == ["org:zagreb", "org:ro"]  # HR, then RO (from beyond the graph)
    assert "org:brno" not in ids
    assert [s["new_to_graph"] for s in found[:2]] == [False, True]
    assert ids.count("org:ro") == 1  # not again in the list of newcomers after


def test_kinds_are_compared_as_people_read_them() -> None:
    """A call for a "research organisation" is met by one its source called "research" (a
    name with "Institute"), and "regional_administration" by "regional administration": the
    pages show each pair as one kind, so the finder counts them as one."""
    recs: list[Record] = []
    for oid, kind in {
        "org:lab": "research",
        "org:uni": "Research organisation",
        "org:oblast": "regional_administration",
        "org:ngo": "ngo",
    }.items():
        pid = oid.replace("org:", "proj:")
        recs += [
            Organisation(id=oid, name=oid[4:].title(), kind=kind),
            Project(id=pid, name=f"Migrant integration {oid[4:]}", status="completed"),
            Relationship(type=RelType.PARTICIPATES_IN, start=oid, end=pid, role="lead"),
        ]
    index = PartnerIndex(Portfolio.from_records(recs))
    asked = Call(themes=["migrant integration"], kinds=["research organisation"])
    assert {s["id"] for s in suggest(index, None, asked, top=5)} == {"org:lab", "org:uni"}
    regional = Call(themes=["migrant integration"], kinds=["regional administration"])
    assert [s["id"] for s in suggest(index, None, regional, top=5)] == ["org:oblast"]
    each = Call(themes=["migrant integration"], each_kind=["research organisation"])
    first = suggest(index, None, each, top=1)[0]
    assert first["id"] in {"org:lab", "org:uni"}
    assert first["reasons"][0].startswith("covers research organisation, still missing")
