"""Who leads and who partners, as prose says it: "Бенефициент по проекта е X", "Koordinátorem je
X", "X, в качеството си на координатор", "working in partnership with A, B and C".

A marker before the names ("prefix") takes every organisation listed right after it; one after
a name ("postfix") takes the organisation just before it. A quoted or capitalised name right
after a prefix marker is an organisation even without a legal form ("в партньорство със „Спортен
клуб“"), because the marker says so.
"""

from __future__ import annotations

import re

from graph.model.names import clean, legal_form_kind
from loaders.text_units import Candidate, Unit, claim

QUOTED = r"[„“\"«][^„“”\"«»]{2,120}(?:[„“\"«][^„“”\"«»]{1,60}[“”\"»])?[^„“”\"«»]{0,3}[“”\"»]"
PREFIX: dict[str, str] = {
    "lead": (
        r"[Бб]енефициент(?:ът)?(?:\s+по\s+(?:[Пп]роекта|договора))?\s+е|[Сс] бенефициент\s*[-–:]?|"
        r"[Вв]одещ(?:ият)? партньор(?:\s+по проекта)?\s+е|(?:се )?изпълнява(?: се)? от|"
        r"[Kk]oordinátor(?:em)?(?: projektu)? je(?: zdejší)?|[Rr]ealizátor(?:em)?(?: projektu)? je|"
        r"[Vv]edoucí(?:m)? partner(?:em)?(?: projektu)?(?: je)?|[Pp]říjemce(?:m)?(?: dotace)? je|"
        r"[Bb]eneficiary is(?: the)?|(?:is|was|are|were) (?:carried out|implemented|led|"
        r"coordinated|run) by(?: the)?|[Ll]ead partner is(?: the)?"
    ),
    "partner": (
        r"(?:и|с) партньор(?:и)?\s*[-–:]?|[Пп]артньор(?:и)? по проекта (?:са|е)|"
        r"[Pp]artner(?:y|ři|em)? projektu (?:byl[aiy]?|jsou|je|jsou také)|"
        r"spolupracujícími organizacemi jsou|working in partnership with(?: the)?|"
        r"(?:with|and) (?:its )?partners?(?: organisations?)?(?: the)?"
    ),
}
POSTFIX: dict[str, str] = {
    "lead": r"^,?\s*в качеството си на (?:координатор|водеща организация|бенефициент)|"
    r"^\s+(?:implements|coordinates|leads) the project",
    "partner": r"^\s+(?:je|byl[ao]?) (?:partnerem|partnerskou organizací)|^\s+is (?:a )?partner",
    "associate": r"^,?\s+(?:is|was|are) (?:an )?associated? partners?",
}
_GAP = re.compile(r"^[\s,;]*(?:(?:и|и със?|and|a|as well as|както и|та|the)\s+)?(?:the\s+)?$")


def role_markers(unit: Unit, found: list[Candidate]) -> None:
    """Prefix role markers, and the quoted or capitalised names right after them."""
    for role, pattern in PREFIX.items():
        for m in re.finditer(pattern, unit.text):
            found.append(Candidate("role", m.group(0), m.start(), m.end(), {"role": role}))
            after = re.compile(rf"\s*(?P<n>{QUOTED})").match(unit.text, m.end())
            if after:
                name = clean(after.group("n"))
                attrs = {"kind": legal_form_kind(name) or "ngo"}
                claim(
                    found, Candidate("organisation", name, after.start("n"), after.end("n"), attrs)
                )


def roles(
    unit: Unit, orgs: list[Candidate], others: list[Candidate]
) -> list[tuple[Candidate, str]]:
    """(organisation, role) pairs the unit's role markers state."""
    skip = [c for c in others if c.type in {"country", "city"} and "in_org" not in c.attrs]
    out: list[tuple[Candidate, str]] = []
    for marker in [c for c in others if c.type == "role"]:
        end = marker.end
        for org in sorted(orgs, key=lambda o: o.start):
            if org.start < end:
                continue
            if not _GAP.match(_without(unit.text, end, org.start, skip)):
                break
            out.append((org, marker.attrs["role"]))
            end = org.end
    for org in orgs:
        rest = _without(unit.text, org.end, len(unit.text), skip)
        for role, pattern in POSTFIX.items():
            if re.match(pattern, rest):
                out.append((org, role))
    return out


def _without(text: str, start: int, end: int, spans: list[Candidate]) -> str:
    """``text[start:end]`` with places (", България") cut out, so they do not break a list."""
    chars = list(text[start:end])
    for c in spans:
        for i in range(max(c.start, start), min(c.end, end)):
            chars[i - start] = " "
    return re.sub(r"\s*[–—-]\s+(?=\s|$)|\s+[–—-]\s*$", " ", "".join(chars))
