"""The warm process (graph/cli/warm.py) as a user meets it: later analytics commands print
exactly what a cold run prints, follow writes, and stop with the server. It runs on its own
embedded server in its own data folder, so that stopping it does not touch the other tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.cli import warm
from graph.config import Settings
from graph.store import server
from tests.conftest import DATASETS, SEEDS, datasets_required, embedded_only, seeds_required

pytestmark = embedded_only()

ROOT = Path(__file__).resolve().parent.parent
ASKS = [
    ["partners", "CII", "--theme", "migrant integration", "--json"],
    ["flows", "--by", "city", "--json"],
    ["centrality", "--metric", "brokerage", "--top", "5", "--json"],
    ["stats"],
    [
        "query",
        "MATCH (o:Organisation) WHERE o.country = $c RETURN o.name AS name",
        "--param",
        "c=BG",
    ],
]


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def own(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An environment with its own data folder and server, warm processes allowed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "GRAPH_"))}
    env.update(GRAPH_DATA_DIR=str(tmp_path / "store"), GRAPH_WARM="1", OMP_NUM_THREADS="1")
    yield env
    server.stop(Settings.from_env(env))


def log_lines(env: dict[str, str], answers: bool = True) -> list[str]:
    """The warm log's lines: the commands it answered, or (``answers=False``) the others."""
    path = Path(env["GRAPH_DATA_DIR"]) / warm.LOG
    lines = path.read_text().splitlines() if path.exists() else []
    return [line for line in lines if (" exit " in line) == answers]


def ready(env: dict[str, str], after: int = 0) -> bool:
    """Whether a warm process (the ``after``-th to start, counting from 0) is ready."""
    return sum(" ready " in line for line in log_lines(env, answers=False)) > after


def until(condition, seconds: float = 90.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@seeds_required()
@datasets_required()
def test_a_warm_process_answers_as_a_cold_run_would_and_follows_writes(own) -> None:
    assert cli(own, "load", str(SEEDS)).returncode == 0
    cold = {tuple(a): cli({**own, "GRAPH_WARM": "0"}, *a) for a in ASKS}
    assert all(c.returncode == 0 for c in cold.values()), [c.stderr for c in cold.values()]
    assert not (Path(own["GRAPH_DATA_DIR"]) / warm.SOCKET).exists()  # GRAPH_WARM=0: none

    first = cli(own, *ASKS[0])  # runs on its own and starts the warm process
    assert first.stdout == cold[tuple(ASKS[0])].stdout
    until(lambda: ready(own))
    for ask in ASKS:
        warmed = cli(own, *ask)
        assert warmed.returncode == 0, warmed.stderr
        assert warmed.stdout == cold[tuple(ask)].stdout
        assert warmed.stderr == cold[tuple(ask)].stderr
    answered = [line.split(": ", 1)[1] for line in log_lines(own)]
    assert answered == [" ".join(a) for a in ASKS]

    # a write from another command: the warm process answers for the new data
    assert cli(own, "load", str(next((DATASETS / "cordis").glob("*.csv")))).returncode == 0
    after = cli(own, "flows", "--by", "city", "--json")
    expected = cli({**own, "GRAPH_WARM": "0"}, "flows", "--by", "city", "--json")
    assert len(log_lines(own)) == len(ASKS) + 1
    assert json.loads(after.stdout) == json.loads(expected.stdout)
    assert after.stdout != cold[tuple(ASKS[1])].stdout

    # new code in the checkout: the warm process stops, the command runs on its own
    probe = ROOT / "graph" / "_warm_test_probe.py"
    try:
        probe.write_text('"""Written and removed by tests/test_warm.py."""\n')
        changed = cli(own, "flows", "--by", "city", "--json")
    finally:
        probe.unlink()
    assert json.loads(changed.stdout) == json.loads(expected.stdout)
    assert len(log_lines(own)) == len(ASKS) + 1
    assert any(line.endswith("other settings or code") for line in log_lines(own, answers=False))
    until(lambda: ready(own, after=1))  # the one that command started (on code back as it was)

    # errors keep their exit code and their one line
    wrong = cli(own, "partners", "org:nobody-of-this-name", "--json")
    assert wrong.returncode == 1 and wrong.stderr.startswith("error: ")
    assert log_lines(own)[-1].split(" ")[2:4] == ["exit", "1:"]

    # busy (here: a connection that never asks): a command runs on its own, it does not wait
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as idle:
        idle.connect(str(Path(own["GRAPH_DATA_DIR"]) / warm.SOCKET))
        time.sleep(0.5)  # taken: the warm process now waits for its question
        busy = cli(own, "flows", "--by", "city", "--json")
    assert json.loads(busy.stdout) == json.loads(expected.stdout)
    assert len(log_lines(own)) == len(ASKS) + 2  # not answered by the warm process

    # other settings are not answered by it: the command runs on its own
    assert cli({**own, "GRAPH_QUERY_ROW_LIMIT": "7"}, *ASKS[1]).stdout == expected.stdout
    assert len(log_lines(own)) == len(ASKS) + 2
    stops = [line for line in log_lines(own, answers=False) if " stops: " in line]
    assert len(stops) == 2 and stops[-1].endswith("other settings or code")


@seeds_required()
def test_the_warm_process_stops_with_the_server(own) -> None:
    assert cli(own, "load", str(SEEDS)).returncode == 0
    assert cli(own, *ASKS[1]).returncode == 0
    until(lambda: ready(own))
    assert json.loads(cli(own, "server", "status", "--json").stdout)["warm"] is True
    assert cli(own, "server", "stop").stdout.strip() == "stopped"
    until(lambda: not (Path(own["GRAPH_DATA_DIR"]) / warm.SOCKET).exists(), seconds=15)
    assert log_lines(own, answers=False)[-1].endswith("stops: not wanted")
    assert server.status(Settings.from_env(own)) is None  # and it did not start it again
    assert cli(own, "server", "start").returncode == 0
    assert json.loads(cli(own, "server", "status", "--json").stdout)["warm"] is False
