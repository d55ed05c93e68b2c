"""Organisation names in a line: by legal form, by shape, in partner lists, and abbreviations.

Also the shapes of names the other rules share (capitalised words, nested quotes). Patterns for
forms seen in the seed documents run first; shapes they did not show run after them.
"""

from __future__ import annotations

import re
from typing import Any

from graph.model.names import clean, is_abbreviation, is_abbreviation_of, legal_form_kind
from loaders.document.markers import MARKERS
from loaders.document.orgnames import two_names
from loaders.document.units import QUOTED, Candidate, Unit
from loaders.document.units import claim as _claim
from loaders.shared import places

CAP = r"[A-ZА-ЯЁČŘŠŽÝÁÍÉĚÚŮĎŤŇ][\w\-]*"
CAPS = rf"{CAP}(?:(?:\s+|\s*[–-]\s*){CAP})*"
NESTED = r"[„“\"«][^„“”\"«»]{2,200}(?:[„«]|(?<=\s)“(?=[A-ZА-Я]))[^„“”\"«»]{1,80}[“”\"»](?:[^„“”\"«»]{0,40}[“”\"»])?"  # noqa: E501
STOP = (
    r"е|са|беше|бяха|съвместно|изпълни|изпълнява|започна|започва|продължава|получи|получиха|"
    r"подаде|реализира|ще|има|няма|като|чрез|към|с който|с която|в партньорство|и осъществява|"
    r"в град|в гр|оказващи|и сроковете|и създаване|"
    # verbs that end the name they follow ("Фондация за бизнес образование организира ...")
    r"организира\w*|проведе\w*|представи\w*|стартира\w*|спечели\w*|участва\w*|подкрепи\w*|"
    r"финансира\w*|обяви\w*|откри\w*|събра\w*|покани\w*|връчи\w*|осъществи\w*|"
    r"кандидатства\w*|работи\w*|предлага\w*|предостави\w*|създаде\w*|подписа\w*|"
    r"посрещна\w*|отбеляза\w*|изготви\w*|обучи\w*|подготви\w*"
)


