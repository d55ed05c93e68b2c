"""Any list of grants: a table whose columns a mapping (or a preset) assigns to template fields.

Publishers' lists of grants and beneficiaries follow no standard. A mapping says which column
holds each template field (``organisation``, ``amount`` ...) and which fields are the same for
every row (``currency: CZK``, ``funder: European Union``); a preset is a mapping saved as a
YAML file in ``data/presets/`` with the headers that recognise its list, so a person can copy
and edit one for a list we have not seen.

Each row is a grant to its organisation: the project it names (by ``project_id``, else its
title), or, where the list names none, a grant of that funder to that organisation whose id
comes from the row's values, so loading twice, or in another order, changes nothing. An
organisation with an identifier (IČ, EIK, PIC) is one organisation per identifier, else one
per name and country. Columns kept beside (a total budget, an amount paid) go on the grant as
they are. Only a row without an organisation, or whose amount cannot be read, is skipped; a
negative amount (a correction) is kept as written, with a warning.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

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
    normalise,
)
from graph.model.ids import locator
from graph.model.values import BadValue, amount_from, number_format, to_eur
from loaders.shared import cities, sheets
from loaders.shared.common import FileRejected, Progress, Report, Table, rejected, text, tick
from loaders.shared.template_columns import COLUMNS

PRESETS = Path(__file__).resolve().parents[1] / "data" / "presets"
FIELDS = tuple(c.name for c in COLUMNS)
PARSERS = {c.name: c.parse for c in COLUMNS if c.parse}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
SCHEMES = {"BG": "eik", "CZ": "ico", "SK": "ico"}  # what an identifier is, by country
# names that name no one (withheld beneficiaries are listed as "NA" or "n/a")
NO_NAME = {"", "na", "n a", "none", "null", "unknown", "not available", "not applicable"}


@dataclass
class Mapping:
    """Which column holds each field (a header, or a ``{Header}`` pattern joining several;
    ``programme`` may list a chain, widest first), the values every row shares, and the
    columns kept beside as they are (``keep``) or as amounts in the row's currency."""

    name: str = "mapping"
    columns: dict[str, Any] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    keep: dict[str, str] = field(default_factory=dict)
    keep_amounts: dict[str, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)  # headers that recognise the list
    path: Path | None = None

    def __post_init__(self) -> None:
        unknown = sorted((set(self.columns) | set(self.constants)) - set(FIELDS))
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}; fields: {', '.join(FIELDS)}")

    @classmethod
    def read(cls, path: Path) -> Mapping:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        known = {"name", "columns", "constants", "keep", "keep_amounts", "header"}
        return cls(**{k: v for k, v in data.items() if k in known}, path=path)

    def to_yaml(self) -> str:
        data = {
            "name": self.name,
            "header": self.header,
            "columns": self.columns,
            "constants": self.constants,
            "keep": self.keep,
            "keep_amounts": self.keep_amounts,
        }
        return yaml.safe_dump(
            {k: v for k, v in data.items() if v}, allow_unicode=True, sort_keys=False
        )

    def headers(self) -> set[str]:
        """Every header the mapping reads."""
        used = [*self.keep.values(), *self.keep_amounts.values()]
        for value in self.columns.values():
            for item in value if isinstance(value, list) else [value]:
                used += _PLACEHOLDER.findall(item) or [item]
        return set(used)

    def fits(self, header: list[str]) -> bool:
        have = {normalise(h) for h in header if h}
        return bool(self.header) and {normalise(h) for h in self.header} <= have


def from_options(columns: list[str], constants: list[str], name: str = "mapping") -> Mapping:
    """A mapping from ``FIELD=HEADER`` and ``FIELD=VALUE`` words (the CLI's --column, --set).

    >>> from_options(["organisation=Žadatel"], ["currency=CZK"]).constants
    {'currency': 'CZK'}
    """
    pairs = []
    for words in (columns, constants):
        found = {}
        for word in words:
            key, eq, value = word.partition("=")
            if not eq or not key.strip() or not value.strip():
                raise ValueError(f"expected FIELD=VALUE, got {word!r}")
            found[key.strip()] = value.strip()
        pairs.append(found)
    return Mapping(name=name, columns=pairs[0], constants=pairs[1])


def presets(folder: Path = PRESETS) -> list[Mapping]:
    return [Mapping.read(p) for p in sorted(folder.glob("*.yaml"))]


def preset_for(header: list[str], folder: Path = PRESETS) -> Mapping | None:
    return next((m for m in presets(folder) if m.fits(header)), None)


def detect(path: Path) -> bool:
    """A table whose header a preset recognises."""
    if path.suffix.lower() not in sheets.SUFFIXES:
        return False
    return preset_for(sheets.header(path)) is not None


