"""Amounts with their currency, dates and periods, as the seed languages write them.

>>> [(c.attrs["amount"], c.attrs["currency"]) for c in amounts("в размер на 17 740,80 евро")]
[(17740.8, 'EUR')]
>>> [c.attrs["amount"] for c in amounts("Budget: EUR 1,250,000.50")]
[1250000.5]
>>> [(c.type, c.attrs) for c in dates("od: 1.1. 2018 do: 31.12. 2019")][0]
('period', {'start': '2018-01-01', 'end': '2019-12-31'})
>>> [c.attrs for c in dates("(10.2017 г.- 10.2020г.)")][0]
{'start': '2017-10', 'end': '2020-10'}
"""

from __future__ import annotations

import datetime as dt
import re

from graph.model.values import MONTHS
from loaders.document.units import Candidate

CURRENCIES: dict[str, str] = {
    "евро": "EUR",
    "eur": "EUR",
    "€": "EUR",
    "euro": "EUR",
    "eura": "EUR",
    "лв": "BGN",
    "лв.": "BGN",
    "лева": "BGN",
    "bgn": "BGN",
    "лев": "BGN",
    "kč": "CZK",
    "czk": "CZK",
    "usd": "USD",
    "$": "USD",
    "us$": "USD",
    "kn": "HRK",
    "hrk": "HRK",
}
_NUMBER = (
    r"\d{1,3}(?:[ \u00a0.,]\d{3})+(?:[.,] ?\d{1,2}(?!\d)|,[–-])?|\d+(?:[.,] ?\d{1,2}(?!\d)|,[–-])?"
)
_CUR = r"евро|EUR|€|лв\.?|лева|лев|BGN|Kč|CZK|USD|US\$|\$|HRK|kn|euro|eura"
# "1,24 млн. евро", "132 хил. евро", "2,93 mil Kč"
_SCALE = (
    r"(?:\s*(?P<x>млн|милиона?|хил|хиляди|mil|mld|miliony?|milionů|tis|million|thousand|bn)\.?)?"
)
MULTIPLIERS = {
    "млн": 1e6,
    "милион": 1e6,
    "милиона": 1e6,
    "хил": 1e3,
    "хиляди": 1e3,
    "mil": 1e6,
    "mld": 1e9,
    "milion": 1e6,
    "miliony": 1e6,
    "milionů": 1e6,
    "tis": 1e3,
    "million": 1e6,
    "thousand": 1e3,
    "bn": 1e9,
}
_AFTER = re.compile(rf"(?<![\d.,])(?P<n>{_NUMBER}){_SCALE}\s*(?P<c>{_CUR})(?![\w])", re.IGNORECASE)
_BEFORE = re.compile(
    rf"(?<![A-Z\d])(?P<c>EUR|€|BGN|CZK|USD|US\$)\s*(?P<n>{_NUMBER})(?![\d]){_SCALE}"
)

_DAY = r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})"
_SLASH = r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
_MONTH_YEAR = r"(?<![\d.])(?P<m>\d{1,2})[./](?P<y>\d{4})(?![\d/])"
_WORDS = r"(?P<d>\d{1,2})\.?\s*(?P<mn>[^\W\d_]+)\.?,?\s+(?P<y>\d{4})"
_ENGLISH = r"(?P<mn>[A-Z][a-z]+)\.?\s+(?P<d>\d{1,2}),\s+(?P<y>\d{4})"
_MONTH_WORD = r"(?<![\d.])(?P<mn>[^\W\d_]{3,})\s+(?P<y>\d{4})"
_ISO = r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
_DATES = [re.compile(p) for p in (_ISO, _DAY, _SLASH, _ENGLISH, _WORDS, _MONTH_YEAR, _MONTH_WORD)]
_TO = r"\s*(?:[-–—]|до|do|to|until)\s*"
# A period whose first end leaves out what the second states: "19 - 21 ноември 2014",
# "18 май до 5 юни 2021", "1.1. - 31.12.2020", "20 - 28.03.2018".
RANGES = [
    re.compile(
        rf"(?<![\d.])(?P<d1>\d{{1,2}})\.?{_TO}(?P<d>\d{{1,2}})\.?\s*(?P<mn>[^\W\d_]+)\.?,?\s+(?P<y>\d{{4}})"
    ),
    re.compile(
        rf"(?<![\d.])(?P<d1>\d{{1,2}})\.?\s*(?P<mn1>[^\W\d_]+){_TO}(?P<d>\d{{1,2}})\.?\s*(?P<mn>[^\W\d_]+)\.?,?\s+(?P<y>\d{{4}})"
    ),
    re.compile(
        rf"(?<![\d.])(?P<d1>\d{{1,2}})\.\s?(?P<m1>\d{{1,2}})\.?{_TO}(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.\s?(?P<y>\d{{4}})"
    ),
    re.compile(
        rf"(?<![\d.])(?P<d1>\d{{1,2}})\.?{_TO}(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}})"
    ),
]
_SEPARATOR = re.compile(r"^\s*(?:г\.)?\s*(?:[-–—]|до:?|do:?|to|until|till)\s*$", re.IGNORECASE)


