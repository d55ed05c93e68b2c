"""The curation file (``data/curation.yaml``): reviewed entities, added facts and rejected ones.

Entities are keyed by a short handle (``cii``); facts refer to handles. The file is the place a
person records what the rules cannot know (an English name, a country, coordinates, who led a
project when the text only implies it), always with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.model import Label, label_of, make_id, names
from loaders.shared.facts import CURATION, Fact

CURATION_PATH = Path(__file__).resolve().parents[2] / "data" / "curation.yaml"

SECTIONS: dict[str, Label] = {
    "organisations": Label.ORGANISATION,
    "funders": Label.FUNDER,
    "programmes": Label.PROGRAMME,
    "projects": Label.PROJECT,
    "cities": Label.CITY,
}


@dataclass(frozen=True)
class Curated:
    """One reviewed entity: its label, the id made from its name, and its properties."""

    handle: str
    label: Label
    props: dict[str, Any]
    reason: str

    @property
    def name(self) -> str:
        return self.props.get("name") or self.props["title"]

    @property
    def id(self) -> str:
        return make_id(self.label, self.props.get("acronym") or self.name)

    @property
    def all_names(self) -> list[str]:
        extra = [self.props.get(k) for k in ("name_en", "title_en", "name_local", "acronym")]
        return [self.name, *[n for n in extra if n], *self.props.get("aliases", [])]


@dataclass
class Curation:
    entities: dict[str, Curated] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    rejects: set[tuple] = field(default_factory=set)
    documents: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # file name -> what people call it
    _indexes: dict[Label, dict[str, str]] = field(  # label -> names_index, made when first asked
        default_factory=dict, init=False, repr=False, compare=False
    )

    def label(self, ref: str) -> Label:
        """The label of a reference: a curated handle or a node id."""
        if ref in self.entities:
            return self.entities[ref].label
        return label_of(ref)

    def node_id(self, ref: str) -> str:
        return self.entities[ref].id if ref in self.entities else ref

    def names_index(self, label: Label) -> dict[str, str]:
        """Every name and alias of the curated entities with ``label`` -> handle."""
        return names.index(
            (n, e.handle) for e in self.entities.values() if e.label == label for n in e.all_names
        )

    def find(self, name: str, label: Label) -> str | None:
        """The handle of the curated entity ``name`` means, if the curation knows it."""
        return names.lookup(name, self._index(label))

    def _index(self, label: Label) -> dict[str, str]:
        if label not in self._indexes:
            self._indexes[label] = self.names_index(label)
        return self._indexes[label]

    def rejected(self, fact: Fact) -> bool:
        return (fact.key, fact.document) in self.rejects

    def facts_for(self, document: str | None) -> list[Fact]:
        """Curated facts resting on ``document``; with None, those resting on no document."""
        return [f for f in self.facts if f.document == document]


def _entities(raw: dict[str, Any]) -> dict[str, Curated]:
    out: dict[str, Curated] = {}
    for section, label in SECTIONS.items():
        for handle, props in (raw.get(section) or {}).items():
            props = dict(props)
            reason = props.pop("reason", "")
            if not reason:
                raise ValueError(f"{CURATION}: {section}.{handle} has no reason")
            if handle in out:
                raise ValueError(f"{CURATION}: handle {handle!r} used twice")
            out[handle] = Curated(handle, label, props, reason)
    return out


def _fact(row: dict[str, Any], documents: dict[str, str], what: str) -> Fact:
    row = dict(row)
    if not row.get("reason"):
        raise ValueError(f"{CURATION}: a {what} without a reason: {row!r}")
    at = row.get("at")
    if at:
        short, _, line = str(at).partition("#")
        row["at"] = f"{documents.get(short, short)}#{line}" if line else documents.get(short, short)
    return Fact.from_dict({**row, "origin": "curation"})


def parse(raw: dict[str, Any]) -> Curation:
    """Build a :class:`Curation` from the YAML structure, checking every entry has a reason."""
    documents = {str(k): v for k, v in (raw.get("documents") or {}).items()}
    titles = {documents.get(str(k), str(k)): str(v) for k, v in (raw.get("titles") or {}).items()}
    cur = Curation(
        entities=_entities(raw.get("entities") or {}),
        documents=documents,
        titles=titles,
    )
    cur.facts = [_fact(r, documents, "fact") for r in raw.get("facts") or []]
    cur.rejects = {
        (f.key, f.document)
        for f in (_fact(r, documents, "reject") for r in raw.get("reject") or [])
    }
    for fact in cur.facts:
        for ref in (fact.s, fact.o):
            if ref is not None and ref not in cur.entities and ":" not in ref:
                raise ValueError(f"{CURATION}: unknown handle {ref!r} in {fact.key}")
    return cur


@cache
def load(path: Path = CURATION_PATH) -> Curation:
    """The curation file, read once per process."""
    with open(path, encoding="utf-8") as fh:
        return parse(yaml.safe_load(fh) or {})


def empty() -> Curation:
    """No curation at all: what the rules alone know (used by the benchmark)."""
    return Curation()
