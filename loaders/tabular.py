"""The spreadsheet template (CSV or XLSX, English or Bulgarian headers): see data/templates/.

One flat sheet with a row per participation, or separate sheets (organisations, projects,
participations, funding): each row contributes what its columns hold. Organisations are
identified by name and country (two Caritas in two countries are two organisations), projects
by title, so separate CSV files join on those; ``org_id`` and ``project_id`` are keys local to
one workbook, linking its sheets.

Every cell of a row is checked before anything of it is kept, and every problem is listed
(role, status and country vocabularies, real dates, end before start, negative amounts,
ISO 4217 currencies, empty or unusable names). A bad name, amount or currency rejects its row;
any other bad cell is a warning and left empty; never the file (with --strict, the file).
Amounts are read under the number convention of their column. A project's money is its
funding rows', converted to EUR at the row's date, else the project's
start; the project carries their sum.
"""

from __future__ import annotations

import re
from collections import defaultdict
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
from graph.model.identity import unusable
from graph.model.ids import locator
from graph.model.values import (
    BadValue,
    NumberFormat,
    to_eur,
)
from loaders.shared import cities
from loaders.shared.common import (
    CellError,
    FileRejected,
    Progress,
    Report,
    Table,
    cell,
    check_period,
    column_map,
    csv_table,
    number_formats,
    peek_header,
    rejected,
    text,
    tick,
    xlsx_tables,
)
from loaders.shared.template_columns import ALIASES, COLUMNS

SUFFIXES = (".csv", ".tsv", ".xlsx")
# Cells a row cannot do without: who or what it is about, and its money. Any other cell that
# cannot be read is a warning, the field left empty (liberal in what is read).
REQUIRED = {"org_id", "organisation", "project_id", "project", "amount", "currency"}


def detect(path: Path) -> bool:
    """A CSV or XLSX file whose header names an organisation or a project column."""
    if path.suffix.lower() not in SUFFIXES:
        return False
    found = column_map(peek_header(path), ALIASES)
    return bool({"organisation", "org_id", "project", "project_id"} & set(found))


def load(path: Path, progress: Progress | None = None) -> Any:
    try:
        tables = xlsx_tables(path) if path.suffix.lower() == ".xlsx" else [csv_table(path)]
        for table in tables:
            _check_columns(table)
        rows = {table.name: list(table.rows) for table in tables}
    except FileRejected as err:
        return rejected(path, err)
    reader = _Rows(path.name)
    total, done = sum(len(r) for r in rows.values()), 0
    # sheets naming organisations and projects first, so their local ids are known
    for table in sorted(tables, key=lambda t: not {"organisation", "project"} & set(_cols(t))):
        cols = _cols(table)
        formats = number_formats(rows[table.name], cols, COLUMNS)
        sheet = table.name if len(tables) > 1 else None
        for line, cells in rows[table.name]:
            reader.row(locator(path.name, line, sheet=sheet), line, _Cells(cells, cols), formats)
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
        raise FileRejected(
            f"{where}missing required column: currency (amounts need it)", "missing-column"
        )


class _Cells:
    """One row's cells by column name; ``has`` says whether the sheet has the column."""

    def __init__(self, cells: list, cols: dict[str, int]) -> None:
        self.cells, self.cols = cells, cols

    def __call__(self, name: str) -> Any:
        return cell(self.cells, self.cols, name)

    def has(self, name: str) -> bool:
        return name in self.cols


