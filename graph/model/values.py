"""Values every loader shares: money as ``Decimal``, number conventions, currencies and dates.

Amounts are ``Decimal`` rounded to cents, never float, so sums add up to the cent. A written
number is read under one convention for its whole column (:func:`number_format`): under
``1.234,56`` the dot groups thousands, under ``1,234.56`` it marks the decimals; a value that
reads differently under the two and that nothing in its column decides (``12.500``) is refused
as ambiguous rather than guessed. Currencies are ISO 4217 codes; EUR is converted from BGN at
its fixed peg and from others at the ECB reference rate of the given day (offline, from the
``currencyconverter`` package); a real code without an ECB rate converts to ``None``.

>>> to_eur(Decimal("119228.65"), "BGN")
Decimal('60960.64')
>>> number_format(["1.234,56", "12.500"]).parse("12.500")
Decimal('12500.00')
>>> to_eur(100, "MNT") is None
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any

BGN_PER_EUR = Decimal("1.95583")
CENT = Decimal("0.01")
_GROUPING = re.compile(r"[\s\u00a0\u202f'’]")


class BadValue(ValueError):
    """A value that cannot be used: ``code`` is the kebab-case finding, ``column`` where."""

    def __init__(self, message: str, code: str = "invalid-value", column: str | None = None):
        super().__init__(message)
        self.code = code
        self.column = column


class UnknownCurrency(BadValue):
    """Not an ISO 4217 currency code."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "unknown-currency")


