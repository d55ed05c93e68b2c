"""Funders and programmes in running text: the seed documents' shapes, the names of
data/funders.yaml, generic shapes of programme names, and bodies that fund because the sentence
says so ("financed by the Ministry of the Interior", "podpořen z rozpočtu Moravskoslezského
kraje", "се финансира от ЕС").

Ranks order a funding chain: 0 a call or procedure, 1 a priority axis or grant scheme, 2 a
programme, 4 a funder; a project is funded by the most specific one named with it.
"""

from __future__ import annotations

import re

from graph.model.names import clean
from loaders.document import funders
from loaders.document.units import QUOTED, Candidate, Unit
from loaders.document.units import claim as _claim

# --- funders and programmes: (pattern, label, rank); rank 0 = a call or procedure ... 4 = funder
# A pattern may name its entity in one canonical form when the languages differ (EU, AMIF ...).
FUNDING: list[tuple[str, str, int] | tuple[str, str, int, str]] = [
    (rf"[Пп]роцедура(?:та)?\s+(?P<n>{QUOTED})", "Programme", 0),
    (
        r"[Пп]о процедура\s+(?P<n>[А-Я][^„“,.;]+?)(?=\s+(?:на|по) Оперативна програма)",
        "Programme",
        0,
    ),
    (
        rf"[Пп]окана(?:та)? за проектни предложения\s+(?P<n>{QUOTED}|[A-Z]+(?:/[A-Z0-9]+)+)",
        "Programme",
        0,
    ),
    (rf"(?P<n>[Пп]риоритетна ос\s+{QUOTED})", "Programme", 1),
    (rf"(?P<n>Оперативна програма\s+{QUOTED})", "Programme", 2),
    (
        r"(?P<n>Operational Programme\s+[\"“]?[A-Z][\w ]+?[\"”]?)(?=[,.;(]|\s+(?:of|under)|$)",
        "Programme",
        2,
    ),
    (rf"(?P<n>Фонд(?:а|ът)?\s+{QUOTED}(?:\s+България)?)", "Programme", 2),
    # The fund runs per country: only a Bulgarian one is Bulgaria's (the Czech one is in
    # data/funders.yaml); a bare name stays as written.
    (r"(?P<n>Active Citizens Fund Bulgaria)", "Programme", 2, "Active Citizens Fund Bulgaria"),
    (
        r"(?P<n>Active Citizens Fund)(?! (?:Czech|Slovakia|Romania|Croatia|Poland|Hungary))",
        "Programme",
        2,
    ),
    (
        r"(?P<n>Програма(?:та)? за подкрепа на НПО в България|NGO Programme(?: in)? Bulgaria)",
        "Programme",
        2,
    ),
    (
        r"(?P<n>AMIF|Asylum,? Migration and Integration Fund|Azylov\w*,? migra\w* a integra\w* fond\w*(?: EU)?|Фонд „?Убежище, миграция и интеграция“?)",  # noqa: E501
        "Programme",
        2,
        "Asylum, Migration and Integration Fund",
    ),
    (r"(?P<n>(?:EuropeAid )?DEAR)(?!\w)", "Programme", 2, "EuropeAid DEAR"),
    (
        r"(?P<n>Erasmus\+|Horizon 2020|Horizon Europe)(?=[,.;)]|\s|$)",
        "Programme",
        2,
    ),
    (
        r"(?P<n>Финансови?(?:я|ят)? механизъм на (?:Европейското икономическо пространство|ЕИП)|EEA(?: and Norway)? Grants|EEA Financial Mechanism)",  # noqa: E501
        "Funder",
        4,
        "EEA Financial Mechanism",
    ),
    (r"(?P<n>Norway Grants|Norwegian Financial Mechanism)", "Funder", 4, "Norway Grants"),
    (
        r"(?P<n>Европейски(?:я|ят)? съюз|(?:the )?European Union(?:'s)?|Evropsk(?:á|é|ou) uni(?:e|í))",  # noqa: E501
        "Funder",
        4,
        "European Union",
    ),
    (
        r"(?P<n>Фондация(?:та)? Анна Линд|Anna Lindh Foundation)",
        "Funder",
        4,
        "Anna Lindh Foundation",
    ),
]

