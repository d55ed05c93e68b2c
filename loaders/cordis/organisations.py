"""CORDIS organization.csv: rows folded into one record per organisation, project and pair.

An organisation listed twice in one project under two roles gets one relationship with the
stronger role and the two contributions added; the project's funding is the participants' sum
until project.csv states the grant.
"""

from __future__ import annotations

from decimal import Decimal

from graph.model import (
    Label,
    Organisation,
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
from loaders.cordis.frameworks import EU, part_of, programme
from loaders.cordis.projects import amount_in, project_id
from loaders.shared import cities
from loaders.shared.common import CellError, Column, Report, cell, required, text

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
DERIVED = ["amount", "amount_eur", "currency"]


class OrgReader:
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
        net = amount_in(cells, cols, "netEcContribution", self.formats)
        amount = amount_in(cells, cols, "ecContribution", self.formats)
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
        out.append(part_of(prog, projects[0].sources[0]))
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
