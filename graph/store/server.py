"""The embedded Bolt server: find a running one, or start one, in the data folder.

Files under ``Settings.data_dir``:
- ``.password``   generated on first start, mode 0600 (ArcadeDB fixes it on first start);
- ``server.pid``  the server process, written as soon as it is spawned;
- ``server.json`` ports and pid, written by the server once the database answers;
- ``start.lock``  held while one process starts the server, so a second waits and reuses it;
- ``server.log``  the engine's output; ``server/`` the databases themselves.

A pid that no longer runs (after ``kill -9``) is stale: its files are cleared and a new server
starts; ArcadeDB replays its write-ahead log, so committed data survives.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph.config import PROJECT_ROOT, Settings
from graph.errors import StoreUnavailable

START_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    bolt_port: int
    http_port: int
    database: str

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


def password(data_dir: Path) -> str:
    """The root password, created with mode 0600 on first use."""
    path = data_dir / ".password"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(24))
    return path.read_text().strip()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie or a recycled pid is not our server
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (macOS): trust kill(0)
    return b"graph.store.server_child" in cmdline and ") Z " not in stat


def _read_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "server.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def status(settings: Settings) -> ServerInfo | None:
    """The running, ready server of this data folder, or None."""
    pid = _read_pid(settings.data_dir)
    if pid is None or not _alive(pid):
        return None
    try:
        state = json.loads((settings.data_dir / "server.json").read_text())
    except (OSError, ValueError):
        return None
    if state.get("pid") != pid:
        return None
    return ServerInfo(pid, state["bolt_port"], state["http_port"], state["database"])


@contextmanager
def _start_lock(data_dir: Path):
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "start.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _clear_stale(data_dir: Path) -> None:
    for name in ("server.pid", "server.json"):
        (data_dir / name).unlink(missing_ok=True)


def _spawn(settings: Settings) -> int:
    data_dir = settings.data_dir
    password(data_dir)  # created before the server fixes it on first start
    cfg = {
        "root": str(data_dir),
        "password_file": str(data_dir / ".password"),
        "bolt_port": _free_port(),
        "http_port": _free_port(),
        "database": settings.database,
        "heap": settings.server_heap,
        "timeout_ms": int(settings.query_timeout_s * 1000),
    }
    log = open(data_dir / "server.log", "ab")
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.store.server_child", json.dumps(cfg)],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        cwd=data_dir,
        env={**env, "PYTHONPATH": str(PROJECT_ROOT)},
        start_new_session=True,  # outlives the process that started it, shared by others
    )
    log.close()
    (data_dir / "server.pid").write_text(str(proc.pid))
    return proc.pid


def _log_tail(data_dir: Path, lines: int = 5) -> str:
    try:
        text = (data_dir / "server.log").read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(text[-lines:])


def _wait_ready(settings: Settings, pid: int) -> ServerInfo:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        info = status(settings)
        if info is not None:
            return info
        if not _alive(pid):
            tail = _log_tail(settings.data_dir)
            raise StoreUnavailable(f"the embedded server exited while starting: {tail}")
        time.sleep(0.1)
    raise StoreUnavailable(f"the embedded server did not start within {START_TIMEOUT_S:.0f} s")


def ensure_running(settings: Settings, notify: Callable[[str], None] | None = None) -> ServerInfo:
    """Reuse the server of this data folder, or start it (a few seconds) and wait until ready."""
    info = status(settings)
    if info is not None:
        return info
    with _start_lock(settings.data_dir):
        info = status(settings)
        if info is not None:
            return info
        pid = _read_pid(settings.data_dir)
        if pid is not None and _alive(pid):
            return _wait_ready(settings, pid)  # another process is starting it
        _clear_stale(settings.data_dir)
        if notify:
            notify(f"Starting the embedded graph server in {settings.data_dir} (a few seconds)…")
        return _wait_ready(settings, _spawn(settings))


def stop(settings: Settings, timeout_s: float = 30.0) -> bool:
    """Stop the server cleanly (SIGTERM lets it close the database); True if one was running."""
    pid = _read_pid(settings.data_dir)
    if pid is None or not _alive(pid):
        _clear_stale(settings.data_dir)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    _clear_stale(settings.data_dir)
    return True
