"""Reading a document into logical lines: decoding, re-joining wrapped lines, finding headings.

Text pulled out of PDFs and web pages breaks sentences across lines ("This project is funded by"
/ "the European Union's"), sometimes with a blank line in between. The rules work on logical
lines (units) and still report the physical line each match sits on.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from charset_normalizer import from_bytes

_TERMINAL = tuple(".!?:;")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"„“A-ZА-Я0-9])")


class NotText(ValueError):
    """The bytes are not a text document (binary, or an encoding we cannot tell)."""


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: BOMs first, then UTF-8, then a detector.

    >>> decode("Русе".encode("cp1251"))
    ('Русе', 'cp1251')
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(name), name
    if b"\x00" in data[:4096]:
        return _utf16_without_bom(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for name in ("cp1251", "cp1250"):
        text = _try_single_byte(data, name)
        if text is not None:
            return text, name
    best = from_bytes(data).best()
    if best is None:
        raise NotText("not a text document (undecodable bytes)")
    return str(best), best.encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str]:
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    name = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise NotText("not a text document (binary content)") from exc
    if "\x00" in text or _control_share(text) > 0.05:
        raise NotText("not a text document (binary content)")
    return text, name


def _try_single_byte(data: bytes, name: str) -> str | None:
    """Accept a Cyrillic/Central-European code page only when the result reads as letters."""
    text = data.decode(name, errors="replace")
    letters = sum(ch.isalpha() for ch in text)
    if _control_share(text) > 0.01 or letters < 0.5 * len(text.replace(" ", "")):
        return None
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in text)
    if name == "cp1251" and cyrillic < 0.3 * letters:
        return None
    return text


def _control_share(text: str) -> float:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / max(len(text), 1)


@dataclass
class Candidate:
    """A span of a unit the rules recognised; ``attrs`` hold what the rule learned about it."""

    type: str
    text: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)


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


def _joins(previous: str, following: str, blank_between: bool) -> bool:
    """Whether ``following`` continues the sentence the physical line ``previous`` left open."""
    prev = previous.strip()
    if not prev or prev.endswith(_TERMINAL) or _is_heading(previous):
        return False
    starts_lower = following.lstrip()[:1].islower()
    if blank_between:
        return starts_lower
    return starts_lower or len(prev) < 40


def units(text: str) -> list[Unit]:
    """The document as logical lines, each knowing its physical line numbers (1-based)."""
    out: list[Unit] = []
    blank, last = False, ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\u00a0", " ").rstrip()
        if not line.strip():
            blank = True
            continue
        if out and not out[-1].heading and _joins(last, line, blank):
            unit = out[-1]
            unit.text += " "
            unit.starts.append((len(unit.text), number))
            unit.text += line.strip()
        else:
            out.append(Unit(line.strip(), [(0, number)], heading=_is_heading(line)))
        blank, last = False, line
    return out
