"""A document's project when no rule recognised a title: its title line, or an untitled one.

Project pages and cards often open with the project's name as a bare line ("Komunitní centrum
Ostřetín", "Rozkvetlá Olomouc") and never quote it. Figures, dates and funders such a page
states belong to that project; when even a title line is missing they still belong to one
project, which stays untitled (the document's name stands in for it).
"""

from __future__ import annotations

import re
from pathlib import Path

from loaders.document.cards import card
from loaders.document.units import LABELLED, Candidate, Unit

# Opening lines that head a page rather than name a project.
GENERIC = re.compile(
    r"(?i)^(?:резюме|прес-съобщение|проекти|новини|обобщена информация|project info|"
    r"(?:completed |current )?projects|news|press release|aktuality|novinky|projekty|"
    r"realizované projekty|zpráva|výroční zpráva|annual report|годишен доклад|\d+ grants|"
    r"funding|programme|program|summary|overview|contacts?|финансиране|програма|описание)\b"
)
UNTITLED = "?Project:untitled project of "


def document_project(
    file: str, units: list[Unit], found: list[list[Candidate]]
) -> tuple[str | None, Unit | None]:
    """The surface reference of the document's one project and the line that names it (None
    when untitled); a name on the title line that the text never repeats is the title's, not
    an organisation's ("Komunitní centrum Ostřetín" heading its own card)."""
    if not units:
        return None, None
    later = " ".join(u.text for u in units[1:])
    for unit, cands in list(zip(units, found, strict=True))[:12]:
        if _title_line(unit, cands, later):
            cands[:] = [c for c in cands if c.type != "organisation"]
            return f"?Project:{unit.text.strip(' #*')}", unit
        text = unit.text.strip(" #*")
        if not (GENERIC.match(text) or card(unit) or LABELLED.match(text) or _named(unit, cands)):
            break
    return UNTITLED + Path(file).stem, None  # one project whether the page is text or PDF


def _named(unit: Unit, cands: list[Candidate]) -> bool:
    """A line that is mostly one organisation's or funder's name (a page's header)."""
    named = [c for c in cands if c.type in {"organisation", "programme", "funder"}]
    return any(c.end - c.start > len(unit.text) / 2 for c in named)


def _title_line(unit: Unit, cands: list[Candidate], later: str) -> bool:
    text = unit.text.strip(" #*")
    if card(unit) or LABELLED.match(text):
        return False
    cands = [c for c in cands if c.type != "organisation" or c.text in later]
    words = text.split()
    if not 1 < len(words) <= 12 or text.endswith((".", ":", "!", "?")) or GENERIC.match(text):
        return False
    return not _named(unit, cands)
