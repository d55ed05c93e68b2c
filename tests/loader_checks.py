"""Helpers shared by the open-data loader tests: graph figures read back from the store."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.model import RelType
from graph.store import Store


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