# A Czech name is often an adjective and a lower-case noun: "Zelený dům", "Modrá linka".
_CZ_ADJ_NOUN = rf"[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-zá-ž]*(?:ý|á|é|í)\s+[a-zá-ž]{{3,}}(?:\s+{CAP})?(?!\w)"
_BG_NAMED = r"Фондация(?:та)?|Сдружение(?:то)?|Клуб(?:ът|а)?|Асоциация(?:та)?|[Оо]бщина(?:та)?|Областна(?:та)? администрация|Nadace|Nadační fond|Spolek|Udruga|Fondazione"  # noqa: E501
_BG_DESCRIBED = r"Център(?:ът|а)?|Национал(?:ен|ния|ният)\s+съвет|Държавна(?:та)?\s+агенция|Агенция(?:та)?|Министерство(?:то)?|Институт(?:ът|а)?"  # noqa: E501
ORGS: list[str] = [
    rf"(?:международна(?:та)?\s+)?[Мм]режа(?:та)?\s+(?:{QUOTED}|{CAPS})",
    rf"(?:{_BG_NAMED})\s+(?:{QUOTED}(?:\s*[–-]\s*{CAP})?|{_CZ_ADJ_NOUN}|(?:[–-]\s*)?{CAPS}(?:\s+и\s+[а-я]+(?=\s+(?:{STOP})\b))?)",
    rf"(?:{_BG_DESCRIBED})\s+(?:{QUOTED}|(?:за|по|на)\s+[^,.;:()\n\t]+?(?=\s*[,.;:()]|\s*$|\s+(?:{STOP})\b))",
    rf"{CAP}(?:\s+(?:{CAP}|for|on|of|and|(?<!and\s)the|&))*\s+(?:Foundation|Association|Network|Society|Institute|Agency|Centre|Center|Council)(?!\w)",
    rf"(?:Center|Centre|Institute|Foundation|Council)\s+(?:for|on|of)\s+{CAP}(?:\s+(?:{CAP}|and|of|for|on))*",
    rf"{CAP}\s+centrum(?:\s+{CAP})?",
    rf"{CAPS},?\s+(?:o\.\s?p\.\s?s\.|z\.\s?ú\.|z\.\s?s\.)",
]
# Shapes the seed documents did not show, tried after the ones above.
_FORM_LC = (
    r"[Сс]дружение(?:то)? с нестопанска цел|[Сс]дружение(?:то)?|[Фф]ондация(?:та)?|"
    r"[Кк]луб(?:ът|а)?|[Аа]социация(?:та)?|"
    r"[Чч]италище(?:то)?|[Дд]ружество(?:то)?|СНЦ|НЧ|СУ|ОУ|ПГ|ПЗГ|ДГ|Association|Foundation|"
    r"Club|Society|Union|Sdružení(?:m)?|Spolek|Nadace|Nadační fond"
)
_ADJ = r"[А-Я][а-я]+(?:ски|ска|ско|ен|на)"
_FOREIGN = r"Alapítvány|Fundația|Asociația|Vakfı|Derneği|Udruženje|Udruga|Stiftung|e\.\s?V\.|Fundacja|Stowarzyszenie|Fondation|Fundación"  # noqa: E501
# Forms written before the name in the neighbours' languages: "Asociația Pro Democrația",
# "Fundacja Rozwoju", "Stowarzyszenie Region Beskidy", "Nadácia Integra".
_FORM_FIRST = r"Asociația|Fundația|Fundacja|Stowarzyszenie|Fondation|Fundación|Asociación|Udruženje|Udruga|Associazione|Fondazione|Občianske združenie|Nadácia|Združenie"  # noqa: E501
_LWORD = r"[A-ZČŘŠŽÝÁÍÉĚÚŮĎŤŇĂÂÎȘŞȚŢŁŚŻŹĆŃÖÜÇĞİ][\w-]*"
_CZ_BODY = r"Charita|Diecézní charita|Obec|obec|Statutární město|statutární město|Sdružení(?:m)?|Spolek|Nadace|Nadační fond|Hnutí|Komunitní centrum"  # noqa: E501
# Company forms written after the name, in the languages the pages quote partners in.
_COMPANY = (
    r"GmbH|Ltd\.?|Limited|Inc\.|LLC|AG|S\.\s?A\.|SRL|S\.R\.L\.|s\.\s?r\.\s?o\.|a\.\s?s\.|"
    r"ООД|ЕООД|АД|ЕАД|Kft\.|d\.o\.o\.|Sp\. z o\.o\.|B\.V\.|N\.V\."
)
EXTRA_ORGS: list[str] = [
    rf"(?:{_ADJ}\s+)?(?:{_FORM_LC}|[Цц]ентър)\s+(?:за\s+[^,.;:()„“”\"]{{3,80}}?\s+(?=[„“\"«]\S))?{NESTED}(?:\s*[–-]\s*{CAPS})?",
    rf"(?:{_ADJ}\s+)?(?:{_FORM_LC}|[Цц]ентър)\s+(?:за\s+[^,.;:()„“”\"]{{3,80}}?\s+(?=[„“\"«]\S))?{QUOTED}(?:\s*[–-]\s*{CAPS})?",
    rf"(?:{_ADJ}\s+)?(?:Сдружение|Фондация|Асоциация|Дружество|дружество|фондация|асоциация)\s+(?:за|по|на)\s+[^,.;:()\n\t„“”\"]+?(?=\s*[,.;:()„“”\"]|\s*$|\s+(?:{STOP})\b)",
    rf"{CAP}(?:\s+(?:{CAP}|for|on|of|and|&))*\s+(?:Foundation|Association|Network|Society|Institute|Agency|Centre|Center|Council)(?:\s+(?:of|for)(?:\s+the)?\s+{CAP}(?:\s+(?:{CAP}|and|of|the))*)?(?!\w)",
    rf"(?:Center|Centre|Institute|Foundation|Council|Society|Association)\s+(?:for|on|of)\s+{CAP}(?:\s+(?:{CAP}|and|of|for|on))*",
    rf"{CAPS}\s+(?:{_FOREIGN})(?!\w)",
    rf"(?:{_FORM_FIRST})\s+{_LWORD}(?:\s+(?:(?:din|de|pentru|dla)\s+)?{_LWORD})*",
    rf"(?:{_CZ_BODY})\s+(?:pro\s+[a-zá-ž]+(?:\s+[a-zá-ž]+){{0,3}}|{_CZ_ADJ_NOUN}|{CAPS})",
    rf"[a-zá-ž]+\s+centrum\s+{CAP}",
    rf"{CAPS},?\s+(?:{_COMPANY})(?!\w)",
]
NOT_ORG_ABBR = {
    "ЕС",
    "ДДС",
    "ЦУР",
    "МС",
    "НПО",
    "ЕИП",
    "ИТ",
    "ОП",
    "ЕУ",
    "БГ",
    "СЪДЪРЖАНИЕ",
    "ПРОЕКТ",
    "НА",
    "ВБ",
    "СНЦ",
    "НЧ",
    "УС",
    "ФМ",
    "ООН",
    "САЩ",
    "ИПП",
    "ИСУН",
    "СУ",
    "ПЗГ",
    "ОУ",
    "ПГ",
    "ДГ",
    "ЕК",
    "ЕСФ",
    "ЕФРР",
    "РЧР",
    "ХЪБ",
    "ЧАР",
    "БЪЛГАРИЯ",
    "ОПРЧР",
    "ФУМИ",
}
PARTNER_LIST = re.compile(
    r"(?P<label>Hlavní partner|Ostatní partneři|Partneři|Lead partner|Partners?|"
    r"Водеща организация|Водещ партньор|Партньори|Партньор)\s*:\s*(?P<rest>.+)$"
)
_LIST_ITEM = re.compile(r"\s*(?P<name>[^()]+?)\s*\((?P<paren>[^)]*)\)\s*(?::\s*<[^>]*>)?\s*(?:,|$)")


