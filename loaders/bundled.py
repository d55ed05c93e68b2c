"""The bundled seed corpus: the graph of the five seed documents, built from ``data/`` alone.

The documents themselves are not shipped (their prose is not ours to copy). What ships is the
facts the rules found in them, with their locators (``data/seed_facts.json``), and the reviewed
curation (``data/curation.yaml``). Loading the documents with the document loader gives the same
graph plus the quotes; ``python -m loaders.bundled SEEDS_DIR`` rewrites the shipped facts.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from graph.model import LoadResult
from loaders.shared import curation
from loaders.shared.facts import Fact
from loaders.shared.from_facts import build

DATA = Path(__file__).resolve().parent.parent / "data"
FACTS_PATH = DATA / "seed_facts.json"
SOURCE = "bundled-seed-corpus"

Progress = Callable[[int, int], None]


def shipped_facts(path: Path = FACTS_PATH) -> list[Fact]:
    """The rule facts of the seed documents as shipped (no quotes)."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        rows = json.load(fh)["facts"]
    return [Fact.from_dict(row) for row in rows]


def corpus_facts() -> list[Fact]:
    """Every fact of the seed graph: shipped rule facts, then the curation's additions."""
    return [*shipped_facts(), *curation.load().facts]


def load(progress: Progress | None = None) -> LoadResult:
    """The full seed graph from ``data/``: records, and where their facts came from."""
    facts = corpus_facts()
    records, issues = build(facts, curation.load(), SOURCE)
    if progress:
        progress(len(records), len(records))
    result = LoadResult(records=records, issues=issues, source=SOURCE)
    result.counts = dict(Counter(f.origin for f in facts))
    result.notes = [
        f"{result.counts.get('rules', 0)} facts from the rules, "
        f"{result.counts.get('curation', 0)} from curation"
    ]
    return result


def freeze(seeds: Path, path: Path = FACTS_PATH) -> int:
    """Extract the rule facts of every document in ``seeds`` and write them to ``path``."""
    from loaders import document

    facts: list[Fact] = []
    for doc in sorted(p for p in seeds.iterdir() if p.is_file()):
        facts.extend(f for f in document.extract(doc).facts if f.origin == "rules")
    rows = [json.dumps(f.shipped(), ensure_ascii=False) for f in facts]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"facts": [\n' + ",\n".join(rows) + "\n]}\n")
    return len(rows)


if __name__ == "__main__":
    count = freeze(
        Path(sys.argv[1]) if len(sys.argv) > 1 else DATA.parent.parent / "shared" / "seeds"
    )
    sys.stderr.write(f"{count} facts written to {FACTS_PATH}\n")
