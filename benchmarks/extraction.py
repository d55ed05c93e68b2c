"""Precision and recall of the text rules alone against the curated facts of the seed documents.

Gold: for each seed document, the facts the graph holds for it (the rule facts a reviewer kept,
in ``data/seed_facts.json``, plus the curation file's additions). Prediction: the rules run on
the same documents with an EMPTY curation (no aliases, no additions, no rejections), resolving
names only with the generic matching of graph/names.py. A predicted entity counts as a gold one
when one of the names the rules wrote for it is a curated name or alias of that entity; facts are
compared per document, regardless of line.

Given a folder with a ``truth.json`` (the annotated development set), the rules are scored
against that instead, per fact type with an overall line (see benchmarks/devset.py);
``--misses`` also lists, per document, what was missed and what was wrong.

    python benchmarks/extraction.py [SEEDS_DIR] [--json]
    python benchmarks/extraction.py ../shared/docs-dev [--json] [--misses] [--half odd|even]

``--half odd`` or ``--half even`` scores only the files whose number has that parity: the odd
half is the one read for misses, the even half is only scored. ``--confidence T`` adds, for
partnerships and funding, the right and wrong links below T (listed for review first) and at or
above it. ``--known-names PATH`` (a data file or a folder, such as ``../shared/datasets``) gives
the rules the organisation names the loaders read from it, as a graph holding them would:

    python benchmarks/extraction.py ../shared/docs-dev --half even --known-names ../shared/datasets
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import devset  # noqa: E402
from graph.model import Label, label_of  # noqa: E402
from loaders import bundled, document  # noqa: E402
from loaders.shared import curation, places  # noqa: E402
from loaders.shared.facts import Fact  # noqa: E402

ENTITY_TYPES = {
    Label.ORGANISATION: "organisations",
    Label.PROJECT: "projects",
    Label.FUNDER: "funders",
    Label.PROGRAMME: "programmes",
    Label.CITY: "cities",
}
FACT_TYPES = {
    "participates": "partnerships",
    "amount": "amounts",
    "start": "dates",
    "end": "dates",
    "status": "statuses",
    "place": "places",
    "funded_by": "funding",
    "part_of": "programme links",
    "based_in": "based in",
    "member_of": "memberships",
    "attr": "attributes",
}


def _items(facts: list[Fact], label_for) -> dict[str, set[tuple]]:
    """Per benchmark type, the set of (document, what) items the facts state."""
    out: dict[str, set[tuple]] = defaultdict(set)
    for fact in facts:
        doc = fact.document
        if not doc:
            continue
        for ref in (fact.s, fact.o):
            if ref:
                out[ENTITY_TYPES[label_for(ref)]].add((doc, ref))
        if fact.f in FACT_TYPES:
            out[FACT_TYPES[fact.f]].add((doc, *fact.key))
    return out


def _to_gold(facts: list[Fact], cur: curation.Curation) -> list[Fact]:
    """Predicted facts with each entity mapped onto the curated entity one of its names is."""
    names: dict[str, list[str]] = defaultdict(list)
    for fact in facts:
        if fact.f == "mention":
            names[fact.s].append(fact.v or "")
    mapping: dict[str, str] = {}
    for ref, written in names.items():
        label = label_of(ref)
        if label == Label.CITY:
            written = written + [p.name for p in map(places.city, written) if p]
        mapping[ref] = next((h for n in written if (h := cur.find(n, label))), ref)
    return [
        Fact(f.f, mapping.get(f.s, f.s), mapping.get(f.o, f.o) if f.o else None, f.v, f.k, f.at)
        for f in facts
    ]


def measure(seeds: Path) -> list[dict]:
    cur = curation.load()
    paths = sorted(p for p in seeds.iterdir() if p.is_file())
    docs = {p.name for p in paths}
    gold_facts = [f for f in bundled.corpus_facts() if f.document in docs]
    predicted = _to_gold(document.extract_many(paths, curation.empty()).facts, cur)
    gold = _items(gold_facts, cur.label)
    pred = _items(predicted, cur.label)
    rows = []
    for kind in [*ENTITY_TYPES.values(), *dict.fromkeys(FACT_TYPES.values())]:
        g, p = gold.get(kind, set()), pred.get(kind, set())
        hit = len(g & p)
        rows.append(
            {
                "type": kind,
                "gold": len(g),
                "predicted": len(p),
                "correct": hit,
                "precision": round(hit / len(p), 3) if p else None,
                "recall": round(hit / len(g), 3) if g else None,
            }
        )
    return rows


def main(argv: list[str]) -> None:
    half = _option(argv, "--half", ("odd", "even"))
    sure = argv[argv.index("--confidence") + 1] if "--confidence" in argv else None
    given = argv[argv.index("--known-names") + 1] if "--known-names" in argv else None
    args = [a for a in argv if not a.startswith("--") and a not in {half, sure, given}]
    seeds = Path(args[0]) if args else ROOT.parent / "shared" / "seeds"
    if (seeds / "truth.json").is_file():
        names = devset.organisation_names(Path(given)) if given else []
        _dev(seeds, argv, half, names)
        if sure:
            _split(seeds, half, float(sure), names)
        return
    rows = measure(seeds)
    if "--json" in argv:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'type':<16}{'gold':>6}{'pred':>6}{'hit':>6}{'precision':>11}{'recall':>8}")
    for r in rows:
        print(
            f"{r['type']:<16}{r['gold']:>6}{r['predicted']:>6}{r['correct']:>6}"
            f"{_fmt(r['precision']):>11}{_fmt(r['recall']):>8}"
        )


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _split(folder: Path, half: str | None, sure: float, names: list[str]) -> None:
    """Right and wrong partnerships and funding links below and at or above ``sure``."""
    print(f"\nlinks by confidence (threshold {sure}):")
    for name, kw in (("below", {"below": sure}), ("at or above", {"above": sure})):
        totals, _ = devset.measure(folder, half, known_names=names, **kw)
        for kind in ("partnerships", "funding"):
            s = totals[kind]
            print(f"  {name:<12}{kind:<14}right {s.right:>4}  wrong {s.wrong:>4}")


def _option(argv: list[str], name: str, choices: tuple[str, ...]) -> str | None:
    """The value after ``name`` in argv, one of ``choices``; None when the option is absent."""
    if name not in argv:
        return None
    at = argv.index(name) + 1
    if at >= len(argv) or argv[at] not in choices:
        sys.exit(f"{name} takes one of: {', '.join(choices)}")
    return argv[at]


def _dev(folder: Path, argv: list[str], half: str | None, names: list[str]) -> None:
    totals, per_doc = devset.measure(folder, half, known_names=names)
    rows = devset.table(totals)
    if "--json" in argv:
        print(json.dumps(rows, indent=2))
        return
    if "--misses" in argv:
        for name, scores in per_doc.items():
            for kind, s in scores.items():
                for text in s.misses:
                    print(f"{name[:2]} {kind:<19} MISS  {text}")
                for text in s.errors:
                    print(f"{name[:2]} {kind:<19} WRONG {text}")
    print(
        f"{'type':<20}{'gold':>6}{'found':>7}{'right':>7}{'wrong':>7}{'precision':>11}{'recall':>8}"
    )
    for r in rows:
        print(
            f"{r['type']:<20}{r['gold']:>6}{r['found']:>7}{r['right']:>7}{r['wrong']:>7}"
            f"{_fmt(r['precision']):>11}{_fmt(r['recall']):>8}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
