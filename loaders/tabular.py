"""The spreadsheet template (CSV or XLSX, English or Bulgarian headers): see data/templates/.

One flat sheet with a row per participation, or separate sheets (organisations, projects,
participations, funding): each row contributes what its columns hold. Organisations and
projects are identified by name and title, so separate CSV files join on those; ``org_id`` and
``project_id`` are keys local to one workbook, linking its sheets. A row with an unusable cell
is skipped and listed (or, with --strict, rejects the file); negative amounts are errors here.
"""

from __future__ import annotations

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
    Status,
    make_id,
    normalise,
)
from graph.model.values import to_eur
from loaders import places
from loaders.common import (
    CellError,
    FileRejected,
    Progress,
    Report,
    Table,
    alias_table,
    cell,
    checked,
    column_map,
    csv_table,
    parse_currency,
    parse_date,
    parse_positive_amount,
    rejected,
    text,
    tick,
    xlsx_tables,
)

COLUMNS: dict[str, list[str]] = {
    "org_id": ["organisation id", "organization id", "ид на организация", "номер на организация"],
    "organisation": ["organization", "organisation name", "организация", "име на организация"],
    "name_en": ["name en", "organisation name en", "име на английски"],
    "country": ["държава"],
    "city": ["град", "седалище"],
    "kind": ["type", "вид", "тип"],
    "website": ["web", "уебсайт", "сайт"],
    "identifier": ["identifiers", "идентификатор"],
    "eik": ["еик", "булстат", "eik bulstat"],
    "vat": ["vat number", "ддс номер", "ин по ддс"],
    "project_id": ["project id", "ид на проект", "номер на проект"],
    "project": ["project title", "title", "проект", "име на проект", "заглавие"],
    "acronym": ["акроним"],
    "status": ["статус"],
    "start": ["start date", "начало", "начална дата"],
    "end": ["end date", "край", "крайна дата"],
    "themes": ["theme", "теми", "тема"],
    "place": ["project city", "място", "място на изпълнение"],
    "role": ["роля"],
    "funder": ["донор", "финансираща организация"],
    "programme": ["program", "програма"],
    "amount": ["сума", "размер"],
    "currency": ["валута"],
    "date": ["award date", "дата", "дата на договора"],
}
ALIASES = alias_table(COLUMNS)
ROLES = alias_table({
    Role.LEAD: ["водеща", "водещ", "водеща организация", "координатор", "coordinator", "applicant"],
    Role.PARTNER: ["партньор", "participant"],
    Role.ASSOCIATE: ["асоцииран", "асоцииран партньор", "associated partner"],
})  # fmt: skip
STATUSES = alias_table({
    Status.COMPLETED: ["приключил", "завършен", "изпълнен", "closed"],
    Status.ONGOING: ["в изпълнение", "текущ", "active"],
    Status.PROPOSED: ["подаден", "предложен", "submitted"],
    Status.REJECTED: ["отхвърлен", "неодобрен"],
})  # fmt: skip
COUNTRIES = {
    "bulgaria": "BG", "balgariya": "BG", "czechia": "CZ", "czech republic": "CZ",
    "ceska republika": "CZ", "greece": "GR", "romania": "RO", "serbia": "RS",
    "north macedonia": "MK", "croatia": "HR", "slovakia": "SK", "turkey": "TR",
}  # fmt: skip


def load(path: Path, progress: Progress | None = None) -> Any:
    try:
        tables = xlsx_tables(path) if path.suffix.lower() == ".xlsx" else [csv_table(path)]
        for table in tables:
            _check_columns(table)
    except FileRejected as err:
        return rejected(path, err)
    reader = _Rows(path.name)
    total, done = sum(t.total for t in tables), 0
    # sheets naming organisations and projects first, so their local ids are known
    for table in sorted(tables, key=lambda t: not {"organisation", "project"} & set(_cols(t))):
        cols = _cols(table)
        for line, cells in table.rows:
            where = f"{table.name}!{line}" if len(tables) > 1 else str(line)
            try:
                reader.row(where, line, cells, cols)
            except CellError as err:
                reader.report.error(err, line, err.column)
            done += 1
            tick(progress, done, total)
    return reader.report.result(reader.records())


def _cols(table: Table) -> dict[str, int]:
    return column_map(table.header, ALIASES)


def _check_columns(table: Table) -> None:
    cols = _cols(table)
    where = f"sheet {table.name!r}: " if not table.name.endswith((".csv", ".tsv")) else ""
    if not {"organisation", "org_id", "project", "project_id"} & set(cols):
        raise FileRejected(
            f"{where}missing required column: organisation or project "
            f"(found: {', '.join(h for h in table.header if h) or 'no header'})",
            "missing-column",
        )
    if "amount" in cols and "currency" not in cols:
        raise FileRejected(f"{where}missing required column: currency (amounts need it)",
                           "missing-column")  # fmt: skip


