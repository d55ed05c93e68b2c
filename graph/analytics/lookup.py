"""Finding organisations, funders and programmes by what a person types.

A name matches when it equals (after :func:`graph.model.normalise`, so Cyrillic and Latin
spellings meet) an id, name, English name or alias. Anything else raises
:class:`graph.errors.NotFound` carrying the closest names, so the user can pick one.

>>> from graph.model import Organisation
>>> orgs = {"org:cmp": Organisation(id="org:cmp", name="Център за диалог", aliases=["ЦМДТ"])}
>>> NameIndex(orgs, "organisation").find("tsmdt")
'org:cmp'
>>> NameIndex(orgs, "organisation").find("Centre for dialogue")
Traceback (most recent call last):
...
graph.errors.NotFound: no organisation named 'Centre for dialogue'; closest: Център за диалог
"""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz import fuzz, process

from graph.errors import NotFound
from graph.model import Entity, normalise


def keys(entity: Entity) -> set[str]:
    """Every normalised form a person might use for ``entity``."""
    names = [entity.id, entity.name, getattr(entity, "name_en", None) or ""]
    names += list(getattr(entity, "aliases", []) or [])
    return {normalise(n) for n in names if n and normalise(n)}


class NameIndex:
    """Every normalised name of a set of entities, built once, so a lookup is a dict access."""

    def __init__(self, entities: Mapping[str, Entity], what: str) -> None:
        self.entities, self.what = entities, what
        self.ids: dict[str, list[str]] = {}
        for eid in sorted(entities):
            for key in keys(entities[eid]):
                self.ids.setdefault(key, []).append(eid)

    def find_many(self, text: str) -> list[str]:
        """Ids of all entities called ``text``; NotFound with close names when there are none."""
        if text in self.entities:
            return [text]
        hits = self.ids.get(normalise(text))
        if hits:
            return hits
        raise NotFound(
            f"no {self.what} named {text!r}" + _closest_text(self.entities, text, 5),
            suggestions=closest(self.entities, text, 5),
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


def _closest_text(entities: Mapping[str, Entity], text: str, limit: int) -> str:
    names = closest(entities, text, limit)
    return "; closest: " + ", ".join(names) if names else ""
