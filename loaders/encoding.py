"""Turning a file's bytes into text: BOMs, UTF-8, UTF-16 without a BOM, the Cyrillic and
Central-European code pages our sources use (cp1251, cp1250), then a detector.

Documents and spreadsheets (CSV) both read through here. The guesses look at a sample, so a
large file costs one decode, not a character-by-character scan.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

SAMPLE = 262_144  # bytes the code-page and detector guesses look at


class NotText(ValueError):
    """The bytes are not text (binary, or an encoding we cannot tell)."""


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in.

    >>> decode("Русе".encode("cp1251"))
    ('Русе', 'cp1251')
    >>> decode("Ústí".encode("utf-16"))
    ('Ústí', 'utf-16')
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
        if _reads_as(data[:SAMPLE], name):
            return data.decode(name, errors="replace"), name
    best = from_bytes(data[:SAMPLE]).best()
    if best is None:
        raise NotText("not a text document (undecodable bytes)")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise NotText(f"not valid {best.encoding} text") from None


def _utf16_without_bom(data: bytes) -> tuple[str, str]:
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    name = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise NotText("not a text document (binary content)") from exc
    if "\x00" in text or _control_share(text[:SAMPLE]) > 0.05:
        raise NotText("not a text document (binary content)")
    return text, name


def _reads_as(sample: bytes, name: str) -> bool:
    """A Cyrillic/Central-European code page fits only when the sample reads as letters."""
    text = sample.decode(name, errors="replace")
    letters = sum(ch.isalpha() for ch in text)
    if _control_share(text) > 0.01 or letters < 0.5 * len(text.replace(" ", "")):
        return False
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in text)
    return not (name == "cp1251" and cyrillic < 0.3 * letters)


def _control_share(text: str) -> float:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / max(len(text), 1)
