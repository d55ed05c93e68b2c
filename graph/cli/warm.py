"""A warm process for the commands that read, so that asking again takes a fraction of a second.

A cold ``partners`` at 50,000 organisations spends most of its 3 s importing scikit-learn and
reading the derived data of the store's version from disk, and 0.1–0.3 s answering; every
command spends half a second importing Typer, rich and the driver. So the first reading command
of a data folder (:data:`COMMANDS`) starts a process in the background that keeps all of it in
memory; later commands with the same settings hand it their arguments over a Unix socket in the
(private) data folder and print what it answers, exactly as if they had run it themselves
(exit code, stdout, stderr).

It answers one command at a time (a command that finds it busy runs on its own) and exits
after :data:`IDLE_S` without a question, when the embedded server stops (``server stop`` stops
both), when its data folder is gone, or when a command comes from other settings or graph/'s
code has changed (the command then runs on its own and starts a new one). ``GRAPH_WARM=0``
turns it off. When anything goes wrong on the way, the command simply runs in its own process.
What it answered, and when it started and stopped, is logged in ``warm.log``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from typing import IO, Any

from graph.config import PROJECT_ROOT, Settings

COMMANDS = frozenset({"partners", "centrality", "communities", "flows", "stats", "query"})  # reads
IDLE_S = 600.0  # exit after this long without a question
POLL_S = 1.0  # how often an idle process looks whether it is still wanted
ACK_S = 0.5  # how long a command waits for the warm process to take it
TALK_S = 10.0  # how long the warm process waits for a question, or for it to be read
SOCKET, LOCK, LOG = "warm.sock", "warm.lock", "warm.log"
LOG_LIMIT = 1 << 20  # the log starts over beyond this many bytes
_HEADER = struct.Struct("!I")  # each message: its length, then that much JSON


def wanted(settings: Settings, argv: list[str]) -> bool:
    """Whether this command may be answered by (and start) a warm process."""
    return (
        _usable(settings)
        and bool(argv)
        and argv[0] in COMMANDS
        and not {"--help", "-h"} & set(argv)
    )


def _usable(settings: Settings) -> bool:
    """Whether this folder can have a warm process at all."""
    return (
        settings.warm
        and os.name == "posix"  # a Unix socket, and a lock by fcntl
        and hasattr(socket, "AF_UNIX")
        and len(str(settings.data_dir / SOCKET)) < 100  # a Unix socket's path is short
    )


def ask(settings: Settings, argv: list[str]) -> int | None:
    """Have the warm process run ``argv`` and print its answer: the exit code, or None when
    there is no warm process that can (the caller then runs the command itself)."""
    request = {"argv": argv, "settings": _fingerprint(settings), "columns": _columns()}
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(settings.data_dir / SOCKET))
            _send(conn, request)
            conn.settimeout(ACK_S)  # busy with another command: run this one here instead
            _receive(conn)
            conn.settimeout(None)
            reply = _receive(conn)
    except (OSError, ValueError):
        return None
    if reply.get("stale"):
        return None
    sys.stdout.write(reply["stdout"])
    sys.stdout.flush()
    sys.stderr.write(reply["stderr"])
    return int(reply["code"])


def running(settings: Settings) -> bool:
    """Whether a warm process holds this data folder (``server status`` says so)."""
    if not _usable(settings) or not (settings.data_dir / LOCK).exists():
        return False
    with _lock_file(settings) as lock:
        return not _locked(lock)


def start(settings: Settings) -> None:
    """Start a warm process for this data folder in the background (it exits at once when one
    is already running)."""
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-m", "graph", "server", "warm"],
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped by the terminal's Ctrl-C of the command
        )


def serve(settings: Settings, run: Callable[[list[str]], int]) -> None:
    """Answer commands until no longer wanted; only one warm process per data folder."""
    folder = settings.data_dir
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _lock_file(settings) as lock:
        if not _locked(lock):
            return  # another one is warm already
        path = folder / SOCKET
        path.unlink(missing_ok=True)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            mask = os.umask(0o177)  # the socket is the user's alone, like the folder
            try:
                listener.bind(str(path))
            finally:
                os.umask(mask)
            listener.listen(16)
            listener.settimeout(POLL_S)
            try:
                _answer_until_idle(settings, listener, run)
            finally:
                path.unlink(missing_ok=True)


def _lock_file(settings: Settings) -> IO[str]:
    """The folder's warm lock file (made private when new)."""
    path = settings.data_dir / LOCK
    return os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), "r+")


