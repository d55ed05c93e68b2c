"""Turning a file's bytes into text: BOMs, UTF-8, UTF-16 without a BOM, the Cyrillic and
Central-European code pages our sources use (cp1251, cp1250), then a detector.

Documents and spreadsheets (CSV) both read through here. The guesses look at a sample, so a
large file costs one decode, not a character-by-character scan.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

SAMPLE = 262_144  # bytes the code-page and detector guesses look at


class NotText(ValueError):
    """The bytes are not text (binary, or an encoding we cannot tell)."""


class MixedEncoding(NotText):
    """Some lines are UTF-8 and others are not: any one decoding garbles part of the file."""


def decode(data: bytes) -> tuple[str, str]:
    r"""The text and the encoding it was in.

    >>> decode("Русе".encode("cp1251"))
    ('Русе', 'cp1251')
    >>> decode("Ústí".encode("utf-16"))
    ('Ústí', 'utf-16')
    >>> decode("name,country\nСдружение Бургаски граждански форум,BG\n".encode("cp1251"))[1]
    'cp1251'
    >>> decode("name,country\nNadace Žluťoučký kůň,CZ\n".encode("cp1250"))[1]
    'cp1250'
    """
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name), name
    if b"\x00" in data[:4096]:
        return _utf16_without_bom(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        _refuse_mixed(data)
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


def _refuse_mixed(data: bytes) -> None:
    """Refuse a file where one line is UTF-8 (beyond ASCII) and another is not."""
    utf8 = other = None
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 = utf8 or number
        except UnicodeDecodeError:
            other = other or number
        if utf8 and other:
            raise MixedEncoding(
                f"line {other}: not UTF-8, while line {utf8} is: the file mixes encodings; "
                "save it again in one encoding (UTF-8)"
            )


_WORD = re.compile(r"[^\W\d_]+")


def _reads_as(sample: bytes, name: str) -> bool:
    """A code page fits when its non-ASCII words are each in one script.

    Read as cp1251, Bulgarian gives words wholly in Cyrillic, while Czech (cp1250) gives Latin
    words with a Cyrillic letter inside; read as cp1250, Czech gives Latin words. Counting words
    rather than letters keeps a short file with an ASCII header and numbers decidable.
    """
    text = sample.decode(name, errors="replace")
    if _control_share(text) > 0.01 or text.count("\ufffd") > 0.01 * len(text):
        return False
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return False
    if name == "cp1251":
        one_script = sum(all("\u0400" <= ch <= "\u04ff" for ch in w) for w in words)
    else:
        one_script = sum(all(ch < "\u0250" for ch in w) for w in words)
    return one_script >= 0.8 * len(words)


def _control_share(text: str) -> float:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / max(len(text), 1)
