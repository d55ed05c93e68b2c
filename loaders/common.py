"""Reading and checking cells shared by the open-data loaders (tabular, 360Giving, CORDIS, IATI).

Values are parsed by graph.model.values; a cell that cannot be used raises ``BadValue`` (or
``CellError``: a kebab-case code and a message), which the loader turns into an ``Issue``
naming file, row and column, skipping the row. A file that cannot be read at all raises
``FileRejected`` and becomes a result with one error and no records. Tabular formats declare
their columns as data (:class:`Column`).

>>> from graph.model.values import amount_from
>>> checked(amount_from, "-5", "amount")
Traceback (most recent call last):
...
graph.model.values.BadValue: negative amount -5.00
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import Issue, LoadResult, normalise
from graph.model.values import BadValue, NumberFormat, last_day, number_format
from loaders.encoding import NotText, decode

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 1000
csv.field_size_limit(10_000_000)


class CellError(BadValue):
    """One cell is unusable; ``code`` is the kebab-case issue code."""


class FileRejected(ValueError):
    """The whole file is unusable (empty, binary, wrong structure)."""

    def __init__(self, message: str, code: str = "unreadable-file") -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Report:
    """Collects the issues of one file, so a loader can list every problem instead of stopping."""

    file: str
    issues: list[Issue] = field(default_factory=list)

    def error(self, err: ValueError, row: int | None = None, column: str | None = None) -> None:
        code = getattr(err, "code", "invalid-value")
        column = column or getattr(err, "column", None)
        self.issues.append(Issue(code, f"{err}; row skipped", self.file, row, column))

    def warn(self, code: str, message: str, row: int | None = None, column: str | None = None):
        self.issues.append(Issue(code, message, self.file, row, column, severity="warning"))

    def result(self, records: list) -> LoadResult:
        return LoadResult(records=records, issues=self.issues, source=self.file)


def rejected(path: Path, err: FileRejected) -> LoadResult:
    """The result for a file that could not be read at all: no records, one error."""
    return LoadResult(issues=[Issue(err.code, str(err), path.name)], source=path.name)


# --- cells -----------------------------------------------------------------------------------


def blank(value: Any) -> bool:
    return (
        value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""
    )


def text(value: Any) -> str | None:
    """A cell as stripped text, or None when empty."""
    return None if blank(value) else str(value).strip()


@dataclass(frozen=True)
class Column:
    """One column of a tabular format, as data: its name, the headers that spell it, whether
    a file must have it, whether its cells are numbers (read under one convention, passed to
    ``parse`` as its second argument) and the parser that checks a cell."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    number: bool = False
    parse: Callable[..., Any] | None = None


def columns_table(columns: list[Column]) -> dict[str, str]:
    """Normalised header -> column name."""
    return alias_table({c.name: list(c.aliases) for c in columns})


def number_formats(
    rows: list[tuple[int, list[Any]]], cols: dict[str, int], spec: list[Column]
) -> dict[str, NumberFormat | None]:
    """The number convention of each numeric column, decided from all of its cells."""
    return {
        c.name: number_format(cell(cells, cols, c.name) for _, cells in rows)
        for c in spec
        if c.number and c.name in cols
    }


# --- tables ----------------------------------------------------------------------------------


@dataclass
class Table:
    """A sheet or CSV file: its header and rows numbered as a person sees them (header = 1)."""

    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    total: int


def read_text(path: Path) -> str:
    """The file's text: UTF-8 if it is, else the detected encoding (cp1251 and others)."""
    data = path.read_bytes()
    if not data.strip():
        raise FileRejected("the file is empty", "empty-file")
    if b"\x00" in data[:65536]:
        raise FileRejected("binary content, not a text (CSV) file", "not-text")
    try:
        return decode(data)[0]
    except NotText as exc:
        raise FileRejected(str(exc), "unknown-encoding") from None


