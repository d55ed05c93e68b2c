"""Faults during a load end in one line naming the file, and leave nothing half-written."""

from __future__ import annotations

import os
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
