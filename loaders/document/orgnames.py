"""Organisation names: the real ones the project knows, and the last check on every span.

Names the rules cannot tell from their shape ("Region Beskydy", "Poradna pro integraci") are
found by the names of real Bulgarian and Czech bodies in ``data/orgs/orgnames.tsv`` (built from
public beneficiary lists by ``data/orgs/build_orgnames.py``), in either script and declined: a
known name confirms a span the rules found, or extends it to the whole name.

The rules cut names out of running text with patterns, and a pattern that runs too far brings
sentence fragments with it: a closing bracket of the place before ("Bulgaria), coordinator Acme
GmbH (Berlin"), a role word ("coordinator Acme GmbH"), or markup characters. A name keeps the
part between balanced brackets; a role word in front of it is the organisation's stated role,
not part of its name; and a span with markup characters or no capital letter names nothing.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from graph.model.names import STOPWORDS, clean, key, legal_form_kind
from loaders.document.units import Candidate

# A role stated right before a name inside a list ("..., coordinator Acme GmbH").
ROLE_WORDS: dict[str, str] = {
    "associate": r"associated? partners?|асоцииран(?:и|ия)? партньори?|přidružen\w* partner\w*",
    "lead": (
        r"coordinator|lead partner|lead beneficiary|applicant|координатор(?:ът)?|"
        r"водещ(?:ият)? партньор|кандидат(?:ът)?|koordinátor(?:em)?|vedoucí partner|žadatel"
    ),
    "partner": r"partners?|партньори?(?:те|ът)?|partner(?:em|ři)?",
}
ROLE_FIRST = re.compile(
    "|".join(rf"(?P<{role}>(?:{words}))\s*[:–—-]?\s+" for role, words in ROLE_WORDS.items()),
)
_MARKUP = re.compile(r"[<>{}\\|]")


FILE = Path(__file__).resolve().parents[2] / "data" / "orgs" / "orgnames.tsv"
STEM = 4  # letters of each word compared: "Městu Dačice" is "Město Dačice"
LONGEST = 10  # words
_WORD = re.compile(r"[^\W_][^\W_]*")
# Legal forms written after a Czech name, which the text often leaves out.
_CZ_SUFFIX = re.compile(r",?\s+(?:z\.\s?s|z\.\s?ú|o\.\s?p\.\s?s|o\.\s?s|p\.\s?o)\.?$")


def _stems(words: list[str]) -> str:
    return " ".join(key(w)[:STEM] for w in words)


def index(names: Iterable[str]) -> frozenset[str]:
    """The stem keys of ``names``, each also without a Czech legal form at its end: what
    :func:`known_names` looks words up in."""
    out: set[str] = set()
    for name in names:
        for form in {name, _CZ_SUFFIX.sub("", name)}:
            words = _WORD.findall(form)
            if 2 <= len(words) <= LONGEST:
                out.add(_stems(words))
    return frozenset(out)


@cache
def known() -> frozenset[str]:
    """The index of the names in ``data/orgs/orgnames.tsv``."""
    with FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return index(row["name"] for row in rows)


def with_known(names: Iterable[str]) -> frozenset[str]:
    """The index of ``orgnames.tsv`` and of ``names`` (those already in the graph) together;
    the same names (one graph, many documents) are indexed once."""
    return _with_known(frozenset(names))


@lru_cache(maxsize=2)
def _with_known(names: frozenset[str]) -> frozenset[str]:
    return known() | index(names)


def known_names(text: str, names: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Spans of ``text`` that spell a known name (longest first, not overlapping), each
    starting with a capital letter; ``names`` is an index to use instead of :func:`known`."""
    names, words = known() if names is None else names, list(_WORD.finditer(text))
    stems = [key(w.group(0))[:STEM] for w in words]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        n = next(
            (
                n
                for n in range(min(LONGEST, len(words) - i), 1, -1)
                if words[i].group(0)[0].isupper() and " ".join(stems[i : i + n]) in names
            ),
            0,
        )
        if n:
            out.append((words[i].start(), words[i + n - 1].end()))
        i += max(n, 1)
    return out


def known_organisations(
    unit_text: str, found: list[Candidate], names: frozenset[str] | None = None
) -> None:
    """Known names as organisations: a span the rules took for an organisation inside one is
    extended to it; one that overlaps anything else is left to the rule that found it."""
    for start, end in known_names(unit_text, names):
        inside = [c for c in found if c.start < end and start < c.end]
        if any(c.type != "organisation" or c.start < start or c.end > end for c in inside):
            continue
        name = clean(unit_text[start:end])
        attrs = {"kind": legal_form_kind(name) or "ngo", "known": True}
        for c in inside:
            attrs |= {k: v for k, v in c.attrs.items() if k != "kind"}
            found.remove(c)
        found.append(Candidate("organisation", name, start, end, attrs))


# "Blue Sea Society and Ruse Youth Foundation": two names, each ending in its own form.
_HEADS = r"(?:Foundation|Association|Society|Institute|Agency|Centre|Center|Council|Network)"
_TWO = re.compile(rf"{_HEADS}(?P<cut> and )(?=[A-Z])")


def two_names(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """The span ``text[start:end]`` as one name, or as two when "and" joins two English names
    that each end in a form ("... Society and ... Foundation")."""
    cut = _TWO.search(text, start, end)
    if not cut or not re.search(rf"{_HEADS}$", text[cut.end() : end]):
        return [(start, end)]
    return [(start, cut.start("cut")), (cut.end("cut"), end)]


def balanced(name: str) -> str:
    """The part of ``name`` between brackets it does not close or open: 'Bulgaria), X (Berlin'
    is 'X'."""
    depth, start = 0, 0
    for i, ch in enumerate(name):
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                start = i + 1
            else:
                depth -= 1
    name = name[start:]
    depth, cut = 0, len(name)
    for i in range(len(name) - 1, -1, -1):
        if name[i] == ")":
            depth += 1
        elif name[i] == "(":
            if depth == 0:
                cut = i
            else:
                depth -= 1
    return name[:cut].strip(" ,;:–—-")


def name_like(text: str) -> bool:
    """A span a list gives as a name: capitalised, and mostly capitalised words unless a legal
    form says what it is ("EU fund" is not a name, "Ministry of tourism" is)."""
    words = [w for w in re.findall(r"[^\W\d_][\w.-]*", text) if w.lower() not in STOPWORDS]
    if not words or not text[:1].isupper():
        return False
    capitals = sum(w[0].isupper() for w in words)
    return capitals * 2 >= len(words) or legal_form_kind(text) is not None


def names_nothing(name: str) -> bool:
    """Markup characters, no capital letter or digit, or too short to be a name."""
    capital = any(ch.isupper() or ch.isdigit() for ch in name)
    return bool(_MARKUP.search(name)) or not capital or len(name) < 2


def tidy(found: list[Candidate]) -> list[Candidate]:
    """Organisation candidates cut to a name, with a role word in front taken as their role;
    those that name nothing are dropped. Other candidates pass unchanged."""
    out = []
    for cand in found:
        if cand.type != "organisation":
            out.append(cand)
            continue
        name = balanced(cand.text)
        role = ROLE_FIRST.match(name)
        if role and role.end() < len(name):
            cand.attrs["role"] = role.lastgroup
            name = name[role.end() :]
        if names_nothing(name):
            continue
        if name != cand.text:
            cand.text = clean(name)
        out.append(cand)
    return out
