"""Text out of PDF, DOCX and HTML files, so the document rules read them like plain text.

Each reader returns the text, one paragraph (or PDF text line) per line, and for PDF the line
each page starts on, so a fact's locator can name its page as well as its line in the extracted
text, and the lines the page layout wrapped (a line as wide as the page's text that runs on),
so a label's value that wraps reads as one line, as it does in the text the PDF was made from.
Reading never touches the network: HTML is parsed without fetching anything, and a PDF without
a text layer (a scan) is reported, not guessed at.
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
    wrapped: set[int] = field(default_factory=set)


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
    wrapped: set[int] = set()
    for page in reader.pages:
        pages.append(len(lines) + 1)
        # justified lines come out with runs of spaces between words
        here = [
            re.sub(r"[ \t]{2,}", " ", line) for line in (page.extract_text() or "").splitlines()
        ]
        wrapped |= {len(lines) + 1 + i for i in _wrapped(here)}
        lines += here
        lines.append("")
    if reader.pages and not any(line.strip() for line in lines):
        raise NoTextLayer(
            f"no text layer in its {len(reader.pages)} page(s) (a scan?); run OCR first"
        )
    return Extracted("\n".join(lines), "pdf", pages, wrapped)


FULL = 0.9  # of the widest line: proportional fonts make character counts rough
_RUNS_ON = re.compile(r"[^.!?:;]$")


def _width(text: str) -> float:
    """A line's width in average letters: capitals are wider than small letters."""
    text = text.strip()
    return len(text) + 0.3 * sum(ch.isupper() for ch in text)


def _wrapped(lines: list[str]) -> list[int]:
    """Indexes of the lines of one page that the layout broke: the next line's first word would
    not have fitted after them (the page's widest line is the measure), or a wide last line of
    the page, when they end neither a sentence nor a label."""
    width = max((_width(line) for line in lines), default=0)
    out = []
    for i, line in enumerate(lines):
        following = lines[i + 1].split() if i + 1 < len(lines) else []
        if width < 40 or not _RUNS_ON.search(line.strip()):
            continue
        if following and _width(line) + 1 + _width(following[0]) > FULL * width:
            out.append(i)
        elif not following and i == len(lines) - 1 and _width(line) > 0.8 * width:
            out.append(i)  # the page ends mid-sentence: it goes on on the next page
    return out


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

    from loaders.shared.encoding import decode

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
