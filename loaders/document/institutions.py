"""Public institutions named by what they are: museums, universities, schools, chambers,
libraries, regional offices, in Bulgarian, Czech and English.

Such bodies carry no legal form ("Регионален исторически музей – Враца", "Trakia University",
"Slezská univerzita v Opavě", "Chamber of Commerce and Industry of Yambol"); their head noun says
what they are, with the adjectives in front and the place or quoted name after it. A head noun
alone ("the museum", "училището") names nothing and is left out.
"""

from __future__ import annotations

import re

from graph.model.names import clean
from loaders.document.units import QUOTED, Candidate, Unit, claim

CAP = r"[A-ZА-ЯЁČŘŠŽÝÁÍÉĚÚŮĎŤŇ][\w\-]*"
# head noun -> the kind of body it points to
HEADS: dict[str, str] = {
    "museum": "museum",
    "university": "research",
    "school": "school",
    "college": "school",
    "library": "library",
    "gymnasium": "school",
    "hospital": "public",
    "theatre": "culture",
    "theater": "culture",
    "gallery": "culture",
    "chamber": "chamber",
    "directorate": "public",
    "administration": "public",
    "authority": "public",
    "office": "public",
    "музей": "museum",
    "университет": "research",
    "училище": "school",
    "гимназия": "school",
    "библиотека": "library",
    "палата": "chamber",
    "дирекция": "public",
    "болница": "public",
    "театър": "culture",
    "галерия": "culture",
    "читалище": "culture",
    "колеж": "school",
    "muzeum": "museum",
    "univerzita": "research",
    "škola": "school",
    "gymnázium": "school",
    "knihovna": "library",
    "komora": "chamber",
    "úřad": "public",
    "nemocnice": "public",
    "divadlo": "culture",
    "galerie": "culture",
    "kraj": "public",
    "agentura": "agency",
    "ministry": "public",
    "centre": "ngo",
    "center": "ngo",
    "council": "public",
    "agency": "agency",
    "управа": "public",
    "администрация": "public",
    "министерство": "public",
    "център": "ngo",
    "агенция": "agency",
    "ministerstvo": "public",
    "centrum": "ngo",
}
_EN_HEAD = r"Museum|University|School|College|Library|Gymnasium|Hospital|Theatre|Theater|Gallery|Chamber of Commerce(?: and Industry)?|Chamber|Directorate|Administration|Authority|Office|Ministry|Centre|Center|Council|Agency"  # noqa: E501
_BG_HEAD = r"[Мм]узей|[Уу]ниверситет|[Уу]чилище|[Гг]имназия|[Бб]иблиотека|[Пп]алата|[Дд]ирекция|[Бб]олница|[Тт]еатър|[Гг]алерия|[Чч]италище|[Кк]олеж|[Уу]права|[Аа]дминистрация|[Мм]инистерство|[Цц]ентър|[Аа]генция"  # noqa: E501
_CZ_HEAD = r"[Mm]uzeum|[Uu]niverzita|[Šš]kola|[Gg]ymnázium|[Kk]nihovna|[Kk]omora|[Úú]řad|[Nn]emocnice|[Dd]ivadlo|[Gg]alerie|[Kk]raj|[Aa]gentura|[Mm]inisterstvo|[Cc]entrum"  # noqa: E501
# the lower-case words between the first and the head noun are adjectives ("Регионален
# исторически музей"), never a verb or a preposition ("Бургас беше в центъра")
_BG_ADJ = r"[а-я-]+(?:ски|ска|ско|ски|ен|на|но|ни|ов|ова|ово|ев|ева|ево|ин|ина|ия|ият|ата|ото|ите)"
_PLACE = rf"\s*[–—-]\s*{CAP}(?:\s+{CAP})?"
PATTERNS = [
    # English: "Regional History Museum", "Trakia University of Stara Zagora", "Municipality of X"
    rf"(?:{CAP}\s+){{1,4}}(?:{_EN_HEAD})(?:\s+(?:of|in|for)(?:\s+the)?\s+{CAP}(?:\s+(?:and\s+)?{CAP})*)?(?!\w)",  # noqa: E501
    rf"(?:{_EN_HEAD}|Municipality)\s+(?:of|for)(?:\s+the)?\s+{CAP}(?:\s+(?:and\s+|of\s+)?{CAP})*(?![\w.])",
    # Bulgarian: adjectives, the head noun, then a quoted name, a dash and a town, or both
    rf"(?:[А-Я][а-я-]+(?:\s+{_BG_ADJ}){{1,3}}\s+)(?:{_BG_HEAD})(?:\s+по\s+[а-я ]+?(?=\s*(?:[„“\"«–—-]|$)))?(?:\s*{QUOTED})?(?:{_PLACE})?",  # noqa: E501
    rf"(?:[А-Я][а-я-]+\s+)(?:{_BG_HEAD})(?:\s+по\s+[а-я ]+?(?=\s*(?:[„“\"«–—-]|$)))?(?:\s*{QUOTED}(?:{_PLACE})?|{_PLACE})",  # noqa: E501
    rf"(?:{_BG_HEAD})\s*(?:{QUOTED})(?:{_PLACE})?",
    # Czech: "Slezská univerzita v Opavě", "Muzeum Těšínska", "Krajský úřad Zlínského kraje"
    rf"(?:[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-zá-ž]+(?:\s+[a-zá-ž]+){{0,2}}\s+)(?:{_CZ_HEAD})(?:\s+(?:v|ve|pro)\s+{CAP}|\s+{CAP}(?:\s+{CAP})?)?",  # noqa: E501
    rf"(?:{_CZ_HEAD})\s+{CAP}(?:\s+{CAP})?",
]
_COMPILED = [re.compile(p) for p in PATTERNS]
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+)$")


def institutions(unit: Unit, found: list[Candidate]) -> None:
    """Institution names no earlier rule claimed; a head noun with only a sentence-initial
    capital before it ("Museum visitors ...") needs a name after it."""
    for pattern in _COMPILED:
        for m in pattern.finditer(unit.text):
            start = m.start() + (4 if m.group(0).startswith("The ") else 0)
            name = clean(unit.text[start : m.end()])
            words = name.split()
            if len(words) < 2:
                continue
            head = next((w.lower() for w in words if w.lower() in HEADS), None)
            kind = HEADS.get(head or "", "public")
            attrs = {"kind": kind, "institution": True}
            claim(found, Candidate("organisation", name, start, m.end(), attrs))
