"""Facts: the small statements a document supports, before they become nodes and edges.

A fact is a triple-like record (``f`` what kind, ``s`` subject, ``o`` object, ``v`` value, ``k``
attribute name) with the line it rests on. Facts are what the rules extract, what the curation
file adds, what ``data/seed_facts.json`` ships and what the benchmark counts, so all of them
share one shape. Subjects and objects are references: a curation handle (``cii``) or a node id
(``org:...``) for entities the curation file does not know.

>>> Fact("status", "integra", v="completed", at="003.txt#L28").document
'003.txt'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# What each kind of fact says, and the labels its subject and object take.
KINDS: dict[str, str] = {
    "mention": "s is named; v is the surface form",
    "participates": "organisation s takes part in project o with role v",
    "funded_by": "project s is funded by programme or funder o",
    "part_of": "programme s belongs to programme or funder o",
    "based_in": "organisation s is based in city o",
    "member_of": "organisation s is a member of network o",
    "place": "project s takes place in city o",
    "amount": "project s has budget v ('<amount> <currency>')",
    "start": "project s starts on v (ISO date, as precise as the source)",
    "end": "project s ends on v",
    "status": "project s has status v",
    "attr": "entity s has property k = v",
}
CURATION = "curation.yaml"


@dataclass(frozen=True)
class Fact:
    """One statement; ``quote`` is the source sentence and ``confidence`` (0-1) how strongly
    the rule that read it is to be trusted; both kept in memory, never shipped."""

    f: str
    s: str
    o: str | None = None
    v: str | None = None
    k: str | None = None
    at: str | None = None
    origin: str = "rules"
    quote: str | None = field(default=None, compare=False)
    reason: str | None = field(default=None, compare=False)
    confidence: float | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.f not in KINDS:
            raise ValueError(f"unknown fact kind {self.f!r}")

    @property
    def key(self) -> tuple[str, str, str | None, str | None, str | None]:
        """What the fact says, regardless of where it was read."""
        return (self.f, self.s, self.o, self.v, self.k)

    @property
    def document(self) -> str | None:
        return self.at.split("#", 1)[0] if self.at else None

    @property
    def line(self) -> int | None:
        if not self.at or "#L" not in self.at:
            return None
        return int(self.at.rsplit("#L", 1)[1])

    def shipped(self) -> dict[str, Any]:
        """The form kept in ``data/``: no quote and no empty fields."""
        kept = {k: v for k, v in asdict(self).items() if k not in {"quote", "confidence"}}
        out = {k: v for k, v in kept.items() if v is not None}
        return out

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Fact:
        known = {"f", "s", "o", "v", "k", "at", "origin", "quote", "reason"}
        extra = set(row) - known
        if extra:
            raise ValueError(f"unknown fact field(s) {sorted(extra)} in {row!r}")
        values = {k: (str(v) if v is not None and k != "origin" else v) for k, v in row.items()}
        return cls(**values)


def unique(facts: list[Fact]) -> list[Fact]:
    """Facts with duplicates (same statement, same place) dropped, first kept."""
    seen: set[tuple] = set()
    out = []
    for fact in facts:
        marker = (fact.key, fact.at)
        if marker not in seen:
            seen.add(marker)
            out.append(fact)
    return out
