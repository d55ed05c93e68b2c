"""CORDIS open data (EU research framework programmes): organization.csv and project.csv.

Either file loads on its own; both name a project by the same id, so loading project.csv after
(or before) organization.csv enriches the same Project nodes. The framework programme (FP7,
Horizon 2020, Horizon Europe) comes from the ``frameworkProgramme`` column, else the file name,
else the project ids (six-digit grant numbers below 633000 are FP7's, the other six-digit ones
H2020's), else ``programme=`` (``--programme``); a file whose programme cannot be told is
refused rather than booked under a guess.

Money is EUR as published: ``ecContribution`` goes on each PARTICIPATES_IN (the organisation's
own money in every view; ``netEcContribution`` kept beside it as ``net_ec_contribution``, and
taking its place where it is empty, as for associated partners, who get 0), and the project's
EU funding on its FUNDED_BY and, as the project's ``amount``, on the project itself: from
organization.csv the participants' sum (marked ``derived``, so project.csv's stated
``ecMaxContribution`` takes its place in either load order); ``totalCost`` is kept as
``total_cost``. Countries are ISO codes (CORDIS writes ``EL`` for Greece and ``UK``).
An organisation listed twice in one project under two roles gets one relationship with the
stronger role and the two contributions added.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from graph.model import (
    Funder,
    Label,
    Organisation,
    Programme,
    Project,
    Record,
    Relationship,
    RelType,
    Role,
    make_id,
)
from graph.model.countries import country_code
from graph.model.ids import locator
from graph.model.schema import stronger_role
from graph.model.values import BadValue, amount_from, parse_date
from loaders.shared import cities
from loaders.shared.common import (
    CellError,
    Column,
    FileRejected,
    Progress,
    Report,
    cell,
    check_period,
    checked,
    csv_table,
    number_formats,
    peek_header,
    rejected,
    required,
    text,
    tick,
)

ORG_COLUMNS = [
    Column("projectID", required=True),
    Column("projectAcronym"),
    Column("organisationID", required=True),
    Column("vatNumber"),
    Column("name", required=True),
    Column("shortName"),
    Column("activityType"),
    Column("city"),
    Column("country"),
    Column("geolocation"),
    Column("organizationURL"),
    Column("role", required=True),
    Column("ecContribution", number=True),
    Column("netEcContribution", number=True),
]
PROJECT_COLUMNS = [
    Column("id", required=True),
    Column("acronym", required=True),
    Column("title", required=True),
    Column("status"),
    Column("startDate"),
    Column("endDate"),
    Column("totalCost", number=True),
    Column("ecMaxContribution", number=True),
    Column("frameworkProgramme"),
    Column("objective"),
]
ROLES = {
    "coordinator": Role.LEAD,
    "participant": Role.PARTNER,
    "associatedpartner": Role.ASSOCIATE,
    "thirdparty": Role.ASSOCIATE,
    "partner": Role.ASSOCIATE,
}
KINDS = {
    "HES": "higher education",
    "REC": "research organisation",
    "PRC": "private company",
    "PUB": "public body",
    "OTH": "other",
}
PROGRAMMES = {"HORIZON": "Horizon Europe", "H2020": "Horizon 2020", "FP7": "FP7"}
# how file names spell the programmes (CORDIS's own downloads: cordis-h2020projects.csv ...)
FILE_NAMES = [
    (re.compile(r"horizon[\W_]*europe|(^|\W|_)he(\W|_|$)|horizon(?!.*2020)"), "HORIZON"),
    (re.compile(r"h2020|horizon[\W_]*2020"), "H2020"),
    (re.compile(r"fp7"), "FP7"),
]
FIRST_H2020_GRANT = 633000
EU = Funder(id=make_id(Label.FUNDER, "European Union"), name="European Union", country="EU")
DERIVED = ["amount", "amount_eur", "currency"]


def detect(path: Path) -> bool:
    """CORDIS by its header: ``projectID;…;organisationID`` or ``id;acronym;…;title`` (CORDIS
    writes ``;``; a re-saved file may use ``,`` or tabs)."""
    if path.suffix.lower() != ".csv":
        return False
    cols = set(peek_header(path))
    return {"projectID", "organisationID", "name", "role"} <= cols or {
        "id",
        "acronym",
        "title",
        "ecMaxContribution",
    } <= cols


def programme(code: str) -> Programme:
    """The Programme of a framework programme code (``H2020``) or name."""
    name = PROGRAMMES.get(code.upper(), code)
    return Programme(id=make_id(Label.PROGRAMME, "eu", name), name=name)


def project_id(pid: str) -> str:
    return make_id(Label.PROJECT, "cordis", pid)


def framework(path: Path, pids: list[str], given: str | None = None) -> str | None:
    """The framework programme of a file: its name, else its ids, else what was given."""
    name = path.name.lower()
    for pattern, code in FILE_NAMES:
        if pattern.search(name):
            return code
    by_ids = {_by_id(p) for p in pids if p}
    if len(by_ids) == 1 and None not in by_ids:
        return by_ids.pop()
    return given.upper() if given else None


def _by_id(pid: str) -> str | None:
    if re.fullmatch(r"\d{6}", pid):
        return "FP7" if int(pid) < FIRST_H2020_GRANT else "H2020"
    return None


def load(path: Path, progress: Progress | None = None, programme: str | None = None) -> Any:
    try:
        table = csv_table(path)
    except FileRejected as err:
        return rejected(path, err)
    header = set(table.header)
    orgs = bool({"projectID", "organisationID"} & header)
    spec = ORG_COLUMNS if orgs else PROJECT_COLUMNS
    missing = sorted(c.name for c in spec if c.required and c.name not in header)
    if missing:
        return rejected(
            path,
            FileRejected(f"missing required column(s): {', '.join(missing)}", "missing-column"),
        )
    cols = {name: i for i, name in enumerate(table.header)}
    rows = list(table.rows)
    formats = number_formats(rows, cols, spec)
    if orgs:
        pids = [text(cell(cells, cols, "projectID")) or "" for _, cells in rows]
        code = framework(path, pids, programme)
        if code is None:
            return rejected(
                path,
                FileRejected(
                    "cannot tell the framework programme (FP7, H2020, HORIZON) from the file "
                    "name or project ids; pass --programme",
                    "unknown-programme",
                ),
            )
        reader: _OrgReader | _ProjectReader = _OrgReader(path.name, code, formats)
    else:
        reader = _ProjectReader(path.name, programme, formats)
    for n, (line, cells) in enumerate(rows, 1):
        try:
            reader.row(line, cells, cols)
        except BadValue as err:
            reader.report.error(err, line)
        tick(progress, n, len(rows))
    if progress:
        progress(len(rows), len(rows))
    return reader.report.result(reader.records())


def _amount(cells: list, cols: dict[str, int], name: str, formats: dict) -> Decimal | None:
    value = cell(cells, cols, name)
    return None if text(value) is None else checked(amount_from, value, name, formats.get(name))


def _part_of(prog: Programme, src: str) -> Relationship:
    return Relationship(type=RelType.PART_OF, start=prog.id, end=EU.id, sources=[src])


class _OrgReader:
    """Rows of organization.csv folded into one record per organisation, project and pair."""

    def __init__(self, file: str, code: str, formats: dict) -> None:
        self.file, self.formats = file, formats
        self.programme = programme(code)
        self.report = Report(file)
        self.nodes: dict[str, Record] = {}
        self.parts: dict[tuple[str, str], Relationship] = {}
        self.funding: dict[str, Decimal] = {}
        self.based: dict[str, Relationship] = {}

    def row(self, line: int, cells: list, cols: dict[str, int]) -> None:
        pid, oid = required(cells, cols, "projectID"), required(cells, cols, "organisationID")
        name, raw_role = required(cells, cols, "name"), required(cells, cols, "role")
        role = ROLES.get(raw_role.lower())
        if role is None:
            raise CellError(f"unknown role {raw_role!r}", "unknown-role", "role")
        net = _amount(cells, cols, "netEcContribution", self.formats)
        amount = _amount(cells, cols, "ecContribution", self.formats)
        amount = net if amount is None else amount  # an associated partner's empty cell, net 0
        src = locator(self.file, line)
        org = self._org(cells, cols, oid, name, src, line)
        proj = project_id(pid)
        if proj not in self.nodes:
            acronym = text(cell(cells, cols, "projectAcronym"))
            self.nodes[proj] = Project(
                id=proj,
                name=acronym or pid,
                acronym=acronym,
                sources=[src],
                identifiers=[f"cordis:project:{pid}"],
                extra={"derived": DERIVED + ([] if acronym else ["name"])},
            )
        else:
            self.nodes[proj].sources.append(src)
        self._participate(org, proj, role, (amount, net), src)
        if amount:
            self.funding[proj] = self.funding.get(proj, Decimal(0)) + amount

    def _org(self, cells: list, cols: dict, oid: str, name: str, src: str, line: int) -> str:
        org_id = make_id(Label.ORGANISATION, "cordis", oid)
        if org_id in self.nodes:
            return org_id
        vat = text(cell(cells, cols, "vatNumber"))
        short = text(cell(cells, cols, "shortName"))
        written = text(cell(cells, cols, "country"))
        country = country_code(written) if written else None
        if written and country is None:
            self.report.warn(
                "unknown-country",
                f"country {written!r} is no ISO 3166 code; left empty",
                line,
                "country",
            )
        self.nodes[org_id] = Organisation(
            id=org_id,
            name=name,
            aliases=[short] if short and short != name else [],
            kind=KINDS.get(text(cell(cells, cols, "activityType")) or ""),
            country=country,
            website=text(cell(cells, cols, "organizationURL")),
            identifiers=[f"cordis:{oid}"] + ([f"vat:{vat}"] if vat else []),
            sources=[src],
        )
        city = self._city(cells, cols, country, src)
        if city:
            self.based[org_id] = Relationship(
                type=RelType.BASED_IN, start=org_id, end=city, sources=[src]
            )
        return org_id

    def _city(self, cells: list, cols: dict, country: str | None, src: str) -> str | None:
        raw = text(cell(cells, cols, "city"))
        if not raw:
            return None
        lat, lon = _geo(text(cell(cells, cols, "geolocation")))
        node = cities.city_node(raw, country, lat, lon, [src])
        self.nodes.setdefault(node.id, node)
        return node.id

    def _participate(self, org: str, proj: str, role: Role, money: tuple, src: str) -> None:
        """``money``: the row's (ecContribution, netEcContribution), either None when empty."""
        amount, net = money
        rel = self.parts.get((org, proj))
        if rel is None:
            rel = Relationship(type=RelType.PARTICIPATES_IN, start=org, end=proj, role=role)
            self.parts[(org, proj)] = rel
        else:
            rel.role = stronger_role(rel.role, role)
        rel.sources.append(src)
        if amount is not None:
            rel.amount = (rel.amount or Decimal(0)) + amount
            rel.currency, rel.amount_eur = "EUR", rel.amount
            rel.amounts = [f"{rel.amount} EUR"]
        if net is not None:
            rel.extra["net_ec_contribution"] = rel.extra.get("net_ec_contribution", 0) + net

    def records(self) -> list[Record]:
        if not self.nodes:
            return []
        prog = self.programme
        projects = [n for n in self.nodes.values() if isinstance(n, Project)]
        out: list[Record] = [EU, prog, *self.nodes.values(), *self.parts.values()]
        out.append(_part_of(prog, projects[0].sources[0]))
        out.extend(self.based.values())
        for node in projects:
            amount = self.funding.get(node.id)
            if amount:  # the participants' sum, until project.csv states the grant
                node.amount, node.currency, node.amount_eur = amount, "EUR", amount
            money = {
                "amount": amount,
                "currency": "EUR",
                "amount_eur": amount,
                "amounts": [f"{amount} EUR"],
                "extra": {"derived": DERIVED},
            }
            out.append(
                Relationship(
                    type=RelType.FUNDED_BY,
                    start=node.id,
                    end=prog.id,
                    sources=node.sources[:1],
                    **(money if amount else {}),
                )
            )
        return out


