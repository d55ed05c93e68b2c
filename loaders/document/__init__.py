"""Loader for prose documents (annual reports, project pages) in Bulgarian, Czech and English.

Reads a text or markdown file (UTF-8, UTF-16 or a Cyrillic/Central-European code page), or the
text of a PDF, DOCX or HTML file (loaders/document/formats.py; PDF locators also name the page:
``<file>#p<page>#L<line>``), runs the
text rules, resolves names against the curation file and within the document, adds the curated
facts that rest on this document, and returns records whose ``sources`` are ``<file>#L<line>``
and whose ``quotes`` are the sentences they were read from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import Issue, LoadResult
from loaders.document import formats
from loaders.document.assemble import assemble
from loaders.document.cards import open_labels
from loaders.document.coreference import resolve
from loaders.document.organisations import tied_abbreviations
from loaders.document.orgnames import with_known
from loaders.document.rules import extract as extract_candidates
from loaders.document.units import Candidate, Unit, units
from loaders.shared import curation as curation_file
from loaders.shared.curation import Curation
from loaders.shared.encoding import NotText, decode
from loaders.shared.facts import Fact, unique
from loaders.shared.from_facts import build

Progress = Callable[[int, int], None]
MAX_BYTES = 20_000_000


@dataclass
class Extraction:
    """What the rules found in one or more documents, before records are built."""

    facts: list[Fact] = field(default_factory=list)
    candidates: list[tuple[str, Unit, Candidate]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)


def read(path: Path) -> tuple[list[Unit] | None, str, list[Issue], list[int]]:
    """The document's logical lines, encoding (or format) and PDF page starts, or None and the
    reason it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, "", [Issue("unreadable", f"cannot read: {exc.strerror}", path.name)], []
    if len(data) > MAX_BYTES:
        return None, "", [Issue("too-large", f"{len(data)} bytes is too large", path.name)], []
    if path.suffix.lower() in formats.SUFFIXES:
        try:
            got = formats.extract(path, data)
        except formats.NoTextLayer as exc:
            return None, "", [Issue("no-text-layer", str(exc), path.name)], []
        except Exception as exc:  # noqa: BLE001 - any parser failure is this file's problem
            problem = f"cannot read as {path.suffix.lower()[1:].upper()}: {exc}"
            return None, "", [Issue("unreadable", problem, path.name)], []
        return units(got.text, got.wrapped), got.kind, [], got.pages
    try:
        text, encoding = decode(data)
    except NotText as exc:
        return None, "", [Issue("not-text", str(exc), path.name)], []
    return units(text), encoding, [], []


def _rule_facts(path: Path, out: Extraction, names: frozenset[str] | None) -> list[Fact]:
    found_units, encoding, issues, pages = read(path)
    out.issues += issues
    if found_units is None:
        return []
    out.encodings[path.name] = encoding
    seen: set[str] = set()
    fields = open_labels(found_units)
    found = [
        extract_candidates(u, seen, f, names) for u, f in zip(found_units, fields, strict=True)
    ]
    tied_abbreviations(found)
    for unit, cands in zip(found_units, found, strict=True):
        out.candidates += [(path.name, unit, c) for c in cands]
        out.issues += [
            Issue(
                "bad-date", c.attrs["problem"], path.name, unit.line_at(c.start), "date", "warning"
            )
            for c in cands
            if c.type == "bad_date"
        ]
    return assemble(path.name, found_units, found, pages)


def extract_many(
    paths: Iterable[Path], cur: Curation | None = None, known_names: Iterable[str] = ()
) -> Extraction:
    """Rule facts of several documents resolved together, then the curated facts resting on them.

    With ``cur`` None the curation file is used; pass ``curation.empty()`` for the rules alone.
    ``known_names`` are organisation names the graph already holds (a loaded CORDIS, IATI or
    grants list): a text that spells one names that organisation, legal form or not.
    """
    cur = curation_file.load() if cur is None else cur
    names = with_known(known_names) if known_names else None
    out = Extraction()
    raw: list[Fact] = []
    paths = list(paths)
    for path in paths:
        raw += _rule_facts(path, out, names)
    facts, near = resolve(raw, cur, ", ".join(p.name for p in paths))
    out.issues += near
    added = [f for p in paths for f in cur.facts_for(p.name)]
    out.facts = unique(facts) + added
    return out


def extract(path: Path, cur: Curation | None = None, known_names: Iterable[str] = ()) -> Extraction:
    return extract_many([path], cur, known_names)


def detect(path: Path) -> bool:
    """A text or Markdown document, by its suffix (any text can be a document)."""
    return path.suffix.lower() in (".txt", ".md", ".markdown")


def load(
    path: Path, progress: Progress | None = None, known_names: Iterable[str] = ()
) -> LoadResult:
    """Records for one document, with every fact's line and quote as provenance;
    ``known_names`` (organisation names already in the graph) are found in its text."""
    got = extract(Path(path), known_names=known_names)
    if not got.facts:
        problems = [i for i in got.issues if i.severity == "error"]
        if problems:
            return LoadResult(issues=got.issues, source=path.name)
        got.issues.append(
            Issue("no-facts", "no facts found in this document", path.name, severity="warning")
        )
    records, issues = build(got.facts, curation_file.load(), path.name)
    if progress:
        progress(1, 1)
    result = LoadResult(records=records, issues=got.issues + issues, source=path.name)
    result.counts = dict(Counter(f.origin for f in got.facts))
    result.notes = [
        f"{result.counts.get('rules', 0)} facts from the rules, "
        f"{result.counts.get('curation', 0)} from curation"
    ]
    return result


def explain(path: Path) -> list[dict[str, Any]]:
    """The facts a document yields, each with its line, origin and quote, for a person to check.

    Nothing is loaded; entity references are shown by name.
    """
    cur = curation_file.load()
    got = extract(Path(path), cur)
    names = {h: e.name for h, e in cur.entities.items()}
    names.update((f.s, f.v) for f in got.facts if f.f == "mention" and f.s not in names)
    rows = []
    for fact in got.facts:
        rows.append(
            {
                "fact": fact.f,
                "subject": names.get(fact.s, fact.s),
                "object": names.get(fact.o, fact.o) if fact.o else None,
                "value": fact.v,
                "property": fact.k,
                "source": fact.at,
                "origin": fact.origin,
                "quote": fact.quote or fact.reason,
                "confidence": 1.0 if fact.origin == "curation" else fact.confidence,
            }
        )
    rows += [{"fact": "issue", "value": str(i), "origin": i.severity} for i in got.issues]
    return rows
