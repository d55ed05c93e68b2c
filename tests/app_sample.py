"""A small hand-made graph for the app's tests: every count and name in it is known.

Six organisations in four countries, four projects (one proposed) under two funders, and one
organisation whose name is hostile HTML, so escaping is tested on every page that draws names.
"""

from __future__ import annotations

from graph.model import (
    City,
    Funder,
    Label,
    Organisation,
    Programme,
    Project,
    Record,
    Relationship,
    RelType,
    make_id,
)

HOSTILE = '<img src=x onerror="alert(1)"> & Co'
CII = "Център за Имиграция и Интеграция"
SRC = "sample.md"

ORGS = {
    CII: ("BG", "Sofia"),
    "Roma Bridge Ruse": ("BG", "Ruse"),
    "Nadace Open Prague": ("CZ", "Prague"),
    "Zagreb Civic Lab": ("HR", "Zagreb"),
    "Burgas Youth Network": ("BG", "Burgas"),
    HOSTILE: ("BG", "Sofia"),
}
CITIES = {
    "Sofia": ("BG", 42.6977, 23.3219),
    "Ruse": ("BG", 43.8356, 25.9657),
    "Prague": ("CZ", 50.0755, 14.4378),
    "Zagreb": ("HR", 45.815, 15.9819),
    "Burgas": ("BG", 42.5048, 27.4626),
}
FUNDERS = ("EEA Grants", "European Union AMIF")
ACF = make_id(Label.PROGRAMME, "Active Citizens Fund Bulgaria")
AMIF = make_id(Label.FUNDER, "European Union AMIF")

# key: (title, status, start, EUR, funded by, theme, [(organisation, role)])
PROJECTS = {
    "p1": (
        "Roma inclusion in Ruse",
        "completed",
        "2016-03-01",
        50000.0,
        ACF,
        "roma inclusion",
        [("Roma Bridge Ruse", "lead"), (CII, "partner")],
    ),
    "p2": (
        "Migrant integration in cities",
        "ongoing",
        "2021-01-15",
        120000.0,
        AMIF,
        "migration",
        [(CII, "lead"), ("Nadace Open Prague", "partner"), ("Zagreb Civic Lab", "partner")],
    ),
    "p3": (
        "Civic tech for e-government",
        "completed",
        "2018-06-01",
        30000.0,
        ACF,
        "civic tech",
        [("Burgas Youth Network", "lead"), (HOSTILE, "partner"), (CII, "associate")],
    ),
    "p4": (
        "Danube youth dialogue",
        "proposed",
        "2025-09-01",
        80000.0,
        AMIF,
        "youth",
        [("Roma Bridge Ruse", "lead"), ("Zagreb Civic Lab", "partner")],
    ),
}


def org_id(name: str) -> str:
    return make_id(Label.ORGANISATION, name)


def _rel(type_: RelType, start: str, end: str, **props) -> Relationship:
    return Relationship(type=type_, start=start, end=end, sources=[SRC], **props)


def _project(key: str) -> list[Record]:
    title, status, start, eur, funder, theme, members = PROJECTS[key]
    pid = make_id(Label.PROJECT, key)
    money = {"amount": round(eur * 1.95583, 2), "currency": "BGN", "amount_eur": eur}
    out: list[Record] = [
        Project(
            id=pid,
            name=title,
            title=title,
            status=status,
            start=start,
            themes=[theme],
            sources=[f"{SRC}#{key}"],
            **money,
        ),
        _rel(RelType.FUNDED_BY, pid, funder, **money),
    ]
    out += [_rel(RelType.PARTICIPATES_IN, org_id(o), pid, role=role) for o, role in members]
    return out


def records() -> list[Record]:
    """The sample graph as model records, ready for ``store.write``."""
    out: list[Record] = [
        City(id=make_id(Label.CITY, n), name=n, country=c, lat=lat, lon=lon)
        for n, (c, lat, lon) in CITIES.items()
    ]
    for name, (country, city) in ORGS.items():
        out.append(Organisation(id=org_id(name), name=name, country=country, sources=[SRC]))
        out.append(_rel(RelType.BASED_IN, org_id(name), make_id(Label.CITY, city)))
    out += [Funder(id=make_id(Label.FUNDER, f), name=f, sources=[SRC]) for f in FUNDERS]
    out.append(Programme(id=ACF, name="Active Citizens Fund Bulgaria", sources=[SRC]))
    out.append(_rel(RelType.PART_OF, ACF, make_id(Label.FUNDER, "EEA Grants")))
    for key in PROJECTS:
        out += _project(key)
    return out
