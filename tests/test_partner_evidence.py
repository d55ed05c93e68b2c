"""Theme evidence is what a project is about, not a name that looks like the call (issue 21).

CORDIS organisation files give a project only its acronym; the link-prediction benchmark asks
with a hidden project's acronym. A coined name ("ClimateSmartAdvisors") or a name shared by two
unrelated projects ("TITAN") is no evidence on a theme, so such a call must not put
look-alikes first; a real word in an acronym ("Youth-GEMs") and a title still are.
"""

from __future__ import annotations

import pytest

from graph.analytics.partners import Call, PartnerIndex, concepts, suggest
from graph.analytics.portfolio import Portfolio
from graph.model import Organisation, Project, Relationship, RelType

# project id: (acronym, title, members); the asker is in p0 with org:x only.
PROJECTS = {
    "proj:p0": ("HOME", None, ["org:asker", "org:x"]),
    "proj:p1": ("ClimateSmartAdvisors", None, ["org:x", "org:smart"]),
    "proj:p2": ("Climate Farm Demo", None, ["org:x", "org:farm"]),
    "proj:p3": ("TITAN", None, ["org:x", "org:titan"]),
    "proj:p4": ("EURO-TITAN", None, ["org:titan2"]),
    "proj:p5": ("Youth-GEMs", None, ["org:youth"]),
    "proj:p6": ("CLIMACITY", "Adapting cities to climate change", ["org:city"]),
}


@pytest.fixture(scope="module")
def index() -> PartnerIndex:
    orgs = sorted({o for _, _, members in PROJECTS.values() for o in members})
    recs: list = [Organisation(id=o, name=o.removeprefix("org:"), country="BG") for o in orgs]
    for pid, (acronym, title, members) in PROJECTS.items():
        recs.append(Project(id=pid, name=acronym, acronym=acronym, title=title))
        recs += [
            Relationship(type=RelType.PARTICIPATES_IN, start=o, end=pid, role="partner")
            for o in members
        ]
    return PartnerIndex(Portfolio.from_records(recs))


def on(index: PartnerIndex, words: str) -> set[str]:
    found = concepts.on_theme(index, [words])
    return {pid for pid, yes in zip(index.project_ids, found, strict=True) if yes}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # a coined compound meets no word by its first letters, in an acronym or a title
        ("Climateurope2", set()),
        ("ClimateSmartAdvisors", set()),  # even the same name: a name is no theme word
        # two projects named alike: a name, not a theme word, so no evidence at all
        ("TITAN", set()),
        # a theme word: in a title, or a whole word of an acronym (not CLIMACITY)
        ("climate", {"proj:p2", "proj:p6"}),
        ("young people", set()),  # "people" is met by no project
        ("youth", {"proj:p5"}),
    ],
)
def test_evidence_is_a_theme_word_not_a_look_alike_name(
    index: PartnerIndex, words: str, expected: set[str]
) -> None:
    assert on(index, words) == expected


def test_meets_endings_not_compounds() -> None:
    assert concepts.meets("integr", "integratsi")  # интеграция
    assert concepts.meets("integrak", "integratsi")  # integrace
    assert concepts.meets("migrant", "migratsi")  # миграция
    assert not concepts.meets("climat", "climateurop")
    assert not concepts.meets("climateurop", "climatesmartadvisor")


def test_a_call_of_look_alike_names_puts_nobody_first_as_on_the_theme(
    index: PartnerIndex,
) -> None:
    found = suggest(index, "asker", Call(themes=["Climateurope2"]), top=10)
    # smart, farm and titan are two steps from the asker: suggested, none on the theme
    assert {"org:smart", "org:farm", "org:titan"} <= {s["id"] for s in found}
    assert all(s["off_theme"] for s in found)
    climate = suggest(index, "asker", Call(themes=["climate"]), top=10)
    assert {s["id"] for s in climate[:2]} == {"org:farm", "org:city"}
    assert [s["off_theme"] for s in climate[:2]] == [False, False]
    assert all(s["off_theme"] for s in climate[2:]) and len(climate) > 2
