"""The embedded Bolt server: find a running one, or start one, in the data folder.

Files under ``Settings.data_dir`` (the folder is 0700, every file 0600):
- ``.password``   root's password, generated before the first start (ArcadeDB fixes it then);
  afterwards a missing, wrong or world-readable one is refused with what to do, never replaced;
- ``.reader-password`` the password of ``reader``, the read-only user of people's queries;
- ``server.pid``  the server process, written as soon as it is spawned;
- ``server.json`` ports and pid, written by the server once the database answers;
- ``server.lock`` held by the running server for its whole life: the truth about whether one runs;
- ``start.lock``  held while one process starts the server, so a second waits and reuses it;
- ``reader-limit`` the time limit of people's queries, set by the last client, enforced by the
  server itself;
- ``server.log``  the engine's output; ``server/`` the databases themselves.

The server rewrites ``server.pid`` and ``server.json`` within a second when they are removed or
garbled, so a damaged state file neither hides a running server nor starts a second one. A pid
that no longer runs (after ``kill -9``) is stale: its files are cleared and a new server starts;
ArcadeDB replays its write-ahead log, so committed data survives.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from graph.config import PROJECT_ROOT, Settings
from graph.errors import StoreUnavailable
from graph.store import security

START_TIMEOUT_S = 120.0
STATE_RECOVERY_S = 5.0  # the server rewrites a damaged state file within a second


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    bolt_port: int
    http_port: int
    database: str

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


def _private_dir(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        data_dir.chmod(0o700)


def _secret(path: Path, create: bool) -> str:
    """A password file's text, created (0600) when ``create``; refused when others can read it."""
    if create and not path.exists():
        _private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(24))
    try:
        mode = path.stat().st_mode & 0o777
        text = path.read_text().strip()
    except OSError as exc:
        raise StoreUnavailable(
            f"{path}: cannot read the password file ({exc.strerror}); restore it from a backup, "
            f"or stop the server and delete {path.parent / 'server'} to start an empty store"
        ) from exc
    if os.name == "posix" and mode & 0o077:
        raise StoreUnavailable(f"{path}: readable by others (mode {mode:o}); run chmod 600 {path}")
    if not text:
        raise StoreUnavailable(f"{path}: the password file is empty; restore it from a backup")
    return text


def password(data_dir: Path) -> str:
    """Root's password; created only before the store's first start, checked against the store."""
    config = data_dir / "server" / "config"
    first_start = not (config / "server-users.jsonl").exists()
    text = _secret(data_dir / ".password", create=first_start)
    if security.root_matches(config, text) is False:
        raise StoreUnavailable(
            f"{data_dir / '.password'}: not the password this store was created with; restore "
            f"the original file, or stop the server and delete {data_dir / 'server'} to start over"
        )
    return text


def reader_password(data_dir: Path) -> str:
    """The read-only user's password; the server sets it from this file at every start."""
    path = data_dir / ".reader-password"
    if not path.exists():  # a server started before readers existed, or a removed file
        raise StoreUnavailable(
            f"{path}: missing; restart the server (python -m graph server stop) and the next "
            "command creates it"
        )
    return _secret(path, create=False)


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


def _read_state(data_dir: Path) -> dict | None:
    try:
        state = json.loads((data_dir / "server.json").read_text())
        return state if isinstance(state, dict) and isinstance(state.get("pid"), int) else None
    except (OSError, ValueError):
        return None


def _read_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "server.pid").read_text().strip())
    except (OSError, ValueError):
        state = _read_state(data_dir)
        return state["pid"] if state else None


def _held(data_dir: Path) -> bool:
    """Whether a server holds this folder's lock (it does for as long as it runs)."""
    lock = FileLock(data_dir / "server.lock", mode=0o600)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def status(settings: Settings) -> ServerInfo | None:
    """The running, ready server of this data folder, or None: by its state, pid and port."""
    state = _read_state(settings.data_dir)
    if state is None or not _alive(state["pid"]) or not _listening(state["bolt_port"]):
        return None
    return ServerInfo(state["pid"], state["bolt_port"], state["http_port"], state["database"])


def _recovered_status(settings: Settings) -> ServerInfo | None:
    """The server, waiting a few seconds while one that holds the lock repairs its state file."""
    deadline = time.monotonic() + STATE_RECOVERY_S
    while True:
        info = status(settings)
        if info is not None or not _held(settings.data_dir) or time.monotonic() > deadline:
            return info
        time.sleep(0.2)


