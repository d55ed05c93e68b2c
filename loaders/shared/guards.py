"""Cheap checks that refuse a hostile file before it is parsed: a zip bomb, a stray NUL byte.

Each check reads only what it must (a workbook's zip directory, a file's bytes already in memory)
and returns the problem in words, or None; the reader that calls it raises. A workbook is a zip
of XML parts whose directory declares each part's unpacked size, and Python's zip reader stops
at the declared size, so the declared sizes bound what parsing may unpack: a 1.5 MB workbook whose
one cell unpacks to 1.5 GB is refused here, in milliseconds, instead of after a minute and 4 GB.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

MAX_PART_BYTES = 200 * 2**20  # one unpacked part: a sheet of the loaders' 500,000 rows fits
MAX_BOOK_BYTES = 400 * 2**20  # every part together
MAX_RATIO = 250  # unpacked per packed byte; XML of real sheets packs 5 to 50 times
RATIO_FROM_BYTES = 10 * 2**20  # small parts may pack as tightly as they like
UTF16_ZEROS = 0.25  # share of NUL bytes from which a file without a BOM is UTF-16 text


def unpacks_too_large(path: Path) -> str | None:
    """Why this workbook would unpack to too much, or None (also for a file that is no zip)."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip: the workbook reader says what it is instead
    total = sum(part.file_size for part in parts)
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > MAX_PART_BYTES or (
            part.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO
        ):
            return (
                f"part {part.filename} unpacks to {part.file_size:,} bytes from "
                f"{part.compress_size:,} (a zip bomb?); refused before reading"
            )
    if total > MAX_BOOK_BYTES:
        return f"the workbook unpacks to {total:,} bytes (at most {MAX_BOOK_BYTES:,}); split it"
    return None


def stray_nul(data: bytes) -> str | None:
    """Where a NUL byte sits in what should be text, or None.

    UTF-16 text has a NUL in every other byte of its ASCII, so it is told apart by their share;
    one NUL among text is damage, and reading the file as UTF-16 would garble every name.

    >>> stray_nul(b"name,country\\nA\\x00B,BG\\n")
    'line 2: a NUL byte (U+0000), which a text (CSV) file never holds; remove it and load again'
    >>> stray_nul("name,country\\n".encode("utf-16-le")) is None
    True
    """
    at = data.find(b"\x00")
    if at < 0 or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    sample = data[:262_144]
    if sample.count(0) >= UTF16_ZEROS * len(sample):
        return None
    line = data.count(b"\n", 0, at) + 1
    return (
        f"line {line}: a NUL byte (U+0000), which a text (CSV) file never holds; "
        "remove it and load again"
    )
