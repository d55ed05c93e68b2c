"""The embedded server's life: start, reuse from another process, stop, restart, kill -9."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.config import Settings
from graph.errors import QueryError
from graph.store import Store, server
from tests.conftest import embedded_only
from tests.test_store import small_graph

pytestmark = embedded_only()

ROOT = Path(__file__).resolve().parent.parent


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GRAPH_DATA_DIR=str(data_dir))
    env.pop("NEO4J_URI", None)
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def own_server(tmp_path: Path):
    """A second embedded server of the test's own, in its own data folder."""
    settings = Settings.from_env({"GRAPH_DATA_DIR": str(tmp_path / "store")})
    yield settings
    server.stop(settings)


def test_lifecycle(own_server: Settings) -> None:
    data_dir = own_server.data_dir
    assert cli(data_dir, "server", "status").returncode == 3

    started = cli(data_dir, "server", "start", "--json")
    assert started.returncode == 0, started.stderr
    assert "Starting the embedded graph server" in started.stderr
    info = json.loads(started.stdout)
    assert info["uri"].startswith("bolt://127.0.0.1:")
    assert stat.S_IMODE((data_dir / ".password").stat().st_mode) == 0o600

    # another process finds and reuses it: same pid, no start message
    again = cli(data_dir, "server", "start", "--json")
    assert json.loads(again.stdout)["pid"] == info["pid"]
    assert "Starting" not in again.stderr

    with Store(own_server) as store:
        store.write(small_graph())

    assert cli(data_dir, "server", "stop").returncode == 0
    assert cli(data_dir, "server", "status").returncode == 3

    # a restart keeps the data
    done = cli(data_dir, "stats", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["nodes"]["Organisation"] == 2


def test_recovery_after_kill_9(own_server: Settings) -> None:
    with Store(own_server) as store:
        store.write(small_graph())
    pid = server.status(own_server).pid
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while server.status(own_server) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.status(own_server) is None

    done = cli(own_server.data_dir, "stats", "--json")
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout)
    assert counts["nodes"]["Organisation"] == 2
    assert counts["relationships"]["PARTICIPATES_IN"] == 2
    assert server.status(own_server).pid != pid


def test_two_processes_starting_at_once_share_one_server(own_server: Settings) -> None:
    env = dict(os.environ, GRAPH_DATA_DIR=str(own_server.data_dir))
    env.pop("NEO4J_URI", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "graph", "server", "start", "--json"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    pids = {json.loads(p.communicate(timeout=300)[0])["pid"] for p in procs}
    assert pids == {server.status(own_server).pid}


def test_user_queries_have_a_time_limit(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"GRAPH_DATA_DIR": str(tmp_path / "slow"), "GRAPH_QUERY_TIMEOUT": "2"}
    )
    try:
        with Store(settings) as store:
            started = time.monotonic()
            with pytest.raises(QueryError):
                store.run_user_query(
                    "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b RETURN count(*)"
                )
            assert time.monotonic() - started < 30
    finally:
        server.stop(settings)
