"""A load's writes as steps of one batch each, grouped into transactions of bounded size.

One transaction per file made a failure write nothing, but the server holds a transaction's
every change in memory until it commits: two loads of 40,000 rows at once ran a 1 GB server out
of memory, and still a 4 GB one (the writes take turns, so one write did it). So a file
is written in transactions of at most ``TX_RECORDS`` records, under the store's write lock; a
file that fits in one (almost every file) is still all or nothing. The file's SourceFile is
written with the last transaction: it is the mark that the whole file was committed, which is
what a load asks the store when its connection was lost, and what tells a person to load a
half-written file again (loading twice changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from graph.model import RelType, label_of
from graph.store import cypher, planner

TX_RECORDS = 10_000  # records per transaction: what a load may hold in the server's memory


@dataclass(frozen=True)
class Step:
    """One batch: how many records it writes, and how (``run(tx)``)."""

    records: int
    run: Callable[[Any], None]


def steps(plan: planner.Plan, created: set[str]) -> list[Step]:
    """Nodes first, then relationships, in the planner's batches. ``created`` collects the ids
    of nodes new to the graph, whose relationships need no lookup."""
    out = []
    for label, by_id in plan.nodes.items():
        for batch in planner.chunks(by_id):
            out.append(Step(len(batch), partial(_nodes, label, batch, created)))
    for key, by_ends in plan.rels.items():
        side = planner.shared_side(by_ends)
        for batch in planner.chunks(by_ends, order=lambda ends, side=side: ends[side]):
            out.append(Step(len(batch), partial(_rels, key, batch, side, created)))
    return out


def transactions(all_steps: list[Step], size: int = TX_RECORDS) -> list[list[Step]]:
    """The steps cut into transactions of at most ``size`` records (a larger batch alone);
    always at least one, which writes the deletes and the SourceFile."""
    groups: list[list[Step]] = [[]]
    for step in all_steps:
        if groups[-1] and sum(s.records for s in groups[-1]) + step.records > size:
            groups.append([])
        groups[-1].append(step)
    return groups


def _nodes(label: Any, batch: dict, created: set[str], tx: Any) -> None:
    empty = not tx.run(cypher.ANY_NODE[label]).data()
    found = [] if empty else tx.run(cypher.NODES_EXISTING[label], ids=list(batch))
    stored = {row["id"]: row["p"] for row in found}
    run(tx, planner.node_writes(label, batch, stored))
    created |= {node_id for node_id in batch if node_id not in stored}


def _rels(key: tuple, batch: dict, side: int, created: set[str], tx: Any) -> None:
    lookups = planner.rel_lookups(batch, created)
    found = tx.run(cypher.RELS_EXISTING[key], rows=lookups) if lookups else []
    stored = {(row["start"], row["end"]): row["p"] for row in found}
    run(tx, planner.rel_writes(key, batch, stored, side), key[0])


def finish(tx: Any, deletes: Iterable[str | tuple[RelType, str, str]], source: dict | None) -> None:
    """The last transaction's end: ids removed, then the SourceFile, the mark of a whole file."""
    for gone in deletes:  # a node id, or a relationship as (type, start, end)
        if isinstance(gone, str):
            tx.run(cypher.NODE_DELETE[label_of(gone)], id=gone).consume()
        else:
            key = (gone[0], label_of(gone[1]), label_of(gone[2]))
            tx.run(cypher.REL_DELETE[key], start=gone[1], end=gone[2]).consume()
    if source:
        tx.run(cypher.SOURCEFILE_MERGE, planner.source_params(source)).consume()


def run(tx: Any, statements: list[planner.Statement], what: str = "") -> None:
    """Run planned statements; a relationship create that made fewer than planned lacks an end."""
    for statement in statements:
        summary = tx.run(statement.query, statement.params).consume()
        if statement.creates is not None:
            missing = statement.creates - summary.counters.relationships_created
            if missing:
                raise ValueError(f"{missing} {what} relationship(s) point to unknown nodes")