def cents(value: Decimal | int | float | str) -> Decimal:
    """A number as Decimal rounded to cents (a float through its shortest repr, not its binary)."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


# --- numbers written in text -------------------------------------------------------------------


@dataclass(frozen=True)
class NumberFormat:
    """A convention for written numbers: the decimal mark; the other of ``.``/``,`` groups
    thousands, as do spaces and apostrophes."""

    decimal: str

    @property
    def grouping(self) -> str:
        return "," if self.decimal == "." else "."

    def fits(self, raw: str) -> bool:
        return bool(_pattern(self.decimal).fullmatch(_GROUPING.sub("", raw).lstrip("+-")))

    def parse(self, raw: str) -> Decimal:
        if not self.fits(raw):
            raise BadValue(
                f"{raw!r} is not a number written with {self.decimal!r} decimals", "not-a-number"
            )
        body = _GROUPING.sub("", raw).replace(self.grouping, "").replace(self.decimal, ".")
        return cents(body)


DOT, COMMA = NumberFormat("."), NumberFormat(",")


@cache
def _pattern(decimal: str) -> re.Pattern[str]:
    d, g = re.escape(decimal), re.escape("," if decimal == "." else ".")
    return re.compile(rf"(\d{{1,3}}({g}\d{{3}})+|\d+)({d}\d+)?")


def number_format(values: Iterable[Any]) -> NumberFormat | None:
    """The convention a column's written numbers share, or None when none of them tells.

    Native numbers (spreadsheet cells) tell nothing. When values disagree, the convention
    most of them fit is chosen, and the others are refused when parsed.

    >>> number_format(["12 500,00", "300"]), number_format(["1,234.56"]), number_format(["100"])
    (NumberFormat(decimal=','), NumberFormat(decimal='.'), None)
    """
    fits = {DOT: 0, COMMA: 0}
    for value in values:
        if isinstance(value, str) and value.strip():
            dot, comma = DOT.fits(value.strip()), COMMA.fits(value.strip())
            if dot != comma:
                fits[DOT if dot else COMMA] += 1
    if fits[DOT] == fits[COMMA]:
        return None
    return DOT if fits[DOT] > fits[COMMA] else COMMA


def parse_number(value: Any, fmt: NumberFormat | None = None) -> Decimal:
    """A number from a cell: native numbers as they are; text under ``fmt``; text that
    ``fmt`` (or, without one, the two conventions) cannot settle is refused."""
    if isinstance(value, bool) or value is None:
        raise BadValue(f"{value!r} is not a number", "not-a-number")
    if isinstance(value, int | float | Decimal):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadValue(f"{value!r} is not a number", "not-a-number")
        return cents(value)
    raw = str(value).strip()
    if _E_NOTATION.fullmatch(raw):  # what a spreadsheet exports for large numbers: 4.7E7
        return cents(Decimal(raw))
    if fmt is not None:
        return fmt.parse(raw)
    readings = {f.parse(raw) for f in (DOT, COMMA) if f.fits(raw)}
    if not readings:
        raise BadValue(f"{raw!r} is not a number", "not-a-number")
    if len(readings) > 1:
        low, high = sorted(readings)
        raise BadValue(
            f"{raw!r} is ambiguous ({low} or {high}) and nothing in its column tells which",
            "ambiguous-number",
        )
    return readings.pop()


_E_NOTATION = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d{1,2}")
MAX_AMOUNT = Decimal("1e13")  # ten trillion: more than any grant or budget


def amount_from(value: Any, fmt: NumberFormat | None = None, negative: bool = False) -> Decimal:
    """A money amount; negative ones refused unless ``negative`` (refunds, corrections), and
    amounts no grant reaches (such as 400 nines) refused always.

    >>> amount_from("9" * 40)
    Traceback (most recent call last):
    ...
    graph.model.values.BadValue: '99999999999999999999…' (40 characters) is not a plausible amount
    """
    try:
        amount = parse_number(value, fmt)
    except InvalidOperation:  # more digits than a Decimal holds to the cent
        amount = MAX_AMOUNT
    if abs(amount) >= MAX_AMOUNT:
        shown = str(value).strip()
        shown = repr(shown) if len(shown) <= 24 else f"'{shown[:20]}…' ({len(shown)} characters)"
        raise BadValue(f"{shown} is not a plausible amount", "implausible-amount")
    if amount < 0 and not negative:
        raise BadValue(f"negative amount {amount}", "negative-amount")
    return amount


# --- currencies ------------------------------------------------------------------------------


@cache
def _converter():
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


@cache
def _iso4217() -> frozenset[str]:
    """ISO 4217's current codes, and the replaced ones the ECB published rates for (BGN and
    HRK left the current list when Bulgaria and Croatia adopted the euro)."""
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies) | _converter().currencies


def currency_code(value: Any) -> str:
    """An ISO 4217 code (``bgn`` -> ``BGN``); anything else is refused."""
    code = str(value).strip().upper()
    if code not in _iso4217():
        raise UnknownCurrency(f"unknown currency code {str(value).strip()!r}")
    return code


def has_rate(code: str) -> bool:
    """Whether EUR can be computed: BGN by its peg, others by a published ECB rate."""
    return code in ("EUR", "BGN") or code in _converter().currencies


def to_eur(
    amount: Decimal | float | int, currency: str, on: str | dt.date | None = None
) -> Decimal | None:
    """``amount`` in EUR at the ECB rate of ``on`` (the nearest published day; without a
    day, the latest), or None for a real currency the ECB has no rate for."""
    code = currency_code(currency)
    value = cents(amount)
    if code == "EUR":
        return value
    if code == "BGN":
        return cents(value / BGN_PER_EUR)
    if not has_rate(code):
        return None
    conv = _converter()
    day = first_day(on) or conv.bounds[code].last_date
    per_eur = Decimal(repr(conv.convert(1, "EUR", code, date=day)))
    return cents(value / per_eur)


# --- dates -----------------------------------------------------------------------------------

_TIME = r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?)?"  # a time, ignored
_DAY_FORMATS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$"), (1, 2, 3)),
    (re.compile(rf"^(\d{{1,2}})\.\s?(\d{{1,2}})\.\s?(\d{{4}})(?:\s?г\.?)?{_TIME}$"), (3, 2, 1)),
    (re.compile(rf"^(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_TIME}$"), (3, 2, 1)),
]
# Excel's day numbers (days since 1899-12-30) for the years a grant can have: 1950 to 2100
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_SERIALS = (18264, 73415)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$|^(\d{1,2})[./](\d{4})$")
# month names as Bulgarian, English and Czech write them (Czech: genitive and nominative)
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            "януари january jan ledna leden",
            "февруари february feb února únor",
            "март march mar března březen",
            "април april apr dubna duben",
            "май may května květen",
            "юни june jun června červen",
            "юли july jul července červenec",
            "август august aug srpna srpen",
            "септември september sep sept září",
            "октомври october oct října říjen",
            "ноември november nov listopadu listopad",
            "декември december dec prosince prosinec",
        ],
        start=1,
    )
    for name in names.split()
}
_WORDS = re.compile(r"^(?:(\d{1,2})\.?\s+)?([^\W\d_]+)\.?,?\s+(\d{4})(?:\s?г\.?)?$")


def parse_date(value: Any) -> str:
    """An ISO date, as precise as written: a date cell, ``YYYY-MM-DD`` (a time and zone
    after it ignored), ``DD.MM.YYYY`` (``г.`` allowed) and ``DD/MM/YYYY`` with or without a
    time (``MM/DD/YYYY`` where only that reads), an Excel day number, a month (``2021-03``,
    ``03.2021``), a year, or the day and month in words in Bulgarian, English or Czech.

    >>> parse_date("05.03.2021 г."), parse_date("3/2021"), parse_date(2020)
    ('2021-03-05', '2021-03', '2020')
    >>> parse_date("26/03/2001 00:00"), parse_date("2020-04-01T09:30:00+01:00"), parse_date(43831)
    ('2001-03-26', '2020-04-01', '2020-01-01')
    >>> parse_date("03/26/2001"), parse_date("3.4.2020 14:05")  # day first unless it cannot be
    ('2001-03-26', '2020-04-03')
    >>> parse_date("5 март 2021 г."), parse_date("15. března 2020"), parse_date("June 2019")
    ('2021-03-05', '2020-03-15', '2019-06')
    >>> parse_date("2021-13-45")
    Traceback (most recent call last):
    ...
    graph.model.values.BadValue: 2021-13-45 is not a real date
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = repr(value)
    raw = str(value).strip()
    if re.fullmatch(r"\d{4}(?:\.0)?", raw):
        return raw[:4]
    if _SERIAL.match(raw) and _SERIALS[0] <= float(raw) < _SERIALS[1]:
        return (dt.date(1899, 12, 30) + dt.timedelta(days=int(float(raw)))).isoformat()
    for pattern, (y, m, d) in _DAY_FORMATS:
        found = pattern.match(raw)
        if found:
            month, day = int(found[m]), int(found[d])
            if "/" in raw and month > 12 >= day:  # 03/26/2001: only month first reads
                month, day = day, month
            return _real(raw, int(found[y]), month, day).isoformat()
    words = _WORDS.match(raw)
    if words and words[2].lower() in MONTHS:
        day = _real(raw, int(words[3]), MONTHS[words[2].lower()], int(words[1] or 1))
        return day.isoformat() if words[1] else day.isoformat()[:7]
    month = _MONTH.match(raw)
    if month:
        year, mon = (month[1], month[2]) if month[1] else (month[4], month[3])
        return _real(raw, int(year), int(mon), 1).isoformat()[:7]
    raise BadValue(f"{raw!r} is not a date (use YYYY-MM-DD or DD.MM.YYYY)", "invalid-date")


def _real(raw: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue(f"{raw} is not a real date", "invalid-date") from None


def first_day(value: str | dt.date | None) -> dt.date | None:
    """The first day a partial ISO date (``2020``, ``2020-05``, ``2020-05-17``) can mean,
    or None when it is no date.

    >>> first_day("2020-05"), first_day("soon")
    (datetime.date(2020, 5, 1), None)
    """
    if value is None or isinstance(value, dt.date):
        return value
    try:
        text = parse_date(value)
    except BadValue:
        return None
    return dt.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)


def last_day(value: str | None) -> dt.date | None:
    """The last day a partial ISO date can mean (so an end ``2021`` is not before ``2021-06``)."""
    day = first_day(value)
    if day is None or value is None:
        return None
    if len(value) == 4:
        return dt.date(day.year, 12, 31)
    if len(value) == 7:
        nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return day
