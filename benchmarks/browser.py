"""Time every page in a real browser: `streamlit run` on localhost, Debian's Chromium driven by
Playwright, on the seed graph or a synthetic one (benchmarks/synthetic.py).

For each page a fresh app process is started (so nothing is cached: the first visit after a
load, store already up), the page is opened and timed until its script has finished; then the
same address is opened again in a new tab (a second visit: a new session, the process's caches
warm). A visit ends when the page's script has stopped and stayed stopped (no rerun followed)
for a few seconds; the time is when it stopped. Prints the medians over ``--repeat`` rounds.

After the load, derived data on disk (graph/analytics/snapshot.py) is made again as the CLI's
and the Data page's loads do (``prepared.prepare``: the portfolio snapshot and the pages'
unfiltered answers); what a page derives beyond it (a filtered view, a drawing) is removed
before each first visit, so every round pays it as the first visitor after a load does.
``--cold`` removes all derived data before every page. ``--query`` opens every page with a
query string, as a shared link does (``--query "country=CZ&funder=funder:eu"``).

    python benchmarks/browser.py [--orgs 50000] [--repeat 3] [--pages overview,flows] [--query Q]

``--orgs 0`` uses the bundled seed corpus. Uses its own data folder (GRAPH_DATA_DIR, default
/tmp/graph-bench-browser) and stops its server at the end. Targets (issue 12): < 8 s on the
first visit, < 2 s on the second, at 50,000 organisations.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("GRAPH_DATA_DIR", "/tmp/graph-bench-browser")

from benchmarks import synthetic  # noqa: E402
from graph.analytics import prepared, snapshot  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.io import ingest  # noqa: E402
from graph.store import Store, server  # noqa: E402

PAGES = ["overview", "network", "flows", "map", "profile", "partners", "research", "data"]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
STATE = (
    "() => { const app = document.querySelector('[data-testid=stApp]');"
    " return app ? [app.dataset.testScriptState || '', document.querySelector('h1') !== null]"
    " : ['', false]; }"
)
SETTLED_S = 3.0  # idle this long after a run: no rerun followed, the page has finished


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_app() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "streamlit_app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
    ]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("streamlit did not start")


def _visit(browser, url: str, timeout_s: float = 900.0) -> float:
    """Seconds from opening ``url`` in a new tab until its script finished for good.

    "Not running" alone fires early: before the first run starts, and between the runs a page
    triggers itself (query parameters, widget defaults). So the page must stay idle, with its
    title shown, for ``SETTLED_S``; the time counted is when that last idle spell began.
    """
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    start = time.perf_counter()
    page.goto(url)
    idle_since = None
    while time.perf_counter() - start < timeout_s:
        state, titled = page.evaluate(STATE)
        now = time.perf_counter()
        if state == "notRunning" and titled:
            idle_since = idle_since or now
            if now - idle_since >= SETTLED_S:
                page.close()
                return idle_since - start
        else:
            idle_since = None
        page.wait_for_timeout(100)
    page.close()
    raise TimeoutError(f"{url} did not finish within {timeout_s:.0f} s")


def _forget(settings: Settings) -> None:
    """Remove the derived data on disk: the next visit derives it from the store again."""
    shutil.rmtree(snapshot.folder(settings), ignore_errors=True)


def _prepared(settings: Settings) -> set[Path]:
    """The derived files on disk now (after the load's preparation)."""
    return set(snapshot.folder(settings).glob("*.pickle"))


def _forget_since(settings: Settings, kept: set[Path]) -> None:
    """Remove what earlier visits derived beyond ``kept``: the next visit is a first one."""
    for path in _prepared(settings) - kept:
        path.unlink(missing_ok=True)


def measure(
    pages: list[str], repeat: int, settings: Settings, cold: bool, query: str = ""
) -> dict[str, tuple[list[float], list[float]]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, tuple[list[float], list[float]]] = {p: ([], []) for p in pages}
    kept = _prepared(settings)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for _ in range(repeat):
            for name in pages:
                if cold:
                    _forget(settings)
                else:
                    _forget_since(settings, kept)
                proc, url = _start_app()
                try:
                    address = (url if name == "overview" else f"{url}/{name}") + (
                        f"?{query}" if query else ""
                    )
                    out[name][0].append(_visit(browser, address))
                    out[name][1].append(_visit(browser, address))
                    print(
                        f"  {name}: {out[name][0][-1]:.2f} s, then {out[name][1][-1]:.2f} s",
                        flush=True,
                    )
                finally:
                    proc.terminate()
                    proc.wait(timeout=60)
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=0, help="synthetic organisations; 0: seeds")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--keep", action="store_true", help="reuse the graph already loaded")
    parser.add_argument("--cold", action="store_true", help="no derived data on disk, per page")
    parser.add_argument("--stay", action="store_true", help="leave the server running")
    parser.add_argument("--query", default="", help="query string for every page: country=CZ")
    args = parser.parse_args()
    settings = Settings.from_env()
    store = Store(settings)
    try:
        if not args.keep:
            started = time.perf_counter()
            store.clear()
            if args.orgs:
                store.write(synthetic.portfolio(args.orgs, seed=1))
            else:
                ingest.load_bundled(store)
            print(f"loaded in {time.perf_counter() - started:.1f} s")
        print(f"graph: {store.counts()['nodes']}")
        _forget(settings)
        started = time.perf_counter()
        prepared.prepare(store)  # a load's last step (CLI and Data page)
        print(f"snapshot prepared in {time.perf_counter() - started:.1f} s")
        results = measure(args.pages.split(","), args.repeat, settings, args.cold, args.query)
        for name, (first, second) in results.items():
            one, two = statistics.median(first), statistics.median(second)
            print(
                f"{name:<10} first visit median {one:6.2f} s  second {two:6.2f} s  (n={len(first)})"
            )
    finally:
        store.close()
        if settings.embedded and not args.stay:
            server.stop(settings)


if __name__ == "__main__":
    main()
