"""The command line as a user runs it: a subprocess, exit codes, the JSON shapes of DESIGN.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from graph.store import Store
from tests.test_store import small_graph

ROOT = Path(__file__).resolve().parent.parent


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_stats_json_shape(store: Store, graph_env: dict[str, str]) -> None:
    store.write(small_graph())
    done = cli(graph_env, "stats", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["nodes"]["Organisation"] == 2
    assert data["nodes"]["City"] == 1
    assert data["relationships"]["PARTICIPATES_IN"] == 2
    assert set(data) == {"nodes", "relationships"}


def test_query_json_is_a_list_of_rows(store: Store, graph_env: dict[str, str]) -> None:
    store.write(small_graph())
    done = cli(
        graph_env,
        "query",
        "MATCH (o:Organisation {country: $cc}) RETURN o.name AS name",
        "--param",
        "cc=CZ",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"name": "Nadace Žluťoučký kůň"}]


def test_a_write_through_query_is_refused_and_leaves_nothing(
    store: Store, graph_env: dict[str, str]
) -> None:
    done = cli(graph_env, "query", "CREATE (n:X) RETURN n")
    assert done.returncode == 1
    assert "read-only" in done.stderr
    assert done.stderr.count("\n") == 1  # one line, no traceback
    done = cli(graph_env, "query", "MATCH (n:X) RETURN count(n) AS n", "--json")
    assert json.loads(done.stdout) == [{"n": 0}]


def test_export_and_import_round_trip(store: Store, graph_env: dict[str, str], tmp_path) -> None:
    store.write(small_graph())
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert cli(graph_env, "export", "--format", "json", "-o", str(first)).returncode == 0
    store.clear()
    done = cli(graph_env, "import", str(first), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"nodes": 4, "relationships": 3}
    assert cli(graph_env, "export", "--format", "json", "-o", str(second)).returncode == 0
    assert json.loads(first.read_text()) == json.loads(second.read_text())
    exported = json.loads(first.read_text())
    assert {n["id"] for n in exported["nodes"]} >= {"city:ruse", "proj:integra"}
    assert all(set(r) >= {"type", "start", "end", "properties"} for r in exported["relationships"])


def test_import_of_a_bad_file_fails_with_one_line(
    store: Store, graph_env: dict[str, str], tmp_path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"nodes": [{"labels": ["Nope"], "properties": {}}], "relationships": []}')
    done = cli(graph_env, "import", str(bad))
    assert done.returncode == 1
    assert done.stderr.startswith("error: bad.json: node 0")
    assert not any(store.counts()["nodes"].values())


def test_unknown_file_type_is_a_clear_error(store: Store, graph_env: dict[str, str], tmp_path):
    odd = tmp_path / "thing.xyz"
    odd.write_text("hello")
    done = cli(graph_env, "load", str(odd), "--json")
    assert done.returncode == 1
    assert "thing.xyz" in done.stderr and done.stdout == ""
    assert not any(store.counts()["nodes"].values())


def test_help_everywhere(graph_env: dict[str, str]) -> None:
    for args in (["--help"], ["server", "--help"], ["query", "--help"], ["load", "--help"]):
        done = cli(graph_env, *args)
        assert done.returncode == 0
        assert "Usage" in done.stdout


def test_source_text_is_printed_as_text_not_markup(store: Store, graph_env: dict[str, str]):
    done = cli(graph_env, "query", "RETURN '[/b] [link=file:///etc/passwd]x[/link]' AS x")
    assert done.returncode == 0, done.stderr
    assert "[/b] [link=file:///etc/passwd]x[/link]" in done.stdout
