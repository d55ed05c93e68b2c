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
from loaders.shared import guards
from loaders.shared.encoding import MixedEncoding, NotText, decode

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
    unit: str = "row"  # "line" for XML: issues then say "line 12", and "skipped" alone

    def error(self, err: ValueError, row: int | None = None, column: str | None = None) -> None:
        code = getattr(err, "code", "invalid-value")
        column = column or getattr(err, "column", None)
        said = f"{err}; row skipped" if self.unit == "row" else f"{err}; skipped"
        self.issues.append(Issue(code, said, self.file, row, column, unit=self.unit))

    def lenient(self, err: ValueError, row: int | None = None, column: str | None = None) -> None:
        """An optional cell that cannot be read: a warning, the field left empty, the row kept
        (an error under ``--strict``)."""
        code = getattr(err, "code", "invalid-value")
        column = column or getattr(err, "column", None)
        self.issues.append(
            Issue(
                code, f"{err}; left empty", self.file, row, column, severity="warning", strict=True
            )
        )

    def warn(self, code: str, message: str, row: int | None = None, column: str | None = None):
        self.issues.append(
            Issue(code, message, self.file, row, column, severity="warning", unit=self.unit)
        )

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


# What a spreadsheet or CSV file may hold; beyond these it is refused, before it costs memory.
MAX_ROWS = 500_000
MAX_COLUMNS = 500
MAX_CELL = 100_000  # characters
csv.field_size_limit(MAX_CELL)


def read_text(path: Path) -> str:
    """The file's text: UTF-8 if it is, else the detected encoding (cp1251, UTF-16 and others)."""
    data = path.read_bytes()
    if not data.strip():
        raise FileRejected("the file is empty", "empty-file")
    if problem := guards.stray_nul(data):
        raise FileRejected(problem, "nul-byte")
    try:
        decoded = decode(data)[0]
    except MixedEncoding as exc:
        raise FileRejected(str(exc), "mixed-encoding") from None
    except NotText as exc:
        raise FileRejected(str(exc), "unknown-encoding") from None
    if "\x00" in decoded:
        raise FileRejected("binary content, not a text (CSV) file", "not-text")
    return decoded  # control characters are taken out of the records (loaders.shared.scrub)


def csv_table(path: Path, delimiter: str | None = None) -> Table:
    text_ = read_text(path)
    first = text_.split("\n", 1)[0]
    delim = delimiter or max(";,\t|", key=first.count)
    total = text_.count("\n")
    if total > MAX_ROWS:
        raise FileRejected(f"more than {MAX_ROWS} rows; split the file", "too-many-rows")
    # Tab-separated exports often write quotes inside names unescaped ("Zora-ES" EOOD): when
    # every line splits into as many cells as the header, quotes are read as text.
    plain = delim == "\t" and _even_tabs(text_)
    reader = csv.reader(
        io.StringIO(text_, newline=""),
        delimiter=delim,
        strict=not plain,
        quoting=csv.QUOTE_NONE if plain else csv.QUOTE_MINIMAL,
    )
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise FileRejected(f"line 1: no header row ({_csv_problem(exc)})", "no-header") from None
    if len(header) > MAX_COLUMNS:
        raise FileRejected(f"more than {MAX_COLUMNS} columns", "too-many-columns")

    def rows() -> Iterator[tuple[int, list[Any]]]:
        start = reader.line_num + 1
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise FileRejected(f"line {start}: {_csv_problem(exc)}", "malformed-csv") from None

    return Table(path.name, [h.strip() for h in header], rows(), total)


def _even_tabs(text_: str) -> bool:
    lines = [line for line in text_.splitlines() if line.strip()]
    return len({line.count("\t") for line in lines}) == 1


def _csv_problem(exc: Exception) -> str:
    """The csv module's complaint in words a person can act on."""
    message = str(exc)
    if "field larger than field limit" in message:
        return f"a cell is longer than {MAX_CELL} characters"
    if "unexpected end of data" in message:
        return 'a quoted cell is never closed (a stray " in the file?)'
    return message


def xlsx_tables(path: Path, max_rows: int = MAX_ROWS) -> list[Table]:
    """Every non-empty sheet of a workbook; the first non-empty row is the header.

    Streamed, ignoring the size a sheet declares (a tiny file may claim a million rows of
    16,384 columns): at most ``max_rows`` rows of ``MAX_COLUMNS`` columns are read, a sheet with
    more is refused, and trailing empty cells are dropped.
    """
    from openpyxl import load_workbook

    if problem := guards.unpacks_too_large(path):
        raise FileRejected(problem, "zip-bomb")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        if path.stat().st_size == 0:
            raise FileRejected("the file is empty", "empty-file") from None
        raise _not_xlsx(exc) from None
    tables = []
    try:
        for sheet in book.worksheets:
            rows = _sheet_rows(sheet, max_rows)
            if rows:
                header = [text(c) or "" for c in rows[0][1]]
                tables.append(Table(sheet.title, header, iter(rows[1:]), len(rows) - 1))
    except (KeyError, OSError, ValueError, SyntaxError) as exc:  # a damaged or hostile sheet
        if isinstance(exc, FileRejected):
            raise
        raise _not_xlsx(exc) from None
    finally:
        book.close()
    if not tables:
        raise FileRejected("the workbook has no data", "empty-file")
    return tables


def _sheet_rows(sheet: Any, max_rows: int) -> list[tuple[int, list[Any]]]:
    # Without the declared dimension, openpyxl pads no row: a missing row comes as (), a row
    # as wide as its last cell.
    sheet.reset_dimensions()
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        row = list(values)
        while row and blank(row[-1]):
            row.pop()
        if not row:
            continue
        if len(row) > MAX_COLUMNS:
            raise FileRejected(
                f"sheet {sheet.title!r} row {number}: more than {MAX_COLUMNS} columns",
                "too-many-columns",
            )
        if len(rows) == max_rows:
            if max_rows < MAX_ROWS:
                break  # a sample was asked for
            raise FileRejected(
                f"sheet {sheet.title!r}: more than {MAX_ROWS} rows; split the file", "too-many-rows"
            )
        for value in row:
            if isinstance(value, str):
                _check_cell(value, sheet.title, number)
        rows.append((number, row))
    return rows


def _check_cell(value: str, sheet: str, row: int) -> None:
    if len(value) > MAX_CELL:
        raise FileRejected(
            f"sheet {sheet!r} row {row}: a cell is longer than {MAX_CELL} characters",
            "cell-too-long",
        )


def _not_xlsx(exc: Exception) -> FileRejected:
    """One line, whatever the XML or zip library said (an XXE refusal spans three)."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return FileRejected(f"not a readable XLSX workbook ({first})", "not-xlsx")


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
    try:
        tables = xlsx_tables(path, max_rows=1)
    except (FileRejected, OSError):
        return []
    return tables[0].header if tables else []


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
