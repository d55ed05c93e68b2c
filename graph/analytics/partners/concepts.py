"""Which projects are *on* a call's theme: each of the call's words met, in any of three languages.

A TF-IDF cosine says how close a project is, but a closeness alone lets half a theme pass
("integrated water management" is close to "migrant integration" through one word, and a
consortium of forty with one word in common outweighs a specialist). A project is on the theme
when its words meet the call's concepts: each word of the call (stemmed, :mod:`.text`) is a
concept, widened by the group of ``data/themes.yaml`` it belongs to ("cizinců" also accepts
"migrant", "бежанци"); a project meets a concept when one of its words meets one of the
concept's stems (:func:`meets`). A call of one or two concepts needs all of them, a longer
one two thirds (rounded up), so that "migrant integration in cities" is not lost for "cities".
A project's words are those of what it is about (titles, descriptions, themes); its acronym
only adds known theme words, each as the same stem (:func:`evidence`): a name coined from the
same letters ("ClimateSmartAdvisors" for "Climateurope2") is no evidence, or a call of names
would put look-alikes first.

>>> meets("integr", "integratsi"), meets("migrant", "migranti"), meets("rom", "roms")
(True, True, True)
>>> meets("integr", "intellilung"), meets("rom", "romant"), meets("climat", "climateurop")
(False, False, False)
"""

from __future__ import annotations

import bisect
import functools
import math
import os
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
import yaml

from graph.analytics.partners.index import PartnerIndex
from graph.analytics.partners.text import pieces
from graph.config import PROJECT_ROOT

GROUPS_FILE = PROJECT_ROOT / "data" / "themes.yaml"
PREFIX = 5  # stems sharing this many first letters meet ("integr", "integrak", "integratsi")
TAIL = 4  # ... when neither goes on for more letters after them (not "climat", "climateurop")
SUFFIX = 2  # a short stem meets a longer one that adds at most this many letters


def meets(a: str, b: str) -> bool:
    """Two folded stems are the same word: a common start of :data:`PREFIX` letters or more,
    after which each goes on for at most :data:`TAIL` (an ending, not a second word of a
    compound or a coined name); or the shorter (three letters or more) starts the longer,
    which adds at most :data:`SUFFIX`."""
    short, long = sorted((a, b), key=len)
    if len(short) >= PREFIX:
        common = len(os.path.commonprefix([short, long]))
        return common >= PREFIX and len(long) - common <= TAIL
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
            (text, terms, cols), (names, _, named) = evidence(index)
            for concept in found:
                hits = sorted({cols[t] for s in concept for t in _meeting(terms, s)})
                same = sorted(named[s] for s in concept if s in named and _known(s, cols))
                met += (text[:, hits].getnnz(axis=1) + names[:, same].getnnz(axis=1)) > 0
        index.memo[key] = (met >= needed(len(found))) if found else met > 0  # no words: none
    return index.memo[key]


def _known(stem: str, text: dict[str, int]) -> bool:
    """A word of the graph's theme vocabulary: in a project's title, description or themes, or
    in ``data/themes.yaml`` ("youth" of "Youth-GEMs" is; "titan" of "TITAN" is a name)."""
    return stem in text or any(stem in group for group in _groups())


Stems = tuple[sp.csc_matrix, list[str], dict[str, int]]


def evidence(index: PartnerIndex) -> tuple[Stems, Stems]:
    """Projects x the stems of what they are about (titles, descriptions, themes), and projects
    x the stems of their acronyms; each with its stems sorted and their columns, kept per
    index. An acronym is a coined name: a word of it counts only when it is a known theme word
    (:func:`_known`) and the same stem as the call's ("Youth-GEMs" for "youth"), never by its
    first letters, or one call word would meet every name coined from the same start
    ("Climateurope2" "ClimateSmartAdvisors", "CLIMABOROUGH"), and two projects named alike
    ("TITAN", "EURO-TITAN") would count as a theme. A load builds it with the trained index
    (:func:`graph.analytics.partners.ranker.ready`): over a second at 50,000 organisations,
    which the first themed query would otherwise wait for."""
    if "evidence" not in index.memo:
        projects = [index.pf.projects[pid] for pid in index.project_ids]
        index.memo["evidence"] = (
            _stems([[p.title, p.title_en, p.description, *p.themes] for p in projects]),
            _stems([[p.acronym] for p in projects]),
        )
    return index.memo["evidence"]


def _stems(docs: list[list[str | None]]) -> Stems:
    """Documents x the stems of their texts (1 where present), the stems sorted, their columns."""
    cols: dict[str, int] = {}
    found: list[int] = []
    starts = [0]
    for texts in docs:
        found += sorted({cols.setdefault(s, len(cols)) for s in pieces(texts)})
        starts.append(len(found))
    ones = np.ones(len(found), dtype=np.int8)
    matrix = sp.csr_matrix((ones, found, starts), shape=(len(docs), len(cols)))
    return matrix.tocsc(), sorted(cols), cols


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
