"""Who leads and who partners, as prose says it: "Бенефициент по проекта е X", "Koordinátorem je
X", "X, в качеството си на координатор", "working in partnership with A, B and C".

A marker before the names opens a list, and every name of it takes the marker's role (the lead
marker takes the first only); the list runs to the end of the sentence or the next marker, and a
capitalised name in it is an organisation even without a legal form ("в партньорство със
„Спортен клуб“", "Partnery projektu byly OPU a ..."), because the marker says so. A marker after
a name gives the role to the organisation just before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from graph.model.names import clean, legal_form_kind
from loaders.document.orgnames import ROLE_FIRST, name_like
from loaders.document.units import Candidate, Unit, claim
from loaders.shared import places, towns
from loaders.shared.facts import Fact

QUOTED = r"[„“\"«][^„“”\"«»]{2,120}(?:[„“\"«][^„“”\"«»]{1,60}[“”\"»])?[^„“”\"«»]{0,3}[“”\"»]"
PREFIX: dict[str, str] = {
    "lead": (
        r"[Бб]енефициент(?:ът)?(?:\s+по\s+(?:[Пп]роекта|договора))?\s+е|[Сс] бенефициент\s*[-–:]?|"
        r"[Вв]одещ(?:ият)? партньор(?:\s+по проекта)?\s+е|(?:се )?изпълнява(?: се)? от|"
        r"[Kk]oordinátor(?:em)?(?: projektu)? je(?: zdejší)?|[Rr]ealizátor(?:em)?(?: projektu)? je|"
        r"[Vv]edoucí(?:m)? partner(?:em)?(?: projektu)?(?: je)?|[Pp]říjemce(?:m)?(?: dotace)? je|"
        r"[Bb]eneficiary is(?: the)?|(?:is|was|are|were) (?:carried out|implemented|led|"
        r"coordinated|run|hosted) by(?: the)?|[Ll]ead partner is(?: the)?|"
        r"[Hh]ost(?:ing)? organi[sz]ation (?:is|was)(?: the)?|[Žž]adatel(?:em)? (?:je|byl[ao]?)"
    ),
    "partner": (
        r"(?<!\w)(?:и|с) партньор(?:и)?(?![а-я])\s*[-–:]?|[Пп]артньор(?:и)? по проекта (?:са|е)|"
        r"[Pp]artner(?:y|ři|em)? projektu (?:byl[aiy]?|jsou|je|jsou také)|"
        r"spolupracujícími organizacemi jsou|working in partnership with(?: the)?|"
        r"(?:with|and) (?:its )?partners?(?: organisations?)?(?: the)?|"
        r"в партньорство с(?:ъс)?|in partnership with(?: the)?|ve spolupráci se?|"
        r"in (?:cooperation|collaboration) with(?: the)?|в сътрудничество с(?:ъс)?|"
        r"(?:[Tt]he )?consortium (?:consists of|includes|comprises)(?: the)?|"
        r"[Кк]онсорциумът (?:включва|се състои от)|[Kk]onsorcium (?:tvoří|tvoři)|"
        r"(?<=, )partner(?:em|y)(?= [A-ZČŘŠŽÁÍÉÚ])"
    ),
}
# Old partner phrases the named-project rules of loaders/document/participation.py also read.
SHARED = re.compile(r"в партньорство с|in partnership with|ve spolupráci")
POSTFIX: dict[str, str] = {
    "lead": r"^,?\s*в качеството си на (?:координатор|водеща организация|бенефициент)|"
    r"^\s+(?:implements|coordinates|leads) the project|"
    r"^\s+(?:за (?:техния |своя |нейния |неговия )?проект|с проекта?|for (?:its|their) project)\b|"
    r"^,?\s+(?:realizoval[ai]?|realizuje|implemented)\s+(?:(?:the |a )?project|projekt)",
    "partner": r"^\s+(?:je|byl[ao]?) (?:partnerem|partnerskou organizací)|^\s+is (?:a )?partner",
    "associate": r"^,?\s+(?:is|was|are) (?:an )?associated? partners?",
}


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


_SEPARATOR = re.compile(r"\s*,\s*|\s+(?:и|a|and|както и|as well as)\s+|\s*;\s*")
_END = re.compile(
    r"\.(?:\s|$)|;|\s+(?:в партньорство|working in partnership|is associate|"
    r"je partnerem|и партньор|which|който|която|které|který)"
)


def listed_after_markers(unit: Unit, found: list[Candidate]) -> None:
    """Every name of the list a role marker opens takes its role ("Partnery projektu byly OPU a
    Diecézní charita Brno, SOZE"): known organisations, and capitalised names in between."""
    named_project = any(c.type == "project" for c in found)
    markers = [c for c in found if c.type == "role"]
    lead_named = any(m.attrs["role"] == "lead" for m in markers)
    for marker in markers:
        if named_project and SHARED.match(marker.text) and not lead_named:
            continue
        end = _END.search(unit.text, marker.end)
        stop = end.start() if end else len(unit.text)
        # the list runs to the next marker: "by X in partnership with Y" gives Y no lead
        stop = min([stop, *(m.start for m in markers if marker.end <= m.start < stop)])
        for start, finish in _pieces(unit.text, marker.end, stop, found):
            _take(unit, found, start, finish, marker.attrs["role"])
            if marker.attrs["role"] == "lead":
                break
        if JOINT.match(marker.text) and not lead_named:
            _lead_before(unit, found, marker)


# "X в партньорство с Y и Z", "X společně s Y": X leads what it does with its partners.
JOINT = re.compile(
    r"в партньорство с|in partnership with|ve spolupráci s|working in partnership with|"
    r"in (?:cooperation|collaboration) with|в сътрудничество с"
)


def _lead_before(unit: Unit, found: list[Candidate], marker: Candidate) -> None:
    """The organisation right before a partnership marker (its seat in brackets or after a
    dash allowed between) leads, when no one else is named as lead."""
    before = [c for c in found if c.type == "organisation" and c.end <= marker.start]
    if not before:
        return
    org = max(before, key=lambda c: c.end)
    gap = unit.text[org.end : marker.start]
    if re.fullmatch(r"\s*(?:\([^()]{0,60}\))?\s*(?:[–—-]\s*\w+)?\s*,?\s*", gap):
        org.attrs.setdefault("role", "lead")


def _pieces(text: str, start: int, stop: int, found: list[Candidate]) -> list[tuple[int, int]]:
    """Spans between list separators that fall outside quotes and known names."""
    inside = [(c.start, c.end) for c in found if c.type in {"organisation", "project"}]
    out, begin = [], start
    for m in _SEPARATOR.finditer(text, start, stop):
        quotes = len(re.findall(r"[„“”\"«»]", text[start : m.start()]))
        if quotes % 2 or any(a < m.start() < b for a, b in inside):
            continue
        out.append((begin, m.start()))
        begin = m.end()
    out.append((begin, stop))
    return [(a, b) for a, b in out if b > a]


def _take(unit: Unit, found: list[Candidate], start: int, end: int, role: str) -> None:
    text = unit.text[start:end]
    lead = re.match(r"\s*(?:the\s+)?", text)
    start += lead.end() if lead else 0
    text = unit.text[start:end].rstrip()
    end = start + len(text)
    stated = ROLE_FIRST.match(text)
    if stated and stated.end() < len(text):  # "..., coordinator Acme GmbH": its own role
        role, start, text = stated.lastgroup or role, start + stated.end(), text[stated.end() :]
    orgs = [c for c in found if c.type == "organisation" and c.start < end and start < c.end]
    if orgs:
        for org in orgs:
            org.attrs.setdefault("role", role)
        return
    if any(c.start < end and start < c.end for c in found if c.type not in {"city", "role"}):
        return
    plain = re.sub(r"\s*[–—-]\s*\S+$", "", text)
    if not name_like(text) or re.search(r"\d", text) or len(text.split()) > 8:
        return
    if places.country(plain) or towns.lookup(plain) or len(text) < 3:
        return
    attrs = {"role": role, "kind": legal_form_kind(text) or "ngo", "listed": True}
    found[:] = [c for c in found if not (c.type == "city" and start <= c.start < end)]
    claim(found, Candidate("organisation", clean(text), start, end, attrs))


def postfix_roles(
    unit: Unit, orgs: list[Candidate], others: list[Candidate]
) -> list[tuple[Candidate, str]]:
    """(organisation, role) pairs a marker right after the name states ("X, в качеството си
    на координатор", "X je partnerem", "X is associate partner"); places in between are
    skipped."""
    skip = [c for c in others if c.type in {"country", "city"} and "in_org" not in c.attrs]
    out: list[tuple[Candidate, str]] = []
    for org in orgs:
        rest = _without(unit.text, org.end, len(unit.text), skip)
        for role, pattern in POSTFIX.items():
            if re.match(pattern, rest):
                out.append((org, role))
    return out


# "partners" in the plural: the sentence goes on to list them ("the project partners, A and B,
# met in Ruse", "mezi partnery projektu patří X").
_PARTNERS = re.compile(
    r"(?i)партньори|partners|partneř|partnery|partnerů|partnerské organizace|"
    r"partnerských organizac"
)


def plural_partners(
    unit: Unit, orgs: list[Candidate], taken: set[str], ref: Callable[[Candidate], str]
) -> list[Candidate]:
    """Organisations named after "partners" in the same sentence, that no other rule gave a
    role (``taken``: their references, by ``ref``); institutions named in passing are not."""
    out = []
    for org in orgs:
        if org.attrs.get("institution") or org.attrs.get("kind") == "network":
            continue
        head = re.split(r"[.!?](?:\s|$)", unit.text[: org.start])[-1]
        if ref(org) not in taken and _PARTNERS.search(head):
            out.append(org)
    return out


def _without(text: str, start: int, end: int, spans: list[Candidate]) -> str:
    """``text[start:end]`` with places (", България") cut out, so they do not break a list."""
    chars = list(text[start:end])
    for c in spans:
        for i in range(max(c.start, start), min(c.end, end)):
            chars[i - start] = " "
    return re.sub(r"\s*[–—-]\s+(?=\s|$)|\s+[–—-]\s*$", " ", "".join(chars))


def sole_organisation_leads(facts: list[Fact]) -> list[Fact]:
    """A page that names one organisation and states no role at all is that organisation's
    page about its own project: it leads, with a confidence low enough for a person to check."""
    if any(f.f == "participates" for f in facts):
        return []
    orgs = {f.s: f for f in facts if f.f == "mention" and f.s.startswith("?Organisation:")}
    projects = {f.s: f for f in facts if f.f == "mention" and f.s.startswith("?Project:")}
    if len(orgs) != 1 or len(projects) != 1:
        return []
    (org, seen), (project, _) = next(iter(orgs.items())), next(iter(projects.items()))
    return [
        Fact("participates", org, o=project, v="lead", at=seen.at, quote=seen.quote, confidence=0.5)
    ]
