"""The embedded server process: ArcadeDB with its Bolt plugin, run by ``graph.store.server``.

It runs detached, so other processes (the CLI, the app, tests) can share it. It holds
``server.lock`` for its whole life; its state files are written once the database answers,
rewritten whenever they go missing or are garbled, and removed on a clean stop (SIGTERM/SIGINT).
Every file it and the engine create is private to the user (umask 077). A query that runs out
of memory fails alone: the engine ends that query's connection and keeps serving the others
(the heap's query budget bounds collections; one huge string fails its own allocation). It also
ends people's queries that outlive their time limit, whoever ran them (see deadline.py).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from pathlib import Path

from filelock import FileLock

from graph.store import security


def _repair(root: Path, state: dict) -> None:
    """Rewrite the state files if someone removed or garbled them."""
    text = json.dumps(state)
    for name, wanted in (("server.json", text), ("server.pid", str(state["pid"]))):
        try:
            current = (root / name).read_text()
        except OSError:
            current = None
        if current != wanted:
            security.write_private(root / name, wanted)


def _watch_readers(cfg: dict, root_password: str, stop: threading.Event) -> None:
    """End people's queries at their time limit, whoever ran them (see deadline.py)."""
    from graph.store import client, deadline, security, server  # the driver: once the engine runs

    uri = f"bolt://127.0.0.1:{cfg['bolt_port']}"
    with client.statements(uri, ("root", root_password), cfg["database"]) as run:
        limit = lambda: server.reader_limit(Path(cfg["root"]), cfg["timeout_ms"] / 1000)  # noqa: E731
        deadline.watch(run, security.READER, limit, stop)


def main() -> None:
    cfg = json.loads(sys.argv[1])
    root = Path(cfg["root"])
    os.umask(0o077)
    os.chdir(root)  # the engine writes ./log relative to the working directory
    lock = FileLock(root / "server.lock", mode=0o600)
    lock.acquire(timeout=0)  # a second server on this folder stops here, before the engine
    root_password = Path(cfg["password_file"]).read_text().strip()
    security.install(
        root / "server" / "config",
        root_password,
        Path(cfg["reader_password_file"]).read_text().strip(),
        cfg["timeout_ms"],
    )
    from arcadedb_embedded.server import ArcadeDBServer

    server = ArcadeDBServer(
        root_path=str(root / "server"),
        root_password=root_password,
        config={
            "host": "127.0.0.1",
            "http_port": cfg["http_port"],
            "bolt_port": cfg["bolt_port"],
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "server_defaultDatabases": f"{cfg['database']}[]",
            "bolt_defaultDatabase": cfg["database"],
            # development: errors carry the engine's own message (production hides every one
            # behind "check the server log"); the store strips what is internal before showing it
            "server_mode": "development",
        },
        jvm_kwargs={
            "heap_size": cfg["heap"],
            "jvm_args": [
                "-Darcadedb.opencypher.loadCsv.allowFileUrls=false",
                # no admission gate: a query that runs out of memory never gives its slot back,
                # and four such queries would leave the server answering nothing
                "-Darcadedb.queryMaxConcurrent=0",
                f"-Darcadedb.command.timeout={cfg['timeout_ms']}",
            ],
        },
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    server.start()
    threading.Thread(target=_watch_readers, args=(cfg, root_password, stop), daemon=True).start()
    state = {k: cfg[k] for k in ("bolt_port", "http_port", "database")}
    state["pid"] = os.getpid()
    while True:
        _repair(root, state)
        if stop.wait(0.2):
            break
    try:
        (root / "server.json").unlink(missing_ok=True)
    finally:
        server.stop()  # the database is closed and its files flushed here
        lock.release()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)  # the JVM's own teardown adds seconds and has nothing left to save


if __name__ == "__main__":
    main()
