"""Label-and-value cards: "Бенефициент: X", "Realizátor: X", "Start date: 1 November 2015".

Programme project cards, grant databases and project pages state their facts as a label and a
value on one line, sometimes with the colon lost in flattening ("OrganizationFourteenth January
Foundation"). The label says what the value is; this module turns the value into candidates with
that role, and marks the dates of the line as a start, an end or a period.
"""

from __future__ import annotations

import re

from graph.model.names import clean, legal_form_kind
from loaders.document.units import LABELLED, LIST_ITEM, Candidate, Unit, claim
from loaders.shared import places, towns

# field -> labels in Bulgarian, Czech and English (case-insensitive; longest label wins).
LABELS: dict[str, tuple[str, ...]] = {
    "title": (
        "Име на проекта",
        "Наименование на проекта",
        "Наименование",
        "Заглавие на проекта",
        "Název projektu",
        "Název",
        "Project title",
        "Project name",
        "Title of the project",
        "Project",
        "Проект",
        "Projekt",
    ),
    "lead": (
        "Lead Beneficiary",
        "Lead beneficiary (LB)",
        "Lead partner",
        "Beneficiary",
        "Бенефициент",
        "Водещ партньор",
        "Водеща организация",
        "Кандидат",
        "Изпълнител",
        "Организация",
        "Realizátor",
        "Příjemce",
        "Žadatel",
        "Koordinátor",
        "Hlavní partner",
        "Vedoucí partner",
        "Hosting organisation",
        "Hosting organization",
        "Organization",
        "Organisation",
        "Project partner 1",
        "Бенефициент 1",
        "Grantee",
        "Applicant",
        "Coordinator",
        "Implementing organisation",
    ),
    "partner": (
        "Партньори",
        "Партньор",
        "Partneři",
        "Partneři projektu",
        "Ostatní partneři",
        "Partner",
        "Partners",
        "Project partners",
        "Project partner",
        "Associated partners",
    ),
    "funding": (
        "Финансиращ орган",
        "Финансираща организация",
        "Финансиран от",
        "Финансира се от",
        "Източник на финансиране",
        "Донор",
        "Програма",
        "Оперативна програма",
        "Funded by",
        "Financed by",
        "Donor",
        "Funder",
        "Financing program/institution",
        "Fund",
        "Programme",
        "Program",
        "Programme & action",
        "Operační program",
        "Evropský fond",
        "Poskytovatel",
        "Financování",
        "Grantová výzva",
        "Dotační program",
        "Zdroj financování",
        "Poskytovatelé",
        "Poskytovatel dotace",
        "Donors",
        "Funders",
        "Донори",
        "Финансиране",
    ),
    "start": (
        "Начална дата",
        "Дата на започване",
        "Start date",
        "Zahájení projektu",
        "Datum zahájení",
        "Začátek realizace",
        "Start",
    ),
    "end": (
        "Дата на приключване",
        "Крайна дата",
        "End date",
        "Ukončení projektu",
        "Datum ukončení",
        "Konec realizace",
        "End",
    ),
    "signed": ("Дата на решение на договарящия орган", "Дата на договора", "Datum podpisu"),
    "period": (
        "Период на изпълнение",
        "Срок на изпълнение",
        "Продължителност",
        "Период",
        "Срок",
        "Implementation period",
        "Project period",
        "Grant period",
        "Duration",
        "Dates",
        "Period",
        "Realization",
        "Doba realizace",
        "Doba realizace projektu",
        "Období realizace",
        "Doba trvání",
        "Termín realizace",
    ),
    "place": ("Място на изпълнение", "Място", "Venue", "Location", "Místo", "Místo realizace"),
}
_BY_LABEL = {label.lower(): name for name, labels in LABELS.items() for label in labels}
_LABEL_RE = "|".join(re.escape(label) for label in sorted(_BY_LABEL, key=len, reverse=True))
CARD = re.compile(
    rf"^(?:\d{{1,2}}\.\s*)?(?P<label>{_LABEL_RE})(?:\s+(?P<no>\d{{1,2}}))?(?:\s*\([A-Z0-9]{{1,4}}\))?"
    r"(?:\s*(?::|–|—|-(?=\s))\s*|(?-i:(?<=[a-zа-я])(?=[A-ZА-Я„“\"«])))(?P<value>\S.*)$",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:the|an?)\s+", re.IGNORECASE)