def _geo(value: str | None) -> tuple[float | None, float | None]:
    try:
        lat, lon = (float(v) for v in (value or "").split(","))
    except ValueError:
        return None, None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else (None, None)


class _ProjectReader:
    """Rows of project.csv: title, dates, status, total cost and the EU contribution."""

    STATUS = {"CLOSED": "completed", "SIGNED": "ongoing", "TERMINATED": "completed"}

    def __init__(self, file: str, given: str | None, formats: dict) -> None:
        self.file, self.given, self.formats = file, given, formats
        self.report = Report(file)
        self.out: list[Record] = []
        self.programmes: dict[str, tuple[Programme, str]] = {}

    def row(self, line: int, cells: list, cols: dict[str, int]) -> None:
        pid, title = required(cells, cols, "id"), required(cells, cols, "title")
        src = locator(self.file, line)
        dates = {}
        for col in ("startDate", "endDate"):  # optional: unreadable is a warning, left empty
            value = text(cell(cells, cols, col))
            try:
                dates[col] = checked(parse_date, value, col) if value else None
            except BadValue as err:
                self.report.lenient(err, line)
                dates[col] = None
        try:
            check_period(dates["startDate"], dates["endDate"], "endDate")
        except CellError as err:
            self.report.lenient(err, line)
            dates["endDate"] = None
        total = _amount(cells, cols, "totalCost", self.formats)
        ec = _amount(cells, cols, "ecMaxContribution", self.formats)
        acronym = text(cell(cells, cols, "acronym"))
        code = text(cell(cells, cols, "frameworkProgramme")) or framework(
            Path(self.file), [pid], self.given
        )
        if code is None:
            raise CellError(
                "no frameworkProgramme, and the file name and id do not tell it; pass --programme",
                "unknown-programme",
                "frameworkProgramme",
            )
        money = {"amount": ec, "currency": "EUR", "amount_eur": ec, "amounts": [f"{ec} EUR"]}
        proj = Project(
            id=project_id(pid),
            name=acronym or title,
            title=title,
            acronym=acronym,
            description=text(cell(cells, cols, "objective")),
            status=self.STATUS.get((text(cell(cells, cols, "status")) or "").upper()),
            start=dates["startDate"],
            end=dates["endDate"],
            identifiers=[f"cordis:project:{pid}"],
            sources=[src],
            extra={"total_cost": total} if total is not None else {},
            **({k: v for k, v in money.items() if k != "amounts"} if ec is not None else {}),
        )
        prog, _ = self.programmes.setdefault(code.upper(), (programme(code), src))
        self.out += [
            proj,
            Relationship(
                type=RelType.FUNDED_BY,
                start=proj.id,
                end=prog.id,
                sources=[src],
                **(money if ec is not None else {}),
            ),
        ]

    def records(self) -> list[Record]:
        if not self.out:
            return []
        progs = self.programmes.values()
        return [EU, *(p for p, _ in progs), *(_part_of(p, s) for p, s in progs), *self.out]
