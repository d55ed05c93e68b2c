"""Reading and checking cells shared by the open-data loaders (tabular, 360Giving, CORDIS, IATI).

A cell that cannot be used raises ``CellError`` (a kebab-case code and a message); the loader
turns it into an ``Issue`` naming file, row and column and skips the row. A file that cannot be
read at all raises ``FileRejected`` and becomes a result with one error and no records.

>>> parse_amount("1 234,56")
1234.56
>>> parse_date("05.03.2021")
'2021-03-05'
>>> parse_date("31.02.2020")
Traceback (most recent call last):
...
loaders.common.CellError: 31.02.2020 is not a real date
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import Issue, LoadResult, normalise
from graph.model.values import known_currency
from loaders.encoding import MixedEncoding, NotText, decode

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 1000


class CellError(ValueError):
    """One cell is unusable; ``code`` is the kebab-case issue code."""

    def __init__(self, message: str, code: str = "invalid-value", column: str | None = None):
        super().__init__(message)
        self.code = code
        self.column = column


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

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def blank(value: Any) -> bool:
    return (
        value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""
    )


def text(value: Any) -> str | None:
    """A cell as stripped text, or None when empty."""
    return None if blank(value) else str(value).strip()


def parse_amount(value: Any) -> float:
    """A money amount: spreadsheet numbers, ``1 234,56``, ``1,234.56``, ``491873,75``.

    Rounded to cents, which also removes binary noise such as ``41133.770000000004``.
    """
    if isinstance(value, bool):
        raise CellError(f"{value!r} is not an amount", "not-a-number")
    if isinstance(value, int | float):
        return _plausible(float(value), value)
    raw = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    if "," in raw and "." in raw:
        raw = raw.replace(",", "") if raw.rfind(".") > raw.rfind(",") else _swap(raw)
    elif raw.count(",") == 1 and len(raw.split(",")[1]) != 3:
        raw = raw.replace(",", ".")
    elif "," in raw:
        raw = raw.replace(",", "")
    if not _NUMBER.match(raw):
        raise CellError(f"{str(value).strip()!r} is not a number", "not-a-number")
    return _plausible(float(raw), value)


MAX_AMOUNT = 1e13  # ten trillion: more than any grant; beyond it a float also loses cents


def _plausible(amount: float, value: Any) -> float:
    """Refuse NaN, infinities and amounts no grant reaches (such as 400 nines)."""
    if not math.isfinite(amount) or abs(amount) >= MAX_AMOUNT:
        shown = str(value).strip()
        shown = shown if len(shown) <= 24 else f"{shown[:20]}… ({len(shown)} characters)"
        raise CellError(f"{shown!r} is not a plausible amount", "implausible-amount")
    return round(amount, 2)


def _swap(raw: str) -> str:
    return raw.replace(".", "").replace(",", ".")


def parse_positive_amount(value: Any) -> float:
    amount = parse_amount(value)
    if amount < 0:
        raise CellError(f"negative amount {amount:g}", "negative-amount")
    return amount


_DATE_FORMATS = [
    (re.compile(r"^\d{4}-\d{1,2}-\d{1,2}"), "%Y-%m-%d"),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}"), "%d.%m.%Y"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4}"), "%d/%m/%Y"),
]


def parse_date(value: Any) -> str:
    """An ISO date from a date cell or ``YYYY-MM-DD``, ``DD.MM.YYYY``, ``DD/MM/YYYY``, ``YYYY``."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raw = str(value).strip()
    if re.fullmatch(r"\d{4}(-\d{2})?", raw):
        if len(raw) == 7 and not 1 <= int(raw[5:]) <= 12:
            raise CellError(f"{raw} is not a real date", "invalid-date")
        return raw
    for pattern, fmt in _DATE_FORMATS:
        found = pattern.match(raw)
        if found:
            try:
                return dt.datetime.strptime(found.group(0), fmt).date().isoformat()
            except ValueError:
                raise CellError(f"{raw} is not a real date", "invalid-date") from None
    raise CellError(f"{raw!r} is not a date (use YYYY-MM-DD or DD.MM.YYYY)", "invalid-date")


