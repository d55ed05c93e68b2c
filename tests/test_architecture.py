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


# loaders/ formats: each is a module, or a package once it outgrows one (split by noun)
FORMATS = {"cordis", "giving360", "grants_list", "iati", "tabular"}


def format_modules(fmt: str) -> list[Path]:
    """The files of one format: ``loaders/<fmt>.py``, or every module of ``loaders/<fmt>/``."""
    single = ROOT / "loaders" / f"{fmt}.py"
    return [single] if single.is_file() else modules(f"loaders/{fmt}")


def test_loaders_keep_one_module_per_format_and_share_the_rest() -> None:
    """loaders/ holds the formats (a module or a package each), the seed corpus and the
    registry; the document reader and the shared helpers are packages of their own."""
    top = {p.stem for p in (ROOT / "loaders").iterdir() if p.suffix == ".py" or p.is_dir()}
    top -= {"__pycache__"}
    assert top == FORMATS | {"__init__", "registry", "bundled", "document", "shared"}
    packages = {p.name for p in (ROOT / "loaders").iterdir() if p.is_dir()} & FORMATS
    for fmt in packages:
        assert not (ROOT / "loaders" / f"{fmt}.py").exists(), fmt
        assert (ROOT / "loaders" / fmt / "__init__.py").is_file(), fmt


def test_a_format_reaches_only_the_shared_helpers_and_itself() -> None:
    """A format, module or package, imports from loaders/ only the shared helpers and its own
    modules: no other format, no registry, no document reader."""
    for fmt in FORMATS:
        for path in format_modules(fmt):
            reached = {n for n in _imports(path) if n.split(".")[0] == "loaders"}
            allowed = ("loaders.shared", f"loaders.{fmt}")
            outside = {
                n for n in reached if not any(n == a or n.startswith(f"{a}.") for a in allowed)
            }
            assert outside == set(), path.relative_to(ROOT).as_posix()


def test_shared_helpers_reach_no_format_module() -> None:
    """What every loader shares depends on nothing a loader adds: no format module, no registry,
    no document reader."""
    for path in modules("loaders/shared"):
        reached = {n for n in _imports(path) if n.split(".")[0] == "loaders"}
        assert all(n.startswith("loaders.shared") for n in reached), (path.name, reached)


def test_no_loader_module_echoes_a_model_module_name() -> None:
    """Loaders import graph.model, so a loader module named like one of its modules
    (``loaders/records.py`` beside ``graph/model/records.py``) is read as the other."""
    model_names = {p.stem for p in modules("graph/model")} - {"__init__"}
    loader_names = {p.stem for p in modules("loaders")} - {"__init__"}
    assert loader_names & model_names == set()


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


WRITES = {"setdefault", "update", "pop", "popitem", "clear", "__setitem__", "__delitem__"}


def _hidden_writes(path: Path) -> list[str]:
    """Writes into an object's ``__dict__`` or into ``sys.modules``: memos hidden in other
    objects, import tricks. Derived data has one home (graph/analytics/snapshot.py)."""

    def hidden(node: ast.AST) -> bool:
        if not isinstance(node, ast.Attribute):
            return False
        return node.attr == "__dict__" or (
            node.attr == "modules" and isinstance(node.value, ast.Name) and node.value.id == "sys"
        )

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
        written = [t.value for t in targets if isinstance(t, ast.Subscript)]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in WRITES:
                written.append(node.func.value)
        found += [f"{path}:{node.lineno}" for w in written if hidden(w)]
    return found


def test_nothing_is_written_into_dict_or_sys_modules() -> None:
    assert [w for folder in OURS for p in modules(folder) for w in _hidden_writes(p)] == []


def test_the_check_for_hidden_writes_finds_them(tmp_path: Path) -> None:
    sample = tmp_path / "memos.py"
    sample.write_text(
        "import sys\n"
        "def f(pf, index):\n"
        "    pf.__dict__['_memo'] = 1\n"
        "    index.__dict__.setdefault('_x', {})\n"
        "    sys.modules.update(dict.fromkeys(['pandas']))\n"
        "    del sys.modules['pandas']\n"
        "    return pf.__dict__.get('_memo'), sys.modules.get('pandas')\n",
        encoding="utf-8",
    )
    assert sorted(int(w.rsplit(":", 1)[1]) for w in _hidden_writes(sample)) == [3, 4, 5, 6]


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
