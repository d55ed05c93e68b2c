"""Helpers shared by the loader tests: graph figures read back from the store, and what the
document rules read from a file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph.model import RelType
from graph.store import Store
from loaders import document
from loaders.shared import curation


def rels(store: Store, rel: RelType) -> list[dict[str, Any]]:
    return [row for kind, row in store.all_relationships() if kind == rel]


def eur_by_start(store: Store, rel: RelType) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for row in rels(store, rel):
        out[row["start"]] += row["props"].get("amount_eur") or 0.0
    return {k: round(v, 2) for k, v in out.items()}


def amount_by_currency(store: Store, rel: RelType) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for row in rels(store, rel):
        if row["props"].get("amount") is not None:
            out[row["props"]["currency"]] += row["props"]["amount"]
    return {k: round(v, 2) for k, v in out.items()}


def organisations_read(path: Path, known_names: Iterable[str] = ()) -> dict[str, set[str]]:
    """Organisation name -> roles, as the document rules alone (no curation) read them, with
    ``known_names`` as the organisations a graph already holds."""
    facts = document.extract(path, curation.empty(), known_names).facts
    names = {f.s: f.v for f in facts if f.f == "mention" and f.s.startswith("org:")}
    out: dict[str, set[str]] = {name: set() for name in names.values()}
    for f in facts:
        if f.f == "participates" and f.s in names:
            out[names[f.s]].add(f.v)
    return out
