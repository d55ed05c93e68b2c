"""360Giving grants data: the JSON package (``{"grants": [...]}``) and its spreadsheet form.

A grant becomes a Project funded by its Funding Org (a Funder), through its Grant Programme
(a Programme PART_OF the funder) when one is named; the Recipient Org leads the project and
receives the amount awarded, converted to EUR at the award date. Organisation ids are
org-id.guide identifiers (``GB-CHC-1136547``), kept as ``360:<id>`` for entity resolution; their
two-letter prefix gives the country. An id that is a placeholder (``DUMMY01``) or names three or
more clearly different organisations in the file does not identify: those recipients are keyed
by name and country, with a finding. Beneficiary locations are kept on the project as text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
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
from graph.model.identity import is_placeholder, unusable
from graph.model.ids import locator
from graph.model.values import (
    BadValue,
    NumberFormat,
    amount_from,
    currency_code,
    number_format,
    parse_date,
    to_eur,
)
from loaders.shared import cities
from loaders.shared.common import (
    CellError,
    Column,
    FileRejected,
    Progress,
    Report,
    check_period,
    checked,
    csv_table,
    peek_header,
    rejected,
    text,
    tick,
    xlsx_tables,
)

# The spreadsheet columns read, as data: title -> where the value goes in the JSON shape.
COLUMNS: dict[str, tuple[Column, tuple[str, ...]]] = {
    c.name: (c, path)
    for c, path in [
        (Column("Identifier", required=True), ("id",)),
        (Column("Title", required=True), ("title",)),
        (Column("Description"), ("description",)),
        (Column("Amount Awarded", required=True, number=True), ("amountAwarded",)),
        (Column("Currency", required=True), ("currency",)),
        (Column("Award Date", required=True), ("awardDate",)),
        (Column("Recipient Org:Identifier", required=True), ("recipientOrganization", "id")),
        (Column("Recipient Org:Name", required=True), ("recipientOrganization", "name")),
        (Column("Recipient Org:City"), ("recipientOrganization", "addressLocality")),
        (Column("Recipient Org:Country"), ("recipientOrganization", "addressCountry")),
        (Column("Funding Org:Identifier", required=True), ("fundingOrganization", "id")),
        (Column("Funding Org:Name", required=True), ("fundingOrganization", "name")),
        (Column("Grant Programme:Title"), ("grantProgramme", "title")),
        (Column("Beneficiary Location:Name"), ("beneficiaryLocation", "name")),
        (Column("Beneficiary Location:Country Code"), ("beneficiaryLocation", "countryCode")),
        (Column("Planned Dates:Start Date"), ("plannedDates", "startDate")),
        (Column("Planned Dates:End Date"), ("plannedDates", "endDate")),
    ]
}


def _key(header: str) -> str:
    return re.sub(r"\s*:\s*", ":", header.strip()).lower()


def detect(path: Path) -> bool:
    """360Giving by its JSON ``grants`` key or its spreadsheet column titles."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        with path.open("rb") as fh:
            return b'"grants"' in fh.read(65536)
    if suffix == ".xlsx":  # the grants may follow a cover or notes sheet
        try:
            return any(_is_grants(t.header) for t in xlsx_tables(path, max_rows=1))
        except (FileRejected, OSError):
            return False
    if suffix in (".csv", ".tsv"):
        return _is_grants(peek_header(path))
    return False


def _is_grants(header: list[str]) -> bool:
    return {"amount awarded", "identifier"} <= {_key(h) for h in header}


def load(path: Path, progress: Progress | None = None) -> Any:
    try:
        grants = _read(path)
    except FileRejected as err:
        return rejected(path, err)
    reader = _Grants(path.name, grants)
    for n, (where, grant) in enumerate(grants, 1):
        try:
            reader.grant(where, grant)
        except BadValue as err:
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
    if path.suffix.lower() == ".xlsx":
        tables = xlsx_tables(path)
        table = next((t for t in tables if _is_grants(t.header)), tables[0])
    else:
        table = csv_table(path)
    cols = {_key(h): i for i, h in enumerate(table.header) if h}
    missing = [name for name, (c, _) in COLUMNS.items() if c.required and _key(name) not in cols]
    if missing:
        raise FileRejected(f"missing required column(s): {', '.join(missing)}", "missing-column")
    return [(line, _as_grant(cells, cols)) for line, cells in table.rows]