# Generic shapes of programme names, tried after the known names of data/funders.yaml.
GENERIC_FUNDING: list[tuple[str, str, int]] = [
    (rf"(?P<n>(?:Joint |Cross-border )?Operational Programme\s+{QUOTED})", "Programme", 2),
    (rf"(?P<n>(?:ОП|OP)\s+{QUOTED})", "Programme", 2),
    (
        r"(?P<n>(?:[Пп]рограма(?:та)?\s+)?(?:Interreg|Интеррег)(?:\s+[IVX]+(?:-[ABC])?)?"
        r"(?:\s*[–-]\s*|\s+)[^,.;()]*?\d{4}\s*[–-]\s*\d{4}|Interreg\s+[IVX]+-[ABC]\s+[^,.;()]+?)"
        r"(?=\s*[,.;()]|\s*$)",
        "Programme",
        2,
    ),
    (
        r"(?P<n>[Пп]рограма(?:та)?\s+за\s+(?!проект)[^,.;:„“\"()]{3,140}?"
        r"(?:\s+по\s+[А-ЯA-Z][^,.;:„“\"()]{2,60}?\d{4}\s*[–-]\s*\d{4})?)"
        r"(?=\s+(?:(?:по|към|финансиран\w*|чрез)\s|на [А-Я])|\s*[,.;:(]|\s+[A-Z]{2,}|\s*$)",
        "Programme",
        2,
    ),
    (rf"(?P<n>[Пп]рограма(?:та)?\s+{QUOTED})", "Programme", 2),
    (
        r"(?P<n>(?:ежегодна(?:та)?\s+)?[Гг]рантова(?:та)? програма на\s+[А-ЯA-Z][\w-]+)",
        "Programme",
        1,
    ),
    (
        r"(?P<n>[Dd]otační(?:ho|m)? program(?:u|em)?\s+[^,.;()]{3,160}?)(?=\s+a\s|\s*[,.;()]|\s*$)",
        "Programme",
        1,
    ),
    (
        r"[Pp]rogram(?:u|em)?\s+(?P<n>(?!Interreg)[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][^,.;()]{3,120}?)"
        r"(?=\s+v roce|\s+na rok|\s*[,.;()]|\s*$)",
        "Programme",
        2,
    ),
    (r"(?P<n>Interreg(?:\s+[IVX]+(?:-[ABC])?)?|Интеррег)(?![\w-])", "Programme", 2),
]


def known_funding(unit: Unit, found: list[Candidate]) -> None:
    """The funders and programmes of data/funders.yaml, under their canonical names."""
    for entry in funders.known():
        for m in entry.regex.finditer(unit.text):
            attrs = {
                "rank": entry.rank,
                "written": clean(m.group(0)),
                "part_of": entry.part_of,
                "canonical": True,
            }
            _claim(found, Candidate(entry.label.lower(), entry.name, m.start(), m.end(), attrs))


def funding(unit: Unit, found: list[Candidate]) -> None:
    _patterns(unit, found, FUNDING)
    known_funding(unit, found)
    _patterns(unit, found, GENERIC_FUNDING)


def _patterns(unit: Unit, found: list[Candidate], table: list) -> None:
    for pattern, label, rank, *canonical in table:
        for m in re.finditer(pattern, unit.text):
            if m.group("n")[:1].islower() and not _in_funding_phrase(unit.text, m.start()):
                continue
            written = m.group("n")[1:-1] if m.group("n")[0] in '„“"' else clean(m.group("n"))
            written = re.sub(r"^the\s+|'s$", "", written)
            attrs = {"rank": rank, "written": written}
            name = canonical[0] if canonical else written
            _claim(found, Candidate(label.lower(), name, m.start(), m.end(), attrs))


