"""End-to-end load of a CORDIS-shaped portfolio: parse, validate, resolve, store.

Generates organization.csv (200,000 participations of 50,000 organisations in 40,000 projects,
a few hubs in hundreds of projects) and project.csv in a temporary folder, starts an embedded
store in a temporary GRAPH_DATA_DIR and loads both files as ``python -m graph load`` would.
Prints rows/s per stage and the total. Run: ``python benchmarks/load.py [--orgs N ...]``.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.config import Settings  # noqa: E402
from graph.io import (
    ingest,  # noqa: E402
    resolve,  # noqa: E402
)
from graph.store import Store, server  # noqa: E402
from loaders import registry  # noqa: E402

ORG_COLUMNS = (
    "projectID;projectAcronym;organisationID;vatNumber;name;shortName;SME;activityType;street;"
    "postCode;city;country;nutsCode;geolocation;organizationURL;contactForm;contentUpdateDate;"
    "rcn;order;role;ecContribution;netEcContribution;totalCost;endOfParticipation;active"
).split(";")
PROJECT_COLUMNS = (
    "id;acronym;status;title;startDate;endDate;totalCost;ecMaxContribution;legalBasis;"
    "frameworkProgramme;objective"
).split(";")
WORDS = (
    "applied advanced baltic central civic danube digital european green health human "
    "innovation marine national nordic open regional rural social smart solar technical "
    "urban water youth alpine balkan carpathian coastal cultural data energy food forest "
    "global labour media mobility northern quantum"
).split()
KINDS = ["Institute", "University", "Foundation", "Association", "Centre", "Agency", "Lab"]
COUNTRIES = (
    "AL BA BE BG CZ DE DK EE ES FI FR GR HR HU IE IT LT LV ME MK NL PL PT RO RS SE SI SK".split()
)
ACTIVITY = ["HES", "REC", "PRC", "PUB", "OTH"]


def generate(folder: Path, orgs: int, projects: int, rows: int, seed: int = 7) -> list[Path]:
    """Write organization.csv and project.csv; hubs come from a heavy-tailed pick."""
    rng = random.Random(seed)
    org_rows = [_org(i, rng) for i in range(orgs)]
    per_project = _sizes(rows, projects, rng)
    org_file, project_file = folder / "organization.csv", folder / "project.csv"
    with org_file.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=";", lineterminator="\n")
        out.writerow(ORG_COLUMNS)
        next_org = 0
        for p, size in enumerate(per_project):
            members = set()
            while len(members) < size:
                if next_org < orgs:  # every organisation takes part at least once
                    members.add(next_org)
                    next_org += 1
                else:
                    members.add(min(int(rng.paretovariate(0.9)) - 1, orgs - 1) * 7919 % orgs)
            for order, m in enumerate(sorted(members), 1):
                role = (
                    "coordinator"
                    if order == 1
                    else rng.choice(["participant"] * 8 + ["associatedPartner", "thirdParty"])
                )
                amount = "" if role == "associatedPartner" else f"{rng.uniform(1e4, 9e5):.2f}"
                out.writerow(_row(100000000 + p, org_rows[m], order, role, amount))
    with project_file.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=";", lineterminator="\n")
        out.writerow(PROJECT_COLUMNS)
        for p in range(projects):
            start = f"{rng.randint(2021, 2024)}-{rng.randint(1, 12):02d}-01"
            end = f"{int(start[:4]) + 3}{start[4:]}"
            cost = f"{rng.uniform(1e5, 9e6):.2f}"
            out.writerow(
                [
                    100000000 + p,
                    f"P{p}",
                    "SIGNED",
                    f"Project {p} on {rng.choice(WORDS)} matters",
                    start,
                    end,
                    cost,
                    cost,
                    "HORIZON.2.1",
                    "HORIZON",
                    "Objective.",
                ]
            )
    return [org_file, project_file]


def _sizes(rows: int, projects: int, rng: random.Random) -> list[int]:
    sizes = [2] * projects
    for _ in range(rows - 2 * projects):
        sizes[rng.randrange(projects)] += 1
    return sizes


def _org(i: int, rng: random.Random) -> dict:
    words = rng.sample(WORDS, 3)
    country = rng.choice(COUNTRIES)
    name = f"{' '.join(w.title() for w in words)} {rng.choice(KINDS)} {i}"
    return {
        "id": str(900000000 + i),
        "name": name,
        "country": country,
        "vat": f"{country}{10000000 + i}" if i % 3 else "",
        "city": f"City {country} {i % 40}",
        "activity": ACTIVITY[i % 5],
        "geo": f"{rng.uniform(35, 60):.5f},{rng.uniform(-5, 30):.5f}",
    }


def _row(pid: int, org: dict, order: int, role: str, amount: str) -> list:
    return [
        pid,
        f"P{pid - 100000000}",
        org["id"],
        org["vat"],
        org["name"],
        "",
        "false",
        org["activity"],
        "Street 1",
        "1000",
        org["city"],
        org["country"],
        "",
        org["geo"],
        "",
        "",
        "2023-01-01 00:00:00",
        "1",
        order,
        role,
        amount,
        amount,
        amount,
        "false",
        "",
    ]


def run(files: list[Path], settings: Settings) -> None:
    store = Store(settings)
    totals: dict[str, float] = {}
    started = time.perf_counter()
    for path in files:
        t0 = time.perf_counter()
        result = registry.load(path, registry.detect(path))
        t1 = time.perf_counter()
        ingest.check(result, path, strict=True)
        t2 = time.perf_counter()
        resolution = resolve.resolve_report(result.records, store)
        t3 = time.perf_counter()
        written = store.write(resolution.records)
        t4 = time.perf_counter()
        rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
        n = len(result.records)
        print(f"{path.name}: {rows:,} rows -> {n:,} records; {resolution.summary()}")
        for stage, secs, count, unit in (
            ("parse", t1 - t0, rows, "rows"),
            ("validate", t2 - t1, n, "records"),
            ("resolve", t3 - t2, n, "records"),
            ("store", t4 - t3, written["nodes"] + written["relationships"], "records"),
        ):
            totals[stage] = totals.get(stage, 0.0) + secs
            rate = (
                f"{count / secs:>10,.0f} {unit}/s"
                if secs > 0.01
                else "(cells are checked while parsing)"
            )
            print(f"  {stage:<9}{secs:7.2f} s  {rate}")
    total = time.perf_counter() - started
    print(
        f"total {total:.1f} s; by stage: " + ", ".join(f"{k} {v:.1f} s" for k, v in totals.items())
    )
    print(f"graph: {store.counts()}")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--projects", type=int, default=40_000)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="load-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        files = generate(folder, args.orgs, args.projects, args.rows)
        print(f"generated {args.rows:,} participations in {time.perf_counter() - t0:.1f} s")
        settings = Settings.from_env({"GRAPH_DATA_DIR": str(folder / "store")})
        t0 = time.perf_counter()
        server.ensure_running(settings)
        print(f"server started in {time.perf_counter() - t0:.1f} s")
        try:
            run(files, settings)
        finally:
            server.stop(settings)


if __name__ == "__main__":
    main()
