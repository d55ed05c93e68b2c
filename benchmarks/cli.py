"""Time the CLI at real sizes: ``stats``, ``query``, ``partners``, ``centrality`` and the
embedded server's ``start`` and ``stop``, each as a fresh ``python -m graph`` process.

Loads a synthetic graph (benchmarks/synthetic.py) into its own data folder (GRAPH_DATA_DIR,
default /tmp/graph-bench-cli), then runs each command ``--repeat`` times and prints the medians.
The first run of an analytics command after a load may build the derived data of that store
version (the portfolio snapshot) and starts the warm process (graph/cli/warm.py) that answers
the later ones; it is printed apart as "first", and the others follow after ``--pause``
seconds (a person reading the first answer). ``--cold`` runs every command in its own process
instead (GRAPH_WARM=0).

    python benchmarks/cli.py [--orgs 50000] [--repeat 3] [--keep] [--cold]

Targets (issue 12) at 50,000 organisations: stats, query, partners < 1 s; centrality < 10 s;
server start < 5 s, stop < 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("GRAPH_DATA_DIR", "/tmp/graph-bench-cli")

from benchmarks import synthetic  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.store import Store  # noqa: E402

COMMANDS = {
    "stats": ["stats", "--json"],
    "query": ["query", "MATCH (o:Organisation) WHERE o.country = 'CZ' RETURN count(o) AS n"],
    "partners": ["partners", "org:s1", "--theme", "migration", "--country", "CZ", "--top", "5"],
    "centrality": ["centrality", "--top", "10"],
}


def timed(args: list[str]) -> float:
    """Seconds one ``python -m graph ARGS`` process takes; it must succeed."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "graph", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse the graph already loaded")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--cold", action="store_true", help="no warm process (GRAPH_WARM=0)")
    parser.add_argument("--pause", type=float, default=5.0, help="seconds after the first run")
    args = parser.parse_args()
    if args.cold:
        os.environ["GRAPH_WARM"] = "0"
    print(f"data folder: {Settings.from_env().data_dir}")
    if not args.keep:
        started = time.perf_counter()
        with Store(Settings.from_env()) as store:
            store.clear()
            store.write(synthetic.portfolio(args.orgs, seed=1))
        print(f"loaded {args.orgs:,} organisations in {time.perf_counter() - started:.1f} s")
    for name in args.commands.split(","):
        first = timed(COMMANDS[name])
        time.sleep(args.pause)
        rest = [timed(COMMANDS[name]) for _ in range(args.repeat)]
        print(
            f"{name:<11} first {first:6.2f} s  then median {statistics.median(rest):6.2f} s"
            f"  (n={len(rest)}: {', '.join(f'{t:.2f}' for t in rest)})",
            flush=True,
        )
    stops, starts = [], []
    for _ in range(args.repeat):
        stops.append(timed(["server", "stop"]))
        starts.append(timed(["server", "start"]))
    print(f"{'stop':<11} median {statistics.median(stops):6.2f} s  (n={len(stops)})")
    print(f"{'start':<11} median {statistics.median(starts):6.2f} s  (n={len(starts)})")


if __name__ == "__main__":
    main()
