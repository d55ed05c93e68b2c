"""From candidates to facts: which project a figure belongs to, who led and who partnered.

Works line by line through a document, keeping the project the text is currently about and the
programmes its section heading names. Entities are referred to by their surface form here
(``?Organisation:ЦИИ``); resolution later maps those to curated handles or node ids.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from graph.model import Label
from loaders.document.cards import card
from loaders.document.roles import plural_partners, postfix_roles, sole_organisation_leads
from loaders.document.titles import UNTITLED, document_project
from loaders.document.units import Candidate, Unit
from loaders.shared import places
from loaders.shared.facts import Fact

OWNER = "?owner"
_LABELS = {
    "organisation": Label.ORGANISATION,
    "programme": Label.PROGRAMME,
    "funder": Label.FUNDER,
    "project": Label.PROJECT,
    "city": Label.CITY,
}
_JOINER = re.compile(r"^\s*(?:,|и|and|a|та)?\s*$")


def surface(cand: Candidate) -> str:
    return f"?{_LABELS[cand.type].value}:{cand.text}"


@dataclass
class Context:
    """What the text is about at this point of the document."""

    file: str
    project: str | None = None
    first_project: str | None = None
    section: list[Candidate] = field(default_factory=list)
    report_year: tuple[str, str, str] | None = None
    has_period: bool = False
    preamble: int = 0  # facts stated before the text names its first project
    ahead: dict[int, str] = field(default_factory=dict)  # unit -> its record's project
    index: int = 0
    pages: list[int] = field(default_factory=list)

    def where(self, line: int) -> str:
        """``<file>#L<line>``, with ``#p<page>`` before the line for a PDF."""
        if not self.pages:
            return f"{self.file}#L{line}"
        return f"{self.file}#p{bisect_right(self.pages, line)}#L{line}"

    facts: list[Fact] = field(default_factory=list)


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
        _add(ctx, title, 0, "mention", first, v=first.split(":", 1)[1])
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


# How far each kind of rule fact is to be trusted, before the evidence of its line is weighed.
CONFIDENCE = {
    "mention": 0.8,
    "amount": 0.85,
    "start": 0.8,
    "end": 0.8,
    "funded_by": 0.7,
    "participates": 0.7,
    "part_of": 0.7,
    "based_in": 0.7,
    "place": 0.6,
    "status": 0.6,
    "member_of": 0.6,
    "attr": 0.7,
}


def _confidence(ctx: Context, unit: Unit, f: str, s: str, kw: dict) -> float:
    """A label-and-value card states a fact outright; a document-level project is a guess."""
    value = 0.5 if kw.get("k") == "event_date" else CONFIDENCE[f]
    if card(unit):
        value += 0.1
    if s.startswith(UNTITLED) or kw.get("o", "") and str(kw["o"]).startswith(UNTITLED):
        value -= 0.2
    return round(min(value, 0.95), 2)


def _add(ctx: Context, unit: Unit, at: int, f: str, s: str, **kw: str | None) -> None:
    where = ctx.where(unit.line_at(at))
    conf = _confidence(ctx, unit, f, s, kw)
    ctx.facts.append(Fact(f, s, at=where, quote=unit.sentence_at(at), confidence=conf, **kw))


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
        if c.type in _LABELS and not (c.type == "city" and "in_org" in c.attrs):
            _add(ctx, unit, c.start, "mention", surface(c), v=c.attrs.get("written", c.text))
            if c.attrs.get("canonical") and c.attrs["written"] != c.text:  # the file's own name
                _add(ctx, unit, c.start, "mention", surface(c), v=c.text)
        if c.type == "project" and c.attrs.get("acronym"):
            _add(ctx, unit, c.start, "attr", surface(c), k="acronym", v=c.attrs["acronym"])
    if "report_year" in by_type:
        marker = by_type["report_year"][0]
        where = ctx.where(unit.line_at(marker.start))
        ctx.report_year = (marker.attrs["year"], where, unit.sentence_at(marker.start))
    _organisation_facts(ctx, unit, by_type)
    if project:
        _project_facts(ctx, unit, by_type, project, bool(here))
        _funding(ctx, unit, by_type, progs, project, bool(here))
        before = len(ctx.facts)
        _roles(ctx, unit, by_type, project, bool(here))
        taken = {f.s for f in ctx.facts[before:] if f.f == "participates"}
        for org in plural_partners(unit, by_type.get("organisation", []), taken, surface):
            _add(ctx, unit, org.start, "participates", surface(org), o=project, v="partner")