def csv_table(path: Path, delimiter: str | None = None) -> Table:
    text_ = read_text(path)
    first = text_.split("\n", 1)[0]
    delim = delimiter or max(";,\t|", key=first.count)
    total = text_.count("\n")
    reader = csv.reader(io.StringIO(text_, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise FileRejected(f"no header row ({exc})", "no-header") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield reader.line_num, cells
        except csv.Error as exc:
            raise FileRejected(f"line {reader.line_num}: {exc}", "malformed-csv") from None

    return Table(path.name, [h.strip() for h in header], rows(), total)


def xlsx_tables(path: Path) -> list[Table]:
    """Every non-empty sheet of a workbook; the first non-empty row is the header."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        if path.stat().st_size == 0:
            raise FileRejected("the file is empty", "empty-file") from None
        raise FileRejected(f"not a readable XLSX workbook ({exc})", "not-xlsx") from None
    tables = []
    for sheet in book.worksheets:
        rows = [(i, list(r)) for i, r in enumerate(sheet.iter_rows(values_only=True), 1)]
        rows = [(i, r) for i, r in rows if any(not blank(c) for c in r)]
        if not rows:
            continue
        header = [text(c) or "" for c in rows[0][1]]
        tables.append(Table(sheet.title, header, iter(rows[1:]), len(rows) - 1))
    book.close()
    if not tables:
        raise FileRejected("the workbook has no data", "empty-file")
    return tables


def peek_header(path: Path) -> list[str]:
    """The header row of a CSV or XLSX file from a small read, for ``detect``: the first line
    of a CSV file, the first non-empty row of a workbook's first sheet ([] when unreadable)."""
    if path.suffix.lower() == ".xlsx":
        return _xlsx_header(path)
    with path.open("rb") as fh:
        data = fh.read(65536)
    if b"\x00" not in data and b"\n" in data:  # one whole line, so UTF-8 is not cut
        data = data[: data.index(b"\n") + 1]
    try:
        first = decode(data)[0].lstrip("\ufeff").split("\n", 1)[0].strip("\r")
    except NotText:
        return []
    delim = max(";,\t|", key=first.count)
    return [h.strip() for h in next(csv.reader([first], delimiter=delim), [])]


def _xlsx_header(path: Path) -> list[str]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return []
    try:
        for row in book.worksheets[0].iter_rows(values_only=True, max_row=50):
            if any(not blank(c) for c in row):
                return [text(c) or "" for c in row]
    finally:
        book.close()
    return []


def column_map(header: list[str], aliases: dict[str, str]) -> dict[str, int]:
    """Canonical column name -> index, matching headers by their normalised form."""
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        canon = aliases.get(normalise(name))
        if canon and canon not in found:
            found[canon] = i
    return found


def alias_table(columns: dict[str, list[str]]) -> dict[str, str]:
    """Normalised header -> canonical name, from canonical -> accepted spellings."""
    return {
        normalise(a): canon for canon, spellings in columns.items() for a in [canon, *spellings]
    }


def cell(cells: list[Any], columns: dict[str, int], name: str) -> Any:
    i = columns.get(name)
    return cells[i] if i is not None and i < len(cells) else None


def checked(parse: Callable[..., Any], value: Any, column: str, *args: Any) -> Any:
    """``parse(value, *args)``, with the column named on failure."""
    try:
        return parse(value, *args)
    except BadValue as err:
        err.column = column
        raise


def check_period(start: str | None, end: str | None, column: str = "end") -> None:
    """Refuse an end before the start (partial dates compared by the last day they can mean)."""
    if start and end and (last_day(end) or dt.date.max) < (last_day(start) or dt.date.min):
        raise CellError(f"end {end} is before start {start}", "end-before-start", column)


def required(cells: list[Any], columns: dict[str, int], name: str) -> str:
    value = text(cell(cells, columns, name))
    if value is None:
        raise CellError(f"{name} is empty", "missing-value", name)
    return value


def tick(progress: Progress | None, done: int, total: int) -> None:
    if progress and (done % PROGRESS_EVERY == 0 or done == total):
        progress(done, total)
