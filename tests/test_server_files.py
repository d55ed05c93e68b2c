"""The embedded server's files damaged while it runs or between runs (issue 13 item 6)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from graph.config import Settings
from graph.errors import StoreUnavailable
from graph.store import Store, server
from tests.conftest import embedded_only
from tests.test_server import cli
from tests.test_store import small_graph

pytestmark = embedded_only()


@pytest.fixture
def running(tmp_path: Path):
    settings = Settings.from_env(
        {"GRAPH_DATA_DIR": str(tmp_path / "store"), "GRAPH_SERVER_HEAP": "256m"}
    )
    with Store(settings) as store:
        store.write(small_graph())
    yield settings
    server.stop(settings)


@pytest.mark.parametrize("name", ["server.pid", "server.json"])
@pytest.mark.parametrize("damage", ["remove", "garble"])
def test_a_damaged_state_file_neither_hides_nor_doubles_the_server(
    running: Settings, name: str, damage: str
) -> None:
    pid = server.status(running).pid
    path = running.data_dir / name
    if damage == "remove":
        path.unlink()
    else:
        path.write_text("{not json")
    started = time.monotonic()
    done = cli(running.data_dir, "stats", "--json")
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 30
    assert "Starting" not in done.stderr  # no second server
    assert server.status(running).pid == pid
    assert server.stop(running) is True
    assert server.status(running) is None
    assert not server._held(running.data_dir)  # the one server is gone, none orphaned


def test_a_missing_password_file_is_one_line_and_never_replaced(running: Settings) -> None:
    server.stop(running)
    (running.data_dir / ".password").unlink()
    done = cli(running.data_dir, "stats")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert ".password: cannot read the password file" in done.stderr
    assert "restore it" in done.stderr
    assert not (running.data_dir / ".password").exists()


def test_a_wrong_password_file_is_one_line(running: Settings) -> None:
    server.stop(running)
    (running.data_dir / ".password").write_text("not-the-password-at-all")
    with pytest.raises(StoreUnavailable, match="not the password this store was created with"):
        Store(running)


def test_a_world_readable_password_file_is_refused(running: Settings) -> None:
    path = running.data_dir / ".password"
    path.chmod(0o644)
    with pytest.raises(StoreUnavailable, match=r"readable by others \(mode 644\); run chmod 600"):
        Store(running)


def test_the_data_folder_is_private_and_the_server_in_its_chosen_mode(running: Settings) -> None:
    data_dir = running.data_dir
    assert data_dir.stat().st_mode & 0o777 == 0o700
    shared = [
        str(p.relative_to(data_dir))
        for p in data_dir.rglob("*")
        if p.is_file() and p.stat().st_mode & 0o077
    ]
    assert shared == []
    dirs = [p for p in data_dir.rglob("*") if p.is_dir() and p.stat().st_mode & 0o077]
    assert dirs == []
    # development mode: errors carry the engine's message, which graph/store/answers.py trims
    assert "in development mode" in (data_dir / "server.log").read_text(errors="replace")


def test_the_server_holds_its_lock_for_its_life(running: Settings) -> None:
    assert server._held(running.data_dir)
    pid = server.status(running).pid
    server.stop(running)
    assert not server._held(running.data_dir)
    assert not server._alive(pid)
