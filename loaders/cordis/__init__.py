"""CORDIS open data (EU research framework programmes): organization.csv and project.csv.

Either file loads on its own; both name a project by the same id, so loading project.csv after
(or before) organization.csv enriches the same Project nodes. The framework programme (FP7,
Horizon 2020, Horizon Europe) comes from the ``frameworkProgramme`` column, else the file name,
else the project ids (six-digit grant numbers below 633000 are FP7's, the other six-digit ones
H2020's), else ``programme=`` (``--programme``); a file whose programme cannot be told is
refused rather than booked under a guess.

Money is EUR as published: ``ecContribution`` goes on each PARTICIPATES_IN (the organisation's
own money in every view; ``netEcContribution`` kept beside it as ``net_ec_contribution``, and
taking its place where it is empty, as for associated partners, who get 0), and the project's
EU funding on its FUNDED_BY and, as the project's ``amount``, on the project itself: from
organization.csv the participants' sum (marked ``derived``, so project.csv's stated
``ecMaxContribution`` takes its place in either load order); ``totalCost`` is kept as
``total_cost``. Countries are ISO codes (CORDIS writes ``EL`` for Greece and ``UK``).
An organisation listed twice in one project under two roles gets one relationship with the
stronger role and the two contributions added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.model.values import BadValue
from loaders.cordis.frameworks import framework
from loaders.cordis.organisations import ORG_COLUMNS, OrgReader
from loaders.cordis.projects import PROJECT_COLUMNS, ProjectReader
from loaders.shared.common import (
    FileRejected,
    Progress,
    cell,
    csv_table,
    number_formats,
    peek_header,
    rejected,
    text,
    tick,
)


def detect(path: Path) -> bool:
    """CORDIS by its header: ``projectID;…;organisationID`` or ``id;acronym;…;title`` (CORDIS
    writes ``;``; a re-saved file may use ``,`` or tabs)."""
    if path.suffix.lower() != ".csv":
        return False
    cols = set(peek_header(path))
    return {"projectID", "organisationID", "name", "role"} <= cols or {
        "id",
        "acronym",
        "title",
        "ecMaxContribution",
    } <= cols


def load(path: Path, progress: Progress | None = None, programme: str | None = None) -> Any:
    try:
        table = csv_table(path)
    except FileRejected as err:
        return rejected(path, err)
    header = set(table.header)
    orgs = bool({"projectID", "organisationID"} & header)
    spec = ORG_COLUMNS if orgs else PROJECT_COLUMNS
    missing = sorted(c.name for c in spec if c.required and c.name not in header)
    if missing:
        return rejected(
            path,
            FileRejected(f"missing required column(s): {', '.join(missing)}", "missing-column"),
        )
    cols = {name: i for i, name in enumerate(table.header)}
    rows = list(table.rows)
    formats = number_formats(rows, cols, spec)
    if orgs:
        pids = [text(cell(cells, cols, "projectID")) or "" for _, cells in rows]
        code = framework(path, pids, programme)
        if code is None:
            return rejected(
                path,
                FileRejected(
                    "cannot tell the framework programme (FP7, H2020, HORIZON) from the file "
                    "name or project ids; pass --programme",
                    "unknown-programme",
                ),
            )
        reader: OrgReader | ProjectReader = OrgReader(path.name, code, formats)
    else:
        reader = ProjectReader(path.name, programme, formats)
    for n, (line, cells) in enumerate(rows, 1):
        try:
            reader.row(line, cells, cols)
        except BadValue as err:
            reader.report.error(err, line)
        tick(progress, n, len(rows))
    if progress:
        progress(len(rows), len(rows))
    return reader.report.result(reader.records())
