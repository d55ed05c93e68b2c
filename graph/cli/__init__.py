"""The command line, ``python -m graph``: a thin layer over graph/ with a stable JSON contract.

One module per group of commands (``data``, ``server``, ``analytics``), each with its own Typer
``commands``, gathered here; ``common`` holds what they share. A new command goes in the module
of its group. Errors become one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import os
import sys

import typer

from graph.cli import analytics, data, review, server, warm
from graph.cli.common import err
from graph.config import Settings
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
    """``python -m graph``: an analytics command goes to the warm process when one can answer
    it (:mod:`graph.cli.warm`), and starts one for the next command when none could."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    argv = sys.argv[1:]
    settings = Settings.from_env()
    if not warm.wanted(settings, argv):
        sys.exit(run(argv))
    code = warm.ask(settings, argv)
    if code is None:
        code = run(argv)
        warm.start(settings)
    sys.exit(code)


def run(argv: list[str]) -> int:
    """Run one command in this process; its exit code."""
    try:
        app(args=argv, prog_name="python -m graph")
    except SystemExit as exc:  # how Typer ends every command
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except GraphError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        return 1
    except Exception as exc:  # the edge: one line for a person, never a traceback
        err.print(f"error: {type(exc).__name__}: {exc}", markup=False, highlight=False)
        return 2
    return 0
