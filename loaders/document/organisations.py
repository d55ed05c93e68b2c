"""Rules that find candidate facts in one logical line, in Bulgarian, Czech and English.

Each rule is a regular expression with a small function around it; it returns
:class:`Candidate` spans (what, where, the surface text, a few attributes). Rules run in order
and a span claimed by an earlier rule is not reused by a later one, so "Оперативна програма
„Добро управление“" is a programme and not also a quoted project title.
"""

from __future__ import annotations

import re
from typing import Any

from graph.model.names import clean, is_abbreviation, is_abbreviation_of, legal_form_kind
from loaders.document.cards import card_funders, cards
from loaders.document.dates import amounts, dates
from loaders.document.funding import funders_in_context, funding
from loaders.document.institutions import institutions
from loaders.document.orgnames import known_organisations, tidy, two_names
from loaders.document.roles import listed_after_markers, role_markers
from loaders.document.units import QUOTED, Candidate, Unit
from loaders.document.units import claim as _claim
from loaders.shared import places, towns

CAP = r"[A-ZА-ЯЁČŘŠŽÝÁÍÉĚÚŮĎŤŇ][\w\-]*"
CAPS = rf"{CAP}(?:(?:\s+|\s*[–-]\s*){CAP})*"
NESTED = r"[„“\"«][^„“”\"«»]{2,200}(?:[„«]|(?<=\s)“(?=[A-ZА-Я]))[^„“”\"«»]{1,80}[“”\"»](?:[^„“”\"«»]{0,40}[“”\"»])?"  # noqa: E501
# An opening quote never closed before the end of the sentence: „Title of the project
UNCLOSED = r"[„“«](?P<t>[A-ZА-Я0-9][^„“”\"«».;]{2,150}?)(?=\s*(?:[.;](?:\s|$)|$))"
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
# --- organisations ---------------------------------------------------------------------------
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


_PROJECT_BEFORE = re.compile(
    r"(?:[Пп]роект(?:а|ът|ът)?|ПРОЕКТ|[Пп]роектно предложение|[Pp]roject|[Pp]rojekt(?:u)?|[Nn]ázev projektu:|"  # noqa: E501
    r"с наименование|със заглавие|наречен|titled|entitled|called|s názvem|nazvaný)"
    r"\s*(?:[A-Z0-9][\w./-]*\d[\w./-]*\s*)?[:,]?\s*$"
)
_PROJECT_AFTER = re.compile(r"^\s*(?:е|is|je)\s+(?:[\w-]+\s+){0,3}(?:проект|project|projekt)")


_FILLER = (
    r"(?:\s+(?:партньора|партньорите|партньор)(?:\s+ни|\s+си)?|\s+(?:our|the)\s+partners?)?\s+"
)


def partner_objects(unit: Unit, found: list[Candidate]) -> None:
    """An organisation right after 'съвместно с [партньора ни]' even without a legal form (LDN)."""
    pattern = rf"(?:{MARKERS[0][1]}){_FILLER}(?P<o>[A-Z][A-Z0-9&-]{{1,9}})(?![\w-])"
    for m in re.finditer(pattern, unit.text):
        _claim(found, Candidate("organisation", m.group("o"), m.start("o"), m.end("o"), {}))


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


STATUS: list[tuple[str, str]] = [
    (
        "proposed",
        r"подаден[оа]? (?:и )?проектно предложение|подадено проектно|подадохме|submitted|podán|podali",  # noqa: E501
    ),
    ("rejected", r"отхвърлен|не (?:беше|е) одобрен|rejected|nebyl podpořen|zamítnut"),
    ("completed", r"(?<!\w)(?:изпълни|приключи|завърши)(?!\w)|completed|finished|ukončen|dokončen"),
    (
        "ongoing",
        r"(?<!\w)(?:започна|започва|продължи изпълнението|изпълнява се)(?!\w)|ongoing|in progress|probíhá",  # noqa: E501
    ),
]
MARKERS: list[tuple[str, str]] = [
    (
        "partner",
        r"в партньорство с(?:ъс)?|съвместно с(?:ъс)?|заедно с(?:ъс)?|в сътрудничество с(?:ъс)?|in partnership with|together with|jointly with|ve spolupráci se?|společně se?",  # noqa: E501
    ),
    ("invite", r"[Пп]о покана на|at the invitation of|na pozvání"),
    (
        "associate",
        r"поканен[иа]?(?: да присъстват)? представители на|invited representatives of|pozván\w* zástupci",  # noqa: E501
    ),
    ("member", r"(?:е|са) член(?:ове)?|is a member|are members|(?:je|jsou) člen\w*"),
    (
        "funding",
        r"финансира|съфинансир|финансиран|финансиране|funded|financ|podpořen|по Оперативна програма|[Пп]о процедура|По покана за проектни предложения|"  # noqa: E501
        r"podpořil|za podpory|s podporou|[Dd]otac[eií]|získal\w* dotaci|with the support of|supported by|с подкрепата на|[Бб]езвъзмездн\w+ (?:финансова )?помощ",  # noqa: E501
    ),
    ("duration", r"[Пп]родължителност\w*|[Dd]uration|[Dd]oba trvání"),
    ("status_line", r"^(?:Статус|Status|Stav)\s*:"),
    (
        "report_year",
        r"^(?:Годишен доклад|Annual report|Výroční zpráva)\s+(?P<y>\d{4})|^През (?P<y2>\d{4}) г\.",
    ),
]


def markers(unit: Unit, found: list[Candidate]) -> None:
    for status, pattern in STATUS:
        for m in re.finditer(pattern, unit.text):
            found.append(Candidate("status", m.group(0), m.start(), m.end(), {"status": status}))
    for name, pattern in MARKERS:
        for m in re.finditer(pattern, unit.text):
            attrs = {"year": m.group("y") or m.group("y2")} if name == "report_year" else {}
            found.append(Candidate(name, m.group(0), m.start(), m.end(), attrs))


def extract(
    unit: Unit,
    acronyms_seen: set[str],
    inherited: str | None = None,
    names: frozenset[str] | None = None,
) -> list[Candidate]:
    """Every candidate in ``unit``, in text order; ``inherited`` is the field of a bare label
    line above it (see :func:`loaders.document.cards.open_labels`); ``names`` the index of known
    organisation names (see :mod:`loaders.document.orgnames`)."""
    found: list[Candidate] = []
    title_lines(unit, found)
    funding(unit, found)
    partner_lists(unit, found)
    cards(unit, found, inherited)
    card_funders(unit, found, inherited)
    role_markers(unit, found)
    quoted_titles(unit, found)
    unquoted_titles(unit, found)
    organisations(unit, found)
    partner_objects(unit, found)
    extend_organisations(unit, found)
    funders_in_context(unit, found)
    institutions(unit, found)
    known_organisations(unit.text, found, names)
    listed_after_markers(unit, found)
    acronyms(unit, found, acronyms_seen)
    abbreviation_definitions(unit, found)
    cities_and_countries(unit, found)
    found.extend(amounts(unit.text))
    found.extend(dates(unit.text))
    markers(unit, found)
    found = tidy(found)
    acronyms_seen.update(c.attrs["acronym"] for c in found if c.attrs.get("acronym"))
    return sorted(found, key=lambda c: (c.start, c.end))