def partner_lists(unit: Unit, found: list[Candidate]) -> None:
    """'Hlavní partner: X (Sofie, Bulharsko)' / 'Ostatní partneři: A (CZ), B (IT)'."""
    m = PARTNER_LIST.search(unit.text)
    if not m:
        return
    role = "lead" if re.search(r"Hlavní|Lead|Водещ", m.group("label")) else "partner"
    offset = m.start("rest")
    for item in _LIST_ITEM.finditer(m.group("rest")):
        kind = legal_form_kind(item.group("name")) or "ngo"
        attrs: dict[str, Any] = {"role": role, "kind": kind, "listed": True}
        for part in item.group("paren").split(","):
            if places.country(part):
                attrs["country"] = places.country(part)
            elif places.city(part):
                attrs["city"] = part.strip()
        start = offset + item.start("name")
        _claim(
            found,
            Candidate(
                "organisation", clean(item.group("name")), start, offset + item.end("name"), attrs
            ),
        )


def organisations(unit: Unit, found: list[Candidate]) -> None:
    for pattern in [EXTRA_ORGS[0], *ORGS, *EXTRA_ORGS[1:]]:  # nested quotes first
        for m in re.finditer(pattern, unit.text):
            for start, end in two_names(m.start(), m.end(), unit.text):
                name = clean(unit.text[start:end])
                kind = "network" if re.search(r"[Мм]режа|Network", name) else legal_form_kind(name)
                _claim(found, Candidate("organisation", name, start, end, {"kind": kind}))
    for m in re.finditer(r"(?<![\w-])([А-Я]{2,6})(?![\w-])", unit.text):
        if m.group(1) not in NOT_ORG_ABBR and is_abbreviation(m.group(1)):
            near = unit.text[max(0, m.start() - 12) : m.end() + 12]
            attrs = {"abbr": True, "shouted": len(re.findall(r"[А-Я]{3,}", near)) > 1}
            _claim(found, Candidate("organisation", m.group(1), m.start(), m.end(), attrs))


