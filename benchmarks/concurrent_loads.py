"""Two loads at once (issue 28): time, exit codes, and the embedded server's peak memory.

Writes two CSVs of ``--rows`` rows (``organisation,country,city,project``, four cities), starts
an embedded server in a temporary GRAPH_DATA_DIR (``--heap``, default: the machine's default),
runs two ``python -m graph load FILE --json`` at once, samples the server's peak resident
memory (VmHWM) every second, and prints each load's exit code, last line of stderr, its peak
memory, the organisations stored and whether the server outlived the loads.
Run: ``python benchmarks/concurrent_loads.py [--rows 40000] [--heap 1g]`` (Linux: /proc).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.config import Settings  # noqa: E402
from graph.store import Store, server  # noqa: E402

CITIES = ("Sofia", "Ruse", "Burgas", "Plovdiv")


def _csv(path: Path, key: str, rows: int) -> Path:
    lines = (f"Org {key} {i},BG,{CITIES[i % 4]},Project {key} {i}\n" for i in range(rows))
    path.write_text("organisation,country,city,project\n" + "".join(lines), encoding="utf-8")
    return path


def _peak_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if "VmHWM" in line), 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=40_000)
    parser.add_argument("--heap", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GRAPH_DATA_DIR=f"{tmp}/store", GRAPH_WARM="0", OMP_NUM_THREADS="1")
        env.pop("NEO4J_URI", None)
        if args.heap:
            env["GRAPH_SERVER_HEAP"] = args.heap
        settings = Settings.from_env(env)
        Store(settings).close()
        pid = server.status(settings).pid
        paths = [_csv(Path(tmp) / f"load_{key}.csv", key, args.rows) for key in "ab"]
        started, peak = time.monotonic(), 0
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "graph", "load", str(path), "--json"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for path in paths
        ]
        while any(proc.poll() is None for proc in procs):
            peak = max(peak, _peak_kb(pid))
            time.sleep(1)
        elapsed = time.monotonic() - started
        alive = server.status(settings)
        for path, proc in zip(paths, procs, strict=True):
            last = (proc.stderr.read().strip().splitlines() or [""])[-1]
            print(f"{path.name}: exit {proc.returncode}; {last[:160]}")
        loads_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        same = "alive" if alive and alive.pid == pid else "gone"
        print(
            f"elapsed {elapsed:.0f} s; server peak {peak / 1024:.0f} MB; largest load process "
            f"{loads_kb / 1024:.0f} MB; server {same}"
        )
        with Store(settings) as store:
            print(f"organisations stored: {store.counts()['nodes']['Organisation']}")
        server.stop(settings)


if __name__ == "__main__":
    main()