class _Rows:
    """Rows to records; nodes and relationships keyed so repeated rows fold into one."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.report = Report(file)
        self.nodes: dict[str, Record] = {}
        self.rels: dict[tuple, Relationship] = {}
        self.org_ids: dict[str, str] = {}
        self.project_ids: dict[str, str] = {}

    def row(self, src: str, line: int, get: _Cells, formats: dict) -> None:
        """Every cell is checked first, so a bad row leaves no trace and lists every problem."""
        problems: list[BadValue] = []
        checks = _check(get, formats, problems)
        self._references(get, problems)
        if any(err.column in REQUIRED for err in problems):
            for err in problems:
                self.report.error(err, line, err.column)
            return
        for err in problems:  # optional cells read around: the row stays
            self.report.lenient(err, line, err.column)
        org = self._org(get, src, checks)
        proj = self._project(get, src, checks)
        if org and proj:
            self._rel(RelType.PARTICIPATES_IN, org, proj, src, role=checks["role"])
        if proj and (checks["funder"] or checks["programme"]):
            self._funding(src, proj, checks)

    def _references(self, get: _Cells, problems: list[BadValue]) -> None:
        refs = (
            ("org_id", "organisation", self.org_ids),
            ("project_id", "project", self.project_ids),
        )
        for kind, named, table in refs:
            local = text(get(kind))
            if local and not text(get(named)) and local not in table:
                problems.append(
                    CellError(
                        f"{kind} {local!r} is not defined in this file", "unknown-reference", kind
                    )
                )
            elif get.has(named) and not local and not text(get(named)):
                problems.append(CellError(f"{named} is empty", "missing-value", named))

    def _org(self, get: _Cells, src: str, checks: dict[str, Any]) -> str | None:
        name, local = checks["organisation"], text(get("org_id"))
        if not name:
            return self.org_ids.get(local) if local else None
        country = checks["country"]
        node = make_id(Label.ORGANISATION, name, *([country] if country else []))
        if local:
            self.org_ids[local] = node
        if node in self.nodes:
            self.nodes[node].sources.append(src)
            return node
        ids = [i.strip() for i in re.split(r"[;,]", text(get("identifier")) or "") if i.strip()]
        ids += [f"{k}:{v}" for k in ("eik", "vat") if (v := text(get(k)))]
        self.nodes[node] = Organisation(
            id=node,
            name=name,
            name_en=text(get("name_en")),
            kind=text(get("kind")),
            country=country,
            website=text(get("website")),
            identifiers=ids,
            sources=[src],
        )
        city = text(get("city"))
        if city:
            self._rel(RelType.BASED_IN, node, self._city(city, country, src), src)
        return node

    def _city(self, name: str, country: str | None, src: str) -> str:
        node = cities.city_node(name, country, sources=[src])
        have = self.nodes.setdefault(node.id, node)
        if have is not node and src not in have.sources:
            have.sources.append(src)
        return node.id

    def _project(self, get: _Cells, src: str, checks: dict[str, Any]) -> str | None:
        title, local = checks["project"], text(get("project_id"))
        if not title:
            return self.project_ids.get(local) if local else None
        node = make_id(Label.PROJECT, title)
        if local:
            self.project_ids[local] = node
        if node in self.nodes:
            self.nodes[node].sources.append(src)
            return node
        themes = [t.strip() for t in (text(get("themes")) or "").split(";") if t.strip()]
        self.nodes[node] = Project(
            id=node,
            name=title,
            title=title,
            acronym=text(get("acronym")),
            status=checks["status"],
            themes=themes,
            sources=[src],
            start=checks["start"],
            end=checks["end"],
        )
        place = text(get("place"))
        if place:
            self._rel(RelType.TAKES_PLACE_IN, node, self._city(place, None, src), src)
        return node

    def _funding(self, src: str, proj: str, checks: dict[str, Any]) -> None:
        """FUNDED_BY towards the programme (PART_OF the funder) or the funder; one per pair."""
        funder, prog = checks["funder"], checks["programme"]
        target = None
        if funder:
            target = make_id(Label.FUNDER, funder)
            self._node(Funder(id=target, name=funder, sources=[src]))
        if prog:
            node = make_id(Label.PROGRAMME, prog)
            self._node(Programme(id=node, name=prog, sources=[src]))
            if target:
                self._rel(RelType.PART_OF, node, target, src)
            target = node
        amount, currency = checks["amount"], checks["currency"]
        project: Project = self.nodes[proj]  # type: ignore[assignment]
        have = self.rels.get((RelType.FUNDED_BY, proj, target))
        if have and have.amount is not None and amount is not None and have.amount != amount:
            note = f"{amount} differs from {have.amount} given earlier; first kept"
            self.report.warn("conflicting-amount", note, None, "amount")
        if have is not None and (have.amount is not None or amount is None):
            have.sources.append(src)
            return
        self.rels.pop((RelType.FUNDED_BY, proj, target), None)
        money = _money(amount, currency, checks["date"] or project.start)
        self._rel(RelType.FUNDED_BY, proj, target, src, **money)  # type: ignore[arg-type]

    def _node(self, node: Record) -> None:
        have = self.nodes.setdefault(node.id, node)  # type: ignore[union-attr]
        if have is not node:
            have.sources.extend(s for s in node.sources if s not in have.sources)

    def _rel(self, kind: RelType, start: str, end: str, src: str, **props) -> None:
        key = (kind, start, end)
        if key in self.rels:
            self.rels[key].sources.append(src)
            return
        self.rels[key] = Relationship(type=kind, start=start, end=end, sources=[src], **props)

    def records(self) -> list[Record]:
        _project_money(self.nodes, self.rels.values())
        self._drop_unusable_identifiers()
        return [*self.nodes.values(), *self.rels.values()]

    def _drop_unusable_identifiers(self) -> None:
        """Identifiers that are placeholders, or that this file gives to three or more clearly
        different organisations, are dropped (so they join nothing), with a finding."""
        orgs = [n for n in self.nodes.values() if isinstance(n, Organisation)]
        names: dict[str, set[str]] = defaultdict(set)
        for org in orgs:
            for ident in org.identifiers:
                names[ident].add(org.name)
        bad = unusable({i.partition(":")[2] or i: n for i, n in names.items()})
        dropped = {i for i in names if (i.partition(":")[2] or i) in bad}
        for ident in sorted(dropped):
            why = bad[ident.partition(":")[2] or ident]
            self.report.warn(
                "placeholder-identifier",
                f"identifier {ident!r} is {why}; not used to identify",
                None,
                "identifier",
            )
        for org in orgs:
            org.identifiers = [i for i in org.identifiers if i not in dropped]


def _check(get: _Cells, formats: dict[str, NumberFormat | None], problems: list) -> dict:
    """Every cell of a row checked; each problem appended, the usable values returned."""

    def attempt(column: str, parse, *args) -> Any:
        raw = get(column)
        if text(raw) is None:
            return None
        try:
            return parse(raw, *args)
        except BadValue as err:
            err.column = column
            problems.append(err)
            return None

    out = {
        c.name: attempt(c.name, c.parse, *([formats.get(c.name)] if c.number else []))
        for c in COLUMNS
        if c.parse
    }
    out["role"] = out["role"] or Role.PARTNER
    try:
        check_period(out["start"], out["end"])
    except CellError as err:
        problems.append(err)
        out["end"] = None
    if text(get("amount")) and not text(get("currency")):
        problems.append(CellError("amount without a currency", "missing-value", "currency"))
    return out


def _money(amount: Decimal | None, currency: str | None, on: str | None) -> dict[str, Any]:
    """An edge's money: as written, and in EUR at ``on`` (flagged when it cannot be)."""
    if amount is None or currency is None:
        return {}
    eur = to_eur(amount, currency, on)
    flags = [f"no-ecb-rate:{currency}"] if eur is None else []
    flags += ["eur-at-latest-rate"] if on is None and currency not in ("EUR", "BGN") else []
    return {
        "amount": amount,
        "currency": currency,
        "amount_eur": eur,
        "amounts": [f"{amount} {currency}"],
        "flags": flags,
    }


def _project_money(nodes: dict[str, Record], rels) -> None:
    """Each project's money: the sum of its funding edges (in one currency, or EUR only)."""
    by_project: dict[str, list[Relationship]] = {}
    for rel in rels:
        if rel.type == RelType.FUNDED_BY and rel.amount is not None:
            by_project.setdefault(rel.start, []).append(rel)
    for proj, funding in by_project.items():
        node: Project = nodes[proj]  # type: ignore[assignment]
        currencies = {r.currency for r in funding}
        if len(currencies) == 1:
            node.amount = sum((r.amount for r in funding), Decimal(0))  # type: ignore[misc]
            node.currency = currencies.pop()
        eurs = [r.amount_eur for r in funding]
        node.amount_eur = None if None in eurs else sum(eurs, Decimal(0))  # type: ignore[arg-type]
        node.flags = sorted({f for r in funding for f in r.flags})
