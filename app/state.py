"""The app's one store, and its reads through the one home of derived data.

The store is opened once per process (``st.cache_resource``, Streamlit's idiom for a
connection), not once per rerun; while the embedded server starts, the page says so with
``st.status``. Everything else is read through :mod:`graph.analytics.snapshot`, keyed on the
data version: ``Graph.get`` for a query's answer, ``Graph.portfolio`` and ``Graph.derive`` for
what is computed from the portfolio. It keeps them in memory and on disk, so a load shows up at
once, an unchanged graph is never queried twice, and a new session, a restarted app and the CLI
reuse them instead of computing them again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from app.text import plain
from graph.analytics import snapshot, summary
from graph.analytics.portfolio import Portfolio
from graph.config import Settings
from graph.errors import GraphError
from graph.store import Store, server

# igraph and numpy slow down badly with OpenMP threads fighting for two busy cores.
os.environ.setdefault("OMP_NUM_THREADS", "1")

T = TypeVar("T")
_SEED_LOCK = threading.Lock()


_WARMING: list[threading.Thread] = []


def warm_up() -> None:
    """Import the partner finder (scikit-learn: seconds) in the background, once per process,
    after the first page is shown: before anyone opens the finder, yet not competing with the
    first page for the interpreter."""
    with _SEED_LOCK:
        if not _WARMING:
            _WARMING.append(threading.Thread(target=_import_partners, name="graph-warm-up"))
            _WARMING[0].daemon = True
            _WARMING[0].start()


def _import_partners() -> None:
    import graph.analytics.partners  # noqa: F401


@st.cache_resource(show_spinner=False, on_release=Store.close)
def _connect(key: str, _settings: Settings) -> Store:
    """One store per settings and server process, never evicted (other sessions may be using
    it); a store of a server that has gone is simply no longer asked for."""
    return Store(_settings)


def _store(settings: Settings) -> Store:
    """The process's store; a visible status while the embedded server has to start."""
    if not settings.embedded:
        return _connect(repr(settings), settings)
    info = server.status(settings)
    if info is not None:
        return _connect(f"{settings!r} pid={info.pid}", settings)
    with st.status("Starting the embedded graph server…", expanded=True) as box:
        st.write(f"Data folder: `{settings.data_dir}` — this takes a few seconds.")
        info = server.ensure_running(settings)
        store = _connect(f"{settings!r} pid={info.pid}", settings)
        box.update(label="Graph server ready", state="complete", expanded=False)
    return store


@dataclass
class Graph:
    """The store plus the data version of this script run: the key of every cached read."""

    store: Store
    version: tuple

    def get(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``func(store, *args, **kwargs)``, cached until the graph changes."""
        name = f"get {func.__module__}.{func.__qualname__} {args!r} {kwargs!r}"
        make = lambda: func(self.store, *args, **kwargs)  # noqa: E731
        return snapshot.cached(
            self.store.settings, self.version, name, make, snapshot.stamp_of(func)
        )

    def portfolio(self) -> Portfolio:
        """Everything the analytics need, read once per data version and shared (read-only)."""
        return snapshot.portfolio(self.store, self.version)

    def derive(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``func(portfolio, *args, **kwargs)``, computed once per data version and arguments.

        The result is shared between sessions without a copy: treat it as read-only. An
        answer already made (a load prepares the pages' first ones) is read without the
        portfolio when it refers to none of it: seconds less at 50,000 organisations.
        """
        found = snapshot.stored(self.store.settings, self.version, func, *args, **kwargs)
        if found is not None:
            return found
        return snapshot.derived(self.portfolio(), func, *args, **kwargs)

    def refresh(self) -> None:
        """Re-read the data version after this run changed the graph."""
        self.version = summary.data_version(self.store)

    @property
    def empty(self) -> bool:
        return self.version[1] == 0 and self.version[2] == 0


def _seed(graph: Graph) -> None:
    """Load the bundled seed corpus into an empty store, with progress on the page."""
    from graph.io import ingest

    with _SEED_LOCK:
        graph.refresh()
        if not graph.empty:
            return
        with st.status("Loading the bundled data into the empty graph…") as box:
            bar = st.progress(0.0)
            step = lambda stage, done, total: bar.progress(done / max(total, 1), text=stage)  # noqa: E731
            reports, failed = ingest.load_and_prepare(
                graph.store, [lambda: ingest.load_bundled(graph.store, step)], step
            )
            if failed:
                raise failed
            report = reports[0]
            for note in report.notes:
                st.warning(note)
            box.update(
                label=f"Bundled data loaded: {report.nodes} nodes, "
                f"{report.relationships} relationships",
                state="complete",
            )
        graph.refresh()


def open_graph(seed: bool = True) -> Graph:
    """The graph for this run; loads the bundled data first when the store is empty."""
    store = _store(Settings.from_env())
    graph = Graph(store, summary.data_version(store))
    if seed and graph.empty:
        try:
            _seed(graph)
        except ImportError:
            st.info(
                "The graph is empty and no bundled data is available: load a file on the Data page."
            )
    return graph


@contextmanager
def shown_errors() -> Iterator[None]:
    """A GraphError becomes one line on the page (``st.error``), never a traceback."""
    try:
        yield
    except GraphError as exc:
        st.error(plain(exc))
        st.stop()
