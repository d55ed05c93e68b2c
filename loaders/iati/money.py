"""An IATI activity's money: which transactions count, and their sums per target.

Sums are kept per currency, beside a EUR total that turns empty once a currency has no ECB rate:
an edge shows each currency's sum, and a EUR figure only when every part of it converts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from graph.model.values import has_rate

COMMITMENT, INCOMING, SPENDING = {"2", "11"}, {"1"}, {"3", "4"}
V1_TYPES = {"C": "2", "D": "3", "E": "4", "IF": "1"}


@dataclass
class Money:
    """Sums per target: amount per currency, EUR (None once a currency has no rate), sources."""

    by_currency: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    eur: Decimal | None = Decimal(0)
    sources: list[str] = field(default_factory=list)

    def add(self, amount: Decimal, currency: str, eur: Decimal | None, src: str) -> None:
        self.by_currency[currency] += amount
        self.eur = None if eur is None or self.eur is None else self.eur + eur
        self.sources.append(src)

    def join(self, other: Money) -> None:
        for code, amount in other.by_currency.items():
            self.by_currency[code] += amount
        self.eur = None if other.eur is None or self.eur is None else self.eur + other.eur

    def fields(self) -> dict[str, Any]:
        single = len(self.by_currency) == 1
        code, amount = next(iter(self.by_currency.items())) if single else (None, None)
        no_rate = [f"no-ecb-rate:{c}" for c in sorted(self.by_currency) if not has_rate(c)]
        return {
            "amount": amount,
            "currency": code,
            "amount_eur": self.eur,
            "amounts": [f"{a} {c}" for c, a in sorted(self.by_currency.items())],
            "flags": no_rate,
        }
