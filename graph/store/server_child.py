"""The embedded server process: ArcadeDB with its Bolt plugin, run by ``graph.store.server``.

It runs detached, so other processes (the CLI, the app, tests) can share it. Its state file is
written only once the database answers, and removed on a clean stop (SIGTERM/SIGINT).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from pathlib import Path


def main() -> None:
    cfg = json.loads(sys.argv[1])
    root = Path(cfg["root"])
    os.chdir(root)  # the engine writes ./log relative to the working directory
    from arcadedb_embedded.server import ArcadeDBServer

    server = ArcadeDBServer(
        root_path=str(root / "server"),
        root_password=Path(cfg["password_file"]).read_text().strip(),
        config={
            "host": "127.0.0.1",
            "http_port": cfg["http_port"],
            "bolt_port": cfg["bolt_port"],
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "server_defaultDatabases": f"{cfg['database']}[]",
            "bolt_defaultDatabase": cfg["database"],
        },
        jvm_kwargs={
            "heap_size": cfg["heap"],
            "jvm_args": [
                "-Darcadedb.opencypher.loadCsv.allowFileUrls=false",
                f"-Darcadedb.command.timeout={cfg['timeout_ms']}",
            ],
        },
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    server.start()
    state = {k: cfg[k] for k in ("bolt_port", "http_port", "database")}
    state["pid"] = os.getpid()
    tmp = root / "server.json.tmp"
    tmp.write_text(json.dumps(state))
    tmp.replace(root / "server.json")
    while not stop.wait(0.5):
        pass
    try:
        (root / "server.json").unlink(missing_ok=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
