"""Neo4j and the embedded ArcadeDB server give the same answers for the same sources.

It runs when the session's server is a Neo4j (``NEO4J_URI``, as in ``.ci/run``'s second pass):
the seeds and the shared CORDIS sample go into that Neo4j and into an embedded ArcadeDB server of
the test's own, and the JSON exports and the command line's answers must be the same.
"""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.config import Settings
from graph.io import export, ingest
from graph.store import Store, server
from tests.conftest import DATASETS, datasets_required, seeds_required

ROOT = Path(__file__).resolve().parent.parent
CORDIS = DATASETS / "cordis" / "horizon-europe-organization-westernbalkans-300projects.csv"
COMMANDS = [
    ["stats", "--json"],
    *(["flows", "--by", by, "--json"] for by in ("funder", "programme", "city", "country", "year")),
    ["centrality", "--metric", "all", "--top", "30", "--json"],
]

pytestmark = [
    seeds_required(),
    datasets_required(),
    pytest.mark.skipif(
        not os.environ.get("NEO4J_URI"),
        reason="needs a Neo4j to compare with: set NEO4J_URI (the second pass of .ci/run does)",
    ),
]


@pytest.fixture(scope="module")
def arcadedb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment of an embedded ArcadeDB server of the module's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "GRAPH_"))}
    env.update(GRAPH_DATA_DIR=str(tmp_path_factory.mktemp("arcadedb")), GRAPH_WARM="0")
    yield env
    server.stop(Settings.from_env(env))


def _load(settings: Settings) -> dict[str, Any]:
    """The seeds and the CORDIS sample, loaded into an empty store; the graph as exported."""
    with Store(settings) as store:
        store.clear()
        ingest.load_bundled(store)
        ingest.load_file(store, CORDIS)
        return export.to_json(store)


def _cli(env: dict[str, str], args: list[str]) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", "graph", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _close(a: Any, b: Any) -> bool:
    """Equal, with floats equal to 1e-9 relative (sums and measures may add in another order)."""
    if isinstance(a, float) or isinstance(b, float):
        return (
            isinstance(a, int | float)
            and isinstance(b, int | float)
            and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
        )
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_both_servers_export_and_answer_the_same(
    settings: Settings, graph_env: dict[str, str], arcadedb: dict[str, str]
) -> None:
    on_neo4j = _load(settings)
    on_arcadedb = _load(Settings.from_env(arcadedb))
    with CORDIS.open(encoding="utf-8", newline="") as fh:
        projects = {row["projectID"] for row in csv.DictReader(fh, delimiter=";")}
    loaded = {n["id"] for n in on_neo4j["nodes"] if n["id"].startswith("proj:cordis-")}
    assert loaded == {f"proj:cordis-{p}" for p in projects}
    assert on_neo4j == on_arcadedb
    for args in COMMANDS:
        neo4j_answer, arcadedb_answer = _cli(graph_env, args), _cli(arcadedb, args)
        assert neo4j_answer, args
        assert _close(neo4j_answer, arcadedb_answer), args
