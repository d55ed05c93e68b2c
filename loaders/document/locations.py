"""Cities, towns and countries a line names, and the seat written inside an organisation's name.

The hand-made list of places is tried first (longest form first), then the gazetteer of towns.
"""

from __future__ import annotations

import re

from loaders.document.organisations import CAP
from loaders.document.units import Candidate, Unit
from loaders.document.units import claim as _claim
from loaders.shared import places, towns


def cities_and_countries(unit: Unit, found: list[Candidate]) -> None:
    inside = [c for c in found if c.type == "organisation"]
    for form in sorted(places.CITY_FORMS, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", unit.text):
            owner = next((c for c in inside if c.start <= m.start() < c.end), None)
            attrs = {"in_org": owner.text} if owner else {}
            cand = Candidate("city", form, m.start(), m.end(), attrs)
            if owner or not any(c.start < m.end() and m.start() < c.end for c in found):
                found.append(cand)
    for m in re.finditer(rf"({CAP})\s*\(([A-Z]{{2}})\)", unit.text):
        if not any(c.start <= m.start() < c.end for c in found):
            found.append(
                Candidate("city", m.group(1), m.start(1), m.end(1), {"country": m.group(2)})
            )
    for name in sorted(places.COUNTRIES, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", unit.text):
            _claim(
                found,
                Candidate("country", name, m.start(), m.end(), {"code": places.COUNTRIES[name]}),
            )
    gazetteer_towns(unit, found, inside)


# Inside an organisation's name, a town is its seat after a municipal word, a dash or "of/in"
# ("Община Каварна", "Зелени Балкани - Поморие", "University of Ruse"), not in "Nadace Nové
# Město".
_SEAT = re.compile(
    r"(?i)(?:община(?:та)?|obec|obce|město|města|municipality of|[–—-]|"
    r"(?<=\s)(?:of|in|v|ve|в|във))\s*$"
)


def gazetteer_towns(unit: Unit, found: list[Candidate], orgs: list[Candidate]) -> None:
    """Towns of data/geo/towns.tsv the hand-made list does not hold (Летница, Kroměříž)."""
    for start, end, _ in towns.find(unit.text):
        owner = next((c for c in orgs if c.start <= start < c.end), None)
        if owner and not _SEAT.search(unit.text[owner.start : start]):
            continue
        taken = any(c.start < end and start < c.end for c in found)
        if owner or not taken:
            attrs = {"in_org": owner.text} if owner else {}
            found.append(Candidate("city", unit.text[start:end], start, end, attrs))
