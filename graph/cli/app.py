"""The Typer app of ``python -m graph``: every group of commands gathered, and how one command
runs in this process (errors become one line on stderr and a non-zero exit)."""

from __future__ import annotations

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


@server.commands.command("warm", hidden=True)
def warm_process() -> None:
    """Answer analytics commands from memory until no longer wanted (graph/cli/warm.py); the
    first analytics command starts it."""
    warm.serve(Settings.from_env(), run)