# "financed by X", "podpořen z rozpočtu X", "се финансира от X": what follows is a funder.
FUNDED_BY = re.compile(
    r"(?:financed|funded|supported|co-financed|co-funded|sponsored) by(?: the)?|"
    r"(?:the )?budget of(?: the)?|(?:съ|до)?финансира(?:н[аио]?)?(?: се)? от|"
    r"с (?:финансовата )?подкрепата на|(?:finančně )?podpořen\w*(?: [a-zá-ž]+)? z(?: rozpočtu)?|"
    r"z rozpočtu|dotac\w* z|(?:finančně )?podpořil\w*|za podpory|s podporou|financován\w* z"
)
# Bodies named only where a sentence says they fund: regions, ministries, the EU's short names.
CONTEXT_FUNDERS: list[tuple[str, str | None]] = [
    (
        r"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]+(?:ský|ského|ském|ská|ské|skému)\s+kraj\w{0,2}",
        None,
    ),  # noqa: E501
    (
        r"Ministerstv(?:o|a|em|u)\s+[A-Za-záčďéěíňóřšťúůýž]+(?:\s+(?:a\s+)?[a-záčďéěíňóřšťúůýž]+){0,3}(?:\s+ČR)?",
        None,
    ),  # noqa: E501
    (
        r"Ministry of (?:the )?[A-Z]\w+(?:\s+(?:of|and)\s+(?:the\s+)?[A-Z]\w+(?:\s+[A-Z]\w+)*)*",
        None,
    ),  # noqa: E501
    (r"Министерство(?:то)? на [а-я]+(?: и [а-я]+)*", None),
    (r"ЕС|EU", "European Union"),
    (r"ЕК|EK", "European Commission"),
]
_FUNDER_KINDS = {"ministry", "municipality", "regional_administration", "foundation", "agency"}


def _in_funding_phrase(text: str, start: int) -> bool:
    """A lower-case programme name ("програмата за ...") counts only in a funding sentence."""
    before = re.split(r"[.!?]\s", text[max(0, start - 200) : start])[-1]
    after = re.split(r"[.!?](?:\s|$)", text[start : start + 300])[0]
    return bool(_FUNDING_WORD.search(before + after))


_FUNDING_WORD = re.compile(r"(?i)финансир|съфинансир|funded|financ|podpoř|dotac")


def funders_in_context(unit: Unit, found: list[Candidate]) -> None:
    """Bodies a funding phrase introduces become funders: organisations the rules found there
    (a ministry, a municipality, a foundation) and the regions, ministries and EU short names
    that count as funders only in such a phrase."""
    for m in FUNDED_BY.finditer(unit.text):
        end: int | None = m.end()
        while end is not None:
            end = _next_funder(unit, found, end)


def _next_funder(unit: Unit, found: list[Candidate], end: int) -> int | None:
    """The end of the next funder along the list after a funding phrase, or None: a region,
    ministry or EU short name, a known funder or programme, or an organisation of a funding
    kind (which turns funder)."""
    gap = re.match(
        r"[\s,]*(?:(?:a|and|и|както и|as well as|v rámci|within|чрез|по|the)\s+)*", unit.text[end:]
    )
    at = end + (gap.end() if gap else 0)
    for pattern, canonical in CONTEXT_FUNDERS:
        got = re.compile(rf"(?P<n>{pattern})(?![\w])").match(unit.text, at)
        if got:
            text = clean(got.group("n"))
            cand = Candidate(
                "funder", canonical or text, at, got.end(), {"rank": 4, "written": text}
            )
            return got.end() if _claim(found, cand) else None
    cand = next((c for c in found if c.start == at and c.type in _LISTED), None)
    if cand is None:
        return None
    if cand.type == "organisation":
        if cand.attrs.get("kind") not in _FUNDER_KINDS or cand.attrs.get("role"):
            return None
        cand.type = "funder"
        cand.attrs.update(rank=4, written=cand.text)
    return cand.end


_LISTED = {"organisation", "funder", "programme"}
