"""The graph model: closed sets of labels and relationship types, typed records, stable ids.

Loaders produce these records; the store writes them. Labels and relationship types only ever
come from the enums below, never from source text, so they are safe to place in Cypher.

>>> make_id(Label.CITY, "Sofia")
'city:sofia'
>>> make_id(Label.ORGANISATION, "Център за Имиграция и Интеграция")
'org:tsentar-za-imigratsiya-i-integratsiya'
>>> label_of("prog:ngo-programme-bulgaria")
<Label.PROGRAMME: 'Programme'>
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import cache
from typing import Any, ClassVar

from unidecode import unidecode


class Label(StrEnum):
    ORGANISATION = "Organisation"
    FUNDER = "Funder"
    PROGRAMME = "Programme"
    PROJECT = "Project"
    CITY = "City"


class RelType(StrEnum):
    PARTICIPATES_IN = "PARTICIPATES_IN"
    FUNDED_BY = "FUNDED_BY"
    PART_OF = "PART_OF"
    BASED_IN = "BASED_IN"
    TAKES_PLACE_IN = "TAKES_PLACE_IN"
    MEMBER_OF = "MEMBER_OF"


class Role(StrEnum):
    LEAD = "lead"
    PARTNER = "partner"
    ASSOCIATE = "associate"


class Status(StrEnum):
    COMPLETED = "completed"
    ONGOING = "ongoing"
    PROPOSED = "proposed"
    REJECTED = "rejected"


ID_PREFIX: dict[Label, str] = {
    Label.ORGANISATION: "org",
    Label.FUNDER: "funder",
    Label.PROGRAMME: "prog",
    Label.PROJECT: "proj",
    Label.CITY: "city",
}
_LABEL_BY_PREFIX = {prefix: label for label, prefix in ID_PREFIX.items()}

# Which labels each relationship type may join (start labels, end labels).
ENDPOINTS: dict[RelType, tuple[tuple[Label, ...], tuple[Label, ...]]] = {
    RelType.PARTICIPATES_IN: ((Label.ORGANISATION,), (Label.PROJECT,)),
    RelType.FUNDED_BY: ((Label.PROJECT,), (Label.PROGRAMME, Label.FUNDER)),
    RelType.PART_OF: ((Label.PROGRAMME,), (Label.PROGRAMME, Label.FUNDER)),
    RelType.BASED_IN: ((Label.ORGANISATION, Label.FUNDER), (Label.CITY,)),
    RelType.TAKES_PLACE_IN: ((Label.PROJECT,), (Label.CITY,)),
    RelType.MEMBER_OF: ((Label.ORGANISATION,), (Label.ORGANISATION,)),
}

_MAX_SLUG = 60


def normalise(text: str) -> str:
    """Fold a name to a comparison key: transliterated, lower case, punctuation and quotes gone.

    >>> normalise("„Инициатива за гражданска ИТ“")
    'initsiativa za grazhdanska it'
    >>> normalise("Nadace  Open Society Fund Praha")
    'nadace open society fund praha'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _bg_translit(text)
    text = unidecode(text).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


# The official Bulgarian transliteration (Transliteration Act 2009), applied before unidecode,
# which would otherwise use Russian rules (щ -> shch, ъ -> '', ю -> iu).
_BG = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht",
    "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}  # fmt: skip


def _bg_translit(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in _BG:
            latin = _BG[low]
            out.append(latin.capitalize() if ch != low else latin)
        else:
            out.append(ch)
    return "".join(out)


def transliterate(text: str) -> str:
    """Latin form of a Bulgarian name by the official system (other scripts pass through).

    >>> transliterate("Русе")
    'Ruse'
    """
    return _bg_translit(text)


def make_id(label: Label, *parts: str) -> str:
    """A stable id, unique across the whole graph: label prefix + slug of the normalised key.

    Long keys keep a readable head and a hash of the whole, so ids stay short and distinct.
    """
    key = "-".join(normalise(str(p)).replace(" ", "-") for p in parts if str(p).strip())
    if not key:
        raise ValueError(f"cannot make an id for {label} from {parts!r}")
    if len(key) > _MAX_SLUG:
        digest = hashlib.sha1(key.encode()).hexdigest()[:10]
        key = f"{key[: _MAX_SLUG - 11].rstrip('-')}-{digest}"
    return f"{ID_PREFIX[label]}:{key}"


def label_of(node_id: str) -> Label:
    """The label a node id belongs to, from its prefix."""
    prefix = node_id.split(":", 1)[0]
    try:
        return _LABEL_BY_PREFIX[prefix]
    except KeyError:
        raise ValueError(f"not a node id of this model: {node_id!r}") from None


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
        known = {f.name for f in fields(cls)} - {"extra"}
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
    amount: float | None = None
    currency: str | None = None
    amount_eur: float | None = None
    themes: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)


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
    """An edge between two node ids; at most one per (type, start, end)."""

    type: RelType
    start: str
    end: str
    role: str | None = None
    amount: float | None = None
    currency: str | None = None
    amount_eur: float | None = None
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
        known = {f.name for f in fields(cls)} - {"extra", "type", "start", "end"}
        return cls(
            type=type,
            start=start,
            end=end,
            **{k: v for k, v in props.items() if k in known},
            extra={k: v for k, v in props.items() if k not in known},
        )


Record = Entity | Relationship


def _stored(record: Entity | Relationship) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in _field_names(type(record))}
    values.update(record.extra)
    return {k: v for k, v in values.items() if v is not None and v != []}


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

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row is not None else "")
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
