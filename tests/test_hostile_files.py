"""Hostile and broken files (issue 13 item 3-4, issue 10 item 8): refused in one line naming
the file and line, or read right; never a runaway reader, never garbled names."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from graph.errors import LoadError
from graph.io import export, ingest
from graph.store import Store
from tests.conftest import DATASETS, datasets_required
from tests.test_server import ROOT

HEADER = "organisation,country,project,role,funder,amount,currency,date\n"
GOOD = "Roma Access,BG,Open doors,lead,Civic Fund,1000,BGN,01.02.2020\n"


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(LoadError) as refused:
        fmt, result = ingest.read(path)
        ingest.check(result, path, strict=True)
    message = str(refused.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            (HEADER + GOOD * 1200 + "A\x00B,BG,X,lead,F,1,BGN,2020\n").encode(),
            "bad.csv: line 1202: a NUL byte (U+0000), which a text (CSV) file never holds; "
            "remove it and load again",
        ),
        (
            b"organisation,country,city,project\nAcme\x00,BG,Sofia,P1\nRoma Access,BG,Ruse,P2\n",
            "bad.csv: line 2: a NUL byte (U+0000), which a text (CSV) file never holds; remove it "
            "and load again",
        ),
        (
            HEADER.encode()
            + GOOD.encode()
            + "Сдружение,BG,X,lead,F,1,BGN,2020\n".encode("cp1251")
            + "Русе,BG,X,lead,F,1,BGN,2020\n".encode(),
            "bad.csv: line 3: not UTF-8, while line 4 is: the file mixes encodings; "
            "save it again in one encoding (UTF-8)",
        ),
        (
            (HEADER + GOOD + '"unterminated,BG,Ruse,lead,F,1,BGN,2020\n' + GOOD).encode(),
            'bad.csv: line 3: a quoted cell is never closed (a stray " in the file?)',
        ),
        (
            (HEADER + "A" * 200_000 + ",BG,X,lead,F,1,BGN,2020\n").encode(),
            "bad.csv: line 2: a cell is longer than 100000 characters",
        ),
    ],
    ids=["nul-after-64k", "nul-early", "mixed-encodings", "unterminated-quote", "huge-cell"],
)
def test_bad_text_is_refused_naming_the_line(tmp_path: Path, data: bytes, expected: str) -> None:
    assert _refusal(_file(tmp_path, "bad.csv", data)) == expected


def test_an_absurd_amount_is_a_finding_on_its_row(tmp_path: Path) -> None:
    path = _file(tmp_path, "nines.csv", (HEADER + GOOD.replace("1000", "9" * 400)).encode())
    _, result = ingest.read(path)
    assert [(i.code, i.row, i.column) for i in result.errors] == [
        ("implausible-amount", 2, "amount")
    ]
    assert result.records == [] or all(
        getattr(r, "amount_eur", None) in (None, 0) for r in result.records
    )


def test_a_short_cp1251_csv_of_bulgarian_names_reads_as_cp1251(tmp_path: Path) -> None:
    rows = [
        "Сдружение Бургаски граждански форум,BG,Граждани,lead,Фонд,1000,BGN,01.02.2020\n",
        "Сдружение Русенски форум,BG,Граждани,partner,Фонд,1000,BGN,01.02.2020\n",
    ]
    path = _file(tmp_path, "bg.csv", (HEADER + "".join(rows)).encode("cp1251"))
    _, result = ingest.read(path)
    names = {r.name for r in result.records if type(r).__name__ == "Organisation"}
    assert names == {"Сдружение Бургаски граждански форум", "Сдружение Русенски форум"}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom_is_read(tmp_path: Path, encoding: str) -> None:
    row = "Център за Имиграция и Интеграция,BG,INTEGRA,lead,Civic Fund,1000,BGN,01.02.2020\n"
    path = _file(tmp_path, "u16.csv", (HEADER + row).encode(encoding))
    _, result = ingest.read(path)
    names = {r.name for r in result.records if type(r).__name__ == "Organisation"}
    assert (names, result.errors) == ({"Център за Имиграция и Интеграция"}, [])


def _workbook(tmp_path: Path, far_cell: bool, dimension: str | None) -> Path:
    book = Workbook()
    sheet = book.active
    for row in (HEADER, GOOD):
        sheet.append(row.strip().split(","))
    if far_cell:
        sheet["XFD1048576"] = "far"
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    if dimension:
        patched = tmp_path / "patched.xlsx"
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b'<dimension ref="A1:H2"/>', dimension.encode())
                dst.writestr(item, data)
        return patched
    return path


_BOUNDED = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
from graph.io import ingest
from graph.errors import LoadError
try:
    fmt, result = ingest.read(Path(sys.argv[1]))
    ingest.check(result, Path(sys.argv[1]), strict=True)
    print(len(result.records))
except LoadError as exc:
    print(exc)
"""


