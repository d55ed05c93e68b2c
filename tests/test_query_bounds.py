"""People's queries are bounded by the server: time limit set at run time (and kept by the server
when the client is killed), memory, row limit; settings out of range are refused.

Each test has an embedded server of its own (a small heap), since some of them kill it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.config import Settings
from graph.errors import QueryError
from graph.store import Store, cypher, security, server
from tests.conftest import embedded_only
from tests.test_server import ROOT, cli

pytestmark = embedded_only()

SLOW = "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b RETURN count(*)"
HUGE = "WITH reduce(s = 'xxxxxxxx', i IN range(1, 28) | s + s) AS s RETURN size(s)"


@pytest.fixture
def own(tmp_path: Path) -> Iterator[Settings]:
    settings = Settings.from_env(
        {"GRAPH_DATA_DIR": str(tmp_path / "store"), "GRAPH_SERVER_HEAP": "256m"}
    )
    yield settings
    server.stop(settings)


def _with_timeout(settings: Settings, seconds: float, analytics: float = 600.0) -> Settings:
    return Settings(
        **{**settings.__dict__, "query_timeout_s": seconds, "analytics_timeout_s": analytics}
    )


MEDIUM = "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b RETURN count(*) AS n"  # ~4 s


def test_the_stores_own_reads_have_a_time_limit_of_their_own(own: Settings) -> None:
    with Store(_with_timeout(own, 1, analytics=60)) as store:
        started = time.monotonic()
        with pytest.raises(QueryError, match=r"over the time limit of 1 s \(GRAPH_QUERY_TIMEOUT"):
            store.run_user_query(MEDIUM)
        assert time.monotonic() - started < 4  # ended at 1 s, not at the database's 60 s
        started = time.monotonic()
        assert store.read(MEDIUM) == [{"n": 3000 * 3000}]  # the same work, as analytics
        assert time.monotonic() - started > 1  # it ran past the people's limit
        assert store.run_user_query("RETURN 1 AS one") == ([{"one": 1}], False)
    with Store(_with_timeout(own, 1, analytics=2)) as store:
        started = time.monotonic()
        with pytest.raises(QueryError, match=r"limit of 2 s \(GRAPH_ANALYTICS_TIMEOUT\)"):
            store.read(SLOW)
        assert time.monotonic() - started < 15


def test_the_time_limit_is_set_at_run_time_and_frees_the_server(own: Settings) -> None:
    with Store(own):  # the server starts with the default 30 s
        pass
    with Store(_with_timeout(own, 2)) as store:
        started = time.monotonic()
        with pytest.raises(QueryError, match="over the time limit of 2 s"):
            store.run_user_query(SLOW)
        assert time.monotonic() - started < 15
        for _ in range(6):  # more than the server's query slots: none is left taken
            assert store.run_user_query("RETURN 1 AS one") == ([{"one": 1}], False)


# Three ways one person's query could take the whole heap: a string doubled 28 times (2 GB), a
# list doubled 40 times, and a collect() over a cartesian product of 100 million rows.
GREEDY = {
    "string": HUGE,
    "list": "WITH reduce(l = [1], i IN range(1, 40) | l + l) AS l RETURN size(l) AS n",
    "collect": "UNWIND range(1, 1000000) AS a UNWIND range(1, 100) AS b "
    "WITH collect([a, b]) AS c RETURN size(c) AS n",
}


def test_a_query_that_exhausts_the_heap_fails_alone_and_the_server_stays_up(
    own: Settings,
) -> None:
    with Store(own) as store:
        pid = server.status(own).pid
        messages = {}
        for _ in range(3):  # more than the engine's query slots (4): none is lost for good
            for name, query in GREEDY.items():
                with pytest.raises(QueryError) as failed:
                    store.run_user_query(query)
                messages[name] = str(failed.value)
                assert store.run_user_query("RETURN 41 + 1 AS n") == ([{"n": 42}], False)
        assert server.status(own).pid == pid  # the same server all along
    memory = (
        "the query needed more memory than the server can give one query, and was stopped; "
        "the server is still running"
    )
    assert messages["string"] == memory and messages["list"] == memory
    assert messages["collect"] == (
        "the query failed: Limit of allowed elements for in-heap collect() in a single query "
        "exceeded (500000)."
    )


def test_a_killed_cli_leaves_no_query_running_past_its_limit(own: Settings) -> None:
    """The CLI's own watch dies with it (SIGKILL); the server ends the query at the limit."""
    env = dict(os.environ, GRAPH_DATA_DIR=str(own.data_dir), GRAPH_QUERY_TIMEOUT="3")
    env.pop("NEO4J_URI", None)
    with Store(own) as store:  # its limit is 30 s; the CLI's (the last client's) is 3 s
        proc = subprocess.Popen(
            [sys.executable, "-m", "graph", "query", SLOW],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not _reader_queries(store) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _reader_queries(store), "the query never started"
        started = time.monotonic()
        proc.kill()
        proc.wait()
        while _reader_queries(store) and time.monotonic() - started < 30:
            time.sleep(0.2)
        ended_after = time.monotonic() - started
        assert not _reader_queries(store)
        assert ended_after < 3 + 2 + 1  # the limit, the watch's tick and some slack; not 30 s


def _reader_queries(store: Store) -> list[str]:
    rows = store.read(cypher.SHOW_TRANSACTIONS)
    return [row["currentQuery"] for row in rows if row.get("username") == security.READER]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("GRAPH_QUERY_TIMEOUT", "nan", "must be a number of seconds from 1 to 3,600"),
        ("GRAPH_QUERY_TIMEOUT", "1e9", "must be a number of seconds from 1 to 3,600"),
        ("GRAPH_QUERY_TIMEOUT", "0", "must be a number of seconds from 1 to 3,600"),
        ("GRAPH_QUERY_TIMEOUT", "-5", "must be a number of seconds from 1 to 3,600"),
        ("GRAPH_QUERY_TIMEOUT", "abc", "must be a number of seconds from 1 to 3,600"),
        ("GRAPH_QUERY_ROW_LIMIT", "abc", "must be a whole number from 1 to 1,000,000"),
        ("GRAPH_QUERY_ROW_LIMIT", "0", "must be a whole number from 1 to 1,000,000"),
        ("GRAPH_QUERY_ROW_LIMIT", "2.5", "must be a whole number from 1 to 1,000,000"),
        ("GRAPH_QUERY_ROW_LIMIT", "1e9", "must be a whole number from 1 to 1,000,000"),
        ("GRAPH_SERVER_HEAP", "lots", "must be a size such as 512m or 2g, from 256m to 64g"),
    ],
)
def test_a_setting_out_of_range_is_refused_in_one_line(
    tmp_path: Path, name: str, value: str, expected: str
) -> None:
    env = dict(os.environ, GRAPH_DATA_DIR=str(tmp_path / "store"), **{name: value})
    env.pop("NEO4J_URI", None)
    done = subprocess.run(
        [sys.executable, "-m", "graph", "query", "RETURN 1 AS one"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == f"error: {name}={value!r}: {expected}\n"
    assert done.stdout == ""
    assert not (tmp_path / "store").exists()  # refused before any server was started


@pytest.mark.parametrize("limit", ["-1", "0"])
def test_a_row_limit_below_one_is_refused(own: Settings, limit: str) -> None:
    done = cli(own.data_dir, "query", "UNWIND range(1, 10) AS i RETURN i", "--limit", limit)
    assert done.returncode != 0
    assert done.stderr.strip() == f"error: the row limit must be at least 1, not {limit}"
    assert done.stdout == ""


def test_the_server_sends_no_more_rows_than_asked(own: Settings) -> None:
    with Store(own) as store:
        rows, more = store.run_user_query("UNWIND range(1, 100000) AS i RETURN i", limit=3)
    assert rows == [{"i": 1}, {"i": 2}, {"i": 3}] and more is True
