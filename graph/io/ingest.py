"""Loading sources into the store: read, validate, resolve, then write each file atomically.

The one place in graph/ that calls loaders/: the CLI and the app read files through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graph.analytics import prepared
from graph.errors import (
    ConnectionLost,
    GraphError,
    LoadError,
    PartlyWritten,
    StoreUnavailable,
    WriteConflict,
)
from graph.io import rekey, resolve, review
from graph.model import Issue, Label, LoadResult
from graph.store import Store, planner
from loaders import bundled, document, grants_list, registry
from loaders.cordis.frameworks import PROGRAMMES
from loaders.grants_list import Mapping
from loaders.shared import curation, sheets

Progress = Callable[[str, int, int], None]  # (stage, done, total)
CORDIS_PROGRAMMES = tuple(PROGRAMMES)  # what --programme takes
GRANT_FIELDS = grants_list.FIELDS  # what --column and --set name


@dataclass
class LoadReport:
    """What happened to one file: counts written and every issue, for the CLI and the app."""

    file: str
    format: str
    nodes: int = 0
    relationships: int = 0
    skipped_rows: int = 0
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the files inside folders named (sorted, hidden files left out)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith(".")
            )
        elif path.exists():
            out.append(path)
        else:
            raise LoadError(f"{path}: no such file or folder")
    return out


def check(result: LoadResult, path: Path, strict: bool) -> None:
    """Reject the whole file when it could not be read, or on any error in strict mode."""
    errors = result.errors
    if errors and not result.records:
        raise LoadError(f"{path.name}: {errors[0].message}", result.issues)
    errors += [i for i in result.issues if i.strict and i.severity != "error"]
    if strict and errors:
        raise LoadError(
            f"{path.name}: {len(errors)} error(s), first: {errors[0]} (strict: nothing loaded)",
            result.issues,
        )


def write_result(
    store: Store,
    result: LoadResult,
    path: Path,
    fmt: str,
    progress: Progress | None = None,
) -> LoadReport:
    """Resolve a checked result against the graph and write it (store/writer.py)."""
    resolution = resolve.resolve_report(result.records, store)
    decisions = review.Decisions.read(store.settings.reviews_path)
    records, moved = rekey.canonical(resolution, store, decisions.retired)
    records = review.replay(records, decisions)
    report = LoadReport(file=path.name, format=fmt, issues=result.issues)
    report.skipped_rows = len({i.row for i in result.errors if i.row is not None})
    report.notes.extend(result.notes)
    report.notes.append(resolution.summary())
    report.issues = report.issues + resolve.review_issues(resolution, path.name)
    source = _source(path, fmt, len(records))
    try:
        written = _write(store, records, source if records else None, progress, moved)
    except ConnectionLost as exc:
        written = _after_lost_connection(store, records, source, exc, path, result)
        report.notes.append(
            "the connection to the graph server was lost after the commit; the store "
            "confirms this load (its SourceFile)"
        )
    except (StoreUnavailable, WriteConflict, PartlyWritten) as exc:
        raise LoadError(f"{path.name}: {exc}", result.issues) from exc
    report.nodes, report.relationships = written["nodes"], written["relationships"]
    return report


def _source(path: Path, fmt: str, records: int) -> dict:
    """The SourceFile of one load; ``loaded_at`` (to the microsecond) tells this load apart."""
    return {
        "id": f"{fmt}:{path.name}",
        "name": path.name,
        "format": fmt,
        "records": records,
        "loaded_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
    }


def _after_lost_connection(
    store: Store, records: list, source: dict, lost: ConnectionLost, path: Path, result: LoadResult
) -> dict[str, int]:
    """What a write that lost its server committed, asked of the store (restarted if need be):
    the counts when this load's SourceFile is there; else a LoadError saying what is known."""
    failed = f"{path.name}: {lost}"
    try:
        with Store(store.settings) as fresh:
            found = [s for s in fresh.source_files() if s["id"] == source["id"]]
    except GraphError as exc:
        raise LoadError(
            f"{failed}, and the store cannot be asked what was written ({exc}); load the file "
            "again when it answers (loading twice changes nothing)",
            result.issues,
        ) from exc
    if records and found and found[0]["loaded_at"] == source["loaded_at"]:
        plan = planner.fold(records)
        return {"nodes": plan.node_count, "relationships": plan.rel_count}
    if lost.committed:
        raise LoadError(
            f"{failed}; {lost.committed} records were committed before it, the rest not: load "
            "the file again to finish it (loading twice changes nothing)",
            result.issues,
        )
    raise LoadError(f"{failed}; nothing was written", result.issues)


def _write(
    store: Store,
    records: list,
    source: dict | None,
    progress: Progress | None,
    moved: list[str],
) -> dict[str, int]:
    """Write the records and, when there are any, the SourceFile that says where they came from."""
    return store.write(
        records,
        source=source,
        progress=(lambda d, t: progress("write", d, t)) if progress else None,
        deletes=moved,
    )


def load_file(
    store: Store,
    path: Path,
    fmt: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    programme: str | None = None,
    mapping: Mapping | None = None,
) -> LoadReport:
    """Load one file: all of its accepted records, or nothing (LoadError). ``programme`` names
    the framework programme of CORDIS files that do not tell it themselves; ``mapping`` reads
    the file as a grants list (see :func:`grants_mapping`). A document is read knowing the
    organisations already in the store (:func:`organisation_names`)."""
    names = names_for(store, path, fmt, mapping)
    fmt, result = read(path, fmt, progress, programme, mapping, names)
    check(result, path, strict)
    try:
        return write_result(store, result, path, fmt, progress)
    except ValueError as exc:
        raise LoadError(f"{path.name}: {exc}; nothing was loaded", result.issues) from exc


