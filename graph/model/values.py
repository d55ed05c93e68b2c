"""Money in EUR: BGN at its fixed peg, every other currency at the ECB reference rate of the day.

The rates ship inside the ``currencyconverter`` package, so conversion works offline.

>>> to_eur(119228.65, "BGN")
60960.64
>>> to_eur(100, "EUR")
100.0
"""

from __future__ import annotations

import datetime as dt
from functools import cache

BGN_PER_EUR = 1.95583


class UnknownCurrency(ValueError):
    """The currency code is not one the ECB publishes a rate for."""


@cache
def _converter():
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def known_currency(code: str) -> bool:
    code = code.strip().upper()
    return code in ("EUR", "BGN") or code in _converter().currencies


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """The first day an ISO date string (``2020``, ``2020-05``, ``2020-05-17``) can mean."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()[:10]
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            return dt.datetime.strptime(text[:size], fmt).date()
        except ValueError:
            continue
    return None


def to_eur(amount: float, currency: str, on: str | dt.date | None = None) -> float:
    """``amount`` in ``currency`` converted to EUR, rounded to cents.

    ``on`` is the date whose ECB rate applies (a transaction or award date); without it, or
    outside the published range, the nearest published rate is used.
    """
    code = currency.strip().upper()
    if code == "EUR":
        return round(float(amount), 2)
    if code == "BGN":
        return round(float(amount) / BGN_PER_EUR, 2)
    if not known_currency(code):
        raise UnknownCurrency(f"unknown currency code {currency!r}")
    conv = _converter()
    day = parse_date(on)
    if day is None:
        day = conv.bounds[code].last_date
    return round(conv.convert(float(amount), code, "EUR", date=day), 2)
