"""The command line, ``python -m graph``: a thin layer over graph/ with a stable JSON contract.

Errors become one line on stderr and a non-zero exit; with ``--json`` stdout holds only JSON.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from graph import embedded
from graph.config import Settings
from graph.errors import GraphError
from graph.store import Store

app = typer.Typer(
    help="Partner and network graph explorer for civil-society funding.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
server_app = typer.Typer(help="The embedded Bolt server (used when NEO4J_URI is not set).")
app.add_typer(server_app, name="server")

err = Console(stderr=True, soft_wrap=True)  # one message, one line, whatever the width
out = Console(soft_wrap=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only (for scripts).")]


def fail(message: str, code: int = 1) -> None:
    err.print(f"error: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


@contextmanager
def open_store(quiet: bool = False) -> Iterator[Store]:
    """A store for one command; says so when the embedded server has to start first."""
    settings = Settings.from_env()

    def notify(msg: str) -> None:
        if not quiet:
            err.print(msg, markup=False, highlight=False)

    store = Store(settings, notify=notify)
    try:
        yield store
    finally:
        store.close()


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_rows(rows: list[dict[str, Any]], title: str | None = None) -> None:
    """Rows as a table; source text is shown as text, never read as rich markup."""
    table = Table(title=Text(title) if title else None)
    columns = list(rows[0]) if rows else []
    for col in columns:
        table.add_column(Text(str(col)))
    for row in rows:
        table.add_row(*(Text(_cell(row.get(c))) for c in columns))
    out.print(table)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.2f}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on stderr, fed by (stage, done, total) callbacks."""
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


# --- server -------------------------------------------------------------------------------


@server_app.command("start")
def server_start(json_out: JsonOpt = False) -> None:
    """Start the embedded server (or find the running one)."""
    settings = Settings.from_env()
    if not settings.embedded:
        fail("NEO4J_URI is set: the embedded server is not used")
    info = embedded.ensure_running(settings, notify=lambda m: err.print(m, markup=False))
    _print_server(info, settings, json_out)


@server_app.command("stop")
def server_stop(json_out: JsonOpt = False) -> None:
    """Stop the embedded server cleanly."""
    stopped = embedded.stop(Settings.from_env())
    if json_out:
        emit_json({"stopped": stopped})
    else:
        out.print("stopped" if stopped else "not running")


@server_app.command("status")
def server_status(json_out: JsonOpt = False) -> None:
    """Is the embedded server running, and where? Exit code 3 when it is not."""
    settings = Settings.from_env()
    info = embedded.status(settings)
    if info is None:
        if json_out:
            emit_json({"running": False, "data_dir": str(settings.data_dir)})
        else:
            out.print(f"not running (data in {settings.data_dir})")
        raise typer.Exit(3)
    _print_server(info, settings, json_out)


def _print_server(info: embedded.ServerInfo, settings: Settings, json_out: bool) -> None:
    data = {
        "running": True,
        "pid": info.pid,
        "uri": info.uri,
        "database": info.database,
        "data_dir": str(settings.data_dir),
    }
    if json_out:
        emit_json(data)
    else:
        out.print(f"running: {info.uri} (pid {info.pid}, database {info.database!r})")
        out.print(f"data: {settings.data_dir}")


# --- data ---------------------------------------------------------------------------------


@app.command()
def load(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="Skip format detection.")] = None,
    strict: Annotated[bool, typer.Option(help="Reject a file on any error.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Load sources; with no path, the bundled seed corpus. Loading twice changes nothing."""
    from graph import ingest

    with open_store(quiet=json_out) as store, progress_bar(not json_out) as progress:
        if not paths:
            reports = [ingest.load_bundled(store, progress)]
        else:
            reports = [
                ingest.load_file(store, p, fmt, strict, progress) for p in ingest.expand(paths)
            ]
    if json_out:
        emit_json([ingest.report_dict(r) for r in reports])
        return
    for r in reports:
        out.print(
            f"{r.file}: {r.nodes} nodes, {r.relationships} relationships"
            + (f", {r.skipped_rows} rows skipped" if r.skipped_rows else ""),
            markup=False,
        )
        for note in r.notes:
            out.print(f"  {note}", markup=False)
        for issue in r.issues[:20]:
            err.print(f"  {issue.severity}: {issue}", markup=False, highlight=False)
        if len(r.issues) > 20:
            err.print(f"  … and {len(r.issues) - 20} more issues")


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A document: text, markdown, PDF, DOCX or HTML.")],
    json_out: JsonOpt = False,
) -> None:
    """List the facts a document yields, with line, quote and confidence, without loading."""
    from loaders import document

    if not file.is_file():
        fail(f"{file}: no such file")
    rows = document.explain(file)
    if json_out:
        emit_json(rows)
        return
    print_rows(rows, title=file.name)


@app.command()
def stats(json_out: JsonOpt = False) -> None:
    """Counts per label and relationship type."""
    with open_store(quiet=json_out) as store:
        counts = store.counts()
    if json_out:
        emit_json(counts)
        return
    out.print(f"store: {store.dialect.name}, database {store.database!r}", markup=False)
    print_rows([{"label": k, "nodes": v} for k, v in counts["nodes"].items()])
    print_rows([{"type": k, "relationships": v} for k, v in counts["relationships"].items()])


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="json|graphml|gexf|csv|kumu")] = "json",
    network: Annotated[
        str, typer.Option(help="full graph, or the derived organisation partnership network")
    ] = "full",
) -> None:
    """Export the whole graph (or the partnership network) to a file."""
    from graph import export as exporter
    from graph import export_formats

    with open_store(quiet=True) as store:
        if network == "full":
            written = exporter.export(store, fmt, output)
        else:
            written = export_formats.export(store, fmt, output, network)
    err.print(f"wrote {written}", markup=False, highlight=False)


@app.command("import")
def import_(path: Path, json_out: JsonOpt = False) -> None:
    """Import a JSON export (lossless round trip); merges into the graph."""
    from graph import export as exporter

    with open_store(quiet=json_out) as store:
        written = exporter.import_json(store, path)
    if json_out:
        emit_json(written)
    else:
        out.print(f"{written['nodes']} nodes, {written['relationships']} relationships imported")


@app.command()
def query(
    cypher_text: Annotated[str, typer.Argument(metavar="CYPHER")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", help="k=v; v is parsed as JSON if it can be."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Maximum rows.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Run a read-only Cypher query; a statement that writes is refused."""
    params = dict(_parse_param(p) for p in param or [])
    with open_store(quiet=json_out) as store:
        rows, more = store.run_user_query(cypher_text, params, limit)
    if json_out:
        emit_json(rows)
    else:
        print_rows(rows)
    if more:
        err.print(f"(stopped at {len(rows)} rows; use --limit)", markup=False)


def _parse_param(text: str) -> tuple[str, Any]:
    if "=" not in text:
        fail(f"--param expects k=v, got {text!r}")
    key, raw = text.split("=", 1)
    try:
        return key, json.loads(raw)
    except json.JSONDecodeError:
        return key, raw


from graph import cli_analytics  # noqa: E402, F401  (registers centrality, communities, partners, flows)


def main() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        app()
    except GraphError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)
    except Exception as exc:  # the edge: one line for a person, never a traceback
        err.print(f"error: {type(exc).__name__}: {exc}", markup=False, highlight=False)
        sys.exit(2)
