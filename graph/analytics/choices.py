"""What the filter sidebar and the organisation pickers offer before anything is typed.

At 50,000 organisations reading the portfolio from disk takes seconds, and a page that shows a
prepared answer (the whole-network drawing) needs nothing else of it than these options. A
load prepares them (:data:`graph.analytics.prepared.DEFAULTS`), so such a page reads one small
file; typing a search, or a period's undated projects, still reads the portfolio.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.analytics import money
from graph.analytics.portfolio import Portfolio
from graph.model import normalise, transliterate

PICKER_OPTIONS = 2000  # organisations listed without a search; typing searches all of them


@dataclass(frozen=True)
class Choices:
    """The sidebar's and the pickers' options, each with the label a person reads."""

    countries: list[str]
    cities: list[str]
    sponsors: dict[str, str]  # funders, then programmes, each by name: id -> label
    bounds: tuple[int, int] | None  # the first and last year any project ran
    first: dict[str, str]  # the first PICKER_OPTIONS organisations by name: id -> label


def choices(pf: Portfolio) -> Choices:
    """The options of ``pf``: countries and cities of its organisations, its funders and
    programmes, its years, and the organisations a picker lists first.

    >>> choices(Portfolio()).first
    {}
    """
    orgs = pf.organisations
    first = sorted(orgs, key=lambda o: (orgs[o].name.casefold(), o))[:PICKER_OPTIONS]
    return Choices(
        countries=sorted({o.country for o in orgs.values() if o.country}),
        cities=sorted({c.name for c in pf.cities.values()}),
        sponsors=sponsor_names(pf),
        bounds=money.year_bounds(pf),
        first={o: label(orgs[o]) for o in first},
    )


def sponsor_names(pf: Portfolio) -> dict[str, str]:
    """Funders and programmes by id, labelled with their English names (programmes say so)."""
    names = {fid: label(f) for fid, f in sorted(pf.funders.items(), key=lambda i: i[1].name)}
    for pid, prog in sorted(pf.programmes.items(), key=lambda i: i[1].name):
        names[pid] = label(prog, " (programme)")
    return names


def label(entity: Any, extra: str = "") -> str:
    """A name as a picker shows it: the name, its English name, a Latin spelling, the country."""
    parts = [entity.name]
    english = getattr(entity, "name_en", None)
    if english and normalise(english) != normalise(entity.name):
        parts.append(english)
    elif transliterate(entity.name) != entity.name:
        parts.append(transliterate(entity.name))
    country = getattr(entity, "country", None)
    return " — ".join(parts) + (f" ({country})" if country else "") + extra
