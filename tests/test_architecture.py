"""One direction of data flow, checked on the source: who imports what, where Cypher lives."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_loaders_touch_neither_database_nor_ui() -> None:
    for path in modules("loaders"):
        assert not imported(path) & {"neo4j", "streamlit", "app"}, path.name


def test_only_the_store_imports_the_driver() -> None:
    users = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.py") if _ours(p)]
    users = [u for u in users if "neo4j" in imported(ROOT / u)]
    assert users == ["graph/store.py"]


def test_only_the_app_imports_streamlit() -> None:
    for folder in ("graph", "loaders"):
        for path in modules(folder):
            assert "streamlit" not in imported(path), path.name


def test_no_cypher_outside_graph() -> None:
    pattern = re.compile(r"\b(MATCH|MERGE|UNWIND)\s*\(")
    for path in [*modules("app"), *modules("loaders"), ROOT / "streamlit_app.py"]:
        assert not pattern.search(path.read_text(encoding="utf-8")), path.name


def _ours(path: Path) -> bool:
    rel = path.relative_to(ROOT).parts
    return rel[0] in {"graph", "loaders", "app", "benchmarks", "streamlit_app.py"}
