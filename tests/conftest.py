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


def _missing_shared() -> list[str]:
    return [str(p) for p in (SEEDS, DATASETS, SHARED / "docs-dev") if not p.is_dir()]


def pytest_configure(config: pytest.Config) -> None:
    """In CI the shared material must be there: a clone without it would skip a third of the
    tests quietly and still pass."""
    if os.environ.get("CI") and _missing_shared():
        raise pytest.UsageError(f"shared material missing: {', '.join(_missing_shared())}")


def pytest_report_header(config: pytest.Config) -> str | None:
    missing = ", ".join(_missing_shared())
    return f"WARNING: shared material missing, its tests skip: {missing}" if missing else None


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    env = dict(os.environ)
    if not env.get("NEO4J_URI"):
        env["GRAPH_DATA_DIR"] = str(tmp_path_factory.mktemp("store"))
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
    env = dict(os.environ, OMP_NUM_THREADS="1", GRAPH_WARM="0")
    if settings.embedded:
        env["GRAPH_DATA_DIR"] = str(settings.data_dir)
    return env


def seeds_required() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


def datasets_required() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/datasets not present")
