"""The identity rule: which identifiers may identify a record, so placeholders never fuse nodes.

Publishers fill required id fields with placeholders (``N/A`` for every implementing org in
the EC's IATI files, ``DUMMY01`` in 360Giving files), and some reuse one id for unrelated
organisations. Such an id must not identify: the record is keyed by name and country instead,
and the loader reports it. A record renamed under its id (a charity's new name) keeps the id.

>>> unusable({"N/A": {"UNDP", "WHO"}, "GB-CHC-1": {"Humanists UK", "British Humanist Assoc."},
...           "GB-COH-9": {"Merseyside Law Centre", "Social Finance", "University of Oxford"}})
{'GB-COH-9': 'used for 3 clearly different names', 'N/A': 'a placeholder, not an identifier'}
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from graph.model.ids import normalise

DIFFERENT = 50  # token-set similarity (0-100) below which two names are not one body's
NAMES_LIMIT = 3  # this many unrelated names under one id: the id identifies nothing
# Identifiers that stand for "no identifier": publishers fill required id fields with them.
_PLACEHOLDERS = {
    "",
    "n a",
    "na",
    "none",
    "null",
    "nil",
    "unknown",
    "not applicable",
    "not available",
    "tbc",
    "tbd",
    "x",
    "xx",
    "xxx",
    "-",
    "--",
    "n d",
    "nd",
}
_PLACEHOLDER_PARTS = re.compile(r"(^|\s)(dummy|placeholder|unknown)\s?\d*($|\s)")


def is_placeholder(identifier: str | None) -> bool:
    """Whether an identifier says nothing about who it names (so it must not identify).

    Beyond the empty and N/A family, a value of only zeros, dashes or punctuation, or one
    with a DUMMY/placeholder part (``GB-DUMMY01``, ``360G-XYZ-DUMMY``) is a placeholder.

    >>> [is_placeholder(v) for v in ("N/A", " - ", "DUMMY01", "360G-abc-DUMMY-3", "GB-CHC-1")]
    [True, True, True, True, False]
    """
    if identifier is None:
        return True
    key = normalise(str(identifier))
    if key in _PLACEHOLDERS or not key.strip("0 "):
        return True
    return bool(_PLACEHOLDER_PARTS.search(key))


def name_groups(names: set[str]) -> int:
    """How many clearly different bodies ``names`` stand for (names joined when similar)."""
    groups: list[list[str]] = []
    for name in sorted(normalise(n) for n in names):
        near = [g for g in groups if any(fuzz.token_set_ratio(name, o) >= DIFFERENT for o in g)]
        merged = [name] + [n for g in near for n in g]
        groups = [g for g in groups if g not in near] + [merged]
    return len(groups)


def unusable(names_by_id: dict[str, set[str]]) -> dict[str, str]:
    """The ids of one file that must not identify, each with the reason (for the finding)."""
    out = {}
    for ident, names in sorted(names_by_id.items()):
        if is_placeholder(ident):
            out[ident] = "a placeholder, not an identifier"
        elif len(names) >= NAMES_LIMIT and (n := name_groups(names)) >= NAMES_LIMIT:
            out[ident] = f"used for {n} clearly different names"
    return out
