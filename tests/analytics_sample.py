"""A small portfolio whose networks, partners and money are known, for the analytics tests.

Ten organisations in Bulgaria, the Czech Republic and Croatia; eight projects (one proposed)
under EU programmes (AMIF, DEAR), the EEA Grants' Active Citizens Fund and the Anna Lindh
Foundation (funding projects directly). Titles mix Bulgarian, Czech and English on purpose.

Co-partnership (real projects): cmp–burgas 2 (p1, p6), praha–opu 2 (p2, p5), and weight 1 for
cmp–praha, burgas–praha, praha–brno, brno–opu, ruse–cmp, civic–cmp, zagreb–opu, zagreb–praha.
``org:lonely`` works alone (p7); ``org:hopeful`` appears only in the proposal p8.
"""

from __future__ import annotations

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

SRC = "analytics-sample.md"

# id: (name, country, city, kind, aliases)
ORGS = {
    "org:cmp": ("Център за мигранти и партньорства", "BG", "city:sofia", "ngo", ["ЦМП"]),
    "org:burgas": ("Община Бургас", "BG", "city:burgas", "municipality", []),
    "org:ruse": ("Сдружение за ромско включване Русе", "BG", "city:ruse", "ngo", []),
    "org:civic": ("Гражданска ИТ инициатива", "BG", "city:sofia", "ngo", []),
    "org:praha": ("Sdružení pro integraci a migraci", "CZ", "city:prague", "ngo", ["SIMI"]),
    "org:brno": ("Centrum pro integraci cizinců", "CZ", "city:brno", "ngo", []),
    "org:opu": ("Otevřená společnost", "CZ", "city:prague", "foundation", []),
    "org:zagreb": ("Centar za mirovne studije", "HR", "city:zagreb", "ngo", []),
    "org:lonely": ("Lonely Foundation", "BG", "city:sofia", "foundation", []),
    "org:hopeful": ("Hopeful Applicants", "CZ", "city:brno", "ngo", []),
}
CITIES = {
    "city:sofia": ("Sofia", "BG"),
    "city:burgas": ("Burgas", "BG"),
    "city:ruse": ("Ruse", "BG"),
    "city:prague": ("Prague", "CZ"),
    "city:brno": ("Brno", "CZ"),
    "city:zagreb": ("Zagreb", "HR"),
}
FUNDERS = {
    "funder:eu": "European Union",
    "funder:eea": "EEA and Norway Grants",
    "funder:alf": "Anna Lindh Foundation",
}
# id: (name, parent, aliases)
PROGRAMMES = {
    "prog:amif": ("Asylum, Migration and Integration Fund", "funder:eu", ["AMIF"]),
    "prog:dear": ("DEAR Programme", "funder:eu", ["DEAR"]),
    "prog:acf": ("Active Citizens Fund Bulgaria", "funder:eea", []),
}
# id: (title, status, start, end, amount, currency, amount_eur, funded by, themes, members)
PROJECTS = {
    "proj:p1": (
        "Интеграция на мигранти в градовете",
        "completed",
        "2019-01",
        "2021-06",
        100000.0,
        "EUR",
        100000.0,
        "prog:amif",
        ["migrant integration"],
        [("org:cmp", "lead"), ("org:burgas", "partner"), ("org:praha", "partner")],
    ),
    "proj:p2": (
        "Integrace migrantů ve městech",
        "ongoing",
        "2020-09",
        "2022-12",
        2000000.0,
        "CZK",
        80000.0,
        "prog:amif",
        ["integrace"],
        [("org:praha", "lead"), ("org:brno", "partner"), ("org:opu", "partner")],
    ),
    "proj:p3": (
        "Ромско включване в Русе",
        "completed",
        "2018-01",
        "2020-12",
        119228.65,
        "BGN",
        60960.64,
        "prog:acf",
        ["roma inclusion"],
        [("org:ruse", "lead"), ("org:cmp", "partner")],
    ),
    "proj:p4": (
        "Civic tech for e-government",
        "completed",
        "2021-01",
        "2023-03",
        50000.0,
        "EUR",
        50000.0,
        "prog:acf",
        ["e-government"],
        [("org:civic", "lead"), ("org:cmp", "partner")],
    ),
    "proj:p5": (
        "Intercultural dialogue in the Balkans",
        "completed",
        "2020",
        None,
        10000.0,
        "EUR",
        10000.0,
        "funder:alf",
        ["intercultural dialogue"],
        [("org:zagreb", "lead"), ("org:opu", "partner"), ("org:praha", "partner")],
    ),
    "proj:p6": (
        "Education for migrant children",
        "completed",
        "2017-02",
        "2019-01",
        30000.0,
        "EUR",
        30000.0,
        "prog:dear",
        ["migration", "education"],
        [("org:cmp", "lead"), ("org:burgas", "partner")],
    ),
    "proj:p7": (
        "Reading clubs",
        "completed",
        "2016",
        "2016",
        5000.0,
        "EUR",
        5000.0,
        "funder:alf",
        ["culture"],
        [("org:lonely", "lead")],
    ),
    "proj:p8": (
        "Future migration lab",
        "proposed",
        "2025",
        "2026",
        None,
        None,
        None,
        "prog:amif",
        ["migration"],
        [("org:hopeful", "lead"), ("org:cmp", "partner")],
    ),
}

TOTAL_EUR = 100000.0 + 80000.0 + 60960.64 + 50000.0 + 10000.0 + 30000.0 + 5000.0


def records() -> list[Record]:
    """Every record of the sample, with provenance."""
    src = [f"{SRC}#sample"]
    out: list[Record] = [City(id=k, name=n, country=c, sources=src) for k, (n, c) in CITIES.items()]
    out += [Funder(id=k, name=n, sources=src) for k, n in FUNDERS.items()]
    for pid, (name, parent, aliases) in PROGRAMMES.items():
        out.append(Programme(id=pid, name=name, aliases=aliases, sources=src))
        out.append(_rel(RelType.PART_OF, pid, parent))
    for oid, (name, country, city, kind, aliases) in ORGS.items():
        out.append(
            Organisation(
                id=oid, name=name, country=country, kind=kind, aliases=aliases, sources=src
            )
        )
        out.append(_rel(RelType.BASED_IN, oid, city))
    for pid, row in PROJECTS.items():
        out.extend(_project(pid, *row))
    return out


def _project(pid, title, status, start, end, amount, currency, eur, funder, themes, members):
    project = Project(
        id=pid,
        name=title,
        title=title,
        status=status,
        start=start,
        end=end,
        amount=amount,
        currency=currency,
        amount_eur=eur,
        themes=themes,
        sources=[f"{SRC}#{pid}"],
    )
    out: list[Record] = [project, _rel(RelType.FUNDED_BY, pid, funder, amount_eur=eur)]
    out += [_rel(RelType.PARTICIPATES_IN, org, pid, role=role) for org, role in members]
    return out


def _rel(kind: RelType, start: str, end: str, **props) -> Relationship:
    return Relationship(type=kind, start=start, end=end, sources=[f"{SRC}#{start}"], **props)