def load(path: Path, progress: Progress | None = None, mapping: Mapping | None = None) -> Any:
    try:
        table = sheets.first_table(path)
        mapping = mapping or preset_for(table.header)
        if mapping is None:
            raise FileRejected(
                "no preset knows this list; map its columns (--column FIELD=HEADER)", "unknown-list"
            )
        cols = _columns(table, mapping)
        rows = list(table.rows)
    except FileRejected as err:
        return rejected(path, err)
    reader = _Grants(path.name, mapping, cols, rows)
    for n, (line, cells) in enumerate(rows, 1):
        reader.row(line, cells)
        tick(progress, n, len(rows))
    result = reader.report.result(reader.records())
    result.notes.append(f"read as {mapping.name}")
    return result


def _columns(table: Table, mapping: Mapping) -> dict[str, int]:
    """Header -> index for every header the mapping reads; a missing one refuses the file."""
    index = {normalise(h): i for i, h in reversed(list(enumerate(table.header))) if h}
    beside = {*mapping.keep.values(), *mapping.keep_amounts.values()}  # optional: kept if there
    missing = sorted(h for h in mapping.headers() - beside if normalise(h) not in index)
    if missing:
        found = ", ".join(h for h in table.header if h)
        raise FileRejected(f"no column {', '.join(missing)} (found: {found})", "missing-column")
    return {h: index[normalise(h)] for h in mapping.headers() if normalise(h) in index}