def _read_in_1_5_gb(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _BOUNDED, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-500:]
    return done.stdout.strip()


def test_a_declared_million_by_16384_sheet_is_read_as_what_it_holds(tmp_path: Path) -> None:
    path = _workbook(tmp_path, far_cell=False, dimension='<dimension ref="A1:XFD1048576"/>')
    assert path.stat().st_size < 10_000
    assert int(_read_in_1_5_gb(path)) > 0


def test_one_far_cell_is_refused_without_reading_a_million_rows(tmp_path: Path) -> None:
    path = _workbook(tmp_path, far_cell=True, dimension='<dimension ref="A1:XFD1048576"/>')
    assert _read_in_1_5_gb(path) == (
        "patched.xlsx: sheet 'Sheet' row 1048576: more than 500 columns"
    )


_MEASURED = """
import resource, sys, time
from pathlib import Path
from graph.io import ingest
from graph.errors import LoadError
started = time.monotonic()
try:
    fmt, result = ingest.read(Path(sys.argv[1]))
    ingest.check(result, Path(sys.argv[1]), strict=True)
    print(len(result.records))
except LoadError as exc:
    print(exc)
print(time.monotonic() - started)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def _bomb(path: Path, unpacked_mb: int) -> Path:
    """A workbook whose one cell is ``unpacked_mb`` MB of "x" (1,500 MB packs into 1.5 MB)."""
    book = Workbook()
    book.active.append(["organisation", "country", "project"])
    book.active.append(["PLACEHOLDER", "BG", "P"])
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if b"PLACEHOLDER" not in data:
                dst.writestr(item.filename, data)
                continue
            head, tail = data.split(b"PLACEHOLDER")
            with dst.open(item.filename, "w", force_zip64=True) as part:
                part.write(head)
                for _ in range(unpacked_mb):
                    part.write(b"x" * 2**20)
                part.write(tail)
    return path


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.xlsx", 1500)
    assert path.stat().st_size < 2 * 2**20
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-500:]
    message, seconds, peak = done.stdout.strip().splitlines()
    assert message == (
        "bomb.xlsx: part xl/worksheets/sheet1.xml unpacks to 1,572,864,787 bytes from "
        f"{zipfile.ZipFile(path).getinfo('xl/worksheets/sheet1.xml').compress_size:,} "
        "(a zip bomb?); refused before reading"
    )
    assert float(seconds) < 10
    assert int(peak) < 2**30  # the whole process, imports included


def test_a_tightly_packed_part_is_refused_even_when_small_enough(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "dense.xlsx", 60)  # 60 MB at about 1,000 to 1
    assert "(a zip bomb?); refused before reading" in _refusal(path)


def test_csv_export_neutralises_formulas(store: Store, tmp_path: Path) -> None:
    hostile = [
        '=HYPERLINK("http://evil.example","x")',
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-2+3",
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(
        [name, "BG", f"P{i}", "lead", "Fund", 1000, "BGN", "01.02.2020"]
        for i, name in enumerate(hostile)
    )
    ingest.load_file(store, _file(tmp_path, "formulas.csv", (HEADER + buffer.getvalue()).encode()))
    out = export.export(store, "csv", tmp_path / "out")
    with (out / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    assert {f"'{name}" for name in hostile} <= set(cells)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]


def test_a_deeply_nested_json_is_one_line(tmp_path: Path) -> None:
    path = _file(tmp_path, "deep.json", b'{"grants": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert _refusal(path) == "deep.json: nested too deeply to read; nothing was loaded"


@datasets_required()
def test_a_control_character_from_any_loader_is_replaced_with_a_warning(
    store: Store, tmp_path: Path
) -> None:
    source = DATASETS / "360giving" / "covid19-tracker-grants_data-2020-04-16.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    data["grants"] = data["grants"][:3]
    data["grants"][1]["title"] = "Relief\u001b[31m fund"
    path = _file(tmp_path, "grants.json", json.dumps(data).encode())
    report = ingest.load_file(store, path)
    warned = [(i.code, i.file, i.row, i.column, i.severity) for i in report.issues]
    assert warned == [  # the grant's title is its project's name and title
        ("control-character", "grants.json", 2, field, "warning") for field in ("name", "title")
    ]
    titles = {p["title"] for label, p in store.all_nodes() if label == "Project"}
    assert "Relief [31m fund" in titles and len(titles) == 3
