"""The store: the only module that imports ``neo4j``. It owns the driver, sessions and retries.

Writes always run inside managed transactions (auto-commit is not atomic on the embedded
server); a whole source is written in one transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from graph.config import Settings
from graph.errors import QueryError, ReadOnlyViolation, StoreUnavailable
from graph.model import Entity, Label, Relationship, RelType
from graph.store import cypher, planner, server
from graph.store.dialect import Dialect
from graph.store.readonly import check_read_only

Progress = Callable[[int, int], None]


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


class Store:
    """A connection to the graph database: Neo4j 5 / AuraDB, or the embedded server."""

    def __init__(self, settings: Settings, notify: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        if settings.embedded:
            info = server.ensure_running(settings, notify)
            uri, auth = info.uri, ("root", server.password(settings.data_dir))
        else:
            uri, auth = settings.uri, (settings.user, settings.password or "")
        self.database = settings.database
        self._driver = neo4j.GraphDatabase.driver(uri, auth=auth)
        try:
            self._driver.verify_connectivity()
            self.dialect = Dialect.from_agent(self._driver.get_server_info().agent)
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

        @neo4j.unit_of_work(timeout=self.dialect.tx_timeout(self.settings.query_timeout_s))
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
        What to send is decided by :mod:`graph.store.planner`; this method only reads and runs.
        """
        plan = planner.fold(records)
        total = plan.node_count + plan.rel_count
        if progress:
            progress(0, total)  # records checked and folded; the transaction starts

        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            done, created = 0, set()
            for label, by_id in plan.nodes.items():
                empty = not tx.run(cypher.ANY_NODE[label]).data()
                for batch in planner.chunks(by_id):
                    found = [] if empty else tx.run(cypher.NODES_EXISTING[label], ids=list(batch))
                    stored = {row["id"]: row["p"] for row in found}
                    _run(tx, planner.node_writes(label, batch, stored))
                    created |= {node_id for node_id in batch if node_id not in stored}
                    done += len(batch)
                    if progress:
                        progress(done, total)
            for key, by_ends in plan.rels.items():
                side = planner.shared_side(by_ends)
                for batch in planner.chunks(by_ends, order=lambda ends, side=side: ends[side]):
                    lookups = planner.rel_lookups(batch, created)
                    found = tx.run(cypher.RELS_EXISTING[key], rows=lookups) if lookups else []
                    stored = {(row["start"], row["end"]): row["p"] for row in found}
                    _run(tx, planner.rel_writes(key, batch, stored, side), key[0])
                    done += len(batch)
                    if progress:
                        progress(done, total)
            if source:
                tx.run(cypher.SOURCEFILE_MERGE, _source_params(source)).consume()
            _bump_version(tx)
            return {"nodes": plan.node_count, "relationships": plan.rel_count}

        with self._driver.session(database=self.database) as session:
            return session.execute_write(work)

    def clear(self) -> None:
        """Delete every node and relationship (schema stays)."""
        with self._driver.session(database=self.database) as session:
            session.execute_write(
                lambda tx: (tx.run(cypher.DELETE_ALL).consume(), _bump_version(tx))
            )


def _bump_version(tx: neo4j.ManagedTransaction) -> None:
    """A new data version in the writing transaction, so caches see every change at once."""
    tx.run(cypher.DATA_VERSION_BUMP, id=cypher.DATA_VERSION_ID, token=uuid.uuid4().hex).consume()


def _run(tx: neo4j.ManagedTransaction, statements: list[planner.Statement], what: str = "") -> None:
    """Run planned statements; a relationship create that made fewer than planned lacks an end."""
    for statement in statements:
        summary = tx.run(statement.query, statement.params).consume()
        if statement.creates is not None:
            missing = statement.creates - summary.counters.relationships_created
            if missing:
                raise ValueError(f"{missing} {what} relationship(s) point to unknown nodes")


def _source_params(source: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": source["id"],
        "name": source.get("name", source["id"]),
        "format": source.get("format", ""),
        "records": int(source.get("records", 0)),
        "loaded_at": source.get("loaded_at")
        or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
