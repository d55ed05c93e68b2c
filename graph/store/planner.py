"""The write planner: from records and what the store already holds to the statements to run.

Pure functions, testable without a database. The store folds a file's records into a
:class:`Plan`, reads what exists batch by batch, and runs the :class:`Statement` lists these
functions return, in transactions cut by :mod:`graph.store.writer`.

>>> from graph.model import Organisation
>>> plan = fold([Organisation(id="org:a", name="A", sources=["f#1"]),
...              Organisation(id="org:a", name="A", sources=["f#2"])])
>>> plan.nodes[Label.ORGANISATION]["org:a"]["sources"]
['f#1', 'f#2']
>>> [s.query == cypher.NODE_CREATE[Label.ORGANISATION] for s in
...  node_writes(Label.ORGANISATION, plan.nodes[Label.ORGANISATION], stored={})]
[True]
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graph.model import ENDPOINTS, Entity, Label, Relationship, label_of, names, natural_key
from graph.model.records import MERGED_LISTS
from graph.store import cypher

BATCH = 5000
RelKey = tuple  # (RelType, start Label, end Label)


@dataclass(frozen=True)
class Statement:
    """One statement to run; ``creates`` is how many relationships it must create, if checked."""

    query: str
    params: dict[str, Any]
    creates: int | None = None


@dataclass
class Plan:
    """A file's records folded: one entry per node id and per (start, end) of each key."""

    nodes: dict[Label, dict[str, dict]] = field(default_factory=lambda: defaultdict(dict))
    rels: dict[RelKey, dict[tuple[str, str], dict]] = field(
        default_factory=lambda: defaultdict(dict)
    )

    @property
    def node_count(self) -> int:
        return sum(len(v) for v in self.nodes.values())

    @property
    def rel_count(self) -> int:
        return sum(len(v) for v in self.rels.values())


def fold(records: Iterable[Entity | Relationship]) -> Plan:
    """Fold records by node id and relationship ends; a relationship the model forbids raises."""
    plan = Plan()
    for rec in records:
        if isinstance(rec, Relationship):
            key = (rec.type, label_of(rec.start), label_of(rec.end))
            starts, ends = ENDPOINTS[rec.type]
            if key[1] not in starts or key[2] not in ends:
                raise ValueError(f"{rec.type} cannot join {rec.start} to {rec.end}")
            props = rec.properties()
            _check_text(props, f"{rec.start} -> {rec.end}")
            _fold(plan.rels[key], (rec.start, rec.end), props)
        else:
            props = rec.properties()
            _check_text(props, rec.id)
            _fold(plan.nodes[rec.label], rec.id, props)
    return plan


# C0/C1 control characters other than tab and line ends: no export format can carry them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _check_text(props: dict[str, Any], what: str) -> None:
    r"""Refuse a record whose text holds a control character, whichever loader made it.

    >>> _check_text({"name": "A\x1bB", "sources": ["f.json#grants[3]"]}, "org:a")
    Traceback (most recent call last):
    ...
    ValueError: f.json#grants[3]: name holds control character U+001B (org:a)
    """
    for key, value in props.items():
        for item in value if isinstance(value, list) else [value]:
            found = _CONTROL.search(item) if isinstance(item, str) else None
            if found:
                where = (props.get("sources") or [what])[0]
                raise ValueError(
                    f"{where}: {key} holds control character U+{ord(found.group()):04X} ({what})"
                )


def node_writes(label: Label, batch: dict[str, dict], stored: dict[str, dict]) -> list[Statement]:
    """Create the batch's new nodes and update the changed ones; unchanged ones are not sent,
    which makes a reload cheap."""
    new = [props for node_id, props in batch.items() if node_id not in stored]
    changed = [merged for _, merged in _changed_items(stored, batch)]
    out = []
    if new:
        out.append(Statement(cypher.NODE_CREATE[label], {"rows": new}))
    if changed:
        out.append(Statement(cypher.NODE_UPDATE[label], {"rows": changed}))
    return out


def rel_lookups(batch: dict[tuple[str, str], dict], created: set[str]) -> list[dict[str, str]]:
    """The relationships of a batch that may exist already: a relationship touching a node
    created in this transaction cannot."""
    return [{"start": s, "end": e} for s, e in batch if s not in created and e not in created]


def rel_writes(
    key: RelKey, batch: dict[tuple[str, str], dict], stored: dict[tuple, dict], side: int
) -> list[Statement]:
    """Create new relationships grouped by their ``side`` end (0 start, 1 end), so each group
    looks that node up once; update changed ones. The create must create every one of them:
    fewer means an end node is missing."""
    new = [
        {"start": s, "end": e, "props": p} for (s, e), p in batch.items() if (s, e) not in stored
    ]
    changed = [{"start": s, "end": e, "props": p} for (s, e), p in _changed_items(stored, batch)]
    out = []
    if new:
        rows = _grouped(new, side)
        out.append(Statement(cypher.REL_CREATE[(*key, side)], {"rows": rows}, creates=len(new)))
    if changed:
        out.append(Statement(cypher.REL_UPDATE[key], {"rows": changed}))
    return out


def chunks(items: dict, size: int = BATCH, order: Callable | None = None) -> Iterator[dict]:
    keys = sorted(items, key=order) if order else list(items)
    for i in range(0, len(keys), size):
        yield {k: items[k] for k in keys[i : i + size]}


