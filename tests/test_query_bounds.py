"""People's queries are bounded by the server: time limit set at run time, memory, row limit.

Each test has an embedded server of its own (a small heap), since some of them kill it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.config import Settings
from graph.errors import QueryError
from graph.store import Store, server
from tests.conftest import embedded_only
from tests.test_server import cli

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


def test_a_query_that_exhausts_the_heap_does_not_wedge_the_server(own: Settings) -> None:
    with Store(own) as store:
        pid = server.status(own).pid
        with pytest.raises(QueryError) as failed:
            store.run_user_query(HUGE)
        assert "\n" not in str(failed.value)
    done = cli(own.data_dir, "query", "RETURN 41 + 1 AS n", "--json")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().replace(" ", "").replace("\n", "") == '[{"n":42}]'
    assert server.status(own).pid != pid  # the wedged server ended; a fresh one answers


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
