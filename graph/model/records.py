"""Typed records: the nodes and relationships loaders produce and the store writes, with provenance.

Also the shape every loader returns (``LoadResult``: records plus ``Issue`` findings).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar

from graph.model.schema import Label, RelType


@dataclass(kw_only=True)
class Entity:
    """A node, with its provenance.

    ``sources`` are ``"<file>#<locator>"``; ``quotes`` are ``"<file>#<locator>: <sentence>"``.
    """

    LABEL: ClassVar[Label]
    id: str
    name: str
    sources: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> Label:
        return self.LABEL

    def properties(self) -> dict[str, Any]:
        """Properties to store: None and empty lists left out so merges never erase known values."""
        return _stored(self)

    @classmethod
    def from_properties(cls, props: dict[str, Any]) -> Entity:
        """Rebuild a record from stored properties; unknown ones are kept in ``extra``."""
        known = _property_names(cls)
        return cls(
            **{k: v for k, v in props.items() if k in known},
            extra={k: v for k, v in props.items() if k not in known},
        )


@dataclass(kw_only=True)
class Organisation(Entity):
    LABEL: ClassVar[Label] = Label.ORGANISATION
    name_en: str | None = None
    aliases: list[str] = field(default_factory=list)
    kind: str | None = None
    country: str | None = None
    website: str | None = None
    identifiers: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class Funder(Entity):
    LABEL: ClassVar[Label] = Label.FUNDER
    name_en: str | None = None
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    website: str | None = None
    identifiers: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class Programme(Entity):
    LABEL: ClassVar[Label] = Label.PROGRAMME
    name_en: str | None = None
    aliases: list[str] = field(default_factory=list)
    period: str | None = None


@dataclass(kw_only=True)
class Project(Entity):
    LABEL: ClassVar[Label] = Label.PROJECT
    title: str | None = None
    title_en: str | None = None
    acronym: str | None = None
    description: str | None = None
    status: str | None = None
    start: str | None = None
    end: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    amount_eur: Decimal | None = None
    themes: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class City(Entity):
    LABEL: ClassVar[Label] = Label.CITY
    name_local: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


ENTITY_CLASSES: dict[Label, type[Entity]] = {
    cls.LABEL: cls for cls in (Organisation, Funder, Programme, Project, City)
}


@dataclass(kw_only=True)
class Relationship:
    """An edge between two node ids; at most one per (type, start, end).

    Money: ``amount`` and ``currency`` when one currency was given; ``amounts`` keeps every
    original currency's sum (``"1200.00 GBP"``), and ``amount_eur`` their total in EUR, or
    None with a ``flags`` entry when a currency has no ECB rate.
    """

    type: RelType
    start: str
    end: str
    role: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    amount_eur: Decimal | None = None
    amounts: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type.value, self.start, self.end)

    def properties(self) -> dict[str, Any]:
        props = _stored(self)
        for name in ("type", "start", "end"):
            props.pop(name)
        return props

    @classmethod
    def from_properties(
        cls, type: RelType, start: str, end: str, props: dict[str, Any]
    ) -> Relationship:
        known = _property_names(cls)
        return cls(
            type=type,
            start=start,
            end=end,
            **{k: v for k, v in props.items() if k in known},
            extra={k: v for k, v in props.items() if k not in known},
        )


Record = Entity | Relationship

# List properties that accumulate, without repeats, when two sources describe one node or edge.
MERGED_LISTS = ("sources", "quotes", "aliases", "identifiers", "themes", "amounts", "flags")


def _stored(record: Entity | Relationship) -> dict[str, Any]:
    """Properties as the store holds them: Decimal amounts as numbers of exactly two decimals
    (the drivers carry no Decimal), None and empty lists left out."""
    values = {name: getattr(record, name) for name in _field_names(type(record))}
    values.update(record.extra)
    return {
        k: float(v) if isinstance(v, Decimal) else v
        for k, v in values.items()
        if v is not None and v != []
    }


@cache
def _property_names(cls: type) -> frozenset[str]:
    """Field names a stored property map may set (a relationship's ends and type come apart)."""
    names = frozenset(_field_names(cls))
    return names - {"type", "start", "end"} if issubclass(cls, Relationship) else names


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    """Stored field names of a record class (cached: ``fields()`` is slow on bulk loads)."""
    return tuple(f.name for f in fields(cls) if f.name != "extra")


@dataclass
class Issue:
    """One validation finding: data, not an exception, so a whole file's problems can be listed."""

    code: str
    message: str
    file: str
    row: int | None = None
    column: str | None = None
    severity: str = (
        "error"  # "error" rejects the row (or the file in strict mode); "warning" keeps it
    )
    strict: bool = False  # a warning that --strict treats as an error (a cell read around)
    unit: str = "row"  # what ``row`` counts: a table's rows, or an XML or text file's lines

    def __str__(self) -> str:
        where = self.file + (f", {self.unit} {self.row}" if self.row is not None else "")
        where += f", column {self.column!r}" if self.column else ""
        return f"{where}: {self.message} [{self.code}]"


@dataclass
class LoadResult:
    """What a loader returns: records to write and the issues found while reading."""

    records: list[Record] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    source: str = ""
    # Tallies a person may want to see (e.g. {"rules": 210, "curation": 95} facts) and the
    # one-line notes that say them; both optional, for loaders that have something to tell.
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]
