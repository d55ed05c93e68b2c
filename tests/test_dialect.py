"""People's queries on whichever server the session uses (embedded ArcadeDB, or Neo4j with
``NEO4J_URI``): each difference of ``graph/store/dialect.py`` must end in the same behaviour."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time

import pytest

from graph.config import Settings
from graph.errors import QueryError
from graph.store import Store
from tests.test_server import ROOT

# a trillion rows: runs until it is stopped, on either server
SLOW = "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b RETURN count(*)"


def test_the_dialect_is_the_server_the_settings_point_at(store: Store, settings: Settings) -> None:
    assert store.dialect.name == ("arcadedb" if settings.embedded else "neo4j")
    assert store.dialect.embedded is settings.embedded


def test_a_persons_query_ends_at_its_time_limit(store: Store, settings: Settings) -> None:
    # the analytics limit stays the session's, so the embedded server's own limit is unchanged
    with Store(dataclasses.replace(settings, query_timeout_s=1.0)) as limited:
        started = time.monotonic()
        with pytest.raises(QueryError, match=r"over the time limit of 1 s \(GRAPH_QUERY_TIMEOUT"):
            limited.run_user_query(SLOW)
        assert time.monotonic() - started < 120  # stopped: the whole count takes hours
        assert limited.run_user_query("RETURN 1 AS one") == ([{"one": 1}], False)


def test_the_projects_own_reads_end_at_theirs(store: Store, settings: Settings) -> None:
    try:
        with Store(dataclasses.replace(settings, analytics_timeout_s=2.0)) as limited:
            started = time.monotonic()
            with pytest.raises(QueryError, match=r"limit of 2 s \(GRAPH_ANALYTICS_TIMEOUT\)"):
                limited.read(SLOW)
            assert time.monotonic() - started < 120  # stopped: the whole count takes hours
    finally:  # the embedded server's limit is the database's: the session's store sets it back
        Store(settings).close()
    assert store.read("RETURN 1 AS one") == [{"one": 1}]


def test_no_more_rows_than_asked(store: Store) -> None:
    rows, more = store.run_user_query("UNWIND range(1, 100000) AS i RETURN i", limit=3)
    assert rows == [{"i": 1}, {"i": 2}, {"i": 3}] and more is True


def test_a_query_about_an_absent_label_prints_only_its_answer(store: Store, graph_env) -> None:
    """Neo4j warns of labels and properties it has never seen; the driver would log each."""
    done = subprocess.run(
        [sys.executable, "-m", "graph", "query", "MATCH (n:Absent) RETURN n.nope AS x", "--json"],
        cwd=ROOT,
        env=graph_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "[]", "")


def test_a_query_the_servers_own_watch_ended_counts_as_over_the_limit() -> None:
    """The embedded server runs the same watch as the store; when it ends a person's query
    first, the driver sees a terminated transaction, not a timeout: that is the limit's doing
    once the query has run the limit, and a failure before it."""
    from graph.store.deadline import Deadline

    terminated = "Neo.ClientError.Transaction.Terminated"
    assert Deadline(lambda *_: [], "reader", 0.0).stopped(terminated)
    assert not Deadline(lambda *_: [], "reader", 60.0).stopped(terminated)
    assert not Deadline(lambda *_: [], "reader", 0.0).stopped(
        "Neo.ClientError.Statement.SyntaxError"
    )