def _as_grant(cells: list, cols: dict[str, int]) -> dict:
    grant: dict[str, Any] = {}
    for name, (_, path) in COLUMNS.items():
        i = cols.get(_key(name))
        value = cells[i] if i is not None and i < len(cells) else None
        if len(path) == 1:
            grant[path[0]] = value
        else:
            grant.setdefault(path[0], [{}])[0][path[1]] = value
    return grant


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
    """The country of an org-id.guide id, from its list's prefix (``GB-CHC``, not ``XI-``)."""
    prefix = org_id.split("-", 1)[0].upper()
    return country_code(prefix) if re.fullmatch(r"[A-W][A-Z]", prefix) else None


def _unusable_ids(grants: list[tuple[int, dict]]) -> dict[str, str]:
    names: dict[str, set[str]] = defaultdict(set)
    for _, grant in grants:
        for key in ("recipientOrganization", "fundingOrganization"):
            org = _first(grant, key)
            if text(org.get("id")) is not None and text(org.get("name")):
                names[text(org.get("id"))].add(text(org.get("name")))  # type: ignore[index]
    return unusable(names)


class _Grants:
    def __init__(self, file: str, grants: list[tuple[int, dict]]) -> None:
        self.file = file
        self.report = Report(file)
        self.nodes: dict[str, Record] = {}
        self.rels: list[Relationship] = []
        self.unusable = _unusable_ids(grants)
        self.reported: set[str] = set()
        self.format: NumberFormat | None = number_format(g.get("amountAwarded") for _, g in grants)

    def grant(self, where: int, grant: dict) -> None:
        """One grant; only its identity, recipient, funder and money can cost it its row."""
        gid = _need(grant.get("id"), "Identifier")
        title = _need(grant.get("title"), "Title")
        raw = _need(grant.get("amountAwarded"), "Amount Awarded")
        amount = checked(amount_from, raw, "Amount Awarded", self.format)
        currency = checked(currency_code, _need(grant.get("currency"), "Currency"), "Currency")
        recipient = _first(grant, "recipientOrganization")
        rid = text(recipient.get("id")) or ""
        rname = _need(recipient.get("name"), "Recipient Org:Name")
        pid = grant_id(gid)
        if pid in self.nodes:
            self.report.warn(
                "duplicate-grant",
                f"grant {gid} is listed again; the first kept",
                where,
                "Identifier",
            )
            return
        src = locator(self.file, where)
        funder = self._funder(_first(grant, "fundingOrganization"), src, where)
        awarded = self._date(grant.get("awardDate"), "Award Date", where)
        dates = _first(grant, "plannedDates")
        places = [loc for loc in grant.get("beneficiaryLocation") or [] if isinstance(loc, dict)]
        start = self._date(dates.get("startDate"), "Planned Dates:Start Date", where)
        end = self._date(dates.get("endDate"), "Planned Dates:End Date", where)
        try:
            check_period(start, end, "Planned Dates:End Date")
        except CellError as err:
            self.report.lenient(err, where)
            end = None
        eur = to_eur(amount, currency, awarded or start)
        flags = [f"no-ecb-rate:{currency}"] if eur is None else []
        flags += ["eur-at-latest-rate"] if not (awarded or start) and currency != "EUR" else []
        money = {
            "amount": amount,
            "currency": currency,
            "amount_eur": eur,
            "amounts": [f"{amount} {currency}"],
            "flags": flags,
        }
        proj = Project(
            id=pid,
            name=title,
            title=title,
            description=text(grant.get("description")),
            amount=amount,
            currency=currency,
            amount_eur=eur,
            start=start or awarded,
            end=end,
            identifiers=[f"360:{gid}"],
            sources=[src],
            flags=money["flags"],
            extra=_locations(places),
        )
        org = self._recipient(rid, rname, recipient, src, where)
        target = self._programme(_first(grant, "grantProgramme"), funder, src)
        self.nodes[proj.id] = proj
        self.rels += [
            Relationship(type=RelType.FUNDED_BY, start=proj.id, end=target, sources=[src], **money),
            Relationship(
                type=RelType.PARTICIPATES_IN,
                start=org,
                end=proj.id,
                role=Role.LEAD,
                sources=[src],
                **money,
            ),
        ]

    def _date(self, value: Any, column: str, where: int) -> str | None:
        """An optional date: one that cannot be read is a warning and left empty."""
        if not text(value):
            return None
        try:
            return parse_date(value)
        except BadValue as err:
            err.column = column
            self.report.lenient(err, where)
            return None

    def _identity(self, label: Label, ident: str, name: str, country: str | None, where: int):
        """The node id and identifiers of an org: its id, unless the id does not identify."""
        if not is_placeholder(ident) and ident not in self.unusable:
            return make_id(label, "360", ident), [f"360:{ident}"]
        if ident not in self.reported:
            self.reported.add(ident)
            why = self.unusable.get(ident, "a placeholder, not an identifier")
            self.report.warn(
                "placeholder-identifier",
                f"identifier {ident!r} is {why}: organisations keyed by name and country",
                where,
                "Identifier",
            )
        return make_id(label, name, *([country] if country else [])), []

    def _funder(self, org: dict, src: str, where: int) -> Funder:
        fid = text(org.get("id")) or ""
        name = _need(org.get("name"), "Funding Org:Name")
        country = _country(fid) if fid not in self.unusable else None
        node_id, idents = self._identity(Label.FUNDER, fid, name, country, where)
        if node_id not in self.nodes:
            self.nodes[node_id] = Funder(
                id=node_id, name=name, country=country, identifiers=idents, sources=[src]
            )
        return self.nodes[node_id]  # type: ignore[return-value]

    def _programme(self, prog: dict, funder: Funder, src: str) -> str:
        title = text(prog.get("title"))
        if not title:
            return funder.id
        node_id = make_id(Label.PROGRAMME, "360", (funder.identifiers or [funder.id])[0], title)
        if node_id not in self.nodes:
            self.nodes[node_id] = Programme(id=node_id, name=title, sources=[src])
            self.rels.append(
                Relationship(type=RelType.PART_OF, start=node_id, end=funder.id, sources=[src])
            )
        return node_id

    def _recipient(self, rid: str, name: str, org: dict, src: str, where: int) -> str:
        written = text(org.get("addressCountry"))
        country = (country_code(written) if written else None) or (
            _country(rid) if rid not in self.unusable else None
        )
        node_id, idents = self._identity(Label.ORGANISATION, rid, name, country, where)
        have = self.nodes.get(node_id)
        if isinstance(have, Organisation):
            if name != have.name and name not in have.aliases:
                have.aliases.append(name)
            return node_id
        self.nodes[node_id] = Organisation(
            id=node_id, name=name, country=country, identifiers=idents, sources=[src]
        )
        city = text(org.get("addressLocality"))
        if city:
            node = cities.city_node(city, country, sources=[src])
            self.nodes.setdefault(node.id, node)
            self.rels.append(
                Relationship(type=RelType.BASED_IN, start=node_id, end=node.id, sources=[src])
            )
        return node_id

    def records(self) -> list[Record]:
        return [*self.nodes.values(), *self.rels] if self.rels else []


def grant_id(gid: str) -> str:
    """A grant's project id, from its identifier exactly as written: identifiers that differ
    only in case or punctuation (``a0A1`` and ``a0a1``, ``1.1`` and ``1-1``) stay two grants.

    >>> grant_id("360G-F-2"), grant_id("360G-sf-a0A1")
    ('proj:360-360g-f-2', 'proj:360-360g-sf-a0a1-43851b3f')
    """
    if re.fullmatch(r"([0-9A-Z]+|[0-9a-z]+)(-([0-9A-Z]+|[0-9a-z]+))*", gid):
        return make_id(Label.PROJECT, "360", gid)
    return make_id(Label.PROJECT, "360", gid, hashlib.sha1(gid.encode()).hexdigest()[:8])


def _locations(places: list[dict]) -> dict[str, list[str]]:
    names = [text(p.get("name")) for p in places]
    codes = [country_code(c) or c for p in places if (c := text(p.get("countryCode")))]
    out = {"locations": [n for n in names if n], "countries": [c for c in codes if c]}
    return {k: list(dict.fromkeys(v)) for k, v in out.items() if v}
