"""Time the real app: each page's first render on the seed graph, and the network page drawing
1,000 nodes of a synthetic graph. Drives streamlit_app.py through AppTest against the embedded
server; the process's caches of derived data are emptied before every timed render, so each
timing includes reading the portfolio, the analytics, the layout and the HTML.

    python benchmarks/app.py [--repeat 5] [--orgs 3000]

Targets (issue 6): < 2 s per page on the seed graph once the store is up; < 3 s for the network
page with 1,000 drawn nodes. Uses its own data folder (GRAPH_DATA_DIR, default
/tmp/graph-bench-app) and stops its server at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("GRAPH_DATA_DIR", "/tmp/graph-bench-app")

from streamlit.testing.v1 import AppTest  # noqa: E402

from app import state  # noqa: E402
from benchmarks import synthetic  # noqa: E402
from graph.analytics import snapshot  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.io import ingest  # noqa: E402
from graph.store import Store, server  # noqa: E402

PAGES = ["overview", "network", "flows", "map", "profile", "partners", "research", "data"]


def _forget_derived(keep_portfolio: bool = False) -> None:
    """Empty the memory of data and derived results (the store connection and the files in
    derived/ stay); with ``keep_portfolio`` the portfolio is read back into it."""
    snapshot.forget()
    if keep_portfolio:
        state.open_graph(seed=False).portfolio()


def time_page(page: str, repeat: int, setup=None, keep_portfolio: bool = False) -> list[float]:
    """Seconds for the first render of ``page`` (fresh session, empty data caches; with
    ``keep_portfolio`` the graph read once per data version stays, as after any other page)."""
    times = []
    for _ in range(repeat):
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
        at.run()
        at.switch_page(f"app/pages/{page}.py")
        if setup:
            at.run()
            setup(at)
        _forget_derived(keep_portfolio)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].value}")
    return times


def _thousand_nodes(at: AppTest) -> None:
    at.slider(key="n_limit").set_value(1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--orgs", type=int, default=3000, help="synthetic organisations")
    args = parser.parse_args()
    settings = Settings.from_env()
    store = Store(settings)
    try:
        store.clear()
        ingest.load_bundled(store)
        print(f"seed graph: {store.counts()['nodes']}")
        for page in PAGES:
            times = time_page(page, args.repeat)
            print(
                f"{page:<10} first render median {statistics.median(times):.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}, n={len(times)})"
            )
        store.clear()
        store.write(synthetic.portfolio(args.orgs, seed=1))
        print(f"synthetic graph: {store.counts()['nodes']}")
        for keep, what in ((False, "graph read included"), (True, "graph already read")):
            times = time_page("network", args.repeat, _thousand_nodes, keep_portfolio=keep)
            print(
                f"network, 1,000 nodes drawn ({what}): median {statistics.median(times):.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}, n={len(times)})"
            )
    finally:
        store.clear()
        store.close()
        if settings.embedded:
            server.stop(settings)


if __name__ == "__main__":
    main()
