"""The funders and programmes of ``data/funders.yaml`` as patterns the text rules can run.

A person extends the file, not the code: each entry's names become one regular expression in
which long words also match their declined forms, so one listed spelling covers the cases a
Bulgarian or Czech sentence puts it in.

>>> bool(pattern(["Evropský sociální fond"]).search("podpořil Evropského sociálního fondu"))
True
>>> bool(pattern(["ESF"]).search("the ESFA"))
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

FILE = Path(__file__).resolve().parents[2] / "data" / "funders.yaml"
RANKS = {"Programme": 2, "Funder": 4}
_QUOTE = '[„“”"«»]?'


@dataclass(frozen=True)
class Known:
    """One funder or programme: its canonical name, label, rank, parent and compiled names."""

    name: str
    label: str
    rank: int
    part_of: str | None
    regex: re.Pattern


def _word(word: str) -> str:
    if word.isupper() or not re.fullmatch(r"[^\W\d_]+", word):
        return re.escape(word)
    first = f"[{word[0].upper()}{word[0].lower()}]"
    if len(word) < 4:
        return first + re.escape(word[1:])
    if len(word) < 5:
        return first + re.escape(word[1:]) + r"[^\W\d_]{0,2}"
    return first + re.escape(word[1 : len(word) - 2]) + r"[^\W\d_]{0,4}"


def pattern(names: list[str]) -> re.Pattern:
    """One regex for all the written forms of a name, declined forms and quote styles included."""
    forms = []
    for name in sorted(names, key=len, reverse=True):
        words = re.findall(r"[„“”\"«»]|[^\s„“”\"«»]+", name)
        parts = [_QUOTE if re.fullmatch(r"[„“”\"«»]", w) else _word(w) for w in words]
        forms.append(r"\s*".join(p for p in parts))
    return re.compile(rf"(?<![\w+])(?:{'|'.join(forms)})(?![\w+])")


@cache
def known() -> tuple[Known, ...]:
    """The entries of the data file, longest names first so the most specific one claims a span."""
    rows = yaml.safe_load(FILE.read_text(encoding="utf-8")) or []
    return tuple(
        Known(
            row["name"],
            row["label"],
            int(row.get("rank", RANKS[row["label"]])),
            row.get("part_of"),
            pattern([row["name"], *row.get("names", [])]),
        )
        for row in rows
    )
