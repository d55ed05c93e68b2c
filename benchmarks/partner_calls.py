"""The partner finder measured as a programme officer reads it: is each suggestion relevant to
the call? (issue 21).

Run: ``OMP_NUM_THREADS=1 python benchmarks/partners.py --calls`` (or this file). The graph is
the mixed one a user builds: the seeds, the shared CORDIS sample and IATI Ukraine file, and the
documents of ``../shared/docs-dev``, each read by the project's loaders. Each call (:data:`CALLS`)
gives theme words in Bulgarian, Czech or English, some a funder or countries, and an asker.

The relevant organisations are counted from the data itself, not by the finder: an organisation
is relevant when one of its projects' texts (title, English title, acronym, description,
themes, as the sources write them) matches every pattern of the call (hand-written regular
expressions over the raw text, in the three languages), and, with a funder, that project was
funded by it (the funder's name on the project's FUNDED_BY chain); with countries, the
organisation is based in one of them. The asker and its partners are no candidates.

precision@10 = relevant among the first ten shown / min(10, relevant candidates), so a call with
six relevant organisations can reach 1.0. Methods:

- the finder (:func:`graph.analytics.partners.suggest`, as the CLI and the app ask it);
- theme match only: candidates ranked by their closest project's TF-IDF cosine to the call;
- degree among the filtered: candidates meeting the call's countries and funder, most partners
  first.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from graph.analytics.partners import Call, PartnerIndex, features, finder, ranker  # noqa: E402
from graph.analytics.partners.index import call_vector, sponsored_mask  # noqa: E402
from graph.analytics.portfolio import Portfolio  # noqa: E402
from graph.io import ingest  # noqa: E402
from graph.model import Record  # noqa: E402
from loaders import bundled  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCES = [
    SHARED / "datasets" / "cordis",
    SHARED / "datasets" / "iati" / "ocha-ukraine-dportal-2022-04-28.xml",
    SHARED / "docs-dev",
]
CII = "Център за Имиграция и Интеграция"
AMIF = "Asylum, Migration and Integration Fund"
CERF = "OCHA Central Emergency Response Fund (CERF)"
MIGRANT = r"migra|мигра|имигр|cizin|přistěhoval|bežan|бежан|refug|uprchl|third country"
INTEGRATION = r"integr|интегр|inclus|включ|začleň|inkluz"


@dataclass(frozen=True)
class CallCase:
    """One call: what the officer types, and the patterns that make a project relevant."""

    name: str
    call: Call
    patterns: tuple[str, ...]
    asker: str | None = None


MI = (MIGRANT, INTEGRATION)
ROMA = (r"\broma|ром|\brom[ůosa]", INTEGRATION)
CALLS = [
    CallCase("migrant integration (EN)", Call(["migrant integration"]), MI, CII),
    CallCase("интеграция на мигранти (BG)", Call(["интеграция на мигранти"]), MI, CII),
    CallCase("integrace cizinců (CS)", Call(["integrace cizinců"]), MI, CII),
    CallCase("migrant integration, AMIF", Call(["migrant integration"], AMIF), MI, CII),
    CallCase(
        "migrant integration, CZ HR", Call(["migrant integration"], countries=["CZ", "HR"]), MI, CII
    ),
    CallCase("Roma inclusion (EN)", Call(["Roma inclusion"]), ROMA),
    CallCase("ромско включване (BG)", Call(["ромско включване"]), ROMA),
    CallCase(
        "e-government (EN)",
        Call(["e-government"]),
        (r"e-government|електронно управление|elektronick",),
    ),
    CallCase("shelter (EN)", Call(["shelter"]), (r"shelter|подслон|přístřeš",)),
    CallCase("health care, CERF", Call(["health care"], CERF), (r"health|здрав|zdrav",)),
    CallCase("Roma inclusion, BG", Call(["Roma inclusion"], countries=["BG"]), ROMA),
    CallCase("младежи (BG)", Call(["младежи"]), (r"youth|младеж|mládež",)),
    CallCase(
        "vzdělávání (CS)", Call(["vzdělávání"]), (r"educat|образов|vzdělá|school|училищ|škol",)
    ),
]


def read() -> list[Record]:
    """The mixed graph's records: seeds, then each source through its loader."""
    records = list(bundled.load().records)
    for path in ingest.expand(SOURCES):
        if path.parent.name == "docs-dev" and path.suffix != ".txt":
            continue  # the folder's notes on its documents, no document itself
        fmt, result = ingest.read(path)
        print(f"  {path.name}: {fmt}, {len(result.records)} records", file=sys.stderr)
        records += result.records
    return records