def _locked(lock: IO[str]) -> bool:
    """Take the warm lock (held until the file is closed); False when another process has it."""
    import fcntl

    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _answer_until_idle(
    settings: Settings, listener: socket.socket, run: Callable[[list[str]], int]
) -> None:
    from graph.analytics import snapshot

    code = snapshot.code_stamp()  # what this process imported
    _warm_up(settings)
    _log(settings, f"ready (pid {os.getpid()})")
    last = time.monotonic()
    while True:
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            if not _still_wanted(settings):
                _log(settings, "stops: not wanted")
                return
            if time.monotonic() - last > IDLE_S:
                _log(settings, "stops: idle")
                return
            continue
        with conn:
            try:
                conn.settimeout(TALK_S)  # a command sends its question at once, reads at once
                _send(conn, {"taken": True})
                request = _receive(conn)
                argv = request["argv"]
                if (
                    request["settings"] != _fingerprint(settings)
                    or not argv
                    or argv[0] not in COMMANDS
                    or snapshot.code_digest() != code  # the checkout changed since
                ):
                    _send(conn, {"stale": True})
                    _log(settings, "stops: a command from other settings or code")
                    return
                started = time.perf_counter()
                reply = _run(run, argv, request.get("columns"))
                seconds = time.perf_counter() - started
                _log(settings, f"{seconds:.3f}s exit {reply['code']}: {' '.join(argv)}")
                _send(conn, reply)
            except (OSError, ValueError, KeyError, TypeError):
                pass  # the asker went away or sent nonsense: it runs the command itself
        last = time.monotonic()


def _warm_up(settings: Settings) -> None:
    """Import what the commands need, and read the current version's portfolio and partner
    index (a load prepares both), before the first question comes."""
    import graph.analytics.tables  # noqa: F401
    from graph.analytics import snapshot
    from graph.analytics.partners import trained_index  # scikit-learn: about 1 s
    from graph.store import Store

    if not _still_wanted(settings):  # the server stopped meanwhile: do not start it again
        return
    with contextlib.suppress(Exception), Store(settings) as store:  # else the question reads them
        snapshot.derived(snapshot.portfolio(store), trained_index)


def _run(run: Callable[[list[str]], int], argv: list[str], columns: int | None) -> dict[str, Any]:
    """Run one command here as the CLI would, capturing what it prints."""
    from graph.cli import common

    out, err = io.StringIO(), io.StringIO()
    common.out.width = common.err.width = columns or 80
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(argv)
    return {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


def _still_wanted(settings: Settings) -> bool:
    if not settings.data_dir.is_dir():
        return False
    if settings.embedded:
        from graph.store import server

        return server.status(settings) is not None
    return True


def _log(settings: Settings, text: str) -> None:
    line = f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {text}\n"
    with contextlib.suppress(OSError):
        path = settings.data_dir / LOG
        fresh = os.O_TRUNC if path.exists() and path.stat().st_size > LOG_LIMIT else 0
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | fresh, 0o600)
        with os.fdopen(fd, "a") as fh:
            fh.write(line)


def _fingerprint(settings: Settings) -> str:
    """The settings and the checkout a command runs with: a warm process answers only its own
    (another checkout sharing the data folder may have other code)."""
    mine = {**dataclasses.asdict(settings), "checkout": PROJECT_ROOT}
    return json.dumps(mine, default=str, sort_keys=True)


def _columns() -> int | None:
    """The asker's terminal width, so tables are laid out for it (None: not a terminal)."""
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        return None


def _send(conn: socket.socket, message: dict[str, Any]) -> None:
    data = json.dumps(message, ensure_ascii=False).encode()
    conn.sendall(_HEADER.pack(len(data)) + data)


def _receive(conn: socket.socket) -> dict[str, Any]:
    (size,) = _HEADER.unpack(_exactly(conn, _HEADER.size))
    return json.loads(_exactly(conn, size))


def _exactly(conn: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = conn.recv(min(left, 1 << 20))
        if not chunk:
            raise ValueError("the other side closed the connection")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
