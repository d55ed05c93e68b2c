"""Scoring the document rules against a hand-annotated set (``truth.json``, see its README).

Names are compared leniently (graph/names.py ``key``: case, quotes, dashes, diacritics and
Cyrillic against Latin fold away); a predicted entity is a truth entity when one of the names the
rules wrote for it is one of the entity's alternatives. The first predicted node of an entity is
right, a second one is a duplicate (wrong); a node that only names something ``optional`` is
neither right nor wrong, and so is an organisation node for a funder (and so is a link to such
a node). Partnerships need the
organisation, the project (``null``: any project) and the role; funding needs project and funder.
Amounts are (value, currency); a date written to the month is matched by a day in that month.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import ID_PREFIX, Label, Organisation, label_of
from graph.model.names import key
from loaders import document, registry
from loaders.shared import curation
from loaders.shared.facts import Fact

TYPES = (
    "organisations",
    "projects",
    "funders_programmes",
    "partnerships",
    "funding",
    "amounts",
    "dates",
    "places",
)
ENTITY_LABELS = {
    Label.ORGANISATION: "organisations",
    Label.PROJECT: "projects",
    Label.FUNDER: "funders_programmes",
    Label.PROGRAMME: "funders_programmes",
    Label.CITY: "places",
}
PREFIXES = set(ID_PREFIX.values())
DATE_ATTRS = {"signed", "event_date"}


@dataclass
class Score:
    """Counts for one fact type: truth items found, predictions right and wrong."""

    gold: int = 0
    found: int = 0
    right: int = 0
    wrong: int = 0
    misses: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.found += other.found
        self.right += other.right
        self.wrong += other.wrong
        self.misses += other.misses
        self.errors += other.errors

    @property
    def precision(self) -> float | None:
        total = self.right + self.wrong
        return self.right / total if total else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None


@dataclass
class Predicted:
    """What the rules said about one document, entities by reference with their written names."""

    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    kinds: dict[str, str] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)


LINKS = {"participates", "funded_by"}


def predict(
    path: Path,
    below: float | None = None,
    above: float | None = None,
    known_names: Iterable[str] = (),
) -> Predicted:
    """The rules alone (empty curation) on one document; ``below``/``above`` keep only the
    participations and funding links under (or at or over) that confidence; ``known_names`` are
    the organisations a graph would already hold."""
    facts = document.extract(path, curation.empty(), known_names).facts
    if below is not None or above is not None:
        facts = [f for f in facts if f.f not in LINKS or _within(f.confidence, below, above)]
    out = Predicted(facts=facts)
    for fact in facts:
        for ref in (fact.s, fact.o):
            if ref and ref.split(":", 1)[0] in PREFIXES:
                out.kinds[ref] = ENTITY_LABELS[label_of(ref)]
        if fact.f == "mention" and fact.v:
            out.names[fact.s].add(fact.v)
    for ref, kind in out.kinds.items():
        if kind == "places":  # a city named only inside an organisation's name has no mention
            out.names[ref].add(ref.split(":", 1)[1].replace("-", " "))
    return out


def _within(confidence: float | None, below: float | None, above: float | None) -> bool:
    value = 1.0 if confidence is None else confidence
    return (below is None or value < below) and (above is None or value >= above)


class Matcher:
    """Which truth entity (kind, index) a predicted reference names, if any."""

    def __init__(self, truth: dict, pred: Predicted) -> None:
        self.table: dict[tuple[str, str], int] = {}
        for kind in ("organisations", "projects", "funders_programmes", "places"):
            for i, alts in enumerate(truth[kind]):
                for alt in alts:
                    self.table.setdefault((kind, key(alt)), i)
        self.optional = {key(n) for n in truth["optional"]}
        self.pred = pred

    def keys(self, ref: str) -> set[str]:
        return {key(n) for n in self.pred.names.get(ref, ())} - {""}

    def entity(self, ref: str, kind: str) -> int | None:
        found = [self.table[(kind, k)] for k in self.keys(ref) if (kind, k) in self.table]
        return min(found) if found else None

    def neutral(self, ref: str, kind: str) -> bool:
        """Names only something optional, or (an organisation node) a funder."""
        ks = self.keys(ref)
        if ks & self.optional or not ks:
            return True
        funder = any(("funders_programmes", k) in self.table for k in ks)
        return kind == "organisations" and funder


def _entities(truth: dict, m: Matcher, kind: str) -> Score:
    score = Score(gold=len(truth[kind]))
    seen: set[int] = set()
    for ref, k in m.pred.kinds.items():
        if k != kind:
            continue
        hit = m.entity(ref, kind)
        if hit is None:
            if not m.neutral(ref, kind):
                score.wrong += 1
                score.errors.append(" / ".join(sorted(m.pred.names.get(ref, {ref}))))
        elif hit in seen:
            score.wrong += 1
            score.errors.append("duplicate: " + " / ".join(sorted(m.pred.names[ref])))
        else:
            seen.add(hit)
            score.right += 1
    score.found = len(seen)
    score.misses = [truth[kind][i][0] for i in range(len(truth[kind])) if i not in seen]
    return score


def _index(truth: dict, kind: str, name: str | None) -> int | None:
    if name is None:
        return None
    alts = (i for i, names in enumerate(truth[kind]) if key(name) in {key(a) for a in names})
    return next(alts, None)


def _links(truth: dict, m: Matcher, fact_kind: str) -> Score:
    """Partnerships (org, project, role) or funding (project, funder)."""
    if fact_kind == "participates":
        gold = [
            (
                _index(truth, "organisations", p["org"]),
                _index(truth, "projects", p["project"]),
                p["role"],
            )
            for p in truth["partnerships"]
        ]
    else:
        gold = [
            (
                _index(truth, "projects", f["project"]),
                _index(truth, "funders_programmes", f["funder"]),
                None,
            )
            for f in truth["funding"]
        ]
    score = Score(gold=len(gold))
    found: set[int] = set()
    seen: set[tuple] = set()
    for fact in _funding_closure(m.pred.facts) if fact_kind == "funded_by" else m.pred.facts:
        if fact.f != fact_kind or not fact.o:
            continue
        if fact_kind == "participates":
            item = (m.entity(fact.s, "organisations"), m.entity(fact.o, "projects"), fact.v)
            ends = ((fact.s, "organisations", item[0]), (fact.o, "projects", item[1]))
        else:
            item = (m.entity(fact.s, "projects"), m.entity(fact.o, "funders_programmes"), None)
            ends = ((fact.s, "projects", item[0]), (fact.o, "funders_programmes", item[1]))
        marker = item if None not in item[:2] else (fact.s, fact.o, fact.v)
        if marker in seen:
            continue
        seen.add(marker)
        hits = [i for i, g in enumerate(gold) if _link_matches(g, item, fact_kind)]
        if hits:
            found.update(hits)
            score.right += 1
        elif any(hit is None and m.neutral(ref, kind) for ref, kind, hit in ends):
            continue  # a link to something optional is neither right nor wrong
        else:
            score.wrong += 1
            score.errors.append(f"{fact.s} -> {fact.o} {fact.v or ''}".strip())
    score.found = len(found)
    score.misses = [str(g) for i, g in enumerate(gold) if i not in found]
    return score


def _funding_closure(facts: list[Fact]) -> list[Fact]:
    """Funding as the graph states it: a project funded by a programme is funded by what the
    programme is part of, however many steps up."""
    parents: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        if f.f == "part_of" and f.o:
            parents[f.s].add(f.o)
    out = list(facts)
    for f in facts:
        if f.f != "funded_by" or not f.o:
            continue
        todo, seen = [f.o], {f.o}
        while todo:
            for up in parents[todo.pop()] - seen:
                seen.add(up)
                todo.append(up)
                out.append(Fact("funded_by", f.s, o=up, at=f.at))
    return out


def _link_matches(gold: tuple, item: tuple, fact_kind: str) -> bool:
    if fact_kind == "participates":
        org, project, role = gold
        return (
            item[0] == org
            and org is not None
            and item[2] == role
            and (project is None or item[1] == project)
        )
    project, funder, _ = gold
    return item[1] == funder and funder is not None and (project is None or item[0] == project)


def _values(gold: list[str], predicted: set[str], month_ok: bool) -> Score:
    score = Score(gold=len(gold))
    found: set[int] = set()
    for value in sorted(predicted):
        hits = [i for i, g in enumerate(gold) if g == value or (month_ok and value.startswith(g))]
        if hits:
            found.update(hits)
            score.right += 1
        else:
            score.wrong += 1
            score.errors.append(value)
    score.found = len(found)
    score.misses = [g for i, g in enumerate(gold) if i not in found]
    return score


def score_document(truth: dict, pred: Predicted) -> dict[str, Score]:
    """Per fact type, how the prediction for one document compares with its truth."""
    m = Matcher(truth, pred)
    out = {kind: _entities(truth, m, kind) for kind in ENTITY_LABELS.values()}
    out["partnerships"] = _links(truth, m, "participates")
    out["funding"] = _links(truth, m, "funded_by")
    amounts = {f.v for f in pred.facts if f.f == "amount" and f.v}
    gold_amounts = [f"{float(v):.2f} {c}" for v, c in truth["amounts"]]
    out["amounts"] = _values(gold_amounts, amounts, month_ok=False)
    dates = {f.v for f in pred.facts if f.v and (f.f in {"start", "end"} or f.k in DATE_ATTRS)}
    out["dates"] = _values(sorted(set(truth["dates"])), dates, month_ok=True)
    return out


def in_half(name: str, half: str | None) -> bool:
    """Whether a file belongs to the half by its number's parity (``odd``, ``even``; None: all).

    One half is read for misses, the other only scored, so a new rule is seen to generalise."""
    if half is None:
        return True
    return int(name.split("_", 1)[0]) % 2 == (1 if half == "odd" else 0)


def measure(
    folder: Path,
    half: str | None = None,
    below: float | None = None,
    above: float | None = None,
    known_names: Iterable[str] = (),
) -> tuple[dict[str, Score], dict[str, dict[str, Score]]]:
    """Totals per type and the per-document scores (for reading through misses); ``below`` and
    ``above`` score only the links under (or at or over) a confidence; ``known_names`` as in
    :func:`predict`."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    truth = {name: t for name, t in truth.items() if in_half(name, half)}
    totals = {kind: Score() for kind in TYPES}
    per_doc: dict[str, dict[str, Score]] = {}
    for name, doc_truth in sorted(truth.items()):
        per_doc[name] = score_document(doc_truth, predict(folder / name, below, above, known_names))
        for kind, score in per_doc[name].items():
            totals[kind].add(score)
    return totals, per_doc


def organisation_names(path: Path) -> list[str]:
    """The organisation names (and aliases) the loaders read from ``path``, a data file or a
    folder of them (such as ``../shared/datasets``): what a graph that holds them knows."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    out: list[str] = []
    for file in files:
        try:
            fmt = registry.detect(file)
        except ValueError:
            continue
        if fmt == "document":
            continue
        for record in registry.load(file, fmt).records:
            if isinstance(record, Organisation):
                out += [record.name, *record.aliases]
    return out


def table(totals: dict[str, Score]) -> list[dict]:
    """Rows for printing: one per type, then the overall line over all types."""
    overall = Score()
    rows = []
    for kind in TYPES:
        s = totals[kind]
        overall.add(s)
        rows.append(_row(kind, s))
    rows.append(_row("overall", overall))
    return rows


def _row(kind: str, s: Score) -> dict:
    p, r = s.precision, s.recall
    return {
        "type": kind,
        "gold": s.gold,
        "found": s.found,
        "right": s.right,
        "wrong": s.wrong,
        "precision": None if p is None else round(p, 3),
        "recall": None if r is None else round(r, 3),
    }
