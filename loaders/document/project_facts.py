"""Facts about a project a line states: its amount, dates, status, duration, places, funders.

The most specific programme named with the project funds it; the programmes above it form a
chain of PART_OF. A date alone is a start, an end, a contract's date or an event's, by the words
before it.
"""

from __future__ import annotations

import re

from loaders.document.context import Context, add, surface
from loaders.document.units import Candidate, Unit


def project_facts(
    ctx: Context, unit: Unit, by_type: dict[str, list[Candidate]], project: str, named: bool
) -> None:
    for c in by_type.get("amount", []):
        value = f"{c.attrs['amount']:.2f} {c.attrs['currency']}"
        add(ctx, unit, c.start, "amount", project, v=value)
    for c in by_type.get("period", []):
        add(ctx, unit, c.start, "start", project, v=c.attrs["start"])
        add(ctx, unit, c.start, "end", project, v=c.attrs["end"])
    _single_dates(ctx, unit, by_type, project)
    statuses = by_type.get("status", [])
    if statuses and (named or "status_line" in by_type):
        add(ctx, unit, statuses[0].start, "status", project, v=statuses[0].attrs["status"])
    if "duration" in by_type:
        m = re.search(r"(\d+)\s+(?:месеца|месец|months?|měsíců|měsíce)", unit.text)
        if m:
            add(ctx, unit, m.start(), "attr", project, k="duration_months", v=m.group(1))
    listed = {o.attrs.get("city") for o in by_type.get("organisation", [])}
    for city in by_type.get("city", []):
        if "in_org" not in city.attrs and city.text not in listed and not unit.heading:
            add(ctx, unit, city.start, "place", project, o=f"?City:{city.text}")
    for org in by_type.get("organisation", []):
        if org.attrs.get("kind") == "municipality":
            town = next(
                (c for c in by_type.get("city", []) if c.attrs.get("in_org") == org.text), None
            )
            if town and not unit.heading:
                add(ctx, unit, org.start, "place", project, o=f"?City:{town.text}")


def funding_facts(
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
    add(ctx, unit, own.start, "funded_by", project, o=surface(best))
    if any(c.attrs.get("card") for c in by_type.get("funding", [])):  # co-funders listed
        for other in progs:
            if other is not own and not other.attrs.get("part_of"):
                add(ctx, unit, other.start, "funded_by", project, o=surface(other))
    for lower, upper in zip(chain, chain[1:], strict=False):
        if lower.attrs["rank"] < upper.attrs["rank"]:
            add(ctx, unit, lower.start, "part_of", surface(lower), o=surface(upper))
    for prog in progs:  # data/funders.yaml knows whose programme it is
        parent = next((p for p in progs if p.text == prog.attrs.get("part_of")), None)
        if parent:
            add(ctx, unit, prog.start, "part_of", surface(prog), o=surface(parent))
    funders = [p for p in progs if p.attrs["rank"] == 4]
    for other in funders[1:]:  # "... and the budget of the Ministry": a second funder
        if other is not own and other.text != funders[0].text:
            add(ctx, unit, other.start, "funded_by", project, o=surface(other))


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
            add(ctx, unit, c.start, kind, project, v=c.attrs["date"])
        elif kind == "signed" or (not ctx.has_period and _event(unit, c)):
            name = "signed" if kind == "signed" else "event_date"
            add(ctx, unit, c.start, "attr", project, k=name, v=c.attrs["date"])


def _event(unit: Unit, date: Candidate) -> bool:
    """A full date inside a sentence dates a project event; a post's date line does not
    ("20 Август 2019 | 11:58", a date alone on its line)."""
    offsets = [o for o, _ in unit.starts] + [len(unit.text)]
    line = next(
        unit.text[a:b] for a, b in zip(offsets, offsets[1:], strict=False) if a <= date.start < b
    )
    bare = line.replace(date.text, "")
    return len(date.attrs["date"]) == 10 and len(re.findall(r"[^\W\d_]", bare)) > 25