def parse_currency(value: Any) -> str:
    code = str(value).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code) or not known_currency(code):
        raise CellError(f"unknown currency code {str(value).strip()!r}", "unknown-currency")
    return code


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
# C0 and C1 control characters other than tab and line ends: they break XML exports.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
csv.field_size_limit(MAX_CELL)


def clean_text(text_: str) -> str:
    """``text_`` if it holds no control characters; refused, with the line, if it does."""
    found = _CONTROL.search(text_)
    if found:
        line = text_.count("\n", 0, found.start()) + 1
        raise FileRejected(
            f"line {line}: control character U+{ord(found.group()):04X}; remove it and load again",
            "control-character",
        )
    return text_


def read_text(path: Path) -> str:
    """The file's text: UTF-8 if it is, else the detected encoding (cp1251, UTF-16 and others)."""
    data = path.read_bytes()
    if not data.strip():
        raise FileRejected("the file is empty", "empty-file")
    try:
        decoded = decode(data)[0]
    except MixedEncoding as exc:
        raise FileRejected(str(exc), "mixed-encoding") from None
    except NotText as exc:
        raise FileRejected(str(exc), "unknown-encoding") from None
    if "\x00" in decoded:
        raise FileRejected("binary content, not a text (CSV) file", "not-text")
    return clean_text(decoded)


def csv_table(path: Path, delimiter: str | None = None) -> Table:
    text_ = read_text(path)
    first = text_.split("\n", 1)[0]
    delim = delimiter or max(";,\t|", key=first.count)
    total = text_.count("\n")
    if total > MAX_ROWS:
        raise FileRejected(f"more than {MAX_ROWS} rows; split the file", "too-many-rows")
    reader = csv.reader(io.StringIO(text_, newline=""), delimiter=delim, strict=True)
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


def _csv_problem(exc: Exception) -> str:
    """The csv module's complaint in words a person can act on."""
    message = str(exc)
    if "field larger than field limit" in message:
        return f"a cell is longer than {MAX_CELL} characters"
    if "unexpected end of data" in message:
        return 'a quoted cell is never closed (a stray " in the file?)'
    return message


def header_sample(path: Path) -> list[str]:
    """The first header row of a CSV or XLSX file, read from its beginning only (for detection)."""
    if path.suffix.lower() == ".xlsx":
        return xlsx_tables(path, max_rows=1)[0].header
    with path.open("rb") as fh:
        sample = fh.read(65536)
    first = decode(sample)[0].lstrip("\ufeff").split("\n", 1)[0]
    delim = max(";,\t|", key=first.count)
    return [h.strip() for h in next(csv.reader([first], delimiter=delim), [])]


def xlsx_tables(path: Path, max_rows: int = MAX_ROWS) -> list[Table]:
    """Every non-empty sheet of a workbook; the first non-empty row is the header.

    Streamed, ignoring the size a sheet declares (a tiny file may claim a million rows of
    16,384 columns): at most ``max_rows`` rows of ``MAX_COLUMNS`` columns are read, a sheet with
    more is refused, and trailing empty cells are dropped.
    """
    from openpyxl import load_workbook

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
    found = _CONTROL.search(value)
    if found:
        raise FileRejected(
            f"sheet {sheet!r} row {row}: control character U+{ord(found.group()):04X}; "
            "remove it and load again",
            "control-character",
        )


def _not_xlsx(exc: Exception) -> FileRejected:
    """One line, whatever the XML or zip library said (an XXE refusal spans three)."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return FileRejected(f"not a readable XLSX workbook ({first})", "not-xlsx")


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


def checked(parse: Callable[[Any], Any], value: Any, column: str) -> Any:
    """``parse(value)``, with the column named on failure."""
    try:
        return parse(value)
    except CellError as err:
        err.column = column
        raise


def required(cells: list[Any], columns: dict[str, int], name: str) -> str:
    value = text(cell(cells, columns, name))
    if value is None:
        raise CellError(f"{name} is empty", "missing-value", name)
    return value


def tick(progress: Progress | None, done: int, total: int) -> None:
    if progress and (done % PROGRESS_EVERY == 0 or done == total):
        progress(done, total)
