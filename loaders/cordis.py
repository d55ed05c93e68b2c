"""CORDIS open data (EU research framework programmes): organization.csv and project.csv.

Either file loads on its own; both name a project by the same id, so loading project.csv after
(or before) organization.csv enriches the same Project nodes. Money is EUR as published:
``ecContribution`` goes on each PARTICIPATES_IN, and the project's EU funding
(the participants' sum, or ``ecMaxContribution`` from project.csv) on its FUNDED_BY and, as
the project's ``amount``, on the project itself: a project's amount is the grant, as in the
other sources, while project.csv's ``totalCost`` is kept as ``total_cost``.
An organisation listed twice in one project under two roles gets one relationship with the
stronger role and the two contributions added.
"""

from __future__ import annotations

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
from loaders import places
from loaders.common import (
    CellError,
    FileRejected,
    Progress,
    Report,
    cell,
    checked,
    csv_table,
    parse_date,
    parse_positive_amount,
    rejected,
    required,
    text,
    tick,
)

ORG_HEADER = {"projectID", "organisationID", "name", "role"}
PROJECT_HEADER = {"id", "acronym", "title"}
ROLES = {
    "coordinator": Role.LEAD,
    "participant": Role.PARTNER,
    "associatedpartner": Role.ASSOCIATE,
    "thirdparty": Role.ASSOCIATE,
    "partner": Role.ASSOCIATE,
}
STRENGTH = {Role.LEAD: 3, Role.PARTNER: 2, Role.ASSOCIATE: 1}
KINDS = {
    "HES": "higher education",
    "REC": "research organisation",
    "PRC": "private company",
    "PUB": "public body",
    "OTH": "other",
}
PROGRAMMES = {"HORIZON": "Horizon Europe", "H2020": "Horizon 2020", "FP7": "FP7"}
EU = Funder(id=make_id(Label.FUNDER, "European Union"), name="European Union", country="EU")


def detect(path: Path) -> str | None:
    """CORDIS by its header: ``projectID;…;organisationID`` or ``id;acronym;…;title``."""
    if path.suffix.lower() != ".csv":
        return None
    with path.open("rb") as fh:
        first = fh.readline(4096).decode("utf-8-sig", "replace").strip()
    cols = {c.strip('"') for c in first.split(";")}
    return (
        "cordis" if ORG_HEADER <= cols or {*PROJECT_HEADER, "ecMaxContribution"} <= cols else None
    )


def programme(name: str = "Horizon Europe") -> Programme:
    return Programme(id=make_id(Label.PROGRAMME, "eu", name), name=name)


def project_id(pid: str) -> str:
    return make_id(Label.PROJECT, "cordis", pid)


def load(path: Path, progress: Progress | None = None) -> Any:
    try:
        table = csv_table(path, delimiter=";")
    except FileRejected as err:
        return rejected(path, err)
    header = set(table.header)
    if {"projectID", "organisationID"} & header:
        reader = _OrgReader(path.name)
        required = ORG_HEADER
    else:
        reader = _ProjectReader(path.name)
        required = PROJECT_HEADER
    missing = sorted(required - header)
    if missing:
        return rejected(
            path,
            FileRejected(f"missing required column(s): {', '.join(missing)}", "missing-column"),
        )
    cols = {name: i for i, name in enumerate(table.header)}
    for n, (line, cells) in enumerate(table.rows, 1):
        try:
            reader.row(line, cells, cols)
        except CellError as err:
            reader.report.error(err, line)
        tick(progress, n, table.total)
    if progress:
        progress(table.total, table.total)
    return reader.report.result(reader.records())


def _amount(cells: list, cols: dict[str, int], name: str) -> float | None:
    value = cell(cells, cols, name)
    return None if text(value) is None else checked(parse_positive_amount, value, name)


