"""What every command shares: the store for one command, JSON out, tables, progress, errors.

Errors become one line on stderr and a non-zero exit; with ``--json`` stdout holds only JSON.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from graph.config import Settings
from graph.store import Store

PIPED_WIDTH = 1000  # a table written to a pipe or file keeps each row on one line


def _width() -> int | None:
    """Rich's width: the terminal's (or COLUMNS); piped, wide enough for any row, since rich
    would otherwise wrap names at 80 columns."""
    return None if sys.stdout.isatty() or os.environ.get("COLUMNS") else PIPED_WIDTH


err = Console(stderr=True, soft_wrap=True)  # one message, one line, whatever the width
out = Console(soft_wrap=True, width=_width())

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only (for scripts).")]


def fail(message: str, code: int = 1) -> None:
    err.print(f"error: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


@contextmanager
def open_store(quiet: bool = False) -> Iterator[Store]:
    """A store for one command; says so when the embedded server has to start first."""
    settings = Settings.from_env()

    def notify(msg: str) -> None:
        if not quiet:
            err.print(msg, markup=False, highlight=False)

    store = Store(settings, notify=notify)
    try:
        yield store
    finally:
        store.close()


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_rows(rows: list[dict[str, Any]], title: str | None = None) -> None:
    """Rows as a table; source text is shown as text, never read as rich markup."""
    table = Table(title=Text(title) if title else None)
    columns = list(rows[0]) if rows else []
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    for i, col in enumerate(columns):
        raw = [row.get(col) for row in rows]
        numeric = all(v is None or isinstance(v, int | float) for v in raw)
        if numeric or col in ("id", "organisation"):  # numbers and ids are never cut
            width = max([len(str(col))] + [len(line[i]) for line in cells])
            justify = "right" if numeric else "left"
            table.add_column(Text(str(col)), no_wrap=True, min_width=width, justify=justify)
        else:  # names wrap onto more lines instead
            table.add_column(Text(str(col)), overflow="fold")
    for line in cells:
        table.add_row(*(Text(v) for v in line))
    out.print(table)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.2f}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on stderr, fed by (stage, done, total) callbacks."""
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
