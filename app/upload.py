"""Uploads: read a file a person gave us, report what is wrong before anything is written, then
load it in one transaction. No streamlit here, so the steps are testable with plain bytes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import LoadError
from graph.io import ingest
from graph.model import Issue, LoadResult
from graph.store import Store

MAX_BYTES = 50 * 1024 * 1024  # as .streamlit/config.toml's server.maxUploadSize says
SPREADSHEETS = {"csv", "tsv", "xlsx", "xls"}


def headers_and_rows(data: bytes, name: str, rows: int = 10) -> tuple[list[str], list[list[str]]]:
    """A spreadsheet's header and first rows, for the mapping step."""
    with _saved(data, name) as path:
        header, body = ingest.table_preview(path, rows)
    shown = [h or f"(column {i})" for i, h in enumerate(header, 1)]
    return shown, [(cells + [""] * len(shown))[: len(shown)] for cells in body]


def mapping(columns: dict[str, str], constants: dict[str, str]) -> ingest.Mapping:
    """The mapping a person chose: a column per field, and values for every row."""
    chosen = [f"{k}={v}" for k, v in columns.items() if v]
    given = [f"{k}={v}" for k, v in constants.items() if v]
    return ingest.grants_mapping(chosen, given) or ingest.Mapping()


def preview(checked: Checked, rows: int = 10) -> list[dict]:
    """The first grants a mapping reads, each with its row and that row's warnings."""
    if checked.result is None:
        return []
    said: dict[int, list[str]] = {}
    for issue in checked.issues:
        if issue.row is not None:
            said.setdefault(issue.row, []).append(issue.message)
    out = []
    for record in checked.result.records:
        if type(record).__name__ != "Project":
            continue
        row = int(record.sources[0].rsplit("row-", 1)[-1])
        warnings = "; ".join(said.get(row, []))
        out.append(
            {
                "row": row,
                "grant": record.name,
                "amount": record.amount,
                "currency": record.currency,
                "warnings": warnings,
            }
        )
        if len(out) == rows:
            break
    return out


def save_preset(chosen: ingest.Mapping, name: str) -> Path:
    return ingest.save_preset(chosen, name)


@dataclass
class Checked:
    """A read upload: its records and issues, or the one error that stopped it being read."""

    name: str
    format: str | None
    result: LoadResult | None = None
    error: str = ""
    issues: list[Issue] = field(default_factory=list)
    mapping: ingest.Mapping | None = None

    @property
    def mappable(self) -> bool:
        """A spreadsheet no loader recognised: its columns can be mapped by hand."""
        codes = {i.code for i in self.issues if i.severity == "error"}
        suffix = Path(self.name).suffix.lower().lstrip(".")
        return bool(codes & {"missing-column", "unknown-list"}) and suffix in SPREADSHEETS

    @property
    def loadable(self) -> bool:
        return self.result is not None and not self.error


@contextmanager
def _saved(data: bytes, name: str) -> Iterator[Path]:
    """The upload as a file under its own base name (loaders detect formats by name)."""
    safe = Path(name).name or "upload"
    with tempfile.TemporaryDirectory(prefix="graph-upload-") as folder:
        path = Path(folder) / safe
        path.write_bytes(data)
        yield path


def check(
    data: bytes,
    name: str,
    fmt: str | None = None,
    strict: bool = False,
    programme: str | None = None,
    mapping: ingest.Mapping | None = None,
    store: Store | None = None,
) -> Checked:
    """Read and validate an upload without writing anything (``programme`` for a CORDIS file
    that does not tell it, ``mapping`` for a grants list no preset knows); a document is read
    knowing the organisations already in ``store``, as the CLI reads it."""
    if len(data) > MAX_BYTES:
        return Checked(name, fmt, error=f"{name}: larger than {MAX_BYTES // 2**20} MB")
    with _saved(data, name) as path:
        try:
            names = ingest.names_for(store, path, fmt, mapping)
            fmt, result = ingest.read(
                path, fmt, programme=programme, mapping=mapping, known_names=names
            )
        except (ValueError, LoadError) as exc:
            return Checked(name, fmt, error=str(exc))
        except Exception as exc:  # a loader bug must not take the page down
            return Checked(name, fmt, error=f"{name}: could not be read ({exc})")
    checked = Checked(name, fmt, result, issues=result.issues, mapping=mapping)
    try:
        ingest.check(result, Path(name), strict)
    except LoadError as exc:
        checked.error = str(exc)
    return checked


def load(
    store: Store, checked: Checked, progress: Callable[[str, int, int], None] | None = None
) -> ingest.LoadReport:
    """Write a checked upload in one transaction (all of it, or nothing: LoadError), then
    derive the analytics' snapshot of the new data."""
    if not checked.loadable or checked.result is None or checked.format is None:
        raise LoadError(checked.error or f"{checked.name}: nothing to load")
    result, name, fmt = checked.result, Path(checked.name), checked.format

    def write() -> ingest.LoadReport:
        try:
            return ingest.write_result(store, result, name, fmt, progress)
        except ValueError as exc:
            raise LoadError(f"{checked.name}: {exc}; nothing was loaded") from exc

    reports, failed = ingest.load_and_prepare(store, [write], progress)
    if failed:
        raise failed
    return reports[0]
