"""The command line, ``python -m graph``: a thin layer over graph/ with a stable JSON contract.

One module per group of commands (``data``, ``server``, ``analytics``), each with its own Typer
``commands``, gathered here; ``common`` holds what they share. A new command goes in the module
of its group. Errors become one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import os
import sys

import typer

from graph.cli import analytics, data, review, server
from graph.cli.common import err
from graph.errors import GraphError

app = typer.Typer(
    help="Partner and network graph explorer for civil-society funding.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for group in (data, analytics, review):
    app.registered_commands += group.commands.registered_commands
app.add_typer(server.commands, name="server")


def main() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        app()
    except GraphError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)
    except Exception as exc:  # the edge: one line for a person, never a traceback
        err.print(f"error: {type(exc).__name__}: {exc}", markup=False, highlight=False)
        sys.exit(2)
