"""A person's review of what was loaded: near-duplicate organisations and facts read from documents.

Decisions are kept in a YAML file in the curation file's shape (``facts`` with ``f``/``s``/``o``/
``v``/``at`` and a ``reason``; ``reject``; plus ``merge`` and ``apart`` for pairs), applied to the
store at once and replayed on every later load, so a reviewed document stays reviewed.

>>> d = Decisions(reject=[{"f": "participates", "s": "org:a", "o": "proj:p", "at": "r.txt"}])
>>> rel = Relationship(type=RelType.PARTICIPATES_IN, start="org:a", end="proj:p",
...                    sources=["r.txt#L3"])
>>> replay([rel], d)
[]
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from graph.io import rekey
from graph.io.resolve import REVIEW, Matching, Pair, apply, different_bodies, name_key
from graph.model import ENTITY_CLASSES, Label, Record, Relationship, RelType, label_of, names
from graph.store import Store, cypher

FACT_OF = {RelType.PARTICIPATES_IN: "participates", RelType.FUNDED_BY: "funded_by"}
REL_OF = {kind: rel for rel, kind in FACT_OF.items()}
HEADER = (
    "# Review decisions (the app's Review page, or by hand), replayed on every load.\n"
    "# merge: keep/drop node ids; apart: pairs that are different organisations;\n"
    "# reject / facts: as in data/curation.yaml, with node ids for s and o.\n"
)


@dataclass
class Decisions:
    """What a person decided; lists of plain dicts, as they are written in the file."""

    merge: list[dict[str, str]] = field(default_factory=list)
    apart: list[dict[str, str]] = field(default_factory=list)
    reject: list[dict[str, str]] = field(default_factory=list)
    facts: list[dict[str, str]] = field(default_factory=list)
    accept: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Decisions:
        if not path.is_file():
            return cls()
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            raise ValueError(f"{path.name}: not a review file (expected sections)")
        return cls(**{k: list(raw.get(k) or []) for k in cls.__dataclass_fields__})

    def save(self, path: Path) -> None:
        """Written whole through a temporary file, so a reader never sees half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {k: v for k, v in self.__dict__.items() if v}
        text = HEADER + yaml.safe_dump(body, allow_unicode=True, sort_keys=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".reviews-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)

    @property
    def retired(self) -> set[str]:
        """Ids a person merged into others: they never name a node again."""
        return {row["drop"] for row in self.merge}

    def decided(self, kind: str, start: str, end: str, document: str | None) -> bool:
        rows = [*self.reject, *self.accept, *self.facts]
        return any(_same(row, kind, start, end, document) for row in rows)

    def pair_decided(self, a: str, b: str) -> bool:
        pairs = [(r["keep"], r["drop"]) for r in self.merge] + [
            (r["a"], r["b"]) for r in self.apart
        ]
        return (a, b) in pairs or (b, a) in pairs


def _same(row: dict, kind: str, start: str, end: str, document: str | None) -> bool:
    at = str(row.get("at") or "").split("#", 1)[0]
    return (row.get("f"), row.get("s"), row.get("o")) == (kind, start, end) and (
        not at or document is None or at == document
    )


# Data files locate their records by line too (IATI XML): what they state is no reading of a
# document, and is not a person's to check as one.
DATA_SUFFIXES = (".xml", ".json", ".csv", ".tsv", ".xlsx", ".xls", ".ods")


def _document(sources: list[str]) -> str | None:
    """The document a fact was read from (a line locator in a file that is no data file).

    >>> _document(["ukraine.xml#L40", "d.pdf#p2#L4"]), _document(["a.csv#row-2"])
    ('d.pdf', None)
    """
    files = [s.split("#", 1)[0] for s in sources if "#L" in s]
    files = [f for f in files if not f.lower().endswith(DATA_SUFFIXES)]
    return files[0] if files else None


# --- what is waiting for a person ------------------------------------------------------------


def form_key(name: str) -> str:
    """A name's words with its legal form said in one language, in any order: "HALO
    Foundation" and "Фондация ХАЛО" meet.

    >>> form_key("HALO Foundation") == form_key("Фондация ХАЛО")
    True
    """
    words = names.clean(name).lower().split()
    return " ".join(sorted(names.key(names.LEGAL_FORMS.get(w, w)) for w in words))


def duplicates(store: Store, decisions: Decisions) -> list[dict[str, Any]]:
    """Pairs of stored organisations whose names are close (same country), not yet decided:
    a fuzzy match of their keys, or the same words once the legal form is translated. Never
    two with different identifiers of one scheme (two CORDIS ids): those are two bodies."""
    rows = store.resolution_candidates([Label.ORGANISATION])
    idents = {row["id"]: tuple(row.get("identifiers") or ()) for row in rows}

    def open_pair(a: str, b: str) -> bool:
        return not decisions.pair_decided(a, b) and not different_bodies(idents[a], idents[b])

    blocks: dict[tuple, dict[str, str]] = defaultdict(dict)
    by_form: dict[tuple, list[str]] = defaultdict(list)
    for row in rows:
        key = name_key(row["name"] or "")
        if key:
            blocks[(row.get("country"), key[:2])].setdefault(key, row["id"])
        by_form[(row.get("country"), form_key(row["name"] or ""))].append(row["id"])
    names_of = {row["id"]: row["name"] for row in rows}
    found: dict[tuple[str, str], float] = {}
    for (_, form), ids in by_form.items():
        for a, b in combinations(sorted(set(ids)), 2):
            if form and open_pair(a, b):
                found[(a, b)] = 100.0
    for block in blocks.values():
        keys = list(block)
        for key, node in block.items():
            hits = process.extract(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=REVIEW)
            for other, score, _ in hits:
                pair = tuple(sorted((node, block[other])))
                if pair[0] != pair[1] and open_pair(*pair):
                    found[pair] = max(found.get(pair, 0.0), float(score))
    return [
        {"a": a, "a_name": names_of[a], "b": b, "b_name": names_of[b], "score": round(score, 1)}
        for (a, b), score in sorted(found.items(), key=lambda item: -item[1])
    ]


def document_facts(store: Store, decisions: Decisions) -> list[dict[str, Any]]:
    """Participations and funding links read from documents (line locators), not decided."""
    out = []
    for rel, query in cypher.REVIEWABLE_RELS.items():
        for row in store.read(query):
            document = _document(row["sources"] or [])
            kind = FACT_OF[rel]
            if document is None or decisions.decided(kind, row["start"], row["end"], document):
                continue
            out.append({"f": kind, "document": document, **row})
    return sorted(out, key=lambda r: (r["document"], r["f"], r["start_name"] or ""))


def pending(store: Store, path: Path) -> dict[str, list[dict[str, Any]]]:
    decisions = Decisions.read(path)
    return {
        "duplicates": duplicates(store, decisions),
        "facts": document_facts(store, decisions),
    }


# --- decisions: recorded in the file, applied to the store -----------------------------------


def merge(store: Store, path: Path, keep: str, drop: str, reason: str = "reviewed") -> None:
    """Fold ``drop`` into ``keep``: its names become aliases, its relationships move over."""
    if label_of(keep) != label_of(drop) or keep == drop:
        raise ValueError(f"cannot merge {drop} into {keep}")
    decisions = Decisions.read(path)
    kept, dropped = store.node(keep), store.node(drop)
    if kept is None or dropped is None:
        raise ValueError(f"{drop if dropped is None else keep}: no such node")
    decisions.merge.append({"keep": keep, "drop": drop, "reason": reason})
    # keep's own record, with drop's names as aliases; drop's relationships moved over
    records = _merged(kept, dropped) + rekey.moved(store, drop, keep)[1:]
    store.write(records, deletes=[drop])
    decisions.save(path)


def keep_apart(path: Path, a: str, b: str, reason: str = "reviewed") -> None:
    decisions = Decisions.read(path)
    decisions.apart.append({"a": a, "b": b, "reason": reason})
    decisions.save(path)


def reject(store: Store, path: Path, fact: dict[str, str], reason: str = "reviewed") -> None:
    """A wrong fact: removed from the store now, and left out of every later load."""
    decisions = Decisions.read(path)
    decisions.reject.append(_row(fact, reason))
    store.write([], deletes=[(REL_OF[fact["f"]], fact["s"], fact["o"])])
    decisions.save(path)


def accept(path: Path, fact: dict[str, str]) -> None:
    decisions = Decisions.read(path)
    decisions.accept.append(_row(fact, "reviewed"))
    decisions.save(path)


def edit_role(store: Store, path: Path, fact: dict[str, str], role: str) -> None:
    """A participation with the right role: stored now, and replayed on every later load."""
    decisions = Decisions.read(path)
    decisions.facts.append({**_row(fact, "role set in review"), "v": role})
    rel = Relationship(type=RelType.PARTICIPATES_IN, start=fact["s"], end=fact["o"], role=role)
    store.write([rel])
    decisions.save(path)


def _row(fact: dict[str, str], reason: str) -> dict[str, str]:
    return {"f": fact["f"], "s": fact["s"], "o": fact["o"], "at": fact["at"], "reason": reason}


def _merged(kept: dict[str, Any], dropped: dict[str, Any]) -> list[Record]:
    cls = ENTITY_CLASSES[label_of(kept["id"])]
    record = cls.from_properties(kept)
    called = [dropped.get("name"), *(dropped.get("aliases") or [])]
    extra = {
        "aliases": [n for n in called if n and n != record.name],
        "sources": dropped.get("sources") or [],
        "identifiers": dropped.get("identifiers") or [],
    }
    for name, values in extra.items():
        if hasattr(record, name):
            have = getattr(record, name)
            setattr(record, name, list(dict.fromkeys([*have, *values])))
    return [record]


# --- replay on load ------------------------------------------------------------------------


def replay(records: list[Record], decisions: Decisions) -> list[Record]:
    """A file's resolved records with the decisions applied: merges, rejections, edited roles."""
    if decisions.merge:
        mapping = {row["drop"]: row["keep"] for row in decisions.merge}
        pairs = [Pair(d, d, k, k, "review", 100.0) for d, k in mapping.items()]
        records = apply(records, Matching(mapping=mapping, merges=pairs))
    roles = {(r["s"], r["o"]): r["v"] for r in decisions.facts if r.get("f") == "participates"}
    out: list[Record] = []
    for rec in records:
        if isinstance(rec, Relationship) and rec.type in FACT_OF:
            kind, document = FACT_OF[rec.type], _document(rec.sources)
            if any(_same(row, kind, rec.start, rec.end, document) for row in decisions.reject):
                continue
            if kind == "participates" and (rec.start, rec.end) in roles:
                rec = replace(rec, role=roles[(rec.start, rec.end)])
        out.append(rec)
    return out