def relevant(index: PartnerIndex, case: CallCase, keep: np.ndarray) -> set[int]:
    """Rows of the candidates with a project on the call (and under its funder), from the
    projects' own text."""
    pf = index.pf
    funder_ids = {
        i
        for i, x in {**pf.funders, **pf.programmes}.items()
        if case.call.funder and x.name == case.call.funder
    }
    rows = set()
    for j, pid in enumerate(index.project_ids):
        p = pf.projects[pid]
        text = " ".join(
            str(t) for t in (p.title, p.title_en, p.acronym, p.description, *p.themes) if t
        ).lower()
        if not all(re.search(pattern, text) for pattern in case.patterns):
            continue
        if case.call.funder and not pf.sponsors.get(pid, set()) & funder_ids:
            continue
        rows |= {int(i) for i in index.incidence[:, j].nonzero()[0] if keep[i]}
    return rows


def candidates(index: PartnerIndex, case: CallCase) -> np.ndarray:
    """Active organisations meeting the call's countries, not the asker nor its partners."""
    keep = index.n_projects > 0
    if case.call.countries:
        keep &= np.isin(index.country, [c.upper() for c in case.call.countries])
    if case.asker:
        u = index.row[index.names.find(case.asker)]
        keep[u] = False
        keep[list(index.partners_of(u))] = False
    return keep


def top10(index: PartnerIndex, score: np.ndarray, keep: np.ndarray) -> list[int]:
    rows = np.flatnonzero(keep & (score > 0))
    names = [index.pf.organisations[index.org_ids[i]].name for i in rows]
    return [int(rows[i]) for i in np.lexsort((names, -score[rows]))[:10]]


def methods(index: PartnerIndex, case: CallCase, keep: np.ndarray) -> dict[str, list[int]]:
    """Each method's first ten rows for the call."""
    found = finder.suggest(index, case.asker, case.call, top=10)
    query = call_vector(index, None, case.call)
    theme = features.best_per_org(index.incidence, (index.texts @ query.T).toarray().ravel())
    filtered = keep.copy()
    if case.call.funder:
        sponsors = finder.sponsors_named(index.pf, case.call.funder)
        filtered &= (index.incidence @ sponsored_mask(index, sponsors)) > 0
    return {
        "finder": [index.row[s["id"]] for s in found],
        "theme match only": top10(index, theme, keep),
        "degree among the filtered": top10(index, index.partners + 1.0, filtered),
    }


def run() -> None:
    records = read()
    index = PartnerIndex(Portfolio.from_records(records))
    started = time.perf_counter()
    ranker.of(index)
    print(
        f"  {len(index.org_ids)} organisations, {len(index.project_ids)} projects; ranker "
        f"trained in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    names = ["finder", "theme match only", "degree among the filtered"]
    print("\n| call | relevant | " + " | ".join(names) + " |\n|---|---|---|---|---|")
    scores: dict[str, list[float]] = {n: [] for n in names}
    for case in CALLS:
        keep = candidates(index, case)
        wanted = relevant(index, case, keep)
        if not wanted:
            print(f"| {case.name} | 0 | " + " | ".join("n/a" for _ in names) + " |")
            continue
        shown = methods(index, case, keep)
        row = []
        for name in names:
            p = len(set(shown[name]) & wanted) / max(min(10, len(wanted)), 1)
            scores[name].append(p)
            row.append(f"{p:.2f}")
        print(f"| {case.name} | {len(wanted)} | " + " | ".join(row) + " |")
    means = " | ".join(f"**{np.mean(scores[n]):.2f}**" for n in names)
    counted = len(scores["finder"])
    print(f"| mean precision@10 ({counted} calls with relevant candidates) | | {means} |")


if __name__ == "__main__":
    run()
