"""From candidates to facts: which project a figure belongs to, who led and who partnered.

Works line by line through a document, keeping the project the text is currently about and the
programmes its section heading names. Entities are referred to by their surface form here
(``?Organisation:ЦИИ``); resolution later maps those to curated handles or node ids.
"""

from __future__ import annotations

import re

from loaders.document.cards import card
from loaders.document.context import LABELS, OWNER, Context, add, surface
from loaders.document.participation import participation_facts
from loaders.document.project_facts import funding_facts, project_facts
from loaders.document.roles import plural_partners, sole_organisation_leads
from loaders.document.titles import document_project
from loaders.document.units import Candidate, Unit
from loaders.shared.facts import Fact


def assemble(
    file: str, units: list[Unit], found: list[list[Candidate]], pages: list[int] | None = None
) -> list[Fact]:
    """Facts (with surface references and quotes) for one document's units and candidates;
    ``pages`` (the line each PDF page starts on) puts the page into every locator."""
    projects = [c for cands in found for c in cands if c.type == "project"]
    first, title = surface(projects[0]) if projects else None, None
    if not projects:
        first, title = document_project(file, units, found)
    ctx = Context(file, first_project=first, pages=pages or [])
    if first and title:
        add(ctx, title, 0, "mention", first, v=first.split(":", 1)[1])
    ctx.has_period = any(c.type == "period" or c.type == "date_role" for cs in found for c in cs)
    ctx.ahead = _record_projects(units, found)
    for index, (unit, cands) in enumerate(zip(units, found, strict=True)):
        ctx.index = index
        _unit_facts(ctx, unit, cands)
        if ctx.project is None:
            ctx.preamble = len(ctx.facts)
    if ctx.report_year:
        _report_year(ctx)
    _preamble_funding(ctx)
    ctx.facts += sole_organisation_leads(ctx.facts)
    return ctx.facts


def _record_projects(units: list[Unit], found: list[list[Candidate]]) -> dict[int, str]:
    """A grants table lists each record's organisation just before its project's name
    ("OrganizationX" / "Project NameY"): a role card takes the project named on the card
    lines right below it, not the one of the record before."""
    out: dict[int, str] = {}
    for i, cands in enumerate(found):
        if not any(c.type == "organisation" and c.attrs.get("role") for c in cands):
            continue
        for j in range(i + 1, min(i + 4, len(units))):
            if units[j].line != units[j - 1].starts[-1][1] + 1 or not card(units[j]):
                break
            named = [c for c in found[j] if c.type == "project" and c.attrs.get("card")]
            if named:
                out[i] = surface(named[0])
                break
    return out


def _preamble_funding(ctx: Context) -> None:
    """Funding a page states before it names any project ("five grants of the Mtel programme
    ... 1. X for its project Y") funds each project that names no funder of its own."""
    opening = [f for f in ctx.facts[: ctx.preamble] if f.f == "funded_by"]
    funded = {f.s for f in ctx.facts if f.f == "funded_by"}
    named = dict.fromkeys(f.s for f in ctx.facts if f.f == "mention" and f.s.startswith("?Project"))
    for project in [p for p in named if p not in funded]:
        for fact in opening:
            ctx.facts.append(
                Fact("funded_by", project, o=fact.o, at=fact.at, quote=fact.quote, confidence=0.5)
            )