class _Grants:
    def __init__(self, file: str, mapping: Mapping, cols: dict[str, int], rows: list) -> None:
        self.file, self.mapping, self.cols = file, mapping, cols
        self.report = Report(file)
        self.nodes: dict[str, Record] = {}
        self.rels: dict[tuple, Relationship] = {}
        money = [mapping.columns.get("amount"), *mapping.keep_amounts.values()]
        self.formats = {
            h: number_format(self._raw(cells, h) for _, cells in rows) for h in money if h
        }

    def _raw(self, cells: list, header: str) -> Any:
        i = self.cols.get(header)
        return cells[i] if i is not None and i < len(cells) else None

    def value(self, cells: list, name: str) -> Any:
        """A field's raw value in a row: its column, its pattern filled in, or its constant."""
        spec = self.mapping.columns.get(name)
        if spec is None:
            return self.mapping.constants.get(name)
        if isinstance(spec, list):
            return [self._fill(cells, s) for s in spec]
        return self._fill(cells, spec)

    def _fill(self, cells: list, spec: str) -> Any:
        if not _PLACEHOLDER.search(spec):
            return self._raw(cells, spec)
        filled = _PLACEHOLDER.sub(lambda m: text(self._raw(cells, m[1])) or "", spec)
        return " ".join(filled.split()) or None

    def row(self, line: int, cells: list) -> None:
        org_name = " ".join((text(self.value(cells, "organisation")) or "").split()) or None
        if org_name is None or normalise(org_name) in NO_NAME:
            self.report.warn(
                "no-organisation",
                "no organisation: not a grant (a note or a legend?); row skipped",
                line,
                "organisation",
            )
            return
        got = {
            name: self._parsed(cells, name, line)
            for name in PARSERS
            if name not in ("organisation", "amount", "programme")
        }
        chain = self.value(cells, "programme")
        got["programme"] = [
            n for r in (chain if isinstance(chain, list) else [chain]) if (n := text(r))
        ]
        try:
            amount = self._amount(cells, self.mapping.columns.get("amount"), "amount")
            currency = got["currency"]
            if amount is not None and currency is None:
                raise BadValue(
                    "an amount without a currency (--set currency=...)", "missing-value", "currency"
                )
        except BadValue as err:
            self.report.error(err, line, err.column)
            return
        if amount is not None and amount < 0:
            note = f"negative amount {amount} (a correction?) kept as written"
            self.report.warn("negative-amount", note, line, self.mapping.columns.get("amount"))
        src = locator(self.file, line)
        org = self._org(cells, org_name, got, src)
        proj = self._project(cells, org_name, got, amount, src, line)
        money = _money(amount, currency, got["date"] or got["start"])
        self._rel(RelType.PARTICIPATES_IN, org, proj, src, role=got["role"] or Role.LEAD, **money)
        target = self._funding(cells, got, src)
        if target:
            self._rel(RelType.FUNDED_BY, proj, target, src, **money)
        project: Project = self.nodes[proj]  # type: ignore[assignment]
        if money and project.amount is None:
            project.amount, project.currency = money["amount"], money["currency"]
            project.amount_eur, project.flags = money["amount_eur"], money["flags"]

    def _parsed(self, cells: list, name: str, line: int) -> Any:
        raw = self.value(cells, name)
        if text(raw) is None:
            return None
        try:
            return PARSERS[name](raw)
        except BadValue as err:
            self.report.lenient(err, line, self.mapping.columns.get(name) or name)
            return None

    def _amount(self, cells: list, header: str | None, name: str) -> Decimal | None:
        raw = self._raw(cells, header) if header else self.mapping.constants.get(name)
        if text(raw) is None:
            return None
        try:
            return amount_from(raw, self.formats.get(header), negative=True)
        except BadValue as err:
            err.column = header or name
            raise

    def _org(self, cells: list, name: str, got: dict, src: str) -> str:
        country = got["country"]
        ident = text(self.value(cells, "identifier"))
        if ident:
            scheme, _, value = ident.rpartition(":")
            ident = f"{scheme or SCHEMES.get(country or '', 'id')}:{value.strip()}".lower()
            node = make_id(Label.ORGANISATION, *ident.split(":", 1))
        else:
            node = make_id(Label.ORGANISATION, name, *([country] if country else []))
        have = self.nodes.get(node)
        if isinstance(have, Organisation):
            if name != have.name and name not in have.aliases:
                have.aliases.append(name)
            have.sources.append(src)
            return node
        self.nodes[node] = Organisation(
            id=node, name=name, country=country, sources=[src], identifiers=[ident] if ident else []
        )
        city = text(self.value(cells, "city"))
        if city:
            self._rel(RelType.BASED_IN, node, self._city(city, country, src), src)
        return node

    def _project(self, cells: list, org: str, got: dict, amount, src: str, line: int) -> str:
        pid, title = text(self.value(cells, "project_id")), got.get("project")
        if pid or title:
            node = make_id(Label.PROJECT, pid) if pid else make_id(Label.PROJECT, title)
        else:  # a grant with no project: its id from the values that make the row
            values = [text(self._raw(cells, h)) or "" for h in sorted(self.mapping.headers())]
            values += [f"{k}={v}" for k, v in sorted(self.mapping.constants.items())]
            digest = hashlib.sha1("\x1f".join(values).encode()).hexdigest()[:12]
            node = make_id(Label.PROJECT, "grant", org[:40], digest)
        if node in self.nodes:
            self.nodes[node].sources.append(src)
            if not (pid or title):
                self.report.warn(
                    "duplicate-grant", "the same grant is listed again; kept once", line
                )
            return node
        giver = (got["programme"] or [got["funder"] or self.mapping.name])[-1]
        name = title or (f"{pid}" if pid else f"{giver}: grant to {org}")
        kept = {k: v for k, h in self.mapping.keep.items() if (v := text(self._raw(cells, h)))}
        for key, header in self.mapping.keep_amounts.items():
            try:
                if (value := self._amount(cells, header, key)) is not None:
                    kept[key] = value
            except BadValue as err:
                self.report.lenient(err, line, header)
        themes = [t.strip() for t in (text(self.value(cells, "themes")) or "").split(";")]
        self.nodes[node] = Project(
            id=node,
            name=name,
            title=title or name,
            acronym=text(self.value(cells, "acronym")),
            status=got["status"],
            start=got["start"],
            end=got["end"],
            sources=[src],
            themes=[t for t in themes if t],
            identifiers=[f"grant:{pid}"] if pid else [],
            extra=kept,
        )
        place = text(self.value(cells, "place"))
        if place:
            self._rel(RelType.TAKES_PLACE_IN, node, self._city(place, None, src), src)
        return node

    def _funding(self, cells: list, got: dict, src: str) -> str | None:
        """The programme chain (widest first) PART_OF the funder; the narrowest is funded."""
        target = None
        if got["funder"]:
            target = make_id(Label.FUNDER, got["funder"])
            self._node(Funder(id=target, name=got["funder"], sources=[src]))
        for name in got["programme"]:
            node = make_id(Label.PROGRAMME, *([target] if target else []), name)
            self._node(Programme(id=node, name=name, sources=[src]))
            if target:
                self._rel(RelType.PART_OF, node, target, src)
            target = node
        return target

    def _city(self, name: str, country: str | None, src: str) -> str:
        node = cities.city_node(name, country, sources=[src])
        self._node(node)
        return node.id

    def _node(self, node: Record) -> None:
        """A funder, programme or city every row may name: the first row that does is its
        source (22,000 rows of one funder do not make 22,000 sources)."""
        self.nodes.setdefault(node.id, node)  # type: ignore[union-attr]

    def _rel(self, kind: RelType, start: str, end: str, src: str, **props: Any) -> None:
        key = (kind, start, end)
        if key in self.rels:
            if kind != RelType.PART_OF:  # shared by every row, like _node's
                self.rels[key].sources.append(src)
            return
        self.rels[key] = Relationship(type=kind, start=start, end=end, sources=[src], **props)

    def records(self) -> list[Record]:
        return [*self.nodes.values(), *self.rels.values()]


def _money(amount: Decimal | None, currency: str | None, on: str | None) -> dict[str, Any]:
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