def _organisation_facts(ctx: Context, unit: Unit, by_type: dict[str, list[Candidate]]) -> None:
    orgs = by_type.get("organisation", [])
    for city in by_type.get("city", []):
        owner = next((o for o in orgs if o.text == city.attrs.get("in_org")), None)
        if owner:
            _add(ctx, unit, city.start, "based_in", surface(owner), o=f"?City:{city.text}")
    for org in orgs:
        if org.attrs.get("city"):
            _add(ctx, unit, org.start, "based_in", surface(org), o=f"?City:{org.attrs['city']}")
        country = org.attrs.get("country") or _country_after(unit, org, by_type)
        if country:
            _add(ctx, unit, org.start, "attr", surface(org), k="country", v=country)
        if org.attrs.get("kind"):
            _add(ctx, unit, org.start, "attr", surface(org), k="kind", v=org.attrs["kind"])
        if org.attrs.get("alias"):
            _add(ctx, unit, org.start, "mention", surface(org), v=org.attrs["alias"])
    for marker in by_type.get("member", []):
        nets = [o for o in orgs if o.attrs.get("kind") == "network"]
        members = [o for o in orgs if o.attrs.get("kind") != "network"]
        if nets and members:
            member = min(members, key=lambda o: abs(o.start - marker.start))
            _add(ctx, unit, marker.start, "member_of", surface(member), o=surface(nets[0]))


def _country_after(unit: Unit, org: Candidate, by_type: dict[str, list[Candidate]]) -> str | None:
    """'LDN, Ливан': a country named right after an organisation is its country."""
    for c in by_type.get("country", []):
        if 0 <= c.start - org.end <= 3 and re.fullmatch(r"[\s,(]*", unit.text[org.end : c.start]):
            return c.attrs["code"]
    return None


def _project_facts(
    ctx: Context, unit: Unit, by_type: dict[str, list[Candidate]], project: str, named: bool
) -> None:
    for c in by_type.get("amount", []):
        value = f"{c.attrs['amount']:.2f} {c.attrs['currency']}"
        _add(ctx, unit, c.start, "amount", project, v=value)
    for c in by_type.get("period", []):
        _add(ctx, unit, c.start, "start", project, v=c.attrs["start"])
        _add(ctx, unit, c.start, "end", project, v=c.attrs["end"])
    _single_dates(ctx, unit, by_type, project)
    statuses = by_type.get("status", [])
    if statuses and (named or "status_line" in by_type):
        _add(ctx, unit, statuses[0].start, "status", project, v=statuses[0].attrs["status"])
    if "duration" in by_type:
        m = re.search(r"(\d+)\s+(?:месеца|месец|months?|měsíců|měsíce)", unit.text)
        if m:
            _add(ctx, unit, m.start(), "attr", project, k="duration_months", v=m.group(1))
    listed = {o.attrs.get("city") for o in by_type.get("organisation", [])}
    for city in by_type.get("city", []):
        if "in_org" not in city.attrs and city.text not in listed and not unit.heading:
            _add(ctx, unit, city.start, "place", project, o=f"?City:{city.text}")
    for org in by_type.get("organisation", []):
        if org.attrs.get("kind") == "municipality":
            town = next(
                (c for c in by_type.get("city", []) if c.attrs.get("in_org") == org.text), None
            )
            if town and not unit.heading:
                _add(ctx, unit, org.start, "place", project, o=f"?City:{town.text}")


def _funding(
    ctx: Context,
    unit: Unit,
    by_type: dict[str, list[Candidate]],
    progs: list[Candidate],
    project: str,
    named: bool,
) -> None:
    """The most specific programme named with the project funds it; the rest form a chain."""
    if not progs or not ("funding" in by_type or named):
        return
    pool = {p.text: p for p in [*progs, *([] if unit.heading else ctx.section)]}
    chain = sorted(pool.values(), key=lambda p: p.attrs["rank"])
    own = min(progs, key=lambda p: p.attrs["rank"])
    best = chain[0] if chain[0].attrs["rank"] < own.attrs["rank"] else own
    _add(ctx, unit, own.start, "funded_by", project, o=surface(best))
    if any(c.attrs.get("card") for c in by_type.get("funding", [])):  # co-funders listed
        for other in progs:
            if other is not own and not other.attrs.get("part_of"):
                _add(ctx, unit, other.start, "funded_by", project, o=surface(other))
    for lower, upper in zip(chain, chain[1:], strict=False):
        if lower.attrs["rank"] < upper.attrs["rank"]:
            _add(ctx, unit, lower.start, "part_of", surface(lower), o=surface(upper))
    for prog in progs:  # data/funders.yaml knows whose programme it is
        parent = next((p for p in progs if p.text == prog.attrs.get("part_of")), None)
        if parent:
            _add(ctx, unit, prog.start, "part_of", surface(prog), o=surface(parent))
    funders = [p for p in progs if p.attrs["rank"] == 4]
    for other in funders[1:]:  # "... and the budget of the Ministry": a second funder
        if other is not own and other.text != funders[0].text:
            _add(ctx, unit, other.start, "funded_by", project, o=surface(other))


