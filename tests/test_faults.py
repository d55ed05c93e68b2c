"""Faults during a load end in one line naming the file, and leave nothing half-written."""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

import pytest

from graph.config import Settings
from graph.errors import LoadError
from graph.io import ingest
from graph.store import Store, server
from tests.conftest import embedded_only

pytestmark = embedded_only()

HEADER = "organisation,country,project,role,funder,amount,currency,date\n"


@pytest.fixture
def own(tmp_path: Path):
    settings = Settings.from_env(
        {"GRAPH_DATA_DIR": str(tmp_path / "store"), "GRAPH_SERVER_HEAP": "256m"}
    )
    yield settings
    server.stop(settings)


def test_a_server_killed_mid_load_is_one_line_and_writes_nothing(own: Settings, tmp_path) -> None:
    rows = "".join(f"Org {i},BG,Project {i},lead,Fund,1000,BGN,01.02.2020\n" for i in range(2500))
    path = tmp_path / "big.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    killed = []

    def kill_during_the_write(stage: str, done: int, total: int) -> None:
        if stage == "write" and done > 0 and not killed:
            killed.append(server.status(own).pid)
            os.kill(killed[0], signal.SIGKILL)

    with Store(own) as store, pytest.raises(LoadError) as failed:
        ingest.load_file(store, path, progress=kill_during_the_write)
    assert killed
    assert str(failed.value) == (
        "big.csv: the graph server stopped during the write; nothing was written"
    )
    with Store(own) as again:  # a fresh server, recovered from its log
        assert not any(again.counts()["nodes"].values())
        assert again.source_files() == []


def test_a_server_killed_after_a_first_commit_says_how_much_and_a_reload_finishes(
    own: Settings, tmp_path
) -> None:
    """A file larger than one transaction (store/writer.py): the report names what the store
    holds, and loading the file again completes it."""
    rows = "".join(f"Org {i},BG,Project {i},lead,Fund,1000,BGN,01.02.2020\n" for i in range(7000))
    path = tmp_path / "large.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    killed = []

    def kill_in_the_second_transaction(stage: str, done: int, total: int) -> None:
        if stage == "write" and done > 10_000 and not killed:
            killed.append(server.status(own).pid)
            os.kill(killed[0], signal.SIGKILL)

    with Store(own) as store, pytest.raises(LoadError) as failed:
        ingest.load_file(store, path, progress=kill_in_the_second_transaction)
    assert killed
    message = str(failed.value)
    found = re.fullmatch(
        r"large\.csv: the graph server stopped during the write; (\d+) records were committed "
        r"before it, the rest not: load the file again to finish it \(loading twice changes "
        r"nothing\)",
        message,
    )
    assert found, message
    with Store(own) as again:
        assert sum(again.counts()["nodes"].values()) == int(found[1])  # nodes come first
        assert again.source_files() == []  # the mark of a whole file is not there
        ingest.load_file(again, path)
        nodes = again.counts()["nodes"]
        assert (nodes["Organisation"], nodes["Project"]) == (7000, 7000)
        assert [s["name"] for s in again.source_files()] == ["large.csv"]
