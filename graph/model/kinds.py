"""Kinds of organisation as people read them: one word per kind, whichever loader named it.

Loaders keep the kind their source gives (CORDIS says "research organisation", a name with
"Institute" says "research", a document says "regional_administration"); pages show one name
for each, in plain words.

>>> [kind_name(k) for k in ("research", "research organisation", "regional_administration")]
['research organisation', 'research organisation', 'regional administration']
>>> kind_name("ngo")
'NGO'
>>> kind_key("Research") == kind_key("research_organisation")
True
"""

from __future__ import annotations

from graph.model.ids import normalise

# stored kind -> the name shown, where the plain spelling is not enough
SAME_AS = {
    "research": "research organisation",
    "ngo": "NGO",
}


def kind_name(kind: str | None) -> str:
    """How a page shows a stored kind: one name per kind, no underscores."""
    if not kind:
        return ""
    plain = " ".join(kind.replace("_", " ").split())
    return SAME_AS.get(plain.casefold(), plain)


def kind_key(kind: str | None) -> str:
    """What two kinds are compared by: the name a page shows, folded, so a call asking for a
    "research organisation" is met by an organisation its source called "research"."""
    return normalise(kind_name(kind))