def shared_side(rels: dict[tuple[str, str], dict]) -> int:
    """The end (0 start, 1 end) with fewer distinct nodes: relationships are sorted and sent
    grouped by it, so each batch looks such a node up once."""
    return int(len({e for _, e in rels}) < len({s for s, _ in rels}))


def merge_properties(stored: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """One node or edge that two sources describe keeps every value with its source.

    Lists accumulate without repeats (sorted once a second source adds to them, so the load
    order does not show). A differing name becomes an alias; the one shown is the body's own
    (``names.shown``: not shouted, in its own script, else the fuller one). A value a loader
    computed (named in ``derived``, such as a sum of contributions) gives way to one a source
    states. Two stated values that differ are a conflict: both are listed in ``conflicts``
    with their sources and the first in sorted order is kept, whichever came first; a reload
    of the same source replaces a value (a corrected file) unless that value is disputed.

    >>> merge_properties({"name": "A", "sources": ["a#1"]}, {"name": "B", "sources": ["b#2"]})
    {'name': 'A', 'sources': ['a#1', 'b#2'], 'aliases': ['B']}
    >>> merge_properties({"name": "Caritas BG"}, {"name": "Caritas Bulgaria"})["name"]
    'Caritas Bulgaria'
    >>> merge_properties({"name": "OBSHTINA BURGAS"}, {"name": "Община Бургас"})
    {'name': 'Община Бургас', 'aliases': ['OBSHTINA BURGAS']}
    >>> merge_properties({"country": "CZ", "sources": ["b#3"]},
    ...                  {"country": "BG", "sources": ["a#2"]})["conflicts"]
    ["country: 'BG' (a#2) / 'CZ' (b#3)"]
    """
    merged = {k: v for k, v in stored.items() if k != "derived"}
    reload = set(incoming.get("sources") or ()) <= set(stored.get("sources") or ())
    ours, theirs = set(stored.get("derived") or ()), set(incoming.get("derived") or ())
    derived, conflicts, aliases = set(), list(stored.get("conflicts") or ()), []
    for name, value in incoming.items():
        have = stored.get(name)
        if name in MERGED_LISTS or name in ("derived", "conflicts"):
            continue
        disputed = any(c.startswith(f"{name}: ") for c in conflicts)
        if have is None or have == value or (name in ours and name not in theirs):
            merged[name], kept_from = value, theirs
        elif name == "name" and name not in theirs:  # even on reload: an alias, not a rename
            merged[name] = names.shown(have, value)  # its own name, else the fuller one
            aliases.append(value if merged[name] == have else have)
            continue
        elif reload and not disputed:
            merged[name], kept_from = value, theirs
        elif name in theirs and name not in ours:
            kept_from = ours
        else:
            merged[name] = min(have, value, key=repr)
            kept_from = ours if merged[name] == have else theirs
            if not any(repr(have) in c and repr(value) in c for c in conflicts if disputed):
                conflicts.append(_conflict(name, stored, incoming))
        if name in kept_from:
            derived.add(name)
    derived |= {n for n in ours if n not in incoming}
    aliases = [*incoming.get("aliases", []), *aliases]
    lists = {**incoming, "conflicts": conflicts, "aliases": aliases}
    for name in (*MERGED_LISTS, "conflicts"):
        value = lists.get(name)
        if value:
            merged[name] = _union(stored.get(name) or [], value)
    if derived:
        merged["derived"] = sorted(derived)
    return merged


def _union(have: list, new: list) -> list:
    """``have`` when nothing is new, else the sorted union (natural order: row-2 < row-10)."""
    if all(v in have for v in new):
        return list(have)
    return sorted(dict.fromkeys([*have, *new]), key=natural_key)


def _conflict(name: str, stored: dict[str, Any], incoming: dict[str, Any]) -> str:
    """Both values of a conflict with the sources that gave them, in a stable order."""
    sides = sorted(
        (repr(d.get(name)), ", ".join((d.get("sources") or ["?"])[:2])) for d in (stored, incoming)
    )
    return f"{name}: " + " / ".join(f"{value} ({src})" for value, src in sides)


def _grouped(rows: list[dict], side: int) -> list[dict]:
    """Rows grouped by their ``side`` end node, in the shape REL_CREATE reads."""
    key, other = ("end", "start") if side else ("start", "end")
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append({"other": row[other], "props": row["props"]})
    return [{"key": k, "rels": v} for k, v in groups.items()]


def _fold(bucket: dict, key: Any, props: dict[str, Any]) -> None:
    """Add a record's properties to a batch, merging a repeat of the same node or edge."""
    bucket[key] = merge_properties(bucket[key], props) if key in bucket else props


def _changed_items(stored: dict, batch: dict) -> Iterator[tuple[Any, dict]]:
    """(key, merged properties) for the stored entries that the batch would change."""
    for key, have in stored.items():
        merged = merge_properties(have, batch[key])
        if merged != have:
            yield key, merged


def source_params(source: dict[str, Any]) -> dict[str, Any]:
    """The SourceFile node's parameters, stamped now when the loader did not say when."""
    return {
        "id": source["id"],
        "name": source.get("name", source["id"]),
        "format": source.get("format", ""),
        "records": int(source.get("records", 0)),
        "loaded_at": source.get("loaded_at")
        or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
