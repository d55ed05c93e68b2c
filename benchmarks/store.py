"""Write speed of the store on the embedded server, and its cold start.

Generates 50,000 organisations, 40,000 projects and 200,000 participations (sizes adjustable),
writes them through ``Store.write`` into a fresh data folder, then writes them again (every node
and relationship now exists, so the second pass measures pure merges). Prints rows/s.

    python benchmarks/store.py [--orgs 50000 --projects 40000 --participations 200000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("OMP_NUM_THREADS", "1")

import synthetic  # noqa: E402  (benchmarks/synthetic.py, beside this script)

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--projects", type=int, default=40_000)
    parser.add_argument("--participations", type=int, default=200_000)
    parser.add_argument("--starts", type=int, default=3, help="cold starts to time")
    args = parser.parse_args()

    orgs, projects, rels = generate(args.orgs, args.projects, args.participations)
    nodes = orgs + projects
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env({"GRAPH_DATA_DIR": tmp, "GRAPH_SERVER_HEAP": "2g"})
        starts = []
        for _ in range(args.starts):
            t0 = time.perf_counter()
            Store(settings).close()  # spawn, wait for Bolt and the database, schema
            starts.append(time.perf_counter() - t0)
            server.stop(settings)
        store = Store(settings)
        try:
            print(f"cold start to first answered query: median {statistics.median(starts):.2f} s")
            warm = generate(5_000, 4_000, 20_000, seed=1)  # let the server's JIT warm up first
            store.write([*warm[0], *warm[1], *warm[2]])
            store.clear()
            for label in ("first load (new)", "second load (all exist)"):
                t_fold, t_nodes, t_rels = timed_write(store, nodes + rels, len(nodes))
                print(
                    f"{label}: records checked in {t_fold:.1f} s; nodes {len(nodes):,} in "
                    f"{t_nodes:.1f} s = {len(nodes) / t_nodes:,.0f}/s; relationships "
                    f"{len(rels):,} in {t_rels:.1f} s = {len(rels) / t_rels:,.0f}/s"
                )
            counts = store.counts()
            print(
                "in the graph:",
                counts["nodes"]["Organisation"],
                "organisations,",
                counts["nodes"]["Project"],
                "projects,",
                counts["relationships"]["PARTICIPATES_IN"],
                "participations",
            )
        finally:
            store.close()
            server.stop(settings)


if __name__ == "__main__":
    main()
