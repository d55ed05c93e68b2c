"""Who took part in a project, by what a line states: listed roles, roles written after the
names, organisations after a partnership or invitation marker, else the first one named leads.
"""

from __future__ import annotations

import re

from loaders.document.context import OWNER, Context, add, surface
from loaders.document.roles import postfix_roles
from loaders.document.units import Candidate, Unit

_JOINER = re.compile(r"^\s*(?:,|и|and|a|та)?\s*$")


def participation_facts(
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
        add(ctx, unit, org.start, "participates", surface(org), o=project, v=org.attrs["role"])
    others = [c for t in ("role", "country", "city") for c in by_type.get(t, [])]
    stated = postfix_roles(unit, [o for o in orgs if o not in listed], others)
    for org, role in stated:
        add(ctx, unit, 0, "participates", surface(org), o=project, v=role)
    if stated:
        return
    for org in _after_markers(unit, orgs, by_type.get("associate", [])):
        add(ctx, unit, org.start, "participates", surface(org), o=project, v="associate")
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
    add(ctx, unit, 0, "participates", lead, o=project, v="lead")
    for ref in [surface(o) for o in partners] + rest:
        if ref != lead:
            add(ctx, unit, 0, "participates", ref, o=project, v="partner")


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
