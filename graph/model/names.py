"""Name keys and fuzzy matching: pure helpers for telling whether two names mean one entity.

Names reach us in Cyrillic and Latin, with typographic quotes and dashes, declined ("Центърът",
"Националния"), abbreviated ("ЦИИ") or with a legal form in front. Each helper folds one of those
differences away; callers (the document loader's resolution, graph/io/resolve.py) decide how to use
them.

>>> key("Клуб „Отворено общество“ – Русе")
'klub otvoreno obshtestvo ruse'
>>> stem_key("Центърът за модернизирание на политики")
'tsent moder polit'
>>> stem_key("Център за модернизиране на политики")
'tsent moder polit'
>>> initials("Център за Имиграция и Интеграция")
'ЦИИ'
>>> is_abbreviation_of("ЦМП", "Център за модернизиране на политики")
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph.model.ids import normalise

QUOTES = '„“”‟"«»'
DASHES = "‐‑‒–—―−"
_QUOTE_RE = re.compile(f"[{re.escape(QUOTES)}]")
_DASH_RE = re.compile(f"\\s*[{DASHES}]\\s*|\\s+-\\s+")

# Short words left out of initials and stems, in the languages of the corpus.
STOPWORDS = frozenset(
    "за и на по в във с със от до към the of for and in on a an to de des du la le "
    "pro a v ve na z ze o i u za od do".split()
)

# Legal forms and generic words that say what kind of body a name is, and where they point.
LEGAL_FORMS: dict[str, str] = {
    "фондация": "foundation",
    "сдружение": "ngo",
    "клуб": "ngo",
    "асоциация": "ngo",
    "център": "ngo",
    "центърът": "ngo",
    "мрежа": "network",
    "община": "municipality",
    "областна администрация": "regional_administration",
    "агенция": "agency",
    "министерство": "ministry",
    "съвет": "agency",
    "институт": "research",
    "foundation": "foundation",  # noqa: E501
    "association": "ngo",
    "center": "ngo",
    "centre": "ngo",
    "network": "network",
    "municipality": "municipality",
    "agency": "agency",
    "ministry": "ministry",
    "institute": "research",
    "research": "research",
    "nadace": "foundation",
    "nadační fond": "foundation",
    "spolek": "ngo",
    "o.p.s.": "ngo",
    "z.ú.": "ngo",
    "z. s.": "ngo",
    "z.s.": "ngo",
    "obecně prospěšná společnost": "ngo",
    "centrum": "ngo",
    "integrační centrum": "ngo",
    "město": "municipality",
    "magistrát": "municipality",
    "udruga": "ngo",
    "centar": "ngo",
    "fondazione": "foundation",
    "associazione": "ngo",
    "nadácia": "foundation",
    "občianske združenie": "ngo",
    "o.z.": "ngo",
}


def clean(text: str) -> str:
    """One spelling of quotes, dashes and spaces: „X“ – Y and "X" - Y become the same."""
    text = unicodedata.normalize("NFKC", text)
    text = _QUOTE_RE.sub('"', text)
    text = _DASH_RE.sub(" - ", text)
    text = re.sub(r"\s+", " ", text).strip(" \t.,;:")
    if text.count('"') == 2 and text.startswith('"') and text.endswith('"'):
        text = text[1:-1]
    return text.strip()


def key(text: str) -> str:
    """The comparison key: cleaned, transliterated, lower case, punctuation gone."""
    return normalise(clean(text))


def shown(a: str, b: str) -> str:
    """Which of two names of one body to show (the other becomes an alias): its own over a
    registry's, that is a name with lower case over one in capitals, a name in its own script
    or with its diacritics over a transliteration of it, then the fuller name.

    >>> shown("OBSHTINA BURGAS", "Община Бургас"), shown("Kosice", "Košice")
    ('Община Бургас', 'Košice')
    >>> shown("Caritas BG", "Caritas Bulgaria"), shown("GEANT VERENIGING", "GEANT Association")
    ('Caritas Bulgaria', 'GEANT Association')
    """
    same = key(a) == key(b)

    def rank(name: str) -> tuple:
        shouted = name.isupper() and sum(c.isalpha() for c in name) > 3
        plain = same and name.isascii()
        return (shouted, plain, -len(name), name)

    return min(a, b, key=rank)


def stem_key(text: str, size: int = 5) -> str:
    """A key blind to endings: each word cut to ``size`` letters, short function words dropped.

    Catches declensions and articles ("Центърът", "Центъра") and one-letter typos near the end.
    """
    words = [w for w in key(text).split() if w not in STOPWORDS]
    return " ".join(w[:size] for w in words)


def initials(text: str) -> str:
    """Upper-case initials of the content words, in the name's own script."""
    words = re.findall(r"[^\W\d_]+", clean(text))
    return "".join(w[0].upper() for w in words if w.lower() not in STOPWORDS)


def is_abbreviation(text: str) -> bool:
    """Looks like an acronym: 2-6 letters, all upper case (ЦИИ, ДАЕУ, AMIF)."""
    return bool(re.fullmatch(r"[^\W\d_]{2,6}", text)) and text.isupper()


def is_abbreviation_of(short: str, name: str) -> bool:
    """Whether ``short`` is the initials of ``name`` (same script, or transliterated)."""
    if not is_abbreviation(short):
        return False
    full = initials(name)
    return short == full or key(short).replace(" ", "") == key(full).replace(" ", "")


def legal_form_kind(name: str) -> str | None:
    """The kind of body a legal form or generic word in ``name`` points to, if any."""
    low = clean(name).lower()
    for form in sorted(LEGAL_FORMS, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", low):
            return LEGAL_FORMS[form]
    return None


@dataclass(frozen=True)
class Match:
    """A candidate for ``name``: the reference it points to, and how alike the names are."""

    name: str
    ref: str
    matched: str
    score: float


def fuzzy_matches(
    name: str, known: dict[str, str], threshold: float = 90.0, near: float = 75.0
) -> tuple[Match | None, list[Match]]:
    """The best match at or above ``threshold`` (or None), and the near-misses below it.

    ``known`` maps each known name (or alias) to the reference it stands for. Near-misses
    (``near`` <= score < ``threshold``) go to a person to review, never into the graph.
    """
    if not known:
        return None, []
    keys = {key(n): n for n in known}
    found = process.extract(key(name), list(keys), scorer=fuzz.token_sort_ratio, limit=5)
    best, misses = None, []
    for candidate, score, _ in found:
        match = Match(name, known[keys[candidate]], keys[candidate], float(score))
        if score >= threshold and best is None:
            best = match
        elif near <= score < threshold and (best is None or match.ref != best.ref):
            misses.append(match)
    return best, misses


def index(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Exact-key and stem-key lookup table from (name, reference) pairs; first one wins."""
    table: dict[str, str] = {}
    for name, ref in names:
        for k in (key(name), "~" + stem_key(name)):
            if k.strip("~"):
                table.setdefault(k, ref)
    return table


def lookup(name: str, table: dict[str, str]) -> str | None:
    """The reference ``name`` has in an :func:`index` table: exact key, then stem key."""
    return table.get(key(name)) or table.get("~" + stem_key(name))
