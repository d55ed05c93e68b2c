"""Project titles: the rules that find them in a line, and a document's project when none did.

Titles are quoted after a project word, written without quotes before what funds them, or on a
"Project title:" line; later mentions by acronym follow. Project pages and cards often open with
the project's name as a bare line ("Komunitní centrum Ostřetín", "Rozkvetlá Olomouc") and never
quote it. Figures, dates and funders such a page states belong to that project; when even a
title line is missing they still belong to one project, which stays untitled (the document's
name stands in for it).
"""

from __future__ import annotations

import re
from pathlib import Path

from graph.model.names import clean
from loaders.document.cards import card
from loaders.document.organisations import NESTED
from loaders.document.units import LABELLED, QUOTED, Candidate, Unit
from loaders.document.units import claim as _claim
from loaders.shared import places

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


# An opening quote never closed before the end of the sentence: „Title of the project
UNCLOSED = r"[„“«](?P<t>[A-ZА-Я0-9][^„“”\"«».;]{2,150}?)(?=\s*(?:[.;](?:\s|$)|$))"
_PROJECT_BEFORE = re.compile(
    r"(?:[Пп]роект(?:а|ът|ът)?|ПРОЕКТ|[Пп]роектно предложение|[Pp]roject|[Pp]rojekt(?:u)?|[Nn]ázev projektu:|"  # noqa: E501
    r"с наименование|със заглавие|наречен|titled|entitled|called|s názvem|nazvaný)"
    r"\s*(?:[A-Z0-9][\w./-]*\d[\w./-]*\s*)?[:,]?\s*$"
)
_PROJECT_AFTER = re.compile(r"^\s*(?:е|is|je)\s+(?:[\w-]+\s+){0,3}(?:проект|project|projekt)")


# A title without quotes between a project word and what funds it:
# "projekt Mladí v akci programu Erasmus+", "проект Нов шанс по програма ...".
UNQUOTED = [
    r"[Пп]роект(?:а|ът)?\s+(?P<t>[А-Я][^,.;:„“\"()]{3,100}?)\s+(?=(?:по|финансиран|съфинансиран|"
    r"в рамките на)\s+(?:[Пп]рограма|Оперативна|процедура|[Фф]онд|Еразъм|Erasmus|ОП|Финанс))",
    r"[Pp]rojekt(?:u|em)?\s+(?P<t>[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][^,.;:„“\"()]{3,100}?)\s+(?=(?:z\s+)?"
    r"(?:programu|v rámci|financovan|podpořen|Operačního))",
    r"[Pp]roject\s+(?P<t>[A-Z][^,.;:“\"()]{3,100}?)\s+(?=(?:is |was )?(?:funded|financed|"
    r"co-funded|supported|under the)\b)",
]


def unquoted_titles(unit: Unit, found: list[Candidate]) -> None:
    for pattern in UNQUOTED:
        for m in re.finditer(pattern, unit.text):
            title = clean(m.group("t"))
            if not places.country(title):
                _claim(found, Candidate("project", title, m.start("t"), m.end("t"), {}))


def quoted_titles(unit: Unit, found: list[Candidate]) -> None:
    """Quoted text is a project title when a project word precedes it or the line introduces it."""
    for m in [*re.finditer(NESTED, unit.text), *re.finditer(QUOTED, unit.text)]:
        before, after = unit.text[max(0, m.start() - 40) : m.start()], unit.text[m.end() :]
        heading_title = unit.heading and not unit.text[: m.start()].strip(" #0123456789.")
        if _PROJECT_BEFORE.search(before) or _PROJECT_AFTER.match(after) or heading_title:
            title = clean(m.group(0)[1:]).strip('„“”"«» ')
            _claim(found, Candidate("project", title, m.start(), m.end(), {}))
    for m in re.finditer(UNCLOSED, unit.text):
        if _PROJECT_BEFORE.search(unit.text[max(0, m.start() - 40) : m.start()]):
            title = re.split(r"\s+(?:се|е|са|ще|is|was|will|je|byl[aoi]?|bude)\s", m.group("t"))[0]
            end = m.start("t") + len(title)
            _claim(found, Candidate("project", clean(title), m.start(), end, {}))


def title_lines(unit: Unit, found: list[Candidate]) -> None:
    """'Název projektu: ACRONYM – Title' and an all-capitals heading ending in '(ACRONYM)'."""
    m = re.match(
        r"(?:Název projektu|Project title|Име на проекта|Наименование на проекта)\s*:\s*(.+)$",
        unit.text,
    )
    if m:
        title = clean(m.group(1))
        quoted = re.match(QUOTED, m.group(1))
        if quoted:
            title = clean(quoted.group(0)[1:-1])
        acr = re.match(r"([A-ZА-Я0-9]{3,15})\s+-\s+", title)
        _claim(
            found,
            Candidate(
                "project", title, m.start(1), m.end(1), {"acronym": acr.group(1)} if acr else {}
            ),
        )
        return
    m = re.match(r"^(?P<t>[^a-zа-я]{20,}?)\s*\((?P<a>[A-Z0-9А-Я-]{3,15})\)\s*$", unit.text)
    if unit.heading and m:
        title = clean(m.group("t"))
        title = title[0] + title[1:].lower()
        _claim(found, Candidate("project", title, 0, len(unit.text), {"acronym": m.group("a")}))


def acronyms(unit: Unit, found: list[Candidate], known: set[str]) -> None:
    """Later mentions of a project by its acronym ('INTEGRA je ...')."""
    for acr in known:
        for m in re.finditer(rf"(?<!\w){re.escape(acr)}(?!\w)", unit.text):
            _claim(found, Candidate("project", acr, m.start(), m.end(), {"acronym": acr}))