@contextmanager
def _start_lock(data_dir: Path):
    _private_dir(data_dir)
    with FileLock(data_dir / "start.lock", mode=0o600):
        yield


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _clear_stale(data_dir: Path) -> None:
    for name in ("server.pid", "server.json"):
        (data_dir / name).unlink(missing_ok=True)


def _spawn(settings: Settings) -> subprocess.Popen:
    data_dir = settings.data_dir
    password(data_dir)  # created before the server fixes it on first start
    _secret(data_dir / ".reader-password", create=True)
    cfg = {
        "root": str(data_dir),
        "password_file": str(data_dir / ".password"),
        "reader_password_file": str(data_dir / ".reader-password"),
        "bolt_port": _free_port(),
        "http_port": _free_port(),
        "database": settings.database,
        "heap": settings.server_heap,
        "timeout_ms": int(settings.query_timeout_s * 1000),
    }
    log_fd = os.open(data_dir / "server.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    env = dict(os.environ, OMP_NUM_THREADS="1")
    with os.fdopen(log_fd, "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "graph.store.server_child", json.dumps(cfg)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            cwd=data_dir,
            env={**env, "PYTHONPATH": str(PROJECT_ROOT)},
            start_new_session=True,  # outlives the process that started it, shared by others
        )
    security.write_private(data_dir / "server.pid", str(proc.pid))
    return proc


def _log_tail(data_dir: Path, lines: int = 5) -> str:
    try:
        text = (data_dir / "server.log").read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(text[-lines:])


def _wait_ready(settings: Settings, exited: Callable[[], bool]) -> ServerInfo:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        info = status(settings)
        if info is not None:
            return info
        if exited():
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
        info = _recovered_status(settings)
        if info is not None:
            return info
        pid = _read_pid(settings.data_dir)
        if pid is not None and _alive(pid):
            return _wait_ready(settings, lambda: not _alive(pid))  # another process starts it
        if _held(settings.data_dir):
            raise StoreUnavailable(
                f"{settings.data_dir / 'server.lock'}: a server holds this data folder but does "
                "not answer; stop it (python -m graph server stop) and try again"
            )
        _clear_stale(settings.data_dir)
        password(settings.data_dir)  # a missing or wrong one is reported before anything starts
        if notify:
            notify(f"Starting the embedded graph server in {settings.data_dir} (a few seconds)…")
        proc = _spawn(settings)
        return _wait_ready(settings, lambda: proc.poll() is not None)


def _running_pid(settings: Settings) -> int | None:
    """The server's pid from its files, waiting while a lock holder repairs them."""
    deadline = time.monotonic() + STATE_RECOVERY_S
    while True:
        pid = _read_pid(settings.data_dir)
        if pid is not None and _alive(pid):
            return pid
        if not _held(settings.data_dir) or time.monotonic() > deadline:
            return None
        time.sleep(0.2)


def set_query_timeout(info: ServerInfo, root_password: str, seconds: float) -> None:
    """Bound every command on the database to ``seconds``, at run time (no restart needed).

    ArcadeDB ignores timeouts sent by the driver; this database setting is what it enforces.
    """
    command = f"set database setting {info.database} arcadedb.command.timeout {int(seconds * 1000)}"
    token = base64.b64encode(f"root:{root_password}".encode()).decode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{info.http_port}/api/v1/server",
        data=json.dumps({"command": command}).encode(),
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    except OSError as exc:
        raise StoreUnavailable(f"cannot set the query time limit on the server: {exc}") from exc


def set_reader_limit(data_dir: Path, seconds: float) -> None:
    """The time limit of people's queries, for the server's own watch (``reader-limit``)."""
    security.write_private(data_dir / "reader-limit", repr(float(seconds)))


def reader_limit(data_dir: Path, default: float) -> float:
    """The limit last set by a client of this server; ``default`` (its start setting) if none."""
    try:
        seconds = float((data_dir / "reader-limit").read_text())
    except (OSError, ValueError):
        return default
    return seconds if 0 < seconds < float("inf") else default


def stop(settings: Settings, timeout_s: float = 30.0) -> bool:
    """Stop the server cleanly (SIGTERM lets it close the database); True if one was running."""
    pid = _running_pid(settings)
    if pid is None:
        _clear_stale(settings.data_dir)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    _clear_stale(settings.data_dir)
    return True
