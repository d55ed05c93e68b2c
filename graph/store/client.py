"""The store: the only module that imports ``neo4j``. It owns the driver, sessions and retries.

Writes always run inside managed transactions (auto-commit is not atomic on the embedded
server); a source is written in one transaction when it fits in one (store/writer.py), so a
failure leaves nothing behind, and a larger one in several, its SourceFile last.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import neo4j
from filelock import FileLock, Timeout
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import errors
from graph.config import Settings
from graph.errors import QueryError, ReadOnlyViolation, StoreUnavailable, WriteConflict
from graph.model import Entity, Label, Relationship, RelType, label_of
from graph.store import answers, cypher, deadline, planner, security, server, writer
from graph.store.dialect import Dialect, timed_out
from graph.store.readonly import check_read_only

Progress = Callable[[int, int], None]
WRITE_LOCK_TIMEOUT_S = 600.0


def _plain(value: Any) -> Any:
    """Driver values to JSON-friendly Python (nodes as property maps, temporals as ISO text)."""
    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(value.labels), **{k: _plain(v) for k, v in value.items()}}
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
        self.database = settings.database
        if settings.embedded:
            info = server.ensure_running(settings, notify)
            uri, auth = info.uri, ("root", server.password(settings.data_dir))
            reader_auth = (security.READER, server.reader_password(settings.data_dir))
        else:
            uri, auth = settings.uri, (settings.user, settings.password or "")
            reader_auth = (
                (settings.reader_user, settings.reader_password or "")
                if (settings.reader_user)
                else auth
            )
        self._driver = self._connect(uri, auth)
        # People's queries go through a user the server itself forbids to write (embedded), or
        # through READ transactions, which Neo4j enforces, as the configured reader if any.
        self._reader = self._connect(uri, reader_auth) if reader_auth != auth else self._driver
        self.agent = self._driver.get_server_info().agent  # e.g. "Neo4j/5.26.30"
        self.dialect = Dialect.from_agent(self.agent)
        self._wait_for_database()
        if settings.embedded:
            limit = max(settings.analytics_timeout_s, settings.query_timeout_s)  # see deadline.py
            server.set_query_timeout(info, auth[1], limit)
            server.set_reader_limit(settings.data_dir, settings.query_timeout_s)
        self.ensure_schema()

    @staticmethod
    def _connect(uri: str, auth: tuple[str, str]) -> neo4j.Driver:
        # Neo4j's notifications (a label not yet in the graph, ...) would be logged on stderr
        # by the driver for every such query; the embedded server sends none.
        driver = neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        try:
            driver.verify_connectivity()
        except AuthError as exc:
            driver.close()
            raise StoreUnavailable(
                f"authentication as {auth[0]!r} failed for {uri}: {exc.message}"
            ) from exc
        except (ServiceUnavailable, OSError) as exc:
            driver.close()
            raise StoreUnavailable(f"cannot reach the graph database at {uri}: {exc}") from exc
        return driver

    def close(self) -> None:
        if self._reader is not self._driver:
            self._reader.close()
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
        """Run one of the project's own read queries; rows as plain dicts. They return values,
        maps and lists, never nodes, so ``Record.data()``'s conversion (a third of the time of
        reading 50,000 organisations) is skipped."""

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [dict(r) for r in tx.run(query, params)]

        seconds = self.settings.analytics_timeout_s
        timeout = self.dialect.tx_timeout(seconds)  # None: the server's own limit, the same
        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_read(neo4j.unit_of_work(timeout=timeout)(work))
        except Neo4jError as exc:
            if timed_out(exc.code):
                raise QueryError(
                    f"a read ran over the time limit of {seconds:g} s "
                    "(GRAPH_ANALYTICS_TIMEOUT) and was stopped"
                ) from exc
            raise QueryError(f"a read failed: {answers.server_message(exc)}") from exc
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(
                "the connection to the graph server was lost during a read"
            ) from exc

    def run_user_query(
        self, query: str, params: dict[str, Any] | None = None, limit: int | None = None
    ) -> tuple[list[dict[str, Any]], bool]:
        """A person's query, strictly read-only, with a time and a row limit.

        Returns the rows (at most ``limit``) and whether more were cut off. The lexer refuses
        what is plainly a write first, with a friendly message; the server refuses the rest.
        """
        limit = self.settings.query_row_limit if limit is None else limit
        if limit < 1:
            raise QueryError(f"the row limit must be at least 1, not {limit}")
        check_read_only(query)
        return self.run_checked_read(query, params, limit)

    def run_checked_read(
        self, query: str, params: dict[str, Any] | None, limit: int
    ) -> tuple[list[dict[str, Any]], bool]:
        """Run as the reader, in an explicit READ transaction that is never committed.

        Explicit, so the driver does not retry a query that failed for its own reasons (a
        timeout, running out of memory); rolled back always, and refused if the counters show
        a write. The server sends at most ``limit + 1`` rows.
        """
        timeout = self.dialect.tx_timeout(self.settings.query_timeout_s)
        admin = lambda q, **p: self._driver.execute_query(q, p, database_=self.database)[0]  # noqa: E731
        watch = deadline.Deadline(admin, security.READER, self.settings.query_timeout_s)
        try:
            with (
                watch if timeout is None else nullcontext(),  # the server cannot: see deadline.py
                self._reader.session(
                    database=self.database,
                    default_access_mode=neo4j.READ_ACCESS,
                    fetch_size=limit + 1,
                ) as session,
                session.begin_transaction(timeout=timeout) as tx,
            ):
                result = tx.run(query, params or {})
                rows, more = [], False
                for record in result:
                    if len(rows) == limit:
                        more = True
                        break
                    rows.append({k: _plain(v) for k, v in record.items()})
                counters = result.consume().counters
                tx.rollback()
        except Neo4jError as exc:
            code = exc.code or ""
            if "AccessMode" in code or "Forbidden" in code:
                raise ReadOnlyViolation("read-only: the statement tried to write") from exc
            if timed_out(code) or watch.stopped(code):
                raise QueryError(
                    f"the query ran over the time limit of {self.settings.query_timeout_s:g} s "
                    "(GRAPH_QUERY_TIMEOUT) and was stopped"
                ) from exc
            raise QueryError(f"the query failed: {answers.server_message(exc)}") from exc
        except (ServiceUnavailable, SessionExpired) as exc:  # the query's connection was ended
            alive = self.settings.embedded and server.status(self.settings) is not None
            raise QueryError(answers.OUT_OF_MEMORY if alive else answers.SERVER_GONE) from exc
        if counters.contains_updates or counters.contains_system_updates:
            raise ReadOnlyViolation("read-only: the statement tried to write; rolled back")
        return rows, more

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {label.value: self.read(cypher.COUNT_NODES[label])[0]["n"] for label in Label}
        rels = {rel.value: self.read(cypher.COUNT_RELS[rel])[0]["n"] for rel in RelType}
        return {"nodes": nodes, "relationships": rels}

    def fingerprint(self) -> dict[str, list]:
        """Counts, labels, types, property keys, indexes, constraints and users.

        What a read-only query must leave as it found: a check for the console and its tests.
        """
        found = {
            key: [list(row.values()) for row in self.read(q)]
            for key, q in cypher.FINGERPRINT.items()
        }
        users_db = self.dialect.users_database(self.database)
        found["users"] = [
            row["user"] for row in self._driver.execute_query(cypher.USERS, database_=users_db)[0]
        ]
        return found

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
        deletes: Iterable[str | tuple[RelType, str, str]] = (),
    ) -> dict[str, int]:
        """Write records: all of them, or (on any error) none, for up to ``writer.TX_RECORDS``.

        Nodes new to the graph are created and existing ones merged (sources and other lists
        accumulate), so loading the same records twice changes nothing. Returns counts written.
        What to send is decided by :mod:`graph.store.planner`, in transactions cut by
        :mod:`graph.store.writer`; a failure after the first commit raises PartlyWritten (a
        lost connection: ConnectionLost with ``committed``), and ``source`` is written last.
        ``deletes`` (node ids, with their relationships, or relationships as (type, start,
        end)) are removed after the records are written: how a node moves to another id and
        how a reviewed fact is taken back.
        """
        plan = planner.fold(records)
        total = plan.node_count + plan.rel_count
        if progress:
            progress(0, total)  # records checked and folded; the transaction starts
        groups = writer.transactions(writer.steps(plan, set()))
        done = 0
        with self._writer():
            for number, group in enumerate(groups):
                last = number == len(groups) - 1

                def work(tx: neo4j.ManagedTransaction, group=group, last=last, written=done):
                    for step in group:
                        step.run(tx)
                        written += step.records
                        if progress:
                            progress(written, total)
                    if last:
                        writer.finish(tx, deletes, source)
                    _bump_version(tx)

                try:
                    self._write_with_retry(work)
                except errors.ConnectionLost as exc:
                    exc.committed = done
                    raise
                except (errors.GraphError, ValueError) as exc:
                    if not done:
                        raise
                    raise errors.PartlyWritten(
                        f"{exc}; {done} of {total} records were committed before it, the rest "
                        "not: load the file again to finish it (loading twice changes nothing)"
                    ) from exc
                done += sum(step.records for step in group)
        return {"nodes": plan.node_count, "relationships": plan.rel_count}

    @contextmanager
    def _writer(self) -> Iterator[None]:
        """One writer at a time across processes (CLI, app sessions, tests) on this machine.

        Writes read what exists and then create the rest, so two at once could both create the
        same relationship; the lock makes each write see the one before it.
        """
        path = self.settings.data_dir / "write.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with FileLock(path, timeout=WRITE_LOCK_TIMEOUT_S, mode=0o600):
                yield
        except Timeout as exc:
            raise StoreUnavailable(
                f"{path}: another load has been writing for {WRITE_LOCK_TIMEOUT_S:.0f} s; "
                "try again when it is done"
            ) from exc

    def _write_with_retry(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        """Run a write; a clash with a writer that holds no lock (another machine) is retried."""
        try:
            return self._write_once(work)
        except ConstraintError:
            pass  # the other writer got there first: the retry reads what it wrote
        try:
            return self._write_once(work)
        except ConstraintError as exc:
            raise WriteConflict(
                f"a record clashed with one written at the same time ({answers.first_line(exc)}); "
                "nothing was written, load it again"
            ) from exc

    def _write_once(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work)
        except ConstraintError:
            raise
        except (ServiceUnavailable, SessionExpired) as exc:  # before or after the commit?
            raise errors.ConnectionLost("the graph server stopped during the write") from exc
        except (Neo4jError, DriverError) as exc:
            raise StoreUnavailable(
                f"the graph server could not write ({answers.first_line(exc)}); nothing was written"
            ) from exc

    def node(self, node_id: str) -> dict[str, Any] | None:
        """The stored properties of one node, or None."""
        rows = self.read(cypher.NODE_PROPS[label_of(node_id)], id=node_id)
        return rows[0]["props"] if rows else None

    def links(self, node_id: str) -> list[dict[str, Any]]:
        """Every relationship of one node, both ways: type, start, end, props."""
        label = label_of(node_id)
        return self.read(cypher.NODE_OUT[label], id=node_id) + self.read(
            cypher.NODE_IN[label], id=node_id
        )

    def clear(self, batch: int = 10_000) -> None:
        """Delete every node and relationship (schema stays), ``batch`` nodes a transaction so
        a large graph fits a transaction's memory; the version is bumped with the last one."""
        with self._driver.session(database=self.database) as session:
            while True:
                deleted = session.execute_write(
                    lambda tx: tx.run(cypher.DELETE_SOME, limit=batch).single()["deleted"]
                )
                if deleted < batch:
                    break
            session.execute_write(_bump_version)


def _bump_version(tx: neo4j.ManagedTransaction) -> None:
    """A new data version in the writing transaction, so caches see every change at once."""
    tx.run(cypher.DATA_VERSION_BUMP, id=cypher.DATA_VERSION_ID, token=uuid.uuid4().hex).consume()


@contextmanager
def statements(uri: str, auth: tuple[str, str], database: str) -> Iterator[Callable[..., Any]]:
    """``run(query, **params) -> rows`` without a Store, for the server's own watch."""
    with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
        yield lambda query, **params: [
            dict(r) for r in driver.execute_query(query, params, database_=database)[0]
        ]