def parse_number(text: str) -> float:
    """A written number: spaces or dots or commas as thousands, comma or dot as decimals.

    >>> parse_number("119 228,65"), parse_number("1.250.000"), parse_number("485,809.05")
    (119228.65, 1250000.0, 485809.05)
    """
    bare = re.sub(r",[–-]$", "", text.replace(" ", "").replace("\u00a0", ""))
    if "," in bare and "." in bare:
        decimal = "," if bare.rfind(",") > bare.rfind(".") else "."
        bare = bare.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in bare:
        bare = (
            bare.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", bare) else bare.replace(",", "")
        )
    elif "." in bare and not re.fullmatch(r"\d+\.\d{1,2}", bare):
        bare = bare.replace(".", "")
    return float(bare)


def amounts(text: str) -> list[Candidate]:
    out = []
    for pattern in (_AFTER, _BEFORE):
        for m in pattern.finditer(text):
            currency = CURRENCIES.get(m.group("c").lower().rstrip(".")) or CURRENCIES.get(
                m.group("c").lower()
            )
            scale = MULTIPLIERS.get((m.group("x") or "").lower(), 1)
            attrs = {"amount": round(parse_number(m.group("n")) * scale, 2), "currency": currency}
            if re.match(r"\s*с ДДС|\s*incl(?:uding)?\.? VAT|\s*vč\. DPH", text[m.end() :]):
                attrs["vat_included"] = True
            out.append(Candidate("amount", m.group(0), m.start(), m.end(), attrs))
    return out


def _iso(m: re.Match) -> tuple[str | None, str | None]:
    """(ISO date, problem): day precision when the day is given, else month precision."""
    groups = m.groupdict()
    year = int(groups["y"])
    month = MONTHS.get(groups["mn"].lower()) if groups.get("mn") else int(groups["m"])
    if month is None:
        return None, None
    if groups.get("d") is None:
        if not 1 <= month <= 12:
            return None, f"impossible month {month} in {m.group(0)!r}"
        return f"{year:04d}-{month:02d}", None
    try:
        return dt.date(year, month, int(m.group("d"))).isoformat(), None
    except ValueError:
        return None, f"impossible date {m.group(0)!r}"


def _date_matches(text: str) -> list[re.Match]:
    """Non-overlapping date matches, the most precise pattern first, in text order."""
    taken: list[re.Match] = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            if not any(t.start() < m.end() and m.start() < t.end() for t in taken):
                taken.append(m)
    return sorted(taken, key=lambda m: m.start())


def _ranges(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    for pattern in RANGES:
        for m in pattern.finditer(text):
            if any(c.start < m.end() and m.start() < c.end for c in out):
                continue
            g = m.groupdict()
            month = MONTHS.get(g["mn"].lower()) if g.get("mn") else int(g["m"])
            first = MONTHS.get(g["mn1"].lower()) if g.get("mn1") else int(g.get("m1") or month or 0)
            try:
                start = dt.date(int(g["y"]), first or 0, int(g["d1"]))
                end = dt.date(int(g["y"]), month or 0, int(g["d"]))
            except (ValueError, TypeError):
                continue
            if start <= end:
                attrs = {"start": start.isoformat(), "end": end.isoformat()}
                out.append(Candidate("period", m.group(0), m.start(), m.end(), attrs))
    return out


def dates(text: str) -> list[Candidate]:
    """Dates, and periods where two dates are joined by a dash or 'до'/'do'/'to'."""
    found: list[tuple[re.Match, str]] = []
    out: list[Candidate] = _ranges(text)
    spans = [(c.start, c.end) for c in out]
    for m in _date_matches(text):
        if any(a < m.end() and m.start() < b for a, b in spans):
            continue
        iso, problem = _iso(m)
        if problem:
            out.append(Candidate("bad_date", m.group(0), m.start(), m.end(), {"problem": problem}))
        elif iso:
            found.append((m, iso))
    used: set[int] = set()
    for (a, start), (b, end) in zip(found, found[1:], strict=False):
        if _SEPARATOR.match(text[a.end() : b.start()]) and start <= end:
            out.append(
                Candidate(
                    "period",
                    text[a.start() : b.end()],
                    a.start(),
                    b.end(),
                    {"start": start, "end": end},
                )
            )
            used.update((a.start(), b.start()))
    for m, iso in found:
        if m.start() not in used:
            out.append(Candidate("date", m.group(0), m.start(), m.end(), {"date": iso}))
    return out
