"""What each shared real file yields, and how long a 22,000-row grants list takes end to end.

``python benchmarks/publishers.py counts`` reads every file in ../shared/datasets with the
loaders (no store) and prints, per file: grants (Project records), organisations, money per
currency, rows skipped (errors) and warnings. ``python benchmarks/publishers.py list`` builds a
22,000-row Kohesio-shaped list from the shared Kohesio export (its rows repeated with the
region numbered, so every row is a distinct grant), starts an embedded store in a temporary
GRAPH_DATA_DIR and times ``python -m graph load`` on it: read, resolve and write, then a
reload of the same file.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATASETS = ROOT.parent / "shared" / "datasets"


def counts() -> None:
    from loaders import registry

    for path in sorted(p for p in DATASETS.rglob("*") if p.is_file() and p.suffix != ".md"):
        try:
            result = registry.load(path)
        except ValueError as exc:
            print(f"{path.name}: refused ({exc})")
            continue
        labels = Counter(type(r).__name__ for r in result.records)
        money: dict[str, Decimal] = {}
        for r in result.records:
            if type(r).__name__ == "Project" and r.amount is not None:
                money[r.currency] = money.get(r.currency, Decimal(0)) + r.amount
        errors = [i for i in result.issues if i.severity == "error"]
        shown = ", ".join(f"{c} {v:,.2f}" for c, v in sorted(money.items())) or "none"
        print(
            f"{path.name}: grants {labels['Project']}, organisations "
            f"{labels['Organisation']}, money {shown}; errors {len(errors)} "
            f"(rows {len({i.row for i in errors})}), warnings "
            f"{len(result.issues) - len(errors)}"
        )
        if errors and not result.records:
            print(f"  refused: {errors[0].message}")


def grants_list(rows: int) -> None:
    source = DATASETS / "grants-lists" / "kohesio-beneficiaries-bg-cz-sk-ro.tsv"
    header, *body = source.read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory(prefix="bench-publishers-") as folder:
        path = Path(folder) / "kohesio-22k.tsv"
        lines = [header]
        for i in range(rows):
            cells = body[i % len(body)].split("\t")
            cells[1] = f"{cells[1]} {i // len(body)}" if i >= len(body) else cells[1]
            lines.append("\t".join(cells))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        env = dict(os.environ, GRAPH_DATA_DIR=str(Path(folder) / "store"), GRAPH_WARM="0")
        env.pop("NEO4J_URI", None)
        command = [sys.executable, "-m", "graph", "load", str(path), "--json"]
        try:
            pid_file = Path(env["GRAPH_DATA_DIR"]) / "server.pid"
            for what in ("first load", "reload"):
                server = _server_cpu(pid_file)
                start, cpu = time.perf_counter(), _child_cpu()
                done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
                took, used = time.perf_counter() - start, _child_cpu() - cpu
                if done.returncode:
                    raise SystemExit(done.stderr)
                served = _server_cpu(pid_file) - server
                print(
                    f"{what}: {rows} rows in {took:.1f} s ({rows / took:,.0f} rows/s); CPU: "
                    f"load command {used:.1f} s, store server {served:.1f} s; load average "
                    f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
                )
        finally:
            subprocess.run(
                [sys.executable, "-m", "graph", "server", "stop"],
                cwd=ROOT,
                env=env,
                capture_output=True,
            )


def _child_cpu() -> float:
    """CPU seconds of finished child processes (the machine may be shared: wall time is not
    all ours)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _server_cpu(pid_file: Path) -> float:
    """CPU seconds the embedded store's server (and its JVM threads) has used so far."""
    try:
        fields = Path(f"/proc/{pid_file.read_text().split()[0]}/stat").read_text().split(")")[-1]
    except (OSError, IndexError):
        return 0.0
    utime, stime = fields.split()[11:13]
    return (int(utime) + int(stime)) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["counts", "list"])
    parser.add_argument("--rows", type=int, default=22_000)
    args = parser.parse_args()
    counts() if args.what == "counts" else grants_list(args.rows)


if __name__ == "__main__":
    main()
