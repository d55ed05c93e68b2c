"""The spreadsheet template's columns, as data: the headers that spell each (English and
Bulgarian), and the parser that checks its cells, with the vocabularies of roles and statuses.
"""

from __future__ import annotations

from typing import Any

from graph.model import Role, Status, normalise
from graph.model.countries import country_code
from graph.model.values import amount_from, currency_code, parse_date
from loaders.shared.common import CellError, Column, columns_table

ROLES = {
    normalise(k): v
    for v, ks in {
        Role.LEAD: [
            "lead",
            "водеща",
            "водещ",
            "водеща организация",
            "координатор",
            "coordinator",
            "applicant",
        ],
        Role.PARTNER: ["partner", "партньор", "participant"],
        Role.ASSOCIATE: ["associate", "асоцииран", "асоцииран партньор", "associated partner"],
    }.items()
    for k in ks
}
STATUSES = {
    normalise(k): v
    for v, ks in {
        Status.COMPLETED: ["completed", "приключил", "завършен", "изпълнен", "closed"],
        Status.ONGOING: ["ongoing", "в изпълнение", "текущ", "active"],
        Status.PROPOSED: ["proposed", "подаден", "предложен", "submitted"],
        Status.REJECTED: ["rejected", "отхвърлен", "неодобрен"],
    }.items()
    for k in ks
}


def name_cell(raw: Any) -> str:
    """A name that can identify: one with a letter or digit (a lone dash is no name)."""
    name = str(raw).strip()
    if not normalise(name):
        raise CellError(f"{name!r} is not a usable name", "unusable-name")
    return name


def _vocabulary(raw: Any, table: dict[str, str], what: str) -> str:
    found = table.get(normalise(str(raw)))
    if found is None:
        known = ", ".join(sorted(set(table.values())))
        raise CellError(f"unknown {what} {str(raw).strip()!r} ({known})", f"unknown-{what}")
    return found


def _country(raw: Any) -> str:
    code = country_code(str(raw))
    if code is None:
        raise CellError(f"unknown country {str(raw).strip()!r}", "unknown-country")
    return code


def _role(raw: Any) -> str:
    return _vocabulary(raw, ROLES, "role")


def _status(raw: Any) -> str:
    return _vocabulary(raw, STATUSES, "status")


COLUMNS = [
    Column(
        "org_id",
        ("organisation id", "organization id", "ид на организация", "номер на организация"),
    ),
    Column(
        "organisation",
        ("organization", "organisation name", "организация", "име на организация"),
        parse=name_cell,
    ),
    Column("name_en", ("name en", "organisation name en", "име на английски")),
    Column("country", ("държава",), parse=_country),
    Column("city", ("град", "седалище")),
    Column("kind", ("type", "вид", "тип")),
    Column("website", ("web", "уебсайт", "сайт")),
    Column("identifier", ("identifiers", "идентификатор")),
    Column("eik", ("еик", "булстат", "eik bulstat")),
    Column("vat", ("vat number", "ддс номер", "ин по ддс")),
    Column("project_id", ("project id", "ид на проект", "номер на проект")),
    Column(
        "project",
        ("project title", "title", "проект", "име на проект", "заглавие"),
        parse=name_cell,
    ),
    Column("acronym", ("акроним",)),
    Column("status", ("статус",), parse=_status),
    Column("start", ("start date", "начало", "начална дата"), parse=parse_date),
    Column("end", ("end date", "край", "крайна дата"), parse=parse_date),
    Column("themes", ("theme", "теми", "тема")),
    Column("place", ("project city", "място", "място на изпълнение")),
    Column("role", ("роля",), parse=_role),
    Column("funder", ("донор", "финансираща организация"), parse=name_cell),
    Column("programme", ("program", "програма"), parse=name_cell),
    Column("amount", ("сума", "размер"), number=True, parse=amount_from),
    Column("currency", ("валута",), parse=currency_code),
    Column("date", ("award date", "дата", "дата на договора"), parse=parse_date),
]
ALIASES = columns_table(COLUMNS)
