"""Countries as ISO 3166-1 alpha-2, from codes or names in English, Bulgarian or Czech.

The table comes from ``pycountry`` (the ISO lists and their translations), not from a list of
our own; only what ISO leaves out is added: the EU's own codes ``EL`` (Greece) and ``UK``
(United Kingdom), and ``XK``, the code the EU and others use for Kosovo; and the
English names ISO has since replaced (Turkey, Swaziland).

>>> [country_code(c) for c in ("EL", "uk", "Гърция", "Česko", "Czech Republic", "XX")]
['GR', 'GB', 'GR', 'CZ', 'CZ', None]
"""

from __future__ import annotations

import gettext
from functools import cache

from graph.model.ids import normalise

EU_CODES = {"EL": "GR", "UK": "GB"}  # the EU's own abbreviations (Interinstitutional Style Guide)
EXTRA = {"XK": ["Kosovo", "Косово"], "EU": ["European Union", "Европейски съюз"]}
FORMER = {"TR": ["Turkey", "Турция"], "MK": ["Macedonia"], "SZ": ["Swaziland"]}  # renamed in ISO
LANGUAGES = ("bg", "cs")


@cache
def _table() -> tuple[frozenset[str], dict[str, str]]:
    import pycountry

    codes = {c.alpha_2 for c in pycountry.countries} | set(EXTRA)
    names: dict[str, str] = {}
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in LANGUAGES
    ]
    for c in pycountry.countries:
        written = {c.name, c.alpha_3, getattr(c, "official_name", c.name)}
        written.add(getattr(c, "common_name", c.name))
        for form in list(written):
            written |= {t.gettext(form) for t in translations}
        for form in written:
            names.setdefault(normalise(form), c.alpha_2)
    for code, forms in (*EXTRA.items(), *FORMER.items()):
        for form in forms:
            names.setdefault(normalise(form), code)
    return frozenset(codes), names


def country_code(value: str | None) -> str | None:
    """The alpha-2 code ``value`` names, or None when it names no country."""
    if value is None or not str(value).strip():
        return None
    raw = str(value).strip()
    codes, names = _table()
    if len(raw) == 2 and raw.isalpha():
        code = EU_CODES.get(raw.upper(), raw.upper())
        return code if code in codes else None
    return names.get(normalise(raw))
