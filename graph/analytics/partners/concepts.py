"""Which projects are *on* a call's theme: each of the call's words met, in any of three languages.

A TF-IDF cosine says how close a project is, but a closeness alone lets half a theme pass
("integrated water management" is close to "migrant integration" through one word, and a
consortium of forty with one word in common outweighs a specialist). A project is on the theme
when its words meet the call's concepts: each word of the call (stemmed, :mod:`.text`) is a
concept, widened by the group of ``data/themes.yaml`` it belongs to ("cizinců" also accepts
"migrant", "бежанци"); a project meets a concept when one of its words meets one of the
concept's stems (:func:`meets`). A call of one or two concepts needs all of them, a longer
one two thirds (rounded up), so that "migrant integration in cities" is not lost for "cities".

>>> meets("integr", "integratsi"), meets("migrant", "migranti"), meets("rom", "roms")
(True, True, True)
>>> meets("integr", "intellilung"), meets("rom", "romant")
(False, False)
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Sequence

import numpy as np
import yaml

from graph.analytics.partners.index import PartnerIndex
from graph.analytics.partners.text import pieces
from graph.config import PROJECT_ROOT

GROUPS_FILE = PROJECT_ROOT / "data" / "themes.yaml"
PREFIX = 5  # stems sharing this many first letters meet ("integr", "integrak", "integratsi")
SUFFIX = 2  # a short stem meets a longer one that adds at most this many letters


def meets(a: str, b: str) -> bool:
    """Two folded stems are the same word: a common start of :data:`PREFIX` letters, or the
    shorter (three letters or more) starts the longer, which adds at most :data:`SUFFIX`."""
    short, long = sorted((a, b), key=len)
    if len(short) >= PREFIX:
        return long[:PREFIX] == short[:PREFIX]
    return len(short) >= 3 and long.startswith(short) and len(long) - len(short) <= SUFFIX


@functools.cache
def _groups() -> tuple[frozenset[str], ...]:
    """The stems of each group of words that mean the same (``data/themes.yaml``)."""
    groups = yaml.safe_load(GROUPS_FILE.read_text(encoding="utf-8")) or []
    return tuple(frozenset(s for word in group for s in pieces([str(word)])) for group in groups)


def concepts(themes: Sequence[str]) -> list[frozenset[str]]:
    """The call's concepts: each stem of its words with the stems of the groups it meets."""
    out: list[frozenset[str]] = []
    for stem in dict.fromkeys(pieces(themes)):
        widened = {stem}
        for group in _groups():
            if any(meets(stem, other) for other in group):
                widened |= group
        if all(widened != c for c in out):
            out.append(frozenset(widened))
    return out


def needed(n: int) -> int:
    """Concepts a project must meet out of the call's ``n``: all of one or two, else 2/3."""
    return n if n <= 2 else math.ceil(2 * n / 3)


def on_theme(index: PartnerIndex, themes: Sequence[str]) -> np.ndarray:
    """True for each project of ``index`` on the theme (kept per index and theme)."""
    key = ("on_theme", tuple(themes))
    if key not in index.memo:
        found = concepts(themes)
        met = np.zeros(len(index.project_ids))
        if found and index.project_ids:
            terms, cols = _vocabulary(index)
            words = index.texts[:, : len(index.vectorizer.words.vocabulary_)].tocsc()
            for concept in found:
                hits = sorted({cols[t] for s in concept for t in _meeting(terms, s)})
                if hits:
                    met += words[:, hits].tocsr().getnnz(axis=1) > 0
        index.memo[key] = (met >= needed(len(found))) if found else met > 0  # no words: none
    return index.memo[key]


def _vocabulary(index: PartnerIndex) -> tuple[list[str], dict[str, int]]:
    """The single stems of the theme model's word vocabulary, sorted, with their columns."""
    if "vocabulary" not in index.memo:
        cols = {t: c for t, c in index.vectorizer.words.vocabulary_.items() if " " not in t}
        index.memo["vocabulary"] = sorted(cols), cols
    return index.memo["vocabulary"]


def _meeting(terms: list[str], stem: str) -> list[str]:
    """The terms (sorted) that meet ``stem``: only those sharing its first letters can."""
    start = stem[:PREFIX]
    at = bisect.bisect_left(terms, start)
    out = []
    while at < len(terms) and terms[at].startswith(start):
        if meets(stem, terms[at]):
            out.append(terms[at])
        at += 1
    return out
