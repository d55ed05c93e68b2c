"""Finding organisations, funders and programmes by what a person types.

A name matches when it equals (after :func:`graph.model.normalise`, so Cyrillic and Latin
spellings meet) an id (with or without its label prefix), name, English name or alias.
Anything else raises :class:`graph.errors.NotFound` carrying the closest names, so the user
can pick one. :meth:`NameIndex.search` ranks every entity for a partial or misspelt query;
the app's pickers and the CLI's suggestions both use it. Search compares *loose* forms
(:func:`loose`), so the transliterations of one name meet ("Tsentar", "Centar"; "Imigratsiya",
"imigracija"), and a typo is scored against the start of each name of the same length, so a
short name inside a long query ("IGR" in "imigratsiya") is no match. :meth:`NameIndex.sure`
says whether the best hit is sure enough to open without asking.

>>> from graph.model import Organisation
>>> orgs = {"org:cmp": Organisation(id="org:cmp", name="Център за диалог", aliases=["ЦМДТ"]),
...         "org:x": Organisation(id="org:x", name="Sdružení pro integrační dialog")}
>>> NameIndex(orgs, "organisation").find("tsmdt")
'org:cmp'
>>> NameIndex(orgs, "organisation").find("Centre for dialogue")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph.errors.NotFound: no organisation named 'Centre for dialogue'; closest: Център за диалог, ...
>>> NameIndex(orgs, "organisation").search("integracni")
['org:x']
>>> NameIndex(orgs, "organisation").search("ЦД")  # initials of the words that are names
['org:cmp']
>>> loose("tsentar za imigratsiya"), loose("centar za imigracija")
('centar za imigracia', 'centar za imigracia')
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rapidfuzz import fuzz, process

from graph.errors import NotFound
from graph.model import Entity, normalise


def _names(entity: Entity) -> list[str]:
    names = [entity.id, entity.id.partition(":")[2], entity.name]
    names += [getattr(entity, a, None) or "" for a in ("name_en", "acronym", "title")]
    return names + list(getattr(entity, "aliases", []) or [])


def keys(entity: Entity) -> set[str]:
    """Every normalised form a person might use for ``entity``."""
    return {normalise(n) for n in _names(entity) if n and normalise(n)}


def loose(normalised: str) -> str:
    """A normalised name with the differences of transliteration folded away: "ts" and "c",
    "j", "y" and "i" are one letter, and doubled letters count once."""
    folded = normalised.replace("ts", "c").replace("j", "i").replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", folded)


def _typo(query: str, key: str, **_: object) -> float:
    """How close ``query`` is to ``key`` or to the start of it (a name typed in part)."""
    return max(fuzz.ratio(query, key), fuzz.ratio(query, key[: len(query)]))


def initials(name: str) -> str:
    """The first letters of a name's words, small words left out ("ЦИИ", "CII")."""
    words = [w for w in re.split(r"\W+", name) if len(w) > 2]
    return normalise("".join(w[0] for w in words)) if len(words) > 1 else ""


# Ranks of a search hit, best first: the whole name, its start, a word's start, anywhere.
EXACT, PREFIX, WORD, INSIDE, FUZZY = range(5)
TYPO = 80  # the least :func:`_typo` score of a misspelt match


class NameIndex:
    """Every normalised name of a set of entities, built once, so a lookup is a dict access."""

    def __init__(self, entities: Mapping[str, Entity], what: str) -> None:
        self.entities, self.what = entities, what
        self.ids: dict[str, list[str]] = {}
        self.short: dict[str, list[str]] = {}  # initials -> ids, for search only
        self.loose: dict[str, list[str]] = {}  # loose forms -> ids, for search only
        for eid in sorted(entities):
            entity = entities[eid]
            for key in keys(entity):
                self.ids.setdefault(key, []).append(eid)
                self.loose.setdefault(loose(key), []).append(eid)
            for name in {entity.name, getattr(entity, "name_en", None) or ""}:
                if initials(name):
                    self.short.setdefault(initials(name), []).append(eid)

    def search(self, text: str, limit: int = 50) -> list[str]:
        """Ids ranked by how well a name matches ``text``: exact, then the start of a name,
        the start of a word, anywhere inside, initials, then typo-tolerant (fuzzy) matches;
        shorter names first within a rank."""
        return [eid for eid, _ in self.ranked(text, limit)]

    def sure(self, text: str) -> bool:
        """The best hit matches as typed (whole, the start of a name or of a word, initials),
        not only inside a name or with a typo: a picker may open it without asking."""
        found = self.ranked(text, 1)
        return bool(found) and found[0][1] <= WORD

    def ranked(self, text: str, limit: int = 50) -> list[tuple[str, float]]:
        """``(id, rank)`` best first (:data:`EXACT` ... :data:`FUZZY` and the typo's distance)."""
        query = loose(normalise(text))
        if not query:
            return []
        best: dict[str, float] = {}

        def hit(ids: list[str], rank: float) -> None:
            for eid in ids:
                best[eid] = min(best.get(eid, rank), rank)

        for key, ids in self.loose.items():
            if query in key:
                rank = (
                    EXACT
                    if key == query
                    else PREFIX
                    if key.startswith(query)
                    else WORD
                    if f" {query}" in key
                    else INSIDE
                )
                hit(ids, rank)
        hit(self.short.get(normalise(text), []), WORD)
        if len(best) < limit and len(query) > 3:
            found = process.extract(
                query, list(self.loose), scorer=_typo, score_cutoff=TYPO, limit=limit
            )
            for key, score, _ in found:
                hit(self.loose[key], FUZZY + (100 - score) / 100)
        ranked = sorted(best, key=lambda e: (best[e], len(self.entities[e].name), e))
        return [(eid, best[eid]) for eid in ranked[:limit]]

    def find_many(self, text: str) -> list[str]:
        """Ids of all entities called ``text``; NotFound with close names when there are none."""
        if text in self.entities:
            return [text]
        hits = self.ids.get(normalise(text))
        if hits:
            return hits
        names = [self.entities[e].name for e in self.search(text, 5)]
        names = names or closest(self.entities, text, 5)
        raise NotFound(
            f"no {self.what} named {text!r}" + ("; closest: " + ", ".join(names) if names else ""),
            suggestions=names,
        )

    def find(self, text: str) -> str:
        """The id of the entity called ``text`` (the first id when several share the name)."""
        return self.find_many(text)[0]


def find_many(entities: Mapping[str, Entity], text: str, what: str) -> list[str]:
    """Ids of all entities called ``text`` (e.g. a funder and its programme share a name)."""
    return NameIndex(entities, what).find_many(text)


def closest(entities: Mapping[str, Entity], text: str, limit: int = 5) -> list[str]:
    """Names of the entities closest to ``text`` (fuzzy, on normalised names)."""
    choices = {eid: normalise(e.name) for eid, e in entities.items()}
    found = process.extract(normalise(text), choices, scorer=fuzz.WRatio, limit=limit)
    return [entities[eid].name for _, _, eid in found]
