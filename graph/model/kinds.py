"""Kinds of organisation as people read them: one word per kind, whichever loader named it.

Loaders keep the kind their source gives (CORDIS says "research organisation", a name with
"Institute" says "research", a document says "regional_administration"); pages show one name
for each, in plain words.

>>> [kind_name(k) for k in ("research", "research organisation", "regional_administration")]
['research organisation', 'research organisation', 'regional administration']
>>> kind_name("ngo")
'NGO'
"""

from __future__ import annotations

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