QUOTED = re.compile(r"^[„“\"«](?P<t>[^„“”\"«»]{2,250}(?:[„“\"«][^„“”\"«»]{1,80}[“”\"»])?)")


_OPEN = re.compile(rf"^(?P<label>{_LABEL_RE})\s*:\s*$", re.IGNORECASE)
# A short line ending in a colon that names a role opens a list too ("Партньорите по проекта
# са:", "The project partners are:", "Na projektu spolupracují:"), whatever its exact words.
_ROLE_LINE: dict[str, re.Pattern[str]] = {
    "partner": re.compile(r"(?i)партньор|partner|spolupracuj|participating organi[sz]ations"),
    "lead": re.compile(
        r"(?i)водещ|координатор|бенефициент|lead (?:partner|organi[sz]ation|beneficiary)|"
        r"coordinator|realizátor|koordinátor|příjemce|hosting organi[sz]ation"
    ),
}


def _opened(text: str) -> str | None:
    """The field a label line with no value opens: a known label, else a role it names."""
    m = _OPEN.match(text)
    if m:
        return _BY_LABEL[m.group("label").lower()]
    if not re.fullmatch(r"[^.!?;:]{3,80}:\s*", text):
        return None
    return next((field for field, words in _ROLE_LINE.items() if words.search(text)), None)


def card(unit: Unit, inherited: str | None = None) -> tuple[str, int, str] | None:
    """(field, offset of the value, value) when ``unit`` is a label-and-value line, or a line
    under a label that stands alone ("Poskytovatel:" over a list of funders)."""
    m = CARD.match(unit.text)
    if m:
        name = _BY_LABEL[m.group("label").lower()]
        if name == "lead" and m.group("no") and int(m.group("no")) > 1:
            name = "partner"  # "Beneficiary 2 (B2)": the lead beneficiary is number 1
        return name, m.start("value"), m.group("value")
    if not inherited:
        return None
    item = LIST_ITEM.match(unit.text)  # a list under the label: each item is a value
    return inherited, item.end() if item else 0, unit.text[item.end() if item else 0 :]


def open_labels(units: list[Unit]) -> list[str | None]:
    """Per unit, the field of a label line with no value above it: the lines of the block
    right under the label (one blank line allowed after it) are its values."""
    out: list[str | None] = [None] * len(units)
    for i, unit in enumerate(units[:-1]):
        field = _opened(unit.text)
        if not field:
            continue
        last, gap = unit.starts[-1][1], 2
        for j in range(i + 1, len(units)):
            nxt = units[j]
            listed = LIST_ITEM.match(nxt.text)
            if nxt.line > last + gap or LABELLED.match(nxt.text) or card(nxt):
                break
            if nxt.heading and not listed:
                break
            out[j] = field
            last, gap = nxt.starts[-1][1], 1
    return out


def cards(unit: Unit, found: list[Candidate], inherited: str | None = None) -> None:
    """Candidates for the value of a card line; dates get a marker saying what they are."""
    got = card(unit, inherited)
    if not got:
        return
    name, at, value = got
    if at:  # the label itself names nothing ("Beneficiary (LB)" is no town of Lebanon)
        claim(found, Candidate("card_label", unit.text[:at], 0, at, {}))
    if name == "title":
        _title(value, at, found)
    elif name in {"lead", "partner"}:
        _organisations(value, at, name, found)
    elif name in {"start", "end", "signed", "period"}:
        found.append(Candidate("date_role", name, 0, at, {"role": name}))
    elif name == "funding":
        found.append(Candidate("funding", value, 0, at, {"card": True}))
    elif name == "place":
        found.append(Candidate("venue", value, 0, at, {}))


