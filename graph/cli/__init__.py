"""The command line, ``python -m graph``: a thin layer over graph/ with a stable JSON contract.

One module per group of commands (``data``, ``server``, ``analytics``), each with its own Typer
``commands``, gathered in :mod:`.app`; ``common`` holds what they share. A new command goes in
the module of its group. Errors become one line on stderr and a non-zero exit. An analytics
command is first offered to the warm process (:mod:`.warm`), before anything heavy is imported.
"""

from __future__ import annotations

import os
import sys

from graph.cli import warm
from graph.config import Settings
from graph.errors import ConfigError


def main() -> None:
    """``python -m graph``: an analytics command goes to the warm process when one can answer
    it, and starts one for the next command when none could."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    argv = sys.argv[1:]
    try:
        settings = Settings.from_env()
    except ConfigError as exc:  # before any command runs: one line, no traceback
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(1)
    offered = warm.wanted(settings, argv)
    code = warm.ask(settings, argv) if offered else None
    if code is None:
        code = _run_here(argv)
        if offered:
            warm.start(settings)
    sys.exit(code)


def _run_here(argv: list[str]) -> int:
    """Run the command in this process. The commands are imported only now: a command the warm
    process answers imports neither them nor the neo4j driver (which imports pandas and
    pyarrow, when installed, for DataFrame results the CLI never asks for)."""
    from graph.cli.app import run

    return run(argv)