def names_for(
    store: Store | None, path: Path, fmt: str | None = None, mapping: Mapping | None = None
) -> list[str]:
    """The organisation names a file is read with: the store's (:func:`organisation_names`)
    for a document, none for other formats, which state their organisations in fields."""
    if store is None or not _is_document(path, fmt, mapping):
        return []
    return organisation_names(store)


def organisation_names(store: Store) -> list[str]:
    """The names and aliases of the organisations in the store: the loaded CORDIS, IATI and
    grants lists teach the document reader the names it cannot tell from their shape."""
    out: list[str] = []
    for row in store.resolution_candidates([Label.ORGANISATION]):
        out += [n for n in [row.get("name"), *(row.get("aliases") or [])] if n]
    return out


def _is_document(path: Path, fmt: str | None, mapping: Mapping | None) -> bool:
    if mapping:
        return False
    try:
        return (fmt or registry.detect(path)) == "document"
    except ValueError:  # read() says what is wrong with the file
        return False


def read(
    path: Path,
    fmt: str | None = None,
    progress: Progress | None = None,
    programme: str | None = None,
    mapping: Mapping | None = None,
    known_names: Iterable[str] = (),
) -> tuple[str, LoadResult]:
    """The format of ``path`` (detected unless given) and what its loader read, unwritten;
    ``known_names`` are organisation names a document is read with."""
    try:
        fmt = fmt or ("grants" if mapping else registry.detect(path))
        tick = (lambda d, t: progress("read", d, t)) if progress else None
        return fmt, registry.load(
            path,
            fmt,
            progress=tick,
            programme=programme,
            mapping=mapping,
            known_names=list(known_names) or None,
        )
    except ValueError as exc:  # a reader's refusal, raised while its rows were being read
        message = (str(exc).strip().splitlines() or ["unreadable"])[0]
        prefix = "" if message.startswith(path.name) else f"{path.name}: "
        raise LoadError(f"{prefix}{message}") from exc
    except RecursionError as exc:  # a JSON or XML document nested thousands deep
        raise LoadError(f"{path.name}: nested too deeply to read; nothing was loaded") from exc


def grants_mapping(
    columns: list[str] | None = None, constants: list[str] | None = None, preset: Path | None = None
) -> Mapping | None:
    """The mapping a person gave for a grants list: a preset file, ``FIELD=HEADER`` columns
    and ``FIELD=VALUE`` constants (these over the preset's); None when they gave none."""
    if not (columns or constants or preset):
        return None
    try:
        base = grants_list.Mapping.read(preset) if preset else grants_list.Mapping()
        given = grants_list.from_options(columns or [], constants or [], base.name)
    except (OSError, ValueError) as exc:
        raise LoadError(str(exc)) from exc
    base.columns.update(given.columns)
    base.constants.update(given.constants)
    return base


def table_preview(path: Path, rows: int = 10) -> tuple[list[str], list[list[str]]]:
    """The header and first rows of a spreadsheet, for a person mapping its columns."""
    try:
        table = sheets.first_table(path)
    except ValueError as exc:
        raise LoadError(f"{path.name}: {exc}") from exc
    body = [["" if c is None else str(c) for c in cells] for _, cells in table.rows][:rows]
    return table.header, body


def save_preset(mapping: Mapping, name: str, folder: Path = grants_list.PRESETS) -> Path:
    """Write a mapping as a preset, recognised from then on by the headers it maps."""
    slug = "-".join(grants_list.normalise(name).split()) or "preset"
    mapping.name = name
    mapping.header = sorted(
        h for h in mapping.columns.values() if isinstance(h, str) and "{" not in h
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yaml"
    path.write_text(mapping.to_yaml(), encoding="utf-8")
    return path


def extract(path: Path) -> list[dict]:
    """The facts a document yields, with line and quote, without loading anything."""
    return document.explain(path)


def load_bundled(store: Store, progress: Progress | None = None) -> LoadReport:
    """The seed corpus shipped in data/ (facts with their locators, and the curation)."""
    result = bundled.load()
    return write_result(store, result, Path("bundled-seed-corpus"), "bundled", progress)


def load_and_prepare(
    store: Store, loads: Iterable[Callable[[], LoadReport]], progress: Progress | None = None
) -> tuple[list[LoadReport], GraphError | None]:
    """Each load in turn (each its own transaction), then, when any wrote something, the
    analytics prepared for the new data (:func:`graph.analytics.prepared.prepare`), its notes
    added to the last report: the one sequence of the CLI's ``load``, the Data page's upload
    and the app's first start. A load that fails stops the rest; its error is returned beside
    the reports of the loads before it, which are committed. The analytics are a cache: when
    they cannot be prepared, a note says so and the next reader makes them."""
    reports: list[LoadReport] = []
    failed = None
    try:
        for load in loads:
            reports.append(load())
    except GraphError as exc:
        failed = exc
    if any(r.nodes or r.relationships for r in reports):
        try:
            reports[-1].notes.extend(prepared.prepare(store, progress))
        except GraphError as exc:
            reports[-1].notes.append(f"analytics not prepared ({exc}); the next reader will")
    return reports, failed


def document_titles() -> dict[str, str]:
    """Titles of the bundled documents by file name (their names are hashes), for people."""
    return {**curation.load().titles, curation.CURATION_PATH.name: "reviewed facts (curation)"}


def report_dict(report: LoadReport) -> dict:
    """A report as plain JSON data (issues as objects with file, row, column, code, message)."""
    data = asdict(report)
    data["issues"] = [asdict(i) for i in report.issues]
    return data
