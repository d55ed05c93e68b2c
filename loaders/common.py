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
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import Issue, LoadResult, normalise
from graph.model.values import known_currency
from loaders.encoding import NotText, decode

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 1000
csv.field_size_limit(10_000_000)


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
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(f"{value!r} is not an amount", "not-a-number")
        return round(float(value), 2)
    raw = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    if "," in raw and "." in raw:
        raw = raw.replace(",", "") if raw.rfind(".") > raw.rfind(",") else _swap(raw)
    elif raw.count(",") == 1 and len(raw.split(",")[1]) != 3:
        raw = raw.replace(",", ".")
    elif "," in raw:
        raw = raw.replace(",", "")
    if not _NUMBER.match(raw):
        raise CellError(f"{str(value).strip()!r} is not a number", "not-a-number")
    return round(float(raw), 2)


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
