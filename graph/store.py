"""The store: the only module that imports ``neo4j``. It owns the driver, sessions and retries.

Writes always run inside managed transactions (auto-commit is not atomic on the embedded
server); a whole source is written in one transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from graph import cypher, embedded
from graph.config import Settings
from graph.errors import QueryError, ReadOnlyViolation, StoreUnavailable
from graph.model import ENDPOINTS, Entity, Label, Relationship, RelType, label_of

BATCH = 5000
Progress = Callable[[int, int], None]

# Clauses and calls that write, or read local files; refused before anything runs, because the
# embedded server does not roll back schema changes or new labels, and the update counters do not
# see what a procedure writes: procedures must be on the allow-list below.
_WRITE_WORDS = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP|FOREACH|LOAD\s+CSV|IN\s+TRANSACTIONS|"
    r"ALTER|RENAME|GRANT|DENY|REVOKE|TERMINATE|START\s+DATABASE|STOP\s+DATABASE)\b",
    re.IGNORECASE,
)
_NAME = r"(?:_q\d+_|[A-Za-z_]\w*)"
_CALL = re.compile(rf"\bCALL\s+({_NAME}(?:\s*\.\s*{_NAME})*)", re.IGNORECASE)
_ALLOWED_PROCEDURES = {
    "db.labels",
    "db.relationshiptypes",
    "db.propertykeys",
    "db.schema.visualization",
    "db.ping",
    "dbms.components",
}
# One left-to-right pass, so a comment marker inside a string (or a quote inside a comment)
# cannot hide what follows it.
_LEXEMES = re.compile(
    r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|//[^\n]*|/\*.*?(?:\*/|$)|`(?:[^`]|``)*`",
    re.DOTALL,
)


def _blank(query: str) -> tuple[str, list[str]]:
    """The query with strings and comments blanked and quoted names replaced by ``_qN_``."""
    names: list[str] = []

    def replace(match: re.Match) -> str:
        text = match.group(0)
        if text.startswith("`"):
            names.append(text[1:-1].replace("``", "`"))
            return f"_q{len(names) - 1}_"
        return " " if text.startswith("/") else "''"

    return _LEXEMES.sub(replace, query), names


def check_read_only(query: str) -> None:
    """Refuse a statement that could write, before it reaches the server.

    >>> check_read_only("MATCH (n) WHERE n.name = 'CREATE' RETURN n")
    >>> check_read_only("MATCH (n) DETACH DELETE n")
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyViolation: read-only: DELETE is not allowed here
    >>> check_read_only("CALL `apoc`.`merge.node`(['X'], {}) YIELD node RETURN node")
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyViolation: read-only: procedure apoc.merge.node is not allowed here
    """
    bare, names = _blank(query)
    found = _WRITE_WORDS.search(bare)
    if found:
        word = " ".join(found.group(1).upper().split())
        raise ReadOnlyViolation(f"read-only: {word} is not allowed here")
    for call in _CALL.finditer(bare):
        parts = re.split(r"\s*\.\s*", call.group(1))
        name = ".".join(names[int(p[2:-1])] if re.fullmatch(r"_q\d+_", p) else p for p in parts)
        if name.lower() not in _ALLOWED_PROCEDURES:
            raise ReadOnlyViolation(f"read-only: procedure {name} is not allowed here")


def _plain(value: Any) -> Any:
    """Driver values to JSON-friendly Python (nodes as property maps, temporals as ISO text)."""
    if isinstance(value, neo4j.graph.Node):
        return {
            "labels": sorted(value.labels),
            **{k: _plain(v) for k, v in value.items()},
        }
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_plain(n) for n in value.nodes]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _chunks(items: dict, size: int = BATCH, order: Callable | None = None) -> Iterator[dict]:
    keys = sorted(items, key=order) if order else list(items)
    for i in range(0, len(keys), size):
        yield {k: items[k] for k in keys[i : i + size]}


class Store:
    """A connection to the graph database: Neo4j 5 / AuraDB, or the embedded server."""

    def __init__(self, settings: Settings, notify: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        if settings.embedded:
            info = embedded.ensure_running(settings, notify)
            uri, auth = info.uri, ("root", embedded.password(settings.data_dir))
        else:
            uri, auth = settings.uri, (settings.user, settings.password or "")
        self.database = settings.database
        self._driver = neo4j.GraphDatabase.driver(uri, auth=auth)
        try:
            self._driver.verify_connectivity()
            self.dialect = cypher.Dialect.from_agent(self._driver.get_server_info().agent)
            self._wait_for_database()
        except AuthError as exc:
            self._driver.close()
            raise StoreUnavailable(f"authentication failed for {uri}: {exc.message}") from exc
        except (ServiceUnavailable, OSError) as exc:
            self._driver.close()
            raise StoreUnavailable(f"cannot reach the graph database at {uri}: {exc}") from exc
        self.ensure_schema()

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_for_database(self, attempts: int = 50) -> None:
        for _ in range(attempts):
            try:
                self._driver.execute_query(cypher.PING, database_=self.database)
                return
            except ClientError as exc:
                if exc.code != "Neo.ClientError.Database.DatabaseNotFound":
                    raise
            time.sleep(0.2)
        raise StoreUnavailable(f"database {self.database!r} does not exist on the server")

    def ensure_schema(self) -> None:
        """Constraints before any data: on the embedded server an index added later fixes types."""
        for statement in cypher.constraint_statements():
            self._driver.execute_query(statement, database_=self.database)

    # --- reading ---------------------------------------------------------------------------

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run one of the project's own read queries; rows as plain dicts."""

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(query, params)]

        with self._driver.session(database=self.database) as session:
            return session.execute_read(work)

    def run_user_query(
        self, query: str, params: dict[str, Any] | None = None, limit: int | None = None
    ) -> tuple[list[dict[str, Any]], bool]:
        """A person's query, strictly read-only, with a time and a row limit.

        Returns the rows (at most ``limit``) and whether more were cut off. Write clauses and
        procedures off the allow-list are refused before anything runs; a write that still got
        through would show in the update counters and be rolled back (procedures' own writes do
        not show there, hence the allow-list).
        """
        check_read_only(query)
        return self.run_checked_read(query, params, limit or self.settings.query_row_limit)

    def run_checked_read(
        self, query: str, params: dict[str, Any] | None, limit: int
    ) -> tuple[list[dict[str, Any]], bool]:
        """Second guard: run in a read transaction and roll back if the counters show a write."""

        @neo4j.unit_of_work(timeout=self.settings.query_timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[dict[str, Any]], bool]:
            result = tx.run(query, params or {})
            rows, more = [], False
            for record in result:
                if len(rows) == limit:
                    more = True
                    break
                rows.append({k: _plain(v) for k, v in record.items()})
            counters = result.consume().counters
            if counters.contains_updates or counters.contains_system_updates:
                raise ReadOnlyViolation("read-only: the statement tried to write; rolled back")
            return rows, more

        try:
            with self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                return session.execute_read(work)
        except ReadOnlyViolation:
            raise
        except Neo4jError as exc:
            if "AccessMode" in (exc.code or "") or "Forbidden" in (exc.code or ""):
                raise ReadOnlyViolation("read-only: the statement tried to write") from exc
            raise QueryError(exc.message or str(exc)) from exc

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {label.value: self.read(cypher.COUNT_NODES[label])[0]["n"] for label in Label}
        rels = {rel.value: self.read(cypher.COUNT_RELS[rel])[0]["n"] for rel in RelType}
        return {"nodes": nodes, "relationships": rels}

    def is_empty(self) -> bool:
        return not any(self.counts()["nodes"].values())

    def source_files(self) -> list[dict[str, Any]]:
        return self.read(cypher.SOURCE_FILES)

    def resolution_candidates(self, labels: Iterable[Label] = ()) -> list[dict[str, Any]]:
        """Organisations and funders (or only ``labels``) as entity resolution sees them."""
        wanted = set(labels) or set(cypher.RESOLUTION_CANDIDATES)
        return [
            {"label": label.value, **row}
            for label, query in cypher.RESOLUTION_CANDIDATES.items()
            if label in wanted
            for row in self.read(query)
        ]

    def all_nodes(self) -> Iterator[tuple[Label, dict[str, Any]]]:
        for label in Label:
            for row in self.read(cypher.ALL_NODES[label]):
                yield label, row["props"]

    def all_relationships(self) -> Iterator[tuple[RelType, dict[str, Any]]]:
        for rel in RelType:
            for row in self.read(cypher.ALL_RELS[rel]):
                yield rel, row

    # --- writing ---------------------------------------------------------------------------

    def write(
        self,
        records: Iterable[Entity | Relationship],
        source: dict[str, Any] | None = None,
        progress: Progress | None = None,
    ) -> dict[str, int]:
        """Write records in one transaction: all of them, or (on any error) none.

        Nodes new to the graph are created and existing ones merged (sources and other lists
        accumulate), so loading the same records twice changes nothing. Returns counts written.
        """
        nodes: dict[Label, dict[str, dict]] = defaultdict(dict)
        rels: dict[tuple, dict[tuple, dict]] = defaultdict(dict)
        for rec in records:
            if isinstance(rec, Relationship):
                key = (rec.type, label_of(rec.start), label_of(rec.end))
                starts, ends = ENDPOINTS[rec.type]
                if key[1] not in starts or key[2] not in ends:
                    raise ValueError(f"{rec.type} cannot join {rec.start} to {rec.end}")
                _fold(rels[key], (rec.start, rec.end), rec.properties())
            else:
                _fold(nodes[rec.label], rec.id, rec.properties())
        n_nodes = sum(len(v) for v in nodes.values())
        n_rels = sum(len(v) for v in rels.values())
        total = n_nodes + n_rels
        if progress:
            progress(0, total)  # records checked and folded; the transaction starts

        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            done, created = 0, set()
            for label, by_id in nodes.items():
                empty = not tx.run(cypher.ANY_NODE[label]).data()
                for batch in _chunks(by_id):
                    created |= self._write_nodes(tx, label, batch, empty)
                    done += len(batch)
                    if progress:
                        progress(done, total)
            for key, by_ends in rels.items():
                side = _shared_side(by_ends)
                for batch in _chunks(by_ends, order=lambda ends, side=side: ends[side]):
                    self._write_rels(tx, key, batch, created, side)
                    done += len(batch)
                    if progress:
                        progress(done, total)
            if source:
                tx.run(cypher.SOURCEFILE_MERGE, _source_params(source)).consume()
            return {"nodes": n_nodes, "relationships": n_rels}

        with self._driver.session(database=self.database) as session:
            return session.execute_write(work)

    @staticmethod
    def _write_nodes(
        tx: neo4j.ManagedTransaction, label: Label, batch: dict[str, dict], empty: bool
    ) -> set[str]:
        """Create the batch's new nodes, update the changed ones; returns the ids created.

        Into a label that held nothing when the transaction began everything is new, so the
        existence check is skipped. Existing nodes whose merged properties equal what is stored
        are not written at all, which makes a reload cheap.
        """
        found = [] if empty else tx.run(cypher.NODES_EXISTING[label], ids=list(batch)).data()
        stored = {row["id"]: row["p"] for row in found}
        new = [props for node_id, props in batch.items() if node_id not in stored]
        changed = [merged for _, merged in _changed_items(stored, batch)]
        if new:
            tx.run(cypher.NODE_CREATE[label], rows=new).consume()
        if changed:
            tx.run(cypher.NODE_UPDATE[label], rows=changed).consume()
        return {props["id"] for props in new}

    @staticmethod
    def _write_rels(
        tx: neo4j.ManagedTransaction,
        key: tuple,
        batch: dict[tuple, dict],
        created: set[str],
        side: int,
    ) -> None:
        """Create new relationships, update changed ones; a missing end node fails the write.

        A relationship touching a node created in this transaction cannot exist yet. New ones
        are sent grouped by their ``side`` end (0 start, 1 end), looked up once per group.
        """
        rest = [{"start": s, "end": e} for s, e in batch if s not in created and e not in created]
        found = tx.run(cypher.RELS_EXISTING[key], rows=rest).data() if rest else []
        stored = {(row["start"], row["end"]): row["p"] for row in found}
        new = [
            {"start": s, "end": e, "props": p}
            for (s, e), p in batch.items()
            if (s, e) not in stored
        ]
        changed = [
            {"start": s, "end": e, "props": p} for (s, e), p in _changed_items(stored, batch)
        ]
        if new:
            groups = _grouped(new, side)
            summary = tx.run(cypher.REL_CREATE[(*key, side)], rows=groups).consume()
            if summary.counters.relationships_created != len(new):
                missing = len(new) - summary.counters.relationships_created
                raise ValueError(f"{missing} {key[0]} relationship(s) point to unknown nodes")
        if changed:
            tx.run(cypher.REL_UPDATE[key], rows=changed).consume()

    def clear(self) -> None:
        """Delete every node and relationship (schema stays)."""
        with self._driver.session(database=self.database) as session:
            session.execute_write(lambda tx: tx.run(cypher.DELETE_ALL).consume())


def merge_properties(stored: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """Incoming scalars win; lists named in MERGED_LISTS accumulate without repeats.

    >>> merge_properties({"name": "A", "sources": ["a#1"]}, {"name": "B", "sources": ["b#2"]})
    {'name': 'B', 'sources': ['a#1', 'b#2']}
    """
    merged = dict(stored)
    for name, value in incoming.items():
        if name in cypher.MERGED_LISTS and name in stored:
            have = list(stored[name])
            merged[name] = have + [v for v in value if v not in have]
        else:
            merged[name] = value
    return merged


def _shared_side(rels: dict[tuple[str, str], dict]) -> int:
    """The end (0 start, 1 end) with fewer distinct nodes: relationships are sorted and sent
    grouped by it, so each batch looks such a node up once."""
    return int(len({e for _, e in rels}) < len({s for s, _ in rels}))


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


def _source_params(source: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": source["id"],
        "name": source.get("name", source["id"]),
        "format": source.get("format", ""),
        "records": int(source.get("records", 0)),
        "loaded_at": source.get("loaded_at")
        or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
