"""Reading a document into logical lines: decoding, re-joining wrapped lines, finding headings.

Text pulled out of PDFs and web pages breaks sentences across lines ("This project is funded by"
/ "the European Union's"), sometimes with a blank line in between. The rules work on logical
lines (units) and still report the physical line each match sits on. Text is text: HTML
entities copied with it are decoded and markup in it is dropped before any name is read, so
``Evil&lt;script&gt;`` never becomes part of an organisation's name.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

_TERMINAL = tuple(".!?:;")
# A label glued to its value by flattening ("OrganizationRiver Watch", "Project NameOpen").
GLUED = re.compile(r"^(?:[^\W\d_]+ ){0,3}[^\W\d_]*[a-zа-я][A-ZА-Я]")
# A name in quotes, in the quote styles of the three languages.
QUOTED = r"[„“\"«][^„“”\"«»]{2,200}[“”\"»]"
LABELLED = re.compile(r"^[^\W\d_][\w ()&/+.-]{0,40}:\s*\S")
# A line that starts something of its own: a label (capitalised), a list item, a heading.
_STARTS_ITEM = re.compile(
    rf"(?=[A-ZА-Я])(?:{LABELLED.pattern[1:]})|{GLUED.pattern}|[-•*▶◆√#]|\d{{1,2}}[.)]\s"
)
# Markup in running text: a script or style element whole, any other tag alone (not "<http://...>").
_SCRIPT = re.compile(r"(?is)<(script|style)\b[^>]*>.*?</\1\s*>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"„“A-ZА-Я0-9])")


@dataclass
class Candidate:
    """A span of a unit the rules recognised; ``attrs`` hold what the rule learned about it."""

    type: str
    text: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)


def claim(found: list[Candidate], cand: Candidate) -> bool:
    """Add ``cand`` unless an earlier rule already took part of its span."""
    if any(c.start < cand.end and cand.start < c.end for c in found):
        return False
    found.append(cand)
    return True


@dataclass
class Unit:
    """A logical line: its text, where each physical line starts in it, whether it is a heading."""

    text: str
    starts: list[tuple[int, int]] = field(default_factory=list)  # (offset, line number)
    heading: bool = False

    @property
    def line(self) -> int:
        return self.starts[0][1]

    def line_at(self, offset: int) -> int:
        offsets = [o for o, _ in self.starts]
        return self.starts[max(bisect_right(offsets, offset) - 1, 0)][1]

    def sentence_at(self, offset: int) -> str:
        """The sentence around ``offset``: the quote a fact found there rests on."""
        start = 0
        for match in _SENTENCE_END.finditer(self.text):
            if match.end() > offset:
                return self.text[start : match.start()].strip()
            start = match.end()
        return self.text[start:].strip()


def _is_heading(line: str) -> bool:
    bare = line.strip().strip("*").strip()
    if line.lstrip().startswith("#"):
        return True
    letters = [c for c in bare if c.isalpha()]
    if len(letters) > 12 and all(c.isupper() for c in letters):
        return True
    numbered = re.match(r"^\d{1,2}\.\s+\S", bare)
    return bool(numbered) and len(bare) < 220 and not bare.endswith(".")


# A list item's mark: a bullet or a number ("- X", "• X", "2. X", "3) X").
LIST_ITEM = re.compile(r"^\s*(?:[-–•*▪◦·]|\d{1,2}[.)])\s+(?=\S)")


def _joins(previous: str, following: str, blank_between: bool) -> bool:
    """Whether ``following`` continues the sentence the physical line ``previous`` left open."""
    prev = previous.strip()
    if not prev or prev.endswith(_TERMINAL) or _is_heading(previous) or LIST_ITEM.match(following):
        return False
    if any(p.match(line) for p in (LABELLED, GLUED) for line in (following.strip(), prev)):
        return False
    starts_lower = following.lstrip()[:1].islower()
    if blank_between:
        return starts_lower
    return starts_lower or len(prev) < 40


def as_text(line: str) -> str:
    """A physical line with entities decoded (twice escaped too) and markup dropped."""
    for _ in range(2):
        line = html.unescape(line)
    line = _TAG.sub(" ", _SCRIPT.sub(" ", line))
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", line.replace("\u00a0", " "))


def units(text: str, wrapped: set[int] | frozenset[int] = frozenset()) -> list[Unit]:
    """The document as logical lines, each knowing its physical line numbers (1-based);
    a line in ``wrapped`` (a PDF's layout broke it) always runs on into the next one."""
    out: list[Unit] = []
    blank, last, previous = False, "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = as_text(raw).rstrip()
        if not line.strip():
            blank = True
            continue
        runs_on = previous in wrapped and not _STARTS_ITEM.match(line.strip())
        if out and (runs_on or not out[-1].heading and _joins(last, line, blank)):
            unit = out[-1]
            unit.text += " "
            unit.starts.append((len(unit.text), number))
            unit.text += line.strip()
        else:
            out.append(Unit(line.strip(), [(0, number)], heading=_is_heading(line)))
        blank, last, previous = False, line, number
    return out