_EXTENSION = re.compile(
    rf"(?:\s+(?:of|for)(?:\s+the)?\s+{CAP}(?:\s+(?:{CAP}|and))*|\s*[—–]\s*{CAP})(?![\w-])"
)


_CZECH_FORM = re.compile(r",?\s+(?:z\.\s?s\.|o\.\s?p\.\s?s\.|z\.\s?ú\.|s\.\s?r\.\s?o\.|o\.\s?s\.)")


def extend_organisations(unit: Unit, found: list[Candidate]) -> None:
    """'Eco Counseling Centre' + ' of Galati', 'Ecological Counseling Center' + ' — Cahul':
    a seat or a scope written right after an English name belongs to it."""
    for org in [c for c in found if c.type == "organisation"]:
        legal = _CZECH_FORM.match(unit.text, org.end)
        if legal and not any(c.start < legal.end() and org.end <= c.start for c in found):
            org.end, org.text = legal.end(), clean(unit.text[org.start : legal.end()])
        if org.attrs.get("listed"):
            continue
        m = _EXTENSION.match(unit.text, org.end)
        if not m or not re.search(
            r"(?:Centre|Center|Network|Foundation|Association|Society)$", org.text
        ):
            continue
        if any(c is not org and c.start < m.end() and org.start < c.end for c in found):
            continue
        org.end, org.text = m.end(), clean(unit.text[org.start : m.end()])


def tied_abbreviations(found: list[list[Candidate]]) -> None:
    """Keep a two-letter or shouted abbreviation ("ПРОЕКТ „МЛАДЕЖКИ ХЪБ") as an organisation
    only when the document ties it to a name: the initials of a named organisation, or in
    brackets after one."""
    named = [
        c for cands in found for c in cands if c.type == "organisation" and "abbr" not in c.attrs
    ]
    tied = {c.attrs.get("alias") for c in named} | {
        a.text
        for cands in found
        for a in cands
        if a.attrs.get("abbr") and any(is_abbreviation_of(a.text, c.text) for c in named)
    }
    for cands in found:
        cands[:] = [
            c
            for c in cands
            if not c.attrs.get("abbr")
            or c.text in tied
            or (len(c.text) > 2 and not c.attrs.get("shouted"))
        ]


def abbreviation_definitions(unit: Unit, found: list[Candidate]) -> None:
    """'Център за модернизиране на политики (ЦМП)' and 'AMIF (Azylový ... fond EU)'."""
    for cand in sorted(found, key=lambda c: c.start):
        m = re.compile(r"\s*\(([^)]{2,70})\)").match(unit.text, cand.end)
        if not m or cand.type not in {"organisation", "programme", "funder"}:
            continue
        inner = [c for c in found if m.start(1) <= c.start < m.end(1)]
        parts = [p for p in m.group(1).split(",") if places.country(p) or places.city(p)]
        if is_abbreviation(m.group(1)) or not (inner or parts or cand.attrs.get("listed")):
            cand.attrs["alias"] = clean(m.group(1))


_FILLER = (
    r"(?:\s+(?:партньора|партньорите|партньор)(?:\s+ни|\s+си)?|\s+(?:our|the)\s+partners?)?\s+"
)


def partner_objects(unit: Unit, found: list[Candidate]) -> None:
    """An organisation right after 'съвместно с [партньора ни]' even without a legal form (LDN)."""
    pattern = rf"(?:{MARKERS[0][1]}){_FILLER}(?P<o>[A-Z][A-Z0-9&-]{{1,9}})(?![\w-])"
    for m in re.finditer(pattern, unit.text):
        _claim(found, Candidate("organisation", m.group("o"), m.start("o"), m.end("o"), {}))
