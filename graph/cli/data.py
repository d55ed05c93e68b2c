"""The data commands of ``python -m graph``: load, extract, stats, query, export, import."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from graph.cli.common import (
    JsonOpt,
    emit_json,
    err,
    fail,
    open_store,
    out,
    print_rows,
    progress_bar,
)
from graph.errors import InvalidRequest
from graph.io import registry

commands = typer.Typer()
# the --format choices, from the one list of formats in and out
Importable = StrEnum("Importable", [(f, f) for f in registry.IMPORTS])
Exportable = StrEnum("Exportable", [(f, f) for f in registry.EXPORTS])


@commands.command()
def load(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders.")] = None,
    fmt: Annotated[
        Importable | None, typer.Option("--format", help="Skip format detection.")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Reject a file on any error.")] = False,
    programme: Annotated[
        str | None,
        typer.Option(
            help="CORDIS framework programme (FP7, H2020, HORIZON) of files whose "
            "name and project ids do not tell it."
        ),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            help="FIELD=HEADER: the column of a grants list holding a template field "
            "(organisation, identifier, country, city, project, acronym, status, start, end, "
            "themes, place, role, funder, programme, amount, currency, date).",
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="FIELD=VALUE: a field the same for every row (currency=CZK)."),
    ] = None,
    preset: Annotated[
        Path | None, typer.Option(help="A grants-list preset (YAML) to read the file with.")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Load sources; with no path, the bundled seed corpus. Loading twice changes nothing.
    A grants list no preset knows loads with --column and --set."""
    from graph.io import ingest  # loaders and networkx: imported by the commands that use them

    mapping = ingest.grants_mapping(column, set_, preset)
    files = ingest.expand(paths or [])
    with open_store(quiet=json_out) as store, progress_bar(not json_out) as progress:
        loads = (
            [
                lambda p=p: ingest.load_file(
                    store, p, fmt and fmt.value, strict, progress, programme, mapping
                )
                for p in files
            ]
            if paths
            else [lambda: ingest.load_bundled(store, progress)]
        )
        reports, failed = ingest.load_and_prepare(store, loads, progress)
    if reports or not failed:
        _print_reports(reports, json_out)
    if failed:
        raise failed


def _print_reports(reports: list, json_out: bool) -> None:
    """What each load committed: on stdout (JSON or lines), issues on stderr."""
    from graph.io import ingest

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


@commands.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A document: text, markdown, PDF, DOCX or HTML.")],
    json_out: JsonOpt = False,
) -> None:
    """List the facts a document yields, with line, quote and confidence, without loading."""
    from graph.io import ingest

    if not file.is_file():
        fail(f"{file}: no such file")
    rows = ingest.extract(file)
    if json_out:
        emit_json(rows)
        return
    print_rows(rows, title=file.name)


@commands.command()
def stats(json_out: JsonOpt = False) -> None:
    """Counts per label and relationship type."""
    from graph.analytics import snapshot, summary

    with open_store(quiet=json_out) as store:  # counting relationships takes seconds at 50k
        counts = snapshot.cached(
            store.settings, summary.data_version(store), "counts", store.counts
        )
    if json_out:
        emit_json(counts)
        return
    out.print(f"store: {store.dialect.name}, database {store.database!r}", markup=False)
    print_rows([{"label": k, "nodes": v} for k, v in counts["nodes"].items()])
    print_rows([{"type": k, "relationships": v} for k, v in counts["relationships"].items()])


@commands.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    fmt: Annotated[
        Exportable, typer.Option("--format", help="The file's format.")
    ] = Exportable.json,
    network: Annotated[
        str, typer.Option(help="full graph, or the derived organisation partnership network")
    ] = "full",
) -> None:
    """Export the whole graph (or the partnership network) to a file."""
    from graph.io import export as exporter
    from graph.io import formats as export_formats

    _check_output(fmt.value, output)
    with open_store(quiet=True) as store:
        if network == "full":
            written = exporter.export(store, fmt.value, output)
        else:
            written = export_formats.export(store, fmt.value, output, network)
    err.print(f"wrote {written}", markup=False, highlight=False)


def _check_output(fmt: str, output: Path) -> None:
    """Refuse ``-o graph.csv`` for the two-file CSV export, or ``-o graph.kumu`` for Kumu's
    workbook, with a message saying which name to give (the registry says what each file is),
    before any work."""
    wanted = registry.EXPORTS[fmt]
    if wanted.suffixes and output.suffix.lower() not in wanted.suffixes:
        raise InvalidRequest(
            f"--format {fmt} writes {wanted.names}; {output.name!r} would mislabel it"
        )


@commands.command("import")
def import_(path: Path, json_out: JsonOpt = False) -> None:
    """Import a JSON export (lossless round trip); merges into the graph."""
    from graph.io import export as exporter

    with open_store(quiet=json_out) as store:
        written = exporter.import_json(store, path)
    if json_out:
        emit_json(written)
    else:
        out.print(f"{written['nodes']} nodes, {written['relationships']} relationships imported")


@commands.command()
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
    if limit is not None and limit < 1:
        fail(f"the row limit must be at least 1, not {limit}")
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
