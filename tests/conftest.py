"""Fixtures: one real graph server for the whole test session, emptied before each test.

With ``NEO4J_URI`` set the tests run against that server (its database is wiped!); otherwise an
embedded server is started in a temporary data folder and stopped at the end.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.config import Settings
from graph.store import Store, server

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEEDS = SHARED / "seeds"
DATASETS = SHARED / "datasets"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("OMP_NUM_THREADS", "1")


# Tests that use the session's graph server: `pytest -m server` runs them (.ci/run's Neo4j pass).
SERVER_FIXTURES = {"settings", "session_store", "store", "graph_env"}


def _missing_shared() -> list[str]:
    return [str(p) for p in (SEEDS, DATASETS, SHARED / "docs-dev") if not p.is_dir()]


def pytest_configure(config: pytest.Config) -> None:
    """In CI the shared material must be there: a clone without it would skip a third of the
    tests quietly and still pass."""
    config.addinivalue_line("markers", "server: uses the session's graph server (a fixture)")
    if os.environ.get("CI") and _missing_shared():
        raise pytest.UsageError(f"shared material missing: {', '.join(_missing_shared())}")


def pytest_report_header(config: pytest.Config) -> str | None:
    missing = ", ".join(_missing_shared())
    return f"WARNING: shared material missing, its tests skip: {missing}" if missing else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    # the embedded server's files, or on Neo4j the write lock and derived data: never data/store
    env = dict(os.environ, GRAPH_DATA_DIR=str(tmp_path_factory.mktemp("store")))
    settings = Settings.from_env(env)
    yield settings
    if settings.embedded:
        server.stop(settings)


@pytest.fixture(scope="session")
def session_store(settings: Settings) -> Iterator[Store]:
    store = Store(settings)
    yield store
    store.close()


@pytest.fixture
def store(session_store: Store) -> Store:
    """The session's store, empty at the start of the test."""
    session_store.clear()
    return session_store


@pytest.fixture
def graph_env(settings: Settings) -> dict[str, str]:
    """Environment for a subprocess (CLI, streamlit) that must use the test server; each
    command runs in its own process (tests/test_warm.py tests the warm process)."""
    return dict(
        os.environ, OMP_NUM_THREADS="1", GRAPH_WARM="0", GRAPH_DATA_DIR=str(settings.data_dir)
    )


def embedded_only() -> pytest.MarkDecorator:
    """For tests of the embedded ArcadeDB server's own life (process, files, server-wide limits):
    each starts servers of its own, which a run against Neo4j has nothing to add to."""
    return pytest.mark.skipif(
        bool(os.environ.get("NEO4J_URI")),
        reason="manages embedded ArcadeDB servers of its own; NEO4J_URI points at Neo4j",
    )


def expected_users(settings: Settings) -> list[str]:
    """The server's users as the tests set them up: the embedded server's root and reader, or
    the one Neo4j user the tests log in as (Community has no roles, hence no reader)."""
    return ["reader", "root"] if settings.embedded else [settings.user]


def seeds_required() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


def datasets_required() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/datasets not present")
