"""The layout, checked on the source with ``ast``: one direction of data flow, no import cycle.

Modules are graph/, loaders/ and app/ files; an import names the module it reaches (the
package's ``__init__`` when it names something defined there). Packages are graph's
subpackages (graph.model, graph.store, ...), loaders and app.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
OURS = ("graph", "loaders", "app")


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exists(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imported(path: Path) -> set[str]:
    """Top-level names of every package imported anywhere in the file (functions included)."""
    return {name.split(".")[0] for name in _imports(path)}


@cache
def _imports(path: Path) -> frozenset[str]:
    """Full names of the modules a file imports (``from a import b`` is ``a.b`` when b is one)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.add(full if _exists(full) else node.module)
    return frozenset(names)


def import_graph() -> nx.DiGraph:
    G = nx.DiGraph()
    for folder in OURS:
        for path in modules(folder):
            here = module_name(path)
            G.add_node(here)
            for name in _imports(path):
                if name.split(".")[0] in OURS and name != here:
                    G.add_edge(here, name)
    G.add_node("streamlit_app")
    for name in _imports(ROOT / "streamlit_app.py"):
        if name.split(".")[0] in OURS:
            G.add_edge("streamlit_app", name)
    return G


def package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "graph" and len(parts) > 1 else parts[0]


def test_no_module_cycle() -> None:
    cycles = [c for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert cycles == []


def test_no_package_cycle() -> None:
    G = nx.DiGraph()
    for a, b in import_graph().edges:
        if package(a) != package(b):
            G.add_edge(package(a), package(b))
    assert [c for c in nx.strongly_connected_components(G) if len(c) > 1] == []


def test_loaders_import_only_the_model_from_graph() -> None:
    for path in modules("loaders"):
        reached = {n for n in _imports(path) if n.startswith("graph")}
        assert all(n == "graph.model" or n.startswith("graph.model.") for n in reached), path


def test_only_graph_io_calls_loaders() -> None:
    callers = {
        module_name(p)
        for folder in ("graph", "app")
        for p in modules(folder)
        if any(n.split(".")[0] == "loaders" for n in _imports(p))
    }
    assert {package(c) for c in callers} <= {"graph.io"}


def test_loaders_touch_neither_database_nor_ui() -> None:
    for path in modules("loaders"):
        assert not imported(path) & {"neo4j", "streamlit", "app"}, path.name


def test_only_the_store_imports_the_driver() -> None:
    users = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.py") if _ours(p)]
    users = [u for u in users if "neo4j" in imported(ROOT / u)]
    assert users == ["graph/store/client.py"]


def test_only_the_app_imports_streamlit() -> None:
    for folder in ("graph", "loaders"):
        for path in modules(folder):
            assert "streamlit" not in imported(path), path.name


def test_cypher_only_in_the_store() -> None:
    pattern = re.compile(r"\b(MATCH|MERGE|UNWIND)\s*\(")
    users = [
        p.relative_to(ROOT).as_posix()
        for folder in OURS
        for p in modules(folder)
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    # the guard's doctests show queries it refuses; every statement the project runs is in cypher
    assert users == ["graph/store/cypher.py", "graph/store/readonly.py"]
    assert not pattern.search((ROOT / "streamlit_app.py").read_text(encoding="utf-8"))


def test_modules_stay_small() -> None:
    sizes = {
        p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for folder in OURS
        for p in modules(folder)
    }
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_every_package_says_what_it_holds() -> None:
    for init in [*(ROOT / "graph").rglob("__init__.py"), *(ROOT / "loaders").rglob("__init__.py")]:
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) >= 3, init.relative_to(ROOT)


def _ours(path: Path) -> bool:
    rel = path.relative_to(ROOT).parts
    return rel[0] in {"graph", "loaders", "app", "benchmarks", "streamlit_app.py"}


# Every list a person meets in two places has one source (the registries); each copy below is
# read the way a person meets it (the README's text, the CLI's choices) and compared whole.
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_table(heading: str) -> list[list[str]]:
    """The cells of the first table from the line holding ``heading`` on (its header and rule
    left out), with the backquotes and escaped bars of Markdown undone."""
    lines = README.splitlines()
    at = next(i for i, line in enumerate(lines) if heading in line)
    start = next(i for i in range(at, len(lines)) if lines[i].startswith("|"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
        rows.append([c.strip().strip("`").replace("\\|", "|") for c in cells])
    return rows


def _cli_choices(command: str, option: str) -> list[str]:
    """The values ``python -m graph COMMAND OPTION`` accepts, from the CLI's own definition."""
    import typer

    from graph.cli.app import app

    found = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    (param,) = [p for p in found.params if option in p.opts]
    return [choice.value for choice in param.type_descriptor.annotation]


def test_the_readme_names_every_measure_as_the_registry_does() -> None:
    from graph.analytics import registry

    rows = _readme_table("| measure | shown as |")
    assert rows == [[n, m.label, m.weights] for n, m in registry.MEASURES.items()]


def test_the_cli_and_the_tables_take_the_registry_s_measures() -> None:
    from graph.analytics import registry, tables

    assert _cli_choices("centrality", "--metric") == [*registry.MEASURES, "brokerage", "all"]
    assert list(tables.MEASURES) == list(registry.MEASURES)
    assert set(tables._COMPUTE) == set(registry.MEASURES)  # no computation left unnamed


def test_the_readme_names_every_source_format_the_loaders_know() -> None:
    from loaders import registry

    rows = _readme_table("## Loading your own data")
    assert sorted(row[0] for row in rows) == sorted(registry.FORMATS)
    assert len(rows) == len(registry.FORMATS)


def test_the_cli_loads_and_exports_the_registry_s_formats() -> None:
    from graph.io import registry

    assert _cli_choices("load", "--format") == list(registry.IMPORTS)
    assert _cli_choices("export", "--format") == list(registry.EXPORTS)
    written = re.search(r"`export --format ([a-z\\|]+) -o PATH`", README)
    assert written and written.group(1).split("\\|") == list(registry.EXPORTS)


def test_every_export_format_has_a_writer_and_every_writer_a_format() -> None:
    from graph.io import export, formats, registry

    assert list(export.EXPORTERS) == list(registry.EXPORTS)
    assert set(formats.WRITERS) == set(registry.EXPORTS) - {"json"}  # json: the whole graph only
    assert set(registry.VIEWS) <= set(formats.WRITERS)  # a drawn view is a derived network
