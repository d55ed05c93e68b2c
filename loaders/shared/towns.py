"""The towns gazetteer (data/geo/towns.tsv, built from GeoNames): places the hand-made list in
loaders/shared/places.py does not hold, found in running text.

A small place's name is often a common word or a surname ("Most", "Бяла", "Левски"), so a town
under 15,000 people counts only after a word that introduces a place ("в", "гр.", "v obci",
"in", a dash after an organisation's name); a city counts anywhere it is capitalised, unless its
name is a common word. Czech, Slovak and Polish names are also found declined ("v Ostravě",
"v Krnově", "v Rudniku").

>>> [(p.name, p.country) for _, _, p in find("Projekt se konal v Krnově a v Opavě.")]
[('Krnov', 'CZ'), ('Opava', 'CZ')]
>>> [p.name for _, _, p in find("Бяла река")], [p.name for _, _, p in find("в гр. Летница")]
([], ['Letnitsa'])
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from graph.model.names import key
from loaders.shared.places import Place, city

FILE = Path(__file__).resolve().parents[2] / "data" / "geo" / "towns.tsv"
SMALL = 15_000
DECLINED = {"CZ", "SK", "PL"}
_ENDINGS = ("ou", "em", "ě", "e", "u", "i", "y", "é", "a")
_BASES = ("", "a", "o", "á", "e")
# Names that are also everyday words: they need a place word before them, however big the town.
COMMON = {
    "most",
    "bor",
    "lom",
    "les",
    "luka",
    "gora",
    "grad",
    "banja",
    "kula",
    "nova",
    "union",
    "sport",
    "mir",
    "obzor",
    "byala",
    "lozen",
    "slavia",
    "praha 1",
    "ruse",
}
_CUE = re.compile(
    r"(?i)(?:(?<![\w])(?:гр|с|град(?:а)?|село|общ|община(?:та)?|в|във|от|до|край|около|v|ve|z|ze|"
    r"do|u|obec|obci|obce|město|města|městě|městem|in|at|near|from|to|town of|village of|"
    r"city of)\.?\s+|[–—:-]\s*)$"
)
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'][^\W\d_]+)*")


@cache
def _places() -> list[tuple[Place, int]]:
    """Every row of the file as a Place with its population, read once."""
    out = []
    with FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            forms = [row["name"], row["local"], *filter(None, row["forms"].split("|"))]
            place = Place(
                row["name"],
                row["local"],
                row["country"],
                float(row["lat"]),
                float(row["lon"]),
                tuple(forms),
            )
            out.append((place, int(row["population"])))
    return out


@cache
def _index() -> dict[str, tuple[Place, int]]:
    """Key of every written form -> the most populous place of that name, with its population."""
    return _largest((key(form), place, pop) for place, pop in _places() for form in place.forms)


@cache
def _by_country() -> dict[tuple[str, str], tuple[Place, int]]:
    """(key of a written form, country) -> the most populous place of that name there."""
    return _largest(
        ((key(form), place.country), place, pop) for place, pop in _places() for form in place.forms
    )


def _largest(entries: Iterable[tuple[Any, Place, int]]) -> dict:
    """Each key's most populous place (a name many towns share goes to the largest)."""
    out: dict = {}
    for k, place, pop in entries:
        if k and k[0] and (k not in out or out[k][1] < pop):
            out[k] = (place, pop)
    return out


def town_in(name: str, country: str) -> Place | None:
    """The gazetteer town of that name in that country: "Bergen" in NL is not Bergen in DE.

    >>> town_in("Bergen", "DE").lat, town_in("Bergen", "NL").lat, town_in("Bergen", "NO")
    (52.8084, 52.6692, None)
    """
    got = _by_country().get((key(name), country))
    return got[0] if got else None


def town(name: str) -> Place | None:
    """The gazetteer town a written form names (nominative, or a declined Czech form)."""
    got = _lookup(name)
    return got[0] if got else None


def lookup(name: str) -> Place | None:
    """A city of the hand-made list first, else a gazetteer town."""
    return city(name) or town(name)


@cache
def _lookup(name: str) -> tuple[Place, int] | None:
    """Cached: a document repeats its words, and each is tried in several declined forms."""
    index = _index()
    k = key(name)
    if k in index:
        return index[k]
    for ending in _ENDINGS:
        stem = name[: len(name) - len(ending)]
        if not name.endswith(ending) or len(stem) < 3 or not stem[-1].isalpha():
            continue
        for base in _BASES:
            got = index.get(key(stem + base))
            if got and got[0].country in DECLINED:
                return got
    return None


def find(text: str) -> list[tuple[int, int, Place]]:
    """(start, end, place) for the towns ``text`` names, longest name first, not overlapping."""
    words = list(_WORD.finditer(text))
    out: list[tuple[int, int, Place]] = []
    i = 0
    while i < len(words):
        hit = _longest(text, words, i) if words[i].group(0)[0].isupper() else None
        if hit:
            start, end, place, n = hit
            out.append((start, end, place))
            i += n
        else:
            i += 1
    return out


def _longest(text: str, words: list[re.Match], i: int) -> tuple[int, int, Place, int] | None:
    for n in (4, 3, 2, 1):
        if i + n > len(words):
            continue
        start, end = words[i].start(), words[i + n - 1].end()
        if n > 1 and re.search(r"[,.;:()\"„“”]", text[start:end]):
            continue
        got = _lookup(text[start:end])
        if got and _counts(text, start, text[start:end], got[1]) and not _person(text, end):
            return start, end, got[0], n
    return None


def _person(text: str, end: int) -> bool:
    """'Martin Fišer', 'Milan Ferenc': a town's name followed by a surname is a first name."""
    return bool(
        re.match(r" [A-ZА-ЯČŘŠŽ][a-zа-яá-ž]+(?:ová|ov|ev|ski|ska)?\b", text[end:])
    ) and not (re.match(r" [A-ZА-Я]\w*\s*(?:kraj|област|region)", text[end:]))


def _counts(text: str, start: int, written: str, population: int) -> bool:
    cued = bool(_CUE.search(text[max(0, start - 16) : start]))
    if cued:
        return True
    return population >= SMALL and key(written) not in COMMON
