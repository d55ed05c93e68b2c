"""The store on both servers side by side: the embedded ArcadeDB and Neo4j 5 Community.

Generates 50,000 organisations, 40,000 projects and 200,000 participations (sizes adjustable),
writes them through ``Store.write`` into each fresh server, then writes them again (every node
and relationship now exists, so the second pass measures pure merges), then times reads (medians).
Prints one table, a column per server. Neo4j is the one ``NEO4J_URI`` (with ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) names, its database wiped; without it the script starts
``tools/neo4j/run.sh`` in a temporary folder (``--servers arcadedb`` leaves Neo4j out).

    python benchmarks/store.py [--orgs 50000 --projects 40000 --participations 200000]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("OMP_NUM_THREADS", "1")

import synthetic  # noqa: E402  (benchmarks/synthetic.py, beside this script)

from graph.analytics.portfolio import read_portfolio  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.model import Organisation, Project, Relationship, RelType  # noqa: E402
from graph.store import Store, server  # noqa: E402


def generate(orgs: int, projects: int, participations: int, seed: int = 7):
    rng = random.Random(seed)
    countries = ["BG", "CZ", "RO", "GR", "HR", "RS", "DE", "IT"]
    org_records = [
        Organisation(
            id=f"org:synthetic-{i}",
            name=f"Organisation {i}",
            country=rng.choice(countries),
            kind="ngo",
            sources=[f"synthetic.csv#row {i + 2}"],
        )
        for i in range(orgs)
    ]
    proj_records = [
        Project(
            id=f"proj:synthetic-{j}",
            name=f"Project {j}",
            title=f"Project {j}",
            amount=float(rng.randint(10_000, 2_000_000)),
            currency="EUR",
            amount_eur=None,
            status="completed",
            sources=[f"synthetic.csv#row {j + 2}"],
        )
        for j in range(projects)
    ]
    pairs: set[tuple[int, int]] = set()
    weights = list(synthetic.popularity(orgs))  # the hub shape of the other benchmarks
    while len(pairs) < participations:
        batch = rng.choices(range(orgs), weights=weights, k=participations)
        for o in batch:
            pairs.add((o, rng.randrange(projects)))
            if len(pairs) == participations:
                break
    rels = [
        Relationship(
            type=RelType.PARTICIPATES_IN,
            start=f"org:synthetic-{o}",
            end=f"proj:synthetic-{p}",
            role="partner",
            sources=["synthetic.csv"],
        )
        for o, p in pairs
    ]
    return org_records, proj_records, rels


def timed_write(store: Store, records: list, n_nodes: int) -> tuple[float, float, float]:
    """One transaction, as a loaded file is written: seconds to check and fold the records,
    to write the nodes, and to write the relationships (split by the progress callbacks)."""
    marks: dict[str, float] = {}

    def progress(done: int, total: int) -> None:
        if done == 0:
            marks["folded"] = time.perf_counter()
        elif done >= n_nodes and "nodes" not in marks:
            marks["nodes"] = time.perf_counter()

    t0 = time.perf_counter()
    store.write(records, progress=progress)
    t1 = time.perf_counter()
    return marks["folded"] - t0, marks["nodes"] - marks["folded"], t1 - marks["nodes"]


ROOT = Path(__file__).resolve().parent.parent
HEAP = "2g"  # each server's Java heap
USER_QUERY = (
    "MATCH (o:Organisation)-[:PARTICIPATES_IN]->(p:Project) WHERE o.country = $c "
    "RETURN o.name AS name, count(p) AS projects ORDER BY projects DESC LIMIT 20"
)


def median_s(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def measure(settings: Settings, records: tuple[list, list, list], reads: int) -> dict[str, str]:
    """One server: first and second load, then read medians; the figures as table cells."""
    orgs, projects, rels = records
    nodes = orgs + projects
    out: dict[str, str] = {}
    with Store(settings) as store:
        out["server"] = store.agent
        warm = generate(5_000, 4_000, 20_000, seed=1)  # let the server's JIT warm up first
        store.write([*warm[0], *warm[1], *warm[2]])
        store.clear()
        for key in ("first", "second"):
            t_fold, t_nodes, t_rels = timed_write(store, nodes + rels, len(nodes))
            out[f"{key} load, s"] = f"{t_fold + t_nodes + t_rels:.1f}"
            out[f"{key} load: nodes/s"] = f"{len(nodes) / t_nodes:,.0f}"
            out[f"{key} load: relationships/s"] = f"{len(rels) / t_rels:,.0f}"
        counts = store.counts()
        assert counts["nodes"]["Organisation"] == len(orgs), counts
        assert counts["relationships"]["PARTICIPATES_IN"] == len(rels), counts
        out["read: stats (counts per label and type), s"] = f"{median_s(store.counts, reads):.3f}"
        out["read: the portfolio (4 reads), s"] = (
            f"{median_s(lambda: read_portfolio(store), reads):.2f}"
        )
        out["read: a person's query, s"] = (
            f"{median_s(lambda: store.run_user_query(USER_QUERY, {'c': 'BG'}), reads):.3f}"
        )
        out["read: one node, s"] = (
            f"{median_s(lambda: store.node('org:synthetic-123'), reads * 10):.4f}"
        )
    return out


def start_neo4j(folder: Path) -> tuple[subprocess.Popen, str, str]:
    """tools/neo4j/run.sh in ``folder``: the process, its Bolt URI and neo4j's password."""
    password = secrets.token_urlsafe(18)
    env = dict(os.environ, NEO4J_PASSWORD=password, NEO4J_HEAP=HEAP)
    proc = subprocess.Popen(
        [str(ROOT / "tools" / "neo4j" / "run.sh"), str(folder / "data")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=(folder / "neo4j.err").open("w"),
        text=True,
    )
    for line in proc.stdout:
        if line.startswith("NEO4J_READY "):
            return proc, line.split()[1], password
    raise SystemExit(f"Neo4j did not start: see {folder / 'neo4j.err'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--projects", type=int, default=40_000)
    parser.add_argument("--participations", type=int, default=200_000)
    parser.add_argument("--reads", type=int, default=5, help="runs of each read (median)")
    parser.add_argument("--servers", default="arcadedb,neo4j")
    args = parser.parse_args()

    records = generate(args.orgs, args.projects, args.participations)
    columns: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if "arcadedb" in args.servers:
            settings = Settings.from_env(
                {"GRAPH_DATA_DIR": tmp + "/arcadedb", "GRAPH_SERVER_HEAP": HEAP}
            )
            t0 = time.perf_counter()
            Store(settings).close()  # spawn, wait for Bolt and the database, schema
            started = time.perf_counter() - t0
            try:
                columns["arcadedb"] = {
                    "start to first answer, s": f"{started:.1f}",
                    **measure(settings, records, args.reads),
                }
            finally:
                server.stop(settings)
        if "neo4j" in args.servers:
            env = {k: v for k, v in os.environ.items() if k.startswith("NEO4J_")}
            proc = None
            t0 = time.perf_counter()
            if not env.get("NEO4J_URI"):
                proc, uri, password = start_neo4j(Path(tmp))
                env.update(NEO4J_URI=uri, NEO4J_PASSWORD=password, NEO4J_DATABASE="neo4j")
            started = time.perf_counter() - t0
            try:
                settings = Settings.from_env({**env, "GRAPH_DATA_DIR": tmp + "/neo4j"})
                columns["neo4j"] = {
                    "start to first answer, s": f"{started:.1f}" if proc else "(running)",
                    **measure(settings, records, args.reads),
                }
            finally:
                if proc:
                    proc.terminate()
                    proc.wait(60)
    print(
        f"{args.orgs:,} organisations, {args.projects:,} projects, "
        f"{args.participations:,} participations; reads: median of {args.reads}"
    )
    names = list(columns)
    rows = list(next(iter(columns.values())))
    print("| | " + " | ".join(columns[n]["server"] for n in names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for row in rows:
        if row != "server":
            print(f"| {row} | " + " | ".join(columns[n][row] for n in names) + " |")


if __name__ == "__main__":
    main()
