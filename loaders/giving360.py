"""360Giving grants data: the JSON package (``{"grants": [...]}``) and its spreadsheet form.

A grant becomes a Project funded by its Funding Org (a Funder), through its Grant Programme
(a Programme PART_OF the funder) when one is named; the Recipient Org leads the project and
receives the amount awarded, converted to EUR at the award date. Organisation ids are
org-id.guide identifiers (``GB-CHC-1136547``), kept as ``360:<id>`` for entity resolution; their
two-letter prefix gives the country. Beneficiary locations are kept on the project as text.
"""

from __future__ import annotations

import json
import re
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
from graph.model.values import to_eur
from loaders import places
from loaders.common import (
    CellError,
    FileRejected,
    Progress,
    Report,
    checked,
    csv_table,
    header_sample,
    parse_currency,
    parse_date,
    parse_positive_amount,
    rejected,
    text,
    tick,
    xlsx_tables,
)
from loaders.encoding import NotText

FORMAT = "360giving"
REQUIRED = ["Identifier", "Title", "Amount Awarded", "Currency", "Award Date",
            "Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier",
            "Funding Org:Name"]  # fmt: skip


def _key(header: str) -> str:
    return re.sub(r"\s*:\s*", ":", header.strip()).lower()


def detect(path: Path) -> str | None:
    """360Giving by its JSON ``grants`` key or its spreadsheet column titles."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            with path.open("rb") as fh:
                return FORMAT if b'"grants"' in fh.read(65536) else None
        if suffix in (".csv", ".xlsx"):
            keys = {_key(h) for h in header_sample(path)}
            return FORMAT if {"amount awarded", "identifier"} <= keys else None
    except (FileRejected, NotText, OSError):
        return None
    return None


def load(path: Path, progress: Progress | None = None) -> Any:
    try:
        grants = _read(path)
    except FileRejected as err:
        return rejected(path, err)
    reader = _Grants(path.name)
    for n, (where, grant) in enumerate(grants, 1):
        try:
            reader.grant(where, grant)
        except CellError as err:
            reader.report.error(err, where)
        tick(progress, n, len(grants))
    return reader.report.result(reader.records())


def _read(path: Path) -> list[tuple[int, dict]]:
    """(row or position, grant in the JSON shape) for every grant in the file."""
    if path.suffix.lower() == ".json":
        raw = path.read_bytes()
        if not raw.strip():
            raise FileRejected("the file is empty", "empty-file")
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise FileRejected(f"not valid JSON ({exc})", "malformed-json") from None
        if not isinstance(data, dict) or not isinstance(data.get("grants"), list):
            raise FileRejected('no "grants" list: not a 360Giving JSON file', "not-360giving")
        if not data["grants"]:
            raise FileRejected("the file has no grants", "empty-file")
        return [(i, g) for i, g in enumerate(data["grants"], 1) if isinstance(g, dict)]
    table = csv_table(path) if path.suffix.lower() != ".xlsx" else xlsx_tables(path)[0]
    cols = {_key(h): i for i, h in enumerate(table.header) if h}
    missing = [c for c in REQUIRED if _key(c) not in cols]
    if missing:
        raise FileRejected(f"missing required column(s): {', '.join(missing)}", "missing-column")
    return [(line, _as_grant(cells, cols)) for line, cells in table.rows]


def _as_grant(cells: list, cols: dict[str, int]) -> dict:
    def get(name: str) -> Any:
        i = cols.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    return {
        "id": get("identifier"), "title": get("title"), "description": get("description"),
        "amountAwarded": get("amount awarded"), "currency": get("currency"),
        "awardDate": get("award date"),
        "recipientOrganization": [{
            "id": get("recipient org:identifier"), "name": get("recipient org:name"),
            "addressLocality": get("recipient org:city"),
            "addressCountry": get("recipient org:country"),
        }],
        "fundingOrganization": [
            {"id": get("funding org:identifier"), "name": get("funding org:name")}
        ],
        "grantProgramme": [{"title": get("grant programme:title")}],
        "beneficiaryLocation": [{
            "name": get("beneficiary location:name"),
            "countryCode": get("beneficiary location:country code"),
        }],
        "plannedDates": [{
            "startDate": get("planned dates:start date"),
            "endDate": get("planned dates:end date"),
        }],
    }  # fmt: skip


def _first(grant: dict, key: str) -> dict:
    value = grant.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def _need(value: Any, column: str) -> str:
    found = text(value)
    if found is None:
        raise CellError(f"{column} is empty", "missing-value", column)
    return found


def _country(org_id: str) -> str | None:
    prefix = org_id.split("-", 1)[0].upper()
    return prefix if re.fullmatch(r"[A-Z]{2}", prefix) and not prefix.startswith("X") else None


class _Grants:
    def __init__(self, file: str) -> None:
        self.file = file
        self.report = Report(file)
        self.nodes: dict[str, Record] = {}
        self.rels: list[Relationship] = []

    def grant(self, where: int, grant: dict) -> None:
        gid = _need(grant.get("id"), "Identifier")
        title = _need(grant.get("title"), "Title")
        raw = _need(grant.get("amountAwarded"), "Amount Awarded")
        amount = checked(parse_positive_amount, raw, "Amount Awarded")
        currency = checked(parse_currency, _need(grant.get("currency"), "Currency"), "Currency")
        awarded = checked(parse_date, _need(grant.get("awardDate"), "Award Date"), "Award Date")
        recipient = _first(grant, "recipientOrganization")
        rid = _need(recipient.get("id"), "Recipient Org:Identifier")
        rname = _need(recipient.get("name"), "Recipient Org:Name")
        funder = self._funder(_first(grant, "fundingOrganization"), where)
        src = f"{self.file}#row-{where}"
        dates = _first(grant, "plannedDates")
        places = [loc for loc in grant.get("beneficiaryLocation") or [] if isinstance(loc, dict)]
        eur = to_eur(amount, currency, awarded)
        proj = Project(
            id=make_id(Label.PROJECT, "360", gid), name=title, title=title,
            description=text(grant.get("description")), amount=amount, currency=currency,
            amount_eur=eur, start=_date(dates.get("startDate")) or awarded,
            end=_date(dates.get("endDate")), identifiers=[f"360:{gid}"], sources=[src],
            extra=_locations(places),
        )  # fmt: skip
        org = self._recipient(rid, rname, recipient, src)
        target = self._programme(_first(grant, "grantProgramme"), funder, src)
        self.nodes[proj.id] = proj
        self.rels += [
            Relationship(type=RelType.FUNDED_BY, start=proj.id, end=target, amount=amount,
                         currency=currency, amount_eur=eur, sources=[src]),
            Relationship(type=RelType.PARTICIPATES_IN, start=org, end=proj.id, role=Role.LEAD,
                         amount=amount, currency=currency, amount_eur=eur, sources=[src]),
        ]  # fmt: skip

    def _funder(self, org: dict, where: int) -> Funder:
        fid = _need(org.get("id"), "Funding Org:Identifier")
        name = _need(org.get("name"), "Funding Org:Name")
        node_id = make_id(Label.FUNDER, "360", fid)
        if node_id not in self.nodes:
            self.nodes[node_id] = Funder(
                id=node_id, name=name, country=_country(fid), identifiers=[f"360:{fid}"],
                sources=[f"{self.file}#row-{where}"],
            )  # fmt: skip
        return self.nodes[node_id]  # type: ignore[return-value]

    def _programme(self, prog: dict, funder: Funder, src: str) -> str:
        title = text(prog.get("title"))
        if not title:
            return funder.id
        node_id = make_id(Label.PROGRAMME, "360", funder.identifiers[0], title)
        if node_id not in self.nodes:
            self.nodes[node_id] = Programme(id=node_id, name=title, sources=[src])
            self.rels.append(Relationship(type=RelType.PART_OF, start=node_id, end=funder.id))
        return node_id

    def _recipient(self, rid: str, name: str, org: dict, src: str) -> str:
        node_id = make_id(Label.ORGANISATION, "360", rid)
        have = self.nodes.get(node_id)
        if isinstance(have, Organisation):
            if name != have.name and name not in have.aliases:
                have.aliases.append(name)
            return node_id
        country = _country(rid)
        self.nodes[node_id] = Organisation(
            id=node_id, name=name, country=country, identifiers=[f"360:{rid}"], sources=[src]
        )
        city = text(org.get("addressLocality"))
        if city:
            node = places.city_node(city, country)
            self.nodes.setdefault(node.id, node)
            self.rels.append(Relationship(type=RelType.BASED_IN, start=node_id, end=node.id))
        return node_id

    def records(self) -> list[Record]:
        return [*self.nodes.values(), *self.rels] if self.rels else []


def _date(value: Any) -> str | None:
    return checked(parse_date, value, "Planned Dates") if text(value) else None


def _locations(places: list[dict]) -> dict[str, list[str]]:
    names = [text(p.get("name")) for p in places]
    codes = [text(p.get("countryCode")) for p in places]
    out = {"locations": [n for n in names if n], "countries": [c for c in codes if c]}
    return {k: list(dict.fromkeys(v)) for k, v in out.items() if v}
