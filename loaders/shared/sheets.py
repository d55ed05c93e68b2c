"""Any table a person brings, read by what its bytes are rather than what its name says.

Portals serve an HTML table under an ``.xls`` name (Bulgaria's UMIS does), spreadsheets come as
CSV with ``,`` ``;`` or tab, or as XLSX. An HTML table's rows are numbered as in the table, the
header being row 1, like the other tables. A real Excel 97-2003 workbook is refused with what
to do about it.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree, html

from loaders.shared.common import (
    MAX_COLUMNS,
    MAX_ROWS,
    FileRejected,
    Table,
    csv_table,
    peek_header,
    xlsx_tables,
)
from loaders.shared.encoding import NotText, decode

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".html", ".htm")
_OLE = b"\xd0\xcf\x11\xe0"  # the start of an Excel 97-2003 (BIFF) workbook


def kind(path: Path) -> str:
    """``xlsx``, ``html``, ``xls`` or ``csv``, from the first bytes of the file."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"PK"):
        return "xlsx"
    if head.startswith(_OLE):
        return "xls"
    if b"<table" in head.lower() or head.lstrip().lower().startswith(
        (b"<!doctype", b"<html", b"<meta")
    ):
        return "html"
    return "csv"


def tables(path: Path) -> list[Table]:
    """The file's tables (a workbook's sheets; one for CSV and HTML)."""
    found = kind(path)
    if found == "xlsx":
        return xlsx_tables(path)
    if found == "xls":
        raise FileRejected(
            "an Excel 97-2003 workbook (.xls): open it and save it as .xlsx or CSV", "old-excel"
        )
    if found == "html":
        return [html_table(path)]
    return [csv_table(path)]


def first_table(path: Path) -> Table:
    """The first non-empty table: the one a grants list is in."""
    return tables(path)[0]


def html_table(path: Path) -> Table:
    """The largest ``<table>`` of an HTML file: its first row is the header."""
    parser = html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True)
    try:  # decoded here, so a page without a charset is not read as Latin-1
        root = html.fromstring(decode(path.read_bytes())[0], parser=parser)
    except (etree.ParserError, ValueError, NotText) as exc:
        raise FileRejected(f"not a readable HTML table ({exc})", "not-html") from None
    best = max(root.iter("table"), key=lambda t: len(t.findall(".//tr")), default=None)
    if best is None:
        raise FileRejected("no table in the HTML file", "not-a-table")
    rows = [
        [" ".join(c.text_content().split()) for c in tr if c.tag in ("td", "th")]
        for tr in best.iter("tr")
    ]
    rows = [r for r in rows if any(r)]
    if not rows:
        raise FileRejected("the table is empty", "empty-file")
    if len(rows) > MAX_ROWS or max(len(r) for r in rows) > MAX_COLUMNS:
        raise FileRejected(f"more than {MAX_ROWS} rows or {MAX_COLUMNS} columns", "too-big")
    body = list(enumerate(rows[1:], 2))
    return Table(path.name, rows[0], iter(body), len(body))


def header(path: Path) -> list[str]:
    """The header row from a small read ([] when the file is not a table this module reads)."""
    try:
        found = kind(path)
        if found == "html":
            return html_table(path).header
        if found == "xlsx":
            return xlsx_tables(path, max_rows=1)[0].header
        return peek_header(path) if found == "csv" else []
    except (FileRejected, OSError, UnicodeDecodeError):
        return []
