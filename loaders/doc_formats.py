"""Text out of PDF, DOCX and HTML files, so the document rules read them like plain text.

Each reader returns the text, one paragraph (or PDF text line) per line, and for PDF the line
each page starts on, so a fact's locator can name its page as well as its line in the extracted
text. Reading never touches the network: HTML is parsed without fetching anything, and a PDF
without a text layer (a scan) is reported, not guessed at.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}
_BLOCKS = {
    *"p div li tr h1 h2 h3 h4 h5 h6 br section article header footer".split(),
    *"dt dd table ul ol blockquote".split(),
}


class NoTextLayer(ValueError):
    """A PDF whose pages carry no text (a scan): it needs OCR before the rules can read it."""


@dataclass
class Extracted:
    """Text of a binary document; ``pages`` holds the 1-based line each PDF page starts on."""

    text: str
    kind: str
    pages: list[int] = field(default_factory=list)


def extract(path: Path, data: bytes) -> Extracted:
    """The text of ``data`` read as the format its suffix names."""
    kind = SUFFIXES[path.suffix.lower()]
    return {"pdf": _pdf, "docx": _docx, "html": _html}[kind](data)


def _pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:  # where the format puts its header
        raise ValueError("not a PDF (no %PDF- header at its start)")
    # pypdf logs what it repairs (a bad xref, a missing EOF) on stderr; the file's one issue
    # says what matters, and a loader prints nothing
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data))
    lines: list[str] = []
    pages: list[int] = []
    for page in reader.pages:
        pages.append(len(lines) + 1)
        lines += (page.extract_text() or "").splitlines()
        lines.append("")
    if reader.pages and not any(line.strip() for line in lines):
        raise NoTextLayer(
            f"no text layer in its {len(reader.pages)} page(s) (a scan?); run OCR first"
        )
    return Extracted("\n".join(lines), "pdf", pages)


def _docx(data: bytes) -> Extracted:
    """Paragraphs, then tables; a two-cell row becomes 'label: value', as a card would read."""
    import docx

    doc = docx.Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if len(cells) == 2 and cells[0] and not cells[0].endswith(":"):
                lines.append(f"{cells[0]}: {cells[1]}")
            else:
                lines.append(" ".join(c for c in cells if c))
        lines.append("")
    return Extracted("\n".join(lines), "docx")


def _html(data: bytes) -> Extracted:
    """Visible text, one block element per line; scripts, styles and comments dropped."""
    from lxml import html

    from loaders.encoding import decode

    text, _ = decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    root = html.fromstring(text or "<html></html>", parser=parser)
    for el in root.iter("script", "style", "noscript", "template"):
        el.drop_tree()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    lines = [
        re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in root.text_content().splitlines()
    ]
    return Extracted(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n", "html")
