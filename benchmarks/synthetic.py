"""Synthetic EU-style portfolios as model records, for benchmarks (not tests).

Organisations take part in projects with a Zipf-like popularity (exponent 0.5), so a few hubs
sit in hundreds of projects; each project has 2–12 partners, small consortia being the most
common (P(k) ~ k^-1.35). With 0.75 projects per organisation this gives about 460,000
co-partnership edges at 50,000 organisations, the shape measured in the performance notes.
Titles mix Bulgarian, Czech and English theme words so the partner finder's text part works.

>>> records = portfolio(200, seed=1)
>>> sum(1 for r in records if isinstance(r, Organisation))
200
"""

from __future__ import annotations

import numpy as np

from graph.model import (
    City,
    Funder,
    Organisation,
    Programme,
    Project,
    Record,
    Relationship,
    RelType,
)

COUNTRIES = ["BG", "CZ", "HR", "RO", "SK", "GR", "RS", "DE", "AT", "IT"]
CITIES_PER_COUNTRY = 5
KINDS = ["ngo", "foundation", "municipality", "university", "agency", "network"]
THEMES = [
    ("migrant integration", "интеграция на мигранти", "integrace migrantů"),
    ("roma inclusion", "ромско включване", "začleňování Romů"),
    ("e-government", "електронно управление", "elektronická správa"),
    ("civic tech", "гражданска технология", "občanské technologie"),
    ("intercultural dialogue", "междукултурен диалог", "mezikulturní dialog"),
    ("youth employment", "младежка заетост", "zaměstnanost mládeže"),
    ("media literacy", "медийна грамотност", "mediální gramotnost"),
    ("climate adaptation", "адаптация към климата", "adaptace na klima"),
]
FUNDERS = {"funder:eu": "European Union", "funder:eea": "EEA and Norway Grants"}
PROGRAMMES = {
    "prog:amif": ("AMIF", "funder:eu"),
    "prog:dear": ("DEAR", "funder:eu"),
    "prog:erasmus": ("Erasmus+", "funder:eu"),
    "prog:acf": ("Active Citizens Fund", "funder:eea"),
}


def portfolio(orgs: int, projects_per_org: float = 0.75, seed: int = 0) -> list[Record]:
    """Records of a synthetic portfolio with ``orgs`` organisations."""
    rng = np.random.default_rng(seed)
    out: list[Record] = _context()
    out += _organisations(orgs, rng)
    cumulative = np.cumsum(popularity(orgs))
    order = rng.permutation(orgs)  # hubs are not simply the first ids
    for j in range(int(orgs * projects_per_org)):
        members = _consortium(rng, cumulative, order)
        out += _project(j, members, rng)
    return out


def popularity(orgs: int) -> np.ndarray:
    """How likely each organisation is to join a project: Zipf-like, exponent 0.5, so the
    biggest hub sits in a few hundred projects, as in real EU portfolios."""
    weights = np.arange(1, orgs + 1, dtype=float) ** -0.5
    return weights / weights.sum()


def _context() -> list[Record]:
    out: list[Record] = [Funder(id=k, name=v) for k, v in FUNDERS.items()]
    for pid, (name, parent) in PROGRAMMES.items():
        out.append(Programme(id=pid, name=name))
        out.append(Relationship(type=RelType.PART_OF, start=pid, end=parent))
    for country in COUNTRIES:
        for c in range(CITIES_PER_COUNTRY):
            out.append(
                City(id=f"city:{country.lower()}{c}", name=f"{country} city {c}", country=country)
            )
    return out


def _organisations(orgs: int, rng: np.random.Generator) -> list[Record]:
    out: list[Record] = []
    countries = rng.integers(0, len(COUNTRIES), orgs)
    cities = rng.integers(0, CITIES_PER_COUNTRY, orgs)
    kinds = rng.integers(0, len(KINDS), orgs)
    for i in range(orgs):
        country = COUNTRIES[countries[i]]
        oid = f"org:s{i}"
        out.append(
            Organisation(id=oid, name=f"Organisation {i}", country=country, kind=KINDS[kinds[i]])
        )
        city = f"city:{country.lower()}{cities[i]}"
        out.append(Relationship(type=RelType.BASED_IN, start=oid, end=city))
    return out


def _consortium(rng: np.random.Generator, cumulative: np.ndarray, order: np.ndarray) -> list[int]:
    sizes = np.arange(2, 13)
    weights = sizes.astype(float) ** -1.35
    k = int(rng.choice(sizes, p=weights / weights.sum()))
    members: list[int] = []
    while len(members) < k:
        drawn = np.searchsorted(cumulative, rng.random(k + 2))
        for d in order[np.minimum(drawn, len(order) - 1)]:
            if d not in members and len(members) < k:
                members.append(int(d))
    return members


def _project(j: int, members: list[int], rng: np.random.Generator) -> list[Record]:
    theme = THEMES[int(rng.integers(0, len(THEMES)))]
    language = int(rng.integers(0, 3))
    start = int(rng.integers(2008, 2024))
    programme = list(PROGRAMMES)[int(rng.integers(0, len(PROGRAMMES)))]
    amount = float(rng.integers(5, 500)) * 1000
    pid = f"proj:s{j}"
    project = Project(
        id=pid,
        name=f"{theme[language]} {j}",
        title=f"{theme[language]} project {j}",
        themes=[theme[0]],
        status="completed" if start < 2022 else "ongoing",
        start=str(start),
        end=str(start + int(rng.integers(1, 4))),
        amount=amount,
        currency="EUR",
        amount_eur=amount,
    )
    out: list[Record] = [project, Relationship(type=RelType.FUNDED_BY, start=pid, end=programme)]
    for n, org in enumerate(members):
        role = "lead" if n == 0 else "partner"
        out.append(
            Relationship(type=RelType.PARTICIPATES_IN, start=f"org:s{org}", end=pid, role=role)
        )
    return out
