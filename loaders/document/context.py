"""What the text is about at a point of a document, and how a fact is added there.

A fact carries its locator, its quote and a confidence: how far its kind of rule is trusted,
raised on a label-and-value card, lowered for a project the document never named.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from graph.model import Label
from loaders.document.cards import card
from loaders.document.titles import UNTITLED
from loaders.document.units import Candidate, Unit
from loaders.shared.facts import Fact

OWNER = "?owner"
LABELS = {
    "organisation": Label.ORGANISATION,
    "programme": Label.PROGRAMME,
    "funder": Label.FUNDER,
    "project": Label.PROJECT,
    "city": Label.CITY,
}


def surface(cand: Candidate) -> str:
    return f"?{LABELS[cand.type].value}:{cand.text}"


@dataclass
class Context:
    """What the text is about at this point of the document."""

    file: str
    project: str | None = None
    first_project: str | None = None
    section: list[Candidate] = field(default_factory=list)
    report_year: tuple[str, str, str] | None = None
    has_period: bool = False
    preamble: int = 0  # facts stated before the text names its first project
    ahead: dict[int, str] = field(default_factory=dict)  # unit -> its record's project
    index: int = 0
    pages: list[int] = field(default_factory=list)

    def where(self, line: int) -> str:
        """``<file>#L<line>``, with ``#p<page>`` before the line for a PDF."""
        if not self.pages:
            return f"{self.file}#L{line}"
        return f"{self.file}#p{bisect_right(self.pages, line)}#L{line}"

    facts: list[Fact] = field(default_factory=list)


# How far each kind of rule fact is to be trusted, before the evidence of its line is weighed.
CONFIDENCE = {
    "mention": 0.8,
    "amount": 0.85,
    "start": 0.8,
    "end": 0.8,
    "funded_by": 0.7,
    "participates": 0.7,
    "part_of": 0.7,
    "based_in": 0.7,
    "place": 0.6,
    "status": 0.6,
    "member_of": 0.6,
    "attr": 0.7,
}


def _confidence(ctx: Context, unit: Unit, f: str, s: str, kw: dict) -> float:
    """A label-and-value card states a fact outright; a document-level project is a guess."""
    value = 0.5 if kw.get("k") == "event_date" else CONFIDENCE[f]
    if card(unit):
        value += 0.1
    if s.startswith(UNTITLED) or kw.get("o", "") and str(kw["o"]).startswith(UNTITLED):
        value -= 0.2
    return round(min(value, 0.95), 2)


def add(ctx: Context, unit: Unit, at: int, f: str, s: str, **kw: str | None) -> None:
    where = ctx.where(unit.line_at(at))
    conf = _confidence(ctx, unit, f, s, kw)
    ctx.facts.append(Fact(f, s, at=where, quote=unit.sentence_at(at), confidence=conf, **kw))