class _OrgReader:
    """Rows of organization.csv folded into one record per organisation, project and pair."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.report = Report(file)
        self.nodes: dict[str, Record] = {}
        self.parts: dict[tuple[str, str], Relationship] = {}
        self.funding: dict[str, float] = {}
        self.based: dict[str, Relationship] = {}

    def row(self, line: int, cells: list, cols: dict[str, int]) -> None:
        pid, oid = required(cells, cols, "projectID"), required(cells, cols, "organisationID")
        name, raw_role = required(cells, cols, "name"), required(cells, cols, "role")
        role = ROLES.get(raw_role.lower())
        if role is None:
            raise CellError(f"unknown role {raw_role!r}", "unknown-role", "role")
        amount = _amount(cells, cols, "ecContribution")
        src = f"{self.file}#row-{line}"
        org = self._org(cells, cols, oid, name, src)
        proj = project_id(pid)
        if proj not in self.nodes:
            acronym = text(cell(cells, cols, "projectAcronym"))
            self.nodes[proj] = Project(
                id=proj, name=acronym or pid, acronym=acronym, sources=[src],
                identifiers=[f"cordis:project:{pid}"],
            )  # fmt: skip
        self._participate(org, proj, role, amount, src)
        if amount:
            self.funding[proj] = round(self.funding.get(proj, 0.0) + amount, 2)

    def _org(self, cells: list, cols: dict[str, int], oid: str, name: str, src: str) -> str:
        org_id = make_id(Label.ORGANISATION, "cordis", oid)
        if org_id in self.nodes:
            return org_id
        vat = text(cell(cells, cols, "vatNumber"))
        short = text(cell(cells, cols, "shortName"))
        self.nodes[org_id] = Organisation(
            id=org_id, name=name, aliases=[short] if short and short != name else [],
            kind=KINDS.get(text(cell(cells, cols, "activityType")) or ""),
            country=text(cell(cells, cols, "country")),
            website=text(cell(cells, cols, "organizationURL")),
            identifiers=[f"cordis:{oid}"] + ([f"vat:{vat}"] if vat else []), sources=[src],
        )  # fmt: skip
        city = self._city(cells, cols, src)
        if city:
            self.based[org_id] = Relationship(
                type=RelType.BASED_IN, start=org_id, end=city, sources=[src]
            )
        return org_id

    def _city(self, cells: list, cols: dict[str, int], src: str) -> str | None:
        raw = text(cell(cells, cols, "city"))
        if not raw:
            return None
        lat, lon = _geo(text(cell(cells, cols, "geolocation")))
        node = places.city_node(raw, text(cell(cells, cols, "country")), lat, lon, [src])
        self.nodes.setdefault(node.id, node)
        return node.id

    def _participate(self, org: str, proj: str, role: Role, amount: float | None, src: str):
        rel = self.parts.get((org, proj))
        if rel is None:
            rel = Relationship(type=RelType.PARTICIPATES_IN, start=org, end=proj, role=role)
            self.parts[(org, proj)] = rel
        elif STRENGTH[role] > STRENGTH[Role(rel.role)]:
            rel.role = role
        rel.sources.append(src)
        if amount is not None:
            rel.amount = round((rel.amount or 0.0) + amount, 2)
            rel.currency, rel.amount_eur = "EUR", rel.amount

    def records(self) -> list[Record]:
        if not self.nodes:
            return []
        prog = programme()
        out: list[Record] = [EU, prog, *self.nodes.values(), *self.parts.values()]
        out.append(Relationship(type=RelType.PART_OF, start=prog.id, end=EU.id))
        out.extend(self.based.values())
        for proj in (n.id for n in self.nodes.values() if isinstance(n, Project)):
            amount = self.funding.get(proj)
            node = self.nodes[proj]
            if amount and node.amount is None:  # the project's money, until project.csv says more
                node.amount, node.currency, node.amount_eur = amount, "EUR", amount
            out.append(
                Relationship(
                    type=RelType.FUNDED_BY,
                    start=proj,
                    end=prog.id,
                    amount=amount,
                    currency="EUR" if amount else None,
                    amount_eur=amount,
                    sources=self.nodes[proj].sources[:1],
                )  # fmt: skip
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

    def __init__(self, file: str) -> None:
        self.file = file
        self.report = Report(file)
        self.out: list[Record] = []
        self.programmes: dict[str, Programme] = {}

    def row(self, line: int, cells: list, cols: dict[str, int]) -> None:
        pid, title = required(cells, cols, "id"), required(cells, cols, "title")
        src = f"{self.file}#row-{line}"
        dates = {}
        for col in ("startDate", "endDate"):
            value = text(cell(cells, cols, col))
            dates[col] = checked(parse_date, value, col) if value else None
        total = _amount(cells, cols, "totalCost")
        ec = _amount(cells, cols, "ecMaxContribution")
        acronym = text(cell(cells, cols, "acronym"))
        status = {"CLOSED": "completed", "SIGNED": "ongoing", "TERMINATED": "completed"}
        proj = Project(
            id=project_id(pid), name=acronym or title, title=title, acronym=acronym,
            description=text(cell(cells, cols, "objective")),
            status=status.get((text(cell(cells, cols, "status")) or "").upper()),
            start=dates["startDate"], end=dates["endDate"], amount=ec,
            currency="EUR" if ec is not None else None, amount_eur=ec,
            identifiers=[f"cordis:project:{pid}"], sources=[src],
            extra={"total_cost": total} if total is not None else {},
        )  # fmt: skip
        fp = text(cell(cells, cols, "frameworkProgramme")) or "HORIZON"
        prog = self.programmes.setdefault(fp, programme(PROGRAMMES.get(fp.upper(), fp)))
        self.out += [
            proj,
            Relationship(
                type=RelType.FUNDED_BY, start=proj.id, end=prog.id, amount=ec,
                currency="EUR" if ec is not None else None, amount_eur=ec, sources=[src],
            ),
        ]  # fmt: skip

    def records(self) -> list[Record]:
        if not self.out:
            return []
        links = [
            Relationship(type=RelType.PART_OF, start=p.id, end=EU.id)
            for p in self.programmes.values()
        ]
        return [EU, *self.programmes.values(), *links, *self.out]
