"""One id per entity whatever the load order: a stored node is moved to a smaller id.

Resolution maps an incoming record onto the node the graph already holds, so the node would
keep the id of whichever file came first. Instead the entity keeps the smallest of the ids its
sources give it: when an incoming record with a smaller id joins a stored node, the node (its
properties and relationships) moves to that id in the same transaction as the file's records.
The review page's merges move nodes the same way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from graph.io.resolve import Resolution
from graph.model import ENTITY_CLASSES, Record, Relationship, RelType, label_of
from graph.store import Store


def canonical(
    resolution: Resolution, store: Store, retired: set[str] = frozenset()
) -> tuple[list[Record], list[str]]:
    """The file's records with stored nodes moved to their smallest id, and the old ids
    (deleted after the write). ``retired`` ids (a person merged them away) are never taken."""
    joined: dict[str, set[str]] = defaultdict(set)
    for pair in resolution.merges:
        if pair.record_id not in retired:
            joined[pair.node_id].add(pair.record_id)
    moves = {
        node: min(ids)
        for node, ids in joined.items()
        if min(ids) < node and store.node(node) is not None
    }
    if not moves:
        return resolution.records, []
    records = [renamed(r, moves) for r in resolution.records]
    for old, new in moves.items():
        records += moved(store, old, new, moves)
    return records, list(moves)


def renamed(record: Record, moves: dict[str, str]) -> Record:
    if isinstance(record, Relationship):
        start, end = moves.get(record.start, record.start), moves.get(record.end, record.end)
        return (
            record
            if (start, end) == (record.start, record.end)
            else replace(record, start=start, end=end)
        )
    return replace(record, id=moves[record.id]) if record.id in moves else record


def moved(store: Store, old: str, new: str, moves: dict[str, str] | None = None) -> list[Record]:
    """The stored node ``old`` as records under ``new``: the node and every relationship
    (whose other end may move too); a relationship between the two is dropped."""
    moves = {**(moves or {}), old: new}
    props = store.node(old)
    if props is None:
        return []
    node = ENTITY_CLASSES[label_of(old)].from_properties({**props, "id": new})
    out: list[Record] = [node]
    for link in store.links(old):
        start, end = moves.get(link["start"], link["start"]), moves.get(link["end"], link["end"])
        if start != end:
            rel = RelType(link["type"])
            out.append(Relationship.from_properties(rel, start, end, link["props"] or {}))
    return out