def _unit_facts(ctx: Context, unit: Unit, cands: list[Candidate]) -> None:
    by_type: dict[str, list[Candidate]] = {}
    for c in cands:
        by_type.setdefault(c.type, []).append(c)
    progs = by_type.get("programme", []) + by_type.get("funder", [])
    if unit.heading:
        ctx.section = progs
    here = by_type.get("project", [])
    if here:
        ctx.project = surface(here[-1])
    project = surface(here[0]) if here else (ctx.project or ctx.first_project)
    project = ctx.ahead.get(ctx.index, project)
    for c in cands:
        if c.type in LABELS and not (c.type == "city" and "in_org" in c.attrs):
            add(ctx, unit, c.start, "mention", surface(c), v=c.attrs.get("written", c.text))
            if c.attrs.get("canonical") and c.attrs["written"] != c.text:  # the file's own name
                add(ctx, unit, c.start, "mention", surface(c), v=c.text)
        if c.type == "project" and c.attrs.get("acronym"):
            add(ctx, unit, c.start, "attr", surface(c), k="acronym", v=c.attrs["acronym"])
    if "report_year" in by_type:
        marker = by_type["report_year"][0]
        where = ctx.where(unit.line_at(marker.start))
        ctx.report_year = (marker.attrs["year"], where, unit.sentence_at(marker.start))
    _organisation_facts(ctx, unit, by_type)
    if project:
        project_facts(ctx, unit, by_type, project, bool(here))
        funding_facts(ctx, unit, by_type, progs, project, bool(here))
        before = len(ctx.facts)
        participation_facts(ctx, unit, by_type, project, bool(here))
        taken = {f.s for f in ctx.facts[before:] if f.f == "participates"}
        for org in plural_partners(unit, by_type.get("organisation", []), taken, surface):
            add(ctx, unit, org.start, "participates", surface(org), o=project, v="partner")


def _organisation_facts(ctx: Context, unit: Unit, by_type: dict[str, list[Candidate]]) -> None:
    orgs = by_type.get("organisation", [])
    for city in by_type.get("city", []):
        owner = next((o for o in orgs if o.text == city.attrs.get("in_org")), None)
        if owner:
            add(ctx, unit, city.start, "based_in", surface(owner), o=f"?City:{city.text}")
    for org in orgs:
        if org.attrs.get("city"):
            add(ctx, unit, org.start, "based_in", surface(org), o=f"?City:{org.attrs['city']}")
        country = org.attrs.get("country") or _country_after(unit, org, by_type)
        if country:
            add(ctx, unit, org.start, "attr", surface(org), k="country", v=country)
        if org.attrs.get("kind"):
            add(ctx, unit, org.start, "attr", surface(org), k="kind", v=org.attrs["kind"])
        if org.attrs.get("alias"):
            add(ctx, unit, org.start, "mention", surface(org), v=org.attrs["alias"])
    for marker in by_type.get("member", []):
        nets = [o for o in orgs if o.attrs.get("kind") == "network"]
        members = [o for o in orgs if o.attrs.get("kind") != "network"]
        if nets and members:
            member = min(members, key=lambda o: abs(o.start - marker.start))
            add(ctx, unit, marker.start, "member_of", surface(member), o=surface(nets[0]))


def _country_after(unit: Unit, org: Candidate, by_type: dict[str, list[Candidate]]) -> str | None:
    """'LDN, Ливан': a country named right after an organisation is its country."""
    for c in by_type.get("country", []):
        if 0 <= c.start - org.end <= 3 and re.fullmatch(r"[\s,(]*", unit.text[org.end : c.start]):
            return c.attrs["code"]
    return None


def _owner_leads(ctx: Context) -> None:
    """An annual report's project with no participant named is the reporting organisation's own."""
    first: dict[str, Fact] = {}
    for fact in ctx.facts:
        if fact.f == "mention" and fact.s.startswith("?Project:"):
            first.setdefault(fact.s, fact)
    with_people = {f.o for f in ctx.facts if f.f == "participates"}
    for project, fact in first.items():
        if project not in with_people:
            ctx.facts.append(
                Fact(
                    "participates",
                    OWNER,
                    o=project,
                    v="lead",
                    at=fact.at,
                    quote=fact.quote,
                    confidence=0.6,
                )
            )


def _report_year(ctx: Context) -> None:
    """In an annual report, projects it reports on (not mere proposals) carry the report's year."""
    year, where, quote = ctx.report_year
    _owner_leads(ctx)
    status = {f.s: f.v for f in ctx.facts if f.f == "status"}
    for project, value in status.items():
        if value != "proposed":
            ctx.facts.append(
                Fact(
                    "attr", project, k="report_year", v=year, at=where, quote=quote, confidence=0.6
                )
            )
