"""CORDIS project.csv: each project's title, dates, status, total cost and EU contribution.

Also how a project is keyed and how a money cell is read, which organization.csv shares.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from graph.model import Label, Programme, Project, Record, Relationship, RelType, make_id
from graph.model.ids import locator
from graph.model.values import BadValue, amount_from, parse_date
from loaders.cordis.frameworks import EU, framework, part_of, programme
from loaders.shared.common import (
    CellError,
    Column,
    Report,
    cell,
    check_period,
    checked,
    required,
    text,
)

PROJECT_COLUMNS = [
    Column("id", required=True),
    Column("acronym", required=True),
    Column("title", required=True),
    Column("status"),
    Column("startDate"),
    Column("endDate"),
    Column("totalCost", number=True),
    Column("ecMaxContribution", number=True),
    Column("frameworkProgramme"),
    Column("objective"),
]


def project_id(pid: str) -> str:
    return make_id(Label.PROJECT, "cordis", pid)


def amount_in(cells: list, cols: dict[str, int], name: str, formats: dict) -> Decimal | None:
    value = cell(cells, cols, name)
    return None if text(value) is None else checked(amount_from, value, name, formats.get(name))


class ProjectReader:
    """Rows of project.csv: title, dates, status, total cost and the EU contribution."""

    STATUS = {"CLOSED": "completed", "SIGNED": "ongoing", "TERMINATED": "completed"}

    def __init__(self, file: str, given: str | None, formats: dict) -> None:
        self.file, self.given, self.formats = file, given, formats
        self.report = Report(file)
        self.out: list[Record] = []
        self.programmes: dict[str, tuple[Programme, str]] = {}

    def row(self, line: int, cells: list, cols: dict[str, int]) -> None:
        pid, title = required(cells, cols, "id"), required(cells, cols, "title")
        src = locator(self.file, line)
        dates = self._dates(line, cells, cols)
        total = amount_in(cells, cols, "totalCost", self.formats)
        ec = amount_in(cells, cols, "ecMaxContribution", self.formats)
        acronym = text(cell(cells, cols, "acronym"))
        code = text(cell(cells, cols, "frameworkProgramme")) or framework(
            Path(self.file), [pid], self.given
        )
        if code is None:
            raise CellError(
                "no frameworkProgramme, and the file name and id do not tell it; pass --programme",
                "unknown-programme",
                "frameworkProgramme",
            )
        money = {"amount": ec, "currency": "EUR", "amount_eur": ec, "amounts": [f"{ec} EUR"]}
        proj = Project(
            id=project_id(pid),
            name=acronym or title,
            title=title,
            acronym=acronym,
            description=text(cell(cells, cols, "objective")),
            status=self.STATUS.get((text(cell(cells, cols, "status")) or "").upper()),
            start=dates["startDate"],
            end=dates["endDate"],
            identifiers=[f"cordis:project:{pid}"],
            sources=[src],
            extra={"total_cost": total} if total is not None else {},
            **({k: v for k, v in money.items() if k != "amounts"} if ec is not None else {}),
        )
        prog, _ = self.programmes.setdefault(code.upper(), (programme(code), src))
        self.out += [
            proj,
            Relationship(
                type=RelType.FUNDED_BY,
                start=proj.id,
                end=prog.id,
                sources=[src],
                **(money if ec is not None else {}),
            ),
        ]

    def _dates(self, line: int, cells: list, cols: dict[str, int]) -> dict[str, str | None]:
        """Start and end: optional, so an unreadable one (or an end before the start) is a
        warning and left empty."""
        dates = {}
        for col in ("startDate", "endDate"):
            value = text(cell(cells, cols, col))
            try:
                dates[col] = checked(parse_date, value, col) if value else None
            except BadValue as err:
                self.report.lenient(err, line)
                dates[col] = None
        try:
            check_period(dates["startDate"], dates["endDate"], "endDate")
        except CellError as err:
            self.report.lenient(err, line)
            dates["endDate"] = None
        return dates

    def records(self) -> list[Record]:
        if not self.out:
            return []
        progs = self.programmes.values()
        return [EU, *(p for p, _ in progs), *(part_of(p, s) for p, s in progs), *self.out]