class _Rows:
    """Rows to records; nodes and relationships keyed so repeated rows fold into one."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.report = Report(file)
        self.nodes: dict[str, Record] = {}
        self.rels: dict[tuple, Relationship] = {}
        self.org_ids: dict[str, str] = {}
        self.project_ids: dict[str, str] = {}

    def row(self, where: str, line: int, cells: list, cols: dict[str, int]) -> None:
        """All cells are checked before anything is kept, so a bad row leaves no trace."""
        get = lambda name: cell(cells, cols, name)  # noqa: E731
        src = f"{self.file}#row-{where}"
        checks = self._check(get)
        org = self._org(get, src, line)
        proj = self._project(get, src, checks)
        if org and proj:
            self._rel(RelType.PARTICIPATES_IN, org, proj, src, role=checks["role"])
        if proj and (text(get("funder")) or text(get("programme"))):
            self._funding(get, src, proj, checks)

    def _check(self, get) -> dict[str, Any]:
        refs = (
            ("org_id", "organisation", self.org_ids),
            ("project_id", "project", self.project_ids),
        )
        for kind, named, table in refs:
            local = text(get(kind))
            if local and not text(get(named)) and local not in table:
                raise CellError(f"{kind} {local!r} is not defined in this file",
                                "unknown-reference", kind)  # fmt: skip
        raw_role = text(get("role")) or "partner"
        role = ROLES.get(normalise(raw_role))
        if role is None:
            raise CellError(f"unknown role {raw_role!r} (lead, partner, associate)",
                            "unknown-role", "role")  # fmt: skip
        status = text(get("status"))
        if status and normalise(status) not in STATUSES:
            raise CellError(f"unknown status {status!r}", "unknown-status", "status")
        raw = get("amount")
        amount = checked(parse_positive_amount, raw, "amount") if text(raw) else None
        if amount is not None and text(get("currency")) is None:
            raise CellError("amount without a currency", "missing-value", "currency")
        dates = {k: checked(parse_date, get(k), k) if text(get(k)) else None
                 for k in ("start", "end", "date")}  # fmt: skip
        return {
            "role": role, "status": STATUSES.get(normalise(status)) if status else None,
            "amount": amount, "dates": dates,
            "currency": checked(parse_currency, get("currency"), "currency")
            if amount is not None else None,
        }  # fmt: skip

    def _org(self, get, src: str, line: int) -> str | None:
        name, local = text(get("organisation")), text(get("org_id"))
        if not name:
            return self.org_ids.get(local) if local else None
        node = make_id(Label.ORGANISATION, name)
        if node in self.nodes:
            self.nodes[node].sources.append(src)
            return node
        country = self._country(text(get("country")), line)
        ids = [i.strip() for i in re.split(r"[;,]", text(get("identifier")) or "") if i.strip()]
        ids += [f"{k}:{v}" for k in ("eik", "vat") if (v := text(get(k)))]
        self.nodes[node] = Organisation(
            id=node, name=name, name_en=text(get("name_en")), kind=text(get("kind")),
            country=country, website=text(get("website")), identifiers=ids, sources=[src],
        )  # fmt: skip
        if local:
            self.org_ids[local] = node
        city = text(get("city"))
        if city:
            self._rel(RelType.BASED_IN, node, self._city(city, country), src)
        return node

    def _country(self, raw: str | None, line: int) -> str | None:
        if not raw:
            return None
        if re.fullmatch(r"[A-Za-z]{2}", raw):
            return raw.upper()
        code = COUNTRIES.get(normalise(raw))
        if code is None:
            self.report.warn("unknown-country", f"country {raw!r} not recognised; left empty",
                             line, "country")  # fmt: skip
        return code

    def _city(self, name: str, country: str | None) -> str:
        node = places.city_node(name, country)
        self.nodes.setdefault(node.id, node)
        return node.id

    def _project(self, get, src: str, checks: dict[str, Any]) -> str | None:
        title, local = text(get("project")), text(get("project_id"))
        if not title:
            return self.project_ids.get(local) if local else None
        node = make_id(Label.PROJECT, title)
        if node in self.nodes:
            self.nodes[node].sources.append(src)
            return node
        themes = [t.strip() for t in (text(get("themes")) or "").split(";") if t.strip()]
        self.nodes[node] = Project(
            id=node, name=title, title=title, acronym=text(get("acronym")),
            status=checks["status"], themes=themes, sources=[src],
            start=checks["dates"]["start"], end=checks["dates"]["end"],
        )  # fmt: skip
        if local:
            self.project_ids[local] = node
        place = text(get("place"))
        if place:
            self._rel(RelType.TAKES_PLACE_IN, node, self._city(place, None), src)
        return node

    def _funding(self, get, src: str, proj: str, checks: dict[str, Any]) -> None:
        """FUNDED_BY towards the programme (PART_OF the funder) or the funder; one per pair."""
        funder, prog = text(get("funder")), text(get("programme"))
        target = None
        if funder:
            target = make_id(Label.FUNDER, funder)
            self.nodes.setdefault(target, Funder(id=target, name=funder, sources=[src]))
        if prog:
            node = make_id(Label.PROGRAMME, prog)
            self.nodes.setdefault(node, Programme(id=node, name=prog, sources=[src]))
            if target:
                self._rel(RelType.PART_OF, node, target, src)
            target = node
        amount, currency = checks["amount"], checks["currency"]
        on = checks["dates"]["date"] or self.nodes[proj].start  # type: ignore[attr-defined]
        eur = to_eur(amount, currency, on) if amount is not None else None
        have = self.rels.get((RelType.FUNDED_BY, proj, target))
        if have and have.amount is not None and amount is not None and have.amount != amount:
            note = f"{amount:g} differs from {have.amount:g} given earlier; first kept"
            self.report.warn("conflicting-amount", note, None, "amount")
        if have is None or have.amount is None:
            self.rels.pop((RelType.FUNDED_BY, proj, target), None)
            self._rel(RelType.FUNDED_BY, proj, target, src, amount=amount, currency=currency,
                      amount_eur=eur)  # fmt: skip

    def _rel(self, kind: RelType, start: str, end: str, src: str, **props) -> None:
        key = (kind, start, end)
        if key in self.rels:
            self.rels[key].sources.append(src)
            return
        self.rels[key] = Relationship(type=kind, start=start, end=end, sources=[src], **props)

    def records(self) -> list[Record]:
        return [*self.nodes.values(), *self.rels.values()]
