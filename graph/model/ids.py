"""Stable ids: a label prefix and a slug of the normalised name, so loading twice changes nothing.

>>> make_id(Label.CITY, "Sofia")
'city:sofia'
>>> make_id(Label.ORGANISATION, "Център за Имиграция и Интеграция")
'org:tsentar-za-imigratsiya-i-integratsiya'
>>> label_of("prog:ngo-programme-bulgaria")
<Label.PROGRAMME: 'Programme'>
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

from graph.model.schema import ID_PREFIX, Label
from graph.model.values import BadValue

_LABEL_BY_PREFIX = {prefix: label for label, prefix in ID_PREFIX.items()}
_MAX_SLUG = 60


@lru_cache(maxsize=262144)
def normalise(text: str) -> str:
    """Fold a name to a comparison key: transliterated, lower case, punctuation and quotes gone.

    >>> normalise("„Инициатива за гражданска ИТ“")
    'initsiativa za grazhdanska it'
    >>> normalise("Nadace  Open Society Fund Praha")
    'nadace open society fund praha'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _bg_translit(text)
    text = unidecode(text).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


# The official Bulgarian transliteration (Transliteration Act 2009), applied before unidecode,
# which would otherwise use Russian rules (щ -> shch, ъ -> '', ю -> iu).
_BG = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sht",
    "ъ": "a",
    "ь": "y",
    "ю": "yu",
    "я": "ya",
}


def _bg_translit(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in _BG:
            latin = _BG[low]
            out.append(latin.capitalize() if ch != low else latin)
        else:
            out.append(ch)
    return "".join(out)


def transliterate(text: str) -> str:
    """Latin form of a Bulgarian name by the official system (other scripts pass through).

    >>> transliterate("Русе")
    'Ruse'
    """
    return _bg_translit(text)


def make_id(label: Label, *parts: str) -> str:
    """A stable id, unique across the whole graph: label prefix + slug of the normalised key.

    Long keys keep a readable head and a hash of the whole, so ids stay short and distinct.
    """
    key = "-".join(normalise(str(p)).replace(" ", "-") for p in parts if str(p).strip())
    if not key:
        shown = " ".join(str(p) for p in parts)
        raise BadValue(f"{shown.strip()!r} is not a usable name for a {label}", "unusable-name")
    if len(key) > _MAX_SLUG:
        digest = hashlib.sha1(key.encode()).hexdigest()[:10]
        key = f"{key[: _MAX_SLUG - 11].rstrip('-')}-{digest}"
    return f"{ID_PREFIX[label]}:{key}"


def label_of(node_id: str) -> Label:
    """The label a node id belongs to, from its prefix."""
    prefix = node_id.split(":", 1)[0]
    try:
        return _LABEL_BY_PREFIX[prefix]
    except KeyError:
        raise ValueError(f"not a node id of this model: {node_id!r}") from None


def natural_key(value: object) -> list:
    """A sort key that compares the runs of digits in a text as numbers: ``row-2`` before
    ``row-10``, a six-digit CORDIS id before a nine-digit one.

    >>> sorted(["row-10", "row-2"], key=natural_key)
    ['row-2', 'row-10']
    """
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(value))]


def locator(
    file: str, row: int | None = None, *, sheet: str | None = None, line: int | None = None
) -> str:
    """Where a record comes from, written one way by every loader: ``file#row-N`` for a
    table row (``file#Sheet!row-N`` in a workbook of several sheets), ``file#LN`` for a line.

    >>> locator("a.csv", 3), locator("b.xlsx", 2, sheet="Projects"), locator("c.xml", line=40)
    ('a.csv#row-3', 'b.xlsx#Projects!row-2', 'c.xml#L40')
    """
    if line is not None:
        return f"{file}#L{line}"
    if row is None:
        return file
    return f"{file}#{sheet}!row-{row}" if sheet else f"{file}#row-{row}"


def place(loc: str) -> tuple[str, str]:
    """A locator read back for people: the file, and where in it (row, sheet, page, line).

    >>> place("a.csv#row-3"), place("b.xlsx#Projects!row-2"), place("c.xml#L40")
    (('a.csv', 'row 3'), ('b.xlsx', 'sheet Projects, row 2'), ('c.xml', 'line 40'))
    >>> place("d.pdf#p2#L4"), place("curation.yaml")
    (('d.pdf', 'page 2, line 4'), ('curation.yaml', ''))
    """
    file, *parts = loc.split("#")
    said = []
    for part in parts:
        sheet, bang, row = part.rpartition("!")
        if bang:
            said.append(f"sheet {sheet}")
            part = row
        if part.startswith("row-"):
            said.append(f"row {part[4:]}")
        elif part[:1] in "Lp" and part[1:].isdigit():
            said.append(f"{'line' if part[0] == 'L' else 'page'} {part[1:]}")
        else:
            said.append(part)
    return file, ", ".join(said)
