"""Words that mark what a line states: a status, a partnership, an invitation, membership,
funding, a duration, a status line or an annual report's year.

They are candidates of their own; the assembly reads them beside the names they stand near.
"""

from __future__ import annotations

import re

from loaders.document.units import Candidate, Unit

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
