"""Times every measure with networkx and with igraph on synthetic co-partnership networks,
and one partner query; prints medians and ratios.

Run: ``python benchmarks/analytics.py [--sizes 1000 10000 50000] [--repeat 3] [--store]``.

- Networks are built in memory from synthetic records (``benchmarks/synthetic.py``), not read
  from the store; ``--store`` also writes the 1,000-organisation portfolio to a temporary
  embedded store and times reading it back and a partner query on it.
- Above 5,000 nodes betweenness and closeness are sampled (256 sources; 128 pivots per
  component), on both engines. Where networkx would take minutes (sampled betweenness and
  closeness, constraint and effective size at 50,000), it runs on a fraction of the sources or
  nodes and the time is scaled up linearly; such rows are marked ``~``.
- The partner query runs on an index built once (its build time is printed separately).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before igraph is imported (performance notes)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx  # noqa: E402

from benchmarks.synthetic import portfolio  # noqa: E402
from graph.analytics import measures  # noqa: E402
from graph.analytics.communities import louvain  # noqa: E402
from graph.analytics.networks import co_partnership  # noqa: E402
from graph.analytics.partners import Call, PartnerIndex, suggest  # noqa: E402
from graph.analytics.portfolio import Portfolio, read_portfolio  # noqa: E402

NX_FULL_LIMIT = 12_000  # above this, slow networkx measures run on a fraction and are scaled
NX_NODE_SAMPLE = 100  # nodes for networkx constraint / effective size above that size


def timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def networkx_runs(G: nx.Graph) -> dict[str, tuple[Callable[[], object], float]]:
    """Measure -> (networkx call, scale factor); large graphs run slow ones on a fraction."""
    n = len(G)
    big = n > NX_FULL_LIMIT
    k = measures.SAMPLE if n > measures.EXACT_LIMIT else None
    pivots = measures.PIVOTS if n > measures.EXACT_LIMIT else None
    part = 32 if big else None
    some = random.Random(0).sample(list(G), NX_NODE_SAMPLE) if big else None
    return {
        "betweenness": (
            lambda: measures.betweenness(G, sample=part or "auto", backend="networkx"),
            (k / part) if big else 1.0,
        ),
        "closeness": (
            lambda: measures.closeness(G, sample=part or "auto", backend="networkx"),
            (pivots / part) if big else 1.0,
        ),
        "eigenvector": (lambda: measures.eigenvector(G, backend="networkx"), 1.0),
        "pagerank": (lambda: measures.pagerank(G, backend="networkx"), 1.0),
        "constraint": (
            lambda: nx.constraint(G, nodes=some, weight="weight"),
            n / NX_NODE_SAMPLE if big else 1.0,
        ),
        "effective size": (
            lambda: nx.effective_size(G, nodes=some),
            n / NX_NODE_SAMPLE if big else 1.0,
        ),
        "k-core": (lambda: measures.core_number(G, backend="networkx"), 1.0),
        "degree": (lambda: measures.weighted_degree(G, backend="networkx"), 1.0),
        "components": (lambda: measures.components(G, backend="networkx"), 1.0),
        "louvain": (lambda: louvain(G, backend="networkx"), 1.0),
    }


def igraph_runs(G: nx.Graph) -> dict[str, Callable[[], object]]:
    ig = "igraph"
    return {
        "betweenness": lambda: measures.betweenness(G, backend=ig),
        "closeness": lambda: measures.closeness(G, backend=ig),
        "eigenvector": lambda: measures.eigenvector(G, backend=ig),
        "pagerank": lambda: measures.pagerank(G, backend=ig),
        "constraint": lambda: measures.constraint(G, backend=ig),
        "effective size": lambda: measures.effective_size(G, backend=ig),
        "k-core": lambda: measures.core_number(G, backend=ig),
        "degree": lambda: measures.weighted_degree(G, backend=ig),
        "components": lambda: measures.components(G, backend=ig),
        "louvain": lambda: louvain(G, backend=ig),
    }


def bench_measures(G: nx.Graph, repeat: int, with_networkx: bool = True) -> None:
    start = time.perf_counter()
    measures.to_igraph(G, "weight")
    print(f"  copy to igraph: {time.perf_counter() - start:.2f} s (once per network)")
    fast, slow = igraph_runs(G), networkx_runs(G)
    total_ig = total_nx = 0.0
    print(f"  {'measure':<15}{'networkx s':>12}{'igraph s':>10}{'ratio':>8}")
    for name, run in fast.items():
        t_ig = timed(run, repeat)
        total_ig += t_ig
        if not with_networkx:
            print(f"  {name:<15}{'-':>12}{t_ig:>10.3f}{'-':>8}")
            continue
        call, scale = slow[name]
        t_nx = timed(call, 1 if len(G) > NX_FULL_LIMIT else repeat) * scale
        mark = "~" if scale != 1.0 else " "
        print(f"  {name:<15}{mark}{t_nx:>11.3f}{t_ig:>10.3f}{t_nx / t_ig:>8.1f}")
        total_nx += t_nx
    nx_total = f"{total_nx:>12.2f}" if with_networkx else f"{'-':>12}"
    ratio = f"{total_nx / total_ig:>8.1f}" if with_networkx else f"{'-':>8}"
    print(f"  {'all measures':<15}{nx_total}{total_ig:>10.2f}{ratio}")


def bench_partners(pf: Portfolio, repeat: int, label: str) -> None:
    start = time.perf_counter()
    index = PartnerIndex(pf)
    built = time.perf_counter() - start
    rng = random.Random(1)
    askers = rng.sample(sorted(pf.organisations), 5)
    call = Call(themes=["migrant integration"], countries=["CZ"], funder="AMIF")
    times = [timed(lambda a=a: suggest(index, a, call, top=10), repeat) for a in askers]
    hub = max(index.org_ids, key=lambda o: len(index.partners_of(index.row[o])))
    t_hub = timed(lambda: suggest(index, hub, call, top=10), repeat)
    print(
        f"  partner index ({label}): built in {built:.2f} s; query median "
        f"{statistics.median(times) * 1000:.0f} ms over 5 organisations, "
        f"largest hub {t_hub * 1000:.0f} ms"
    )


def bench_store(records: list, repeat: int) -> None:
    from graph.config import Settings
    from graph.store import Store, server

    with tempfile.TemporaryDirectory(prefix="bench-analytics-") as folder:
        settings = Settings.from_env({"GRAPH_DATA_DIR": folder})
        store = Store(settings)
        try:
            store.write(records)
            read = timed(lambda: read_portfolio(store), repeat)
            print(f"  store: read portfolio in {read:.2f} s (4 Cypher reads)")
            bench_partners(read_portfolio(store), repeat, "from the store")
        finally:
            store.close()
            server.stop(settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--store", action="store_true", help="also through a store at 1,000")
    parser.add_argument("--igraph-only", action="store_true", help="skip the networkx timings")
    args = parser.parse_args()
    for size in args.sizes:
        start = time.perf_counter()
        records = portfolio(size)
        pf = Portfolio.from_records(records)
        made = time.perf_counter() - start
        start = time.perf_counter()
        G = co_partnership(pf)
        built = time.perf_counter() - start
        print(
            f"\n{size:,} organisations: {len(G):,} nodes, {G.size():,} edges "
            f"(records {made:.1f} s, co-partnership network {built:.1f} s)"
        )
        bench_measures(G, args.repeat, not args.igraph_only)
        bench_partners(pf, args.repeat, "in memory, from records")
        if args.store and size <= 1000:
            bench_store(records, args.repeat)


if __name__ == "__main__":
    main()