def _title(value: str, at: int, found: list[Candidate]) -> None:
    m = QUOTED.match(value)
    if m:
        text, end = m.group("t"), at + m.end()
    else:
        cut = re.search(r",\s*(?:Договор|Contract|Smlouva|Reg\.)|\s+[|]\s+", value)
        text = value[: cut.start()] if cut else value
        end = at + len(text)
    text = clean(text).strip('„“”"«» ')
    if len(text) >= 3 and not re.fullmatch(r"[\d\W]+", text):
        claim(found, Candidate("project", text, at, end, {"card": True}))


def _organisations(value: str, at: int, role: str, found: list[Candidate]) -> None:
    """The value's organisations: split at ';' (and at ',' for partner lists), countries off."""
    separators = r"\s*;\s*" if role == "lead" else r"\s*[;,]\s*(?=[A-ZА-Я„“\"])"
    pos = 0
    for part in re.split(f"({separators})", value):
        start = at + pos
        pos += len(part)
        if re.fullmatch(separators, part) or not part.strip():
            continue
        name, country, city = _strip_place(part)
        name = _ARTICLE.sub("", name)
        if len(name) < 2 or places.country(name) or towns.lookup(name):
            continue
        attrs = {"role": role, "kind": legal_form_kind(name) or "ngo", "listed": True}
        attrs |= {"country": country} if country else {}
        attrs |= {"city": city} if city else {}
        claim(found, Candidate("organisation", clean(name), start, start + len(part), attrs))


def _strip_place(part: str) -> tuple[str, str | None, str | None]:
    """'X (Sofie, Bulharsko)' / 'X, Turkey' / 'X – Varna': the name, its country and city."""
    country = city = None
    m = re.match(r"^(?P<n>.+?)\s*\((?P<p>[^)]*)\)\s*$", part)
    name, rest = (m.group("n"), m.group("p").split(",")) if m else (part, [])
    tail = re.match(r"^(?P<n>.+?)(?:\s*,\s*|\s+[–—-]\s+)(?P<p>[^,]+)$", name)
    if tail and (places.country(tail.group("p")) or towns.lookup(tail.group("p"))):
        name, rest = tail.group("n"), [tail.group("p"), *rest]
    for piece in rest:
        country = places.country(piece) or country
        city = piece.strip() if towns.lookup(piece) else city
    return name.strip(" .,"), country, city


_NOT_A_FUNDER = re.compile(
    r"(?i)^(?:measure|priority|key action|sub-priority|budget line|scheme|мярка|приоритет|"
    r"ключова|ос\b|procedur|процедура|opatření|prioritní|specifický)"
)
_PROGRAMME_WORD = re.compile(r"(?i)program|програм|call|výzv|покана|projects|проекти|grant")


def card_funders(unit: Unit, found: list[Candidate], inherited: str | None = None) -> None:
    """The parts of a funding card's value no known funder claimed: programmes or funders."""
    got = card(unit, inherited)
    if not got or got[0] != "funding":
        return
    _, at, value = got
    value = re.split(r"(?<=[.!?])\s+(?=[A-ZА-Я])", value)[0]
    measure = False
    for m in re.finditer(r"[„“\"«][^„“”\"«»]{2,200}[“”\"»]|[^,;/„“\"«()]+", value):
        text = clean(m.group(0)).strip('„“”"«» ')
        start, end = at + m.start(), at + m.end()
        quoted = m.group(0)[0] in '„“"«'
        if _NOT_A_FUNDER.match(text):
            measure = True  # the quoted name after "Measure 02" names the measure
            continue
        follows, measure = measure, False
        if len(text) < 3 or not text[0].isupper() or (quoted and follows):
            continue
        if re.fullmatch(r"[A-ZА-Я0-9./ -]+\d[A-ZА-Я0-9./ -]*", text) or places.country(text):
            continue
        label = "programme" if _PROGRAMME_WORD.search(text) or m.group(0)[0] in '„“"«' else "funder"
        rank = 2 if label == "programme" else 4
        claim(found, Candidate(label, text, start, end, {"rank": rank, "written": text}))
