"""Writes the loader template: a flat CSV (a row per participation) and an XLSX with four sheets.

Run from the project root: ``python data/templates/make_templates.py``. The example rows are
made up, to show the shape; replace them with your own.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
FLAT = [
    "organisation",
    "country",
    "city",
    "identifier",
    "project",
    "acronym",
    "status",
    "start",
    "end",
    "themes",
    "place",
    "role",
    "funder",
    "programme",
    "amount",
    "currency",
    "date",
]
FLAT_ROWS = [
    [
        "Example Association",
        "BG",
        "Ruse",
        "eik:000000001",
        "Example project",
        "EXP",
        "completed",
        "2020-01-01",
        "2021-12-31",
        "migration; integration",
        "Ruse",
        "lead",
        "Example Funder",
        "Example Programme",
        "10000",
        "BGN",
        "2020-01-01",
    ],
    [
        "Example Partner",
        "CZ",
        "Prague",
        "",
        "Example project",
        "EXP",
        "completed",
        "2020-01-01",
        "2021-12-31",
        "migration; integration",
        "Ruse",
        "partner",
        "Example Funder",
        "Example Programme",
        "10000",
        "BGN",
        "2020-01-01",
    ],
]
SHEETS = {
    "organisations": (
        ["org_id", "organisation", "name_en", "country", "city", "kind", "website", "identifier"],
        [
            ["o1", "Example Association", "", "BG", "Ruse", "ngo", "", "eik:000000001"],
            ["o2", "Example Partner", "", "CZ", "Prague", "ngo", "", ""],
        ],
    ),
    "projects": (
        ["project_id", "project", "acronym", "status", "start", "end", "themes", "place"],
        [
            [
                "p1",
                "Example project",
                "EXP",
                "completed",
                "2020-01-01",
                "2021-12-31",
                "migration; integration",
                "Ruse",
            ]
        ],
    ),
    "participations": (
        ["project_id", "org_id", "role"],
        [["p1", "o1", "lead"], ["p1", "o2", "partner"]],
    ),
    "funding": (
        ["project_id", "funder", "programme", "amount", "currency", "date"],
        [["p1", "Example Funder", "Example Programme", 10000, "BGN", "2020-01-01"]],
    ),
}


def main() -> None:
    with (HERE / "partners-template.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(FLAT)
        out.writerows(FLAT_ROWS)
    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(HERE / "partners-template.xlsx")


if __name__ == "__main__":
    main()
