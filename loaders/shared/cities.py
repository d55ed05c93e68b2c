"""A city is a name in a country: the one way a data file's place name becomes a City node.

The hand-made list (loaders/shared/places.py) and the towns gazetteer (loaders/shared/towns.py)
are asked for the name *in the stated country*, with their alternate names ("Lugansk" is Luhansk,
"Praha 6" is Prague); a written "Donetsk, Ukraine" states its own country, and "Luhansk/Lugansk"
names one place twice. A place of the gazetteers keeps the id the document reader gives it
(``city:<name>``) when it is the best-known place of that name; any other city's id carries its
country, so a Bergen in Norway and one in the Netherlands stay two cities, and a US Athens is
not the Greek one.

>>> [(c.id, c.country) for c in (city_node("PRAHA 6", "CZ"), city_node("Donetsk, Ukraine"),
...                              city_node("Lugansk", "UA"), city_node("Bergen", "NO"))]
[('city:prague', 'CZ'), ('city:donetsk', 'UA'), ('city:luhansk', 'UA'), ('city:bergen-no', 'NO')]
>>> city_node("Athens", "US").id, city_node("Bergen", "DE").id, city_node("Bergen", "NL").id
('city:athens-us', 'city:bergen-de', 'city:bergen')
>>> city_node("Warsaw", hint="HU").country, city_node("Szeged", hint="HU").country
('PL', 'HU')
"""

from __future__ import annotations

import re

from graph.model import City, Label, make_id
from graph.model.countries import country_code
from loaders.shared import places, towns
from loaders.shared.places import Place


def city_node(
    written: str,
    country: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    sources: list[str] | None = None,
    hint: str | None = None,
) -> City:
    """A City for a place name as a data file writes it, in the country the file states
    (else the one the name states, else the gazetteers' best-known place of that name).

    ``hint`` is a country the place is likely in without the file saying so (an IATI
    activity's recipient country): asked first, but a place the gazetteers know elsewhere
    ("Warsaw" in an activity for Hungary) stays where it is.
    """
    country = country_code(country) if country else None
    name, country = _named(written.strip(), country)
    tries = [country] if country else [hint, None] if hint else [None]
    found = (_place(n, c) for c in tries for n in _alternates(name))
    place = next(filter(None, found), None)
    country = country or hint
    if place is not None:
        return City(
            id=_id(place),
            name=place.name,
            name_local=place.local,
            country=place.country,
            lat=place.lat,
            lon=place.lon,
            sources=list(sources or []),
        )
    name = name.split("/")[0].strip() or name
    return City(
        id=make_id(Label.CITY, name, *([country] if country else [])),
        name=name,
        name_local=written.strip(),
        country=country,
        lat=lat,
        lon=lon,
        sources=list(sources or []),
    )


def _named(name: str, country: str | None) -> tuple[str, str | None]:
    """The name without a trailing ", <country>", and the country (the stated one first)."""
    head, comma, tail = name.rpartition(",")
    said = places.country(tail) if comma and head.strip() else None
    if said:
        name = head.strip()
    if name.isupper():
        name = name.title()
    return name, country or said


def _alternates(name: str) -> list[str]:
    """Each spelling of "Luhansk/Lugansk", and "Praha 6" without its district number."""
    out = []
    for part in [p.strip() for p in name.split("/") if p.strip()] or [name]:
        out += [part, re.sub(r"[\s-]*\d+$", "", part)]
    return list(dict.fromkeys(p for p in out if p))


def _place(name: str, country: str | None) -> Place | None:
    """The gazetteers' place of that name in ``country`` (any country when none is stated)."""
    for found in (places.city(name), towns.town(name)):
        if found is not None and country in (None, found.country):
            return found
    return towns.town_in(name, country) if country else None


def _id(place: Place) -> str:
    """``city:<name>`` for the best-known place of its name (as documents name it), else the
    name and the country."""
    best = places.city(place.name) or towns.town(place.name)
    parts = [place.name] if best == place else [place.name, place.country]
    return make_id(Label.CITY, *parts)