_START = re.compile(
    r"(?:^|\s)(?:от|from|od|since|започна(?:ла)?|стартира\w*|started)\s*(?:на\s+)?$", re.I
)
_END = re.compile(r"(?:^|\s)(?:до|until|till|by|do|приключ\w+(?: на)?|ends?|ended)\s*$", re.I)
_SIGNED = re.compile(
    r"(?:Договор|Contract|Smlouva|Grant agreement)\s*(?:№|No\.?|č\.)?\s*[\w./-]*/\s*$"
)


def _single_dates(
    ctx: Context, unit: Unit, by_type: dict[str, list[Candidate]], project: str
) -> None:
    """A date alone: a card's start or end, 'до 1.3.2016', a contract's date, or an event's."""
    role = next((c.attrs["role"] for c in by_type.get("date_role", [])), None)
    singles = by_type.get("date", [])
    for c in singles:
        before = unit.text[max(0, c.start - 40) : c.start]
        kind = role if role in {"start", "end", "signed"} else None
        if _SIGNED.search(before):
            kind = "signed"
        elif _START.search(before):
            kind = "start"
        elif _END.search(before):
            kind = "end"
        elif role == "period" and len(singles) == 1:
            kind = "start"
        if kind in {"start", "end"}:
            _add(ctx, unit, c.start, kind, project, v=c.attrs["date"])
        elif kind == "signed" or (not ctx.has_period and _event(unit, c)):
            name = "signed" if kind == "signed" else "event_date"
            _add(ctx, unit, c.start, "attr", project, k=name, v=c.attrs["date"])


def _event(unit: Unit, date: Candidate) -> bool:
    """A full date inside a sentence dates a project event; a post's date line does not
    ("20 Август 2019 | 11:58", a date alone on its line)."""
    offsets = [o for o, _ in unit.starts] + [len(unit.text)]
    line = next(
        unit.text[a:b] for a, b in zip(offsets, offsets[1:], strict=False) if a <= date.start < b
    )
    bare = line.replace(date.text, "")
    return len(date.attrs["date"]) == 10 and len(re.findall(r"[^\W\d_]", bare)) > 25


def _roles(
    ctx: Context, unit: Unit, by_type: dict[str, list[Candidate]], project: str, named: bool
) -> None:
    aliases = {o.attrs.get("alias") for o in by_type.get("organisation", [])}
    orgs = [
        o
        for o in by_type.get("organisation", [])
        if o.attrs.get("kind") != "network" and o.text not in aliases
    ]
    listed = [o for o in orgs if o.attrs.get("role")]
    for org in listed:
        _add(ctx, unit, org.start, "participates", surface(org), o=project, v=org.attrs["role"])
    others = [c for t in ("role", "country", "city") for c in by_type.get(t, [])]
    stated = postfix_roles(unit, [o for o in orgs if o not in listed], others)
    for org, role in stated:
        _add(ctx, unit, 0, "participates", surface(org), o=project, v=role)
    if stated:
        return
    for org in _after_markers(unit, orgs, by_type.get("associate", [])):
        _add(ctx, unit, org.start, "participates", surface(org), o=project, v="associate")
    if listed or not named:
        return
    partners = _after_markers(unit, orgs, by_type.get("partner", []))
    invited = _after_markers(unit, orgs, by_type.get("invite", []))
    proposed = any(s.attrs["status"] == "proposed" for s in by_type.get("status", []))
    others = [o for o in orgs if o not in partners and o not in invited]
    others = [o for o in others if o.attrs.get("kind") != "municipality" or not partners]
    others = [o for o in others if not o.attrs.get("institution")]  # named, no role stated
    if invited:
        lead, rest = surface(invited[0]), [surface(o) for o in others]
        rest = rest or ([OWNER] if proposed else [])
    elif others and (partners or by_type.get("status")):
        lead, rest = surface(others[0]), []
    elif proposed:
        lead, rest = OWNER, []
    else:
        return
    _add(ctx, unit, 0, "participates", lead, o=project, v="lead")
    for ref in [surface(o) for o in partners] + rest:
        if ref != lead:
            _add(ctx, unit, 0, "participates", ref, o=project, v="partner")


def _after_markers(unit: Unit, orgs: list[Candidate], markers: list[Candidate]) -> list[Candidate]:
    """Organisations listed right after a marker ('съвместно с ЦИИ и ЦМП')."""
    out: list[Candidate] = []
    for marker in markers:
        end = marker.end
        for org in sorted(orgs, key=lambda o: o.start):
            if org.start < end:
                continue
            gap = unit.text[end : org.start]
            if end == marker.end and re.fullmatch(
                r"\s*(?:партньора|партньорите)?\s*(?:ни|си)?\s*", gap
            ):
                out.append(org)
            elif end != marker.end and _JOINER.match(gap):
                out.append(org)
            else:
                break
            end = org.end
    return out


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


__all__ = ["OWNER", "assemble", "places"]
