"""``python -m graph server start|stop|status``: the embedded Bolt server."""

from __future__ import annotations

import typer

from graph.cli import warm
from graph.cli.common import JsonOpt, emit_json, err, fail, out
from graph.config import Settings
from graph.store import server

commands = typer.Typer(help="The embedded Bolt server (used when NEO4J_URI is not set).")


@commands.command("start")
def server_start(json_out: JsonOpt = False) -> None:
    """Start the embedded server (or find the running one)."""
    settings = Settings.from_env()
    if not settings.embedded:
        fail("NEO4J_URI is set: the embedded server is not used")
    info = server.ensure_running(settings, notify=lambda m: err.print(m, markup=False))
    _print_server(info, settings, json_out)


@commands.command("stop")
def server_stop(json_out: JsonOpt = False) -> None:
    """Stop the embedded server cleanly."""
    stopped = server.stop(Settings.from_env())
    if json_out:
        emit_json({"stopped": stopped})
    else:
        out.print("stopped" if stopped else "not running")


@commands.command("status")
def server_status(json_out: JsonOpt = False) -> None:
    """Is the embedded server running, and where? Exit code 3 when it is not."""
    settings = Settings.from_env()
    info = server.status(settings)
    if info is None:
        if json_out:
            emit_json({"running": False, "data_dir": str(settings.data_dir)})
        else:
            out.print(f"not running (data in {settings.data_dir})")
        raise typer.Exit(3)
    _print_server(info, settings, json_out)


def _print_server(info: server.ServerInfo, settings: Settings, json_out: bool) -> None:
    data = {
        "running": True,
        "pid": info.pid,
        "uri": info.uri,
        "database": info.database,
        "data_dir": str(settings.data_dir),
        "warm": warm.running(settings),
    }
    if json_out:
        emit_json(data)
    else:
        out.print(f"running: {info.uri} (pid {info.pid}, database {info.database!r})")
        out.print(f"data: {settings.data_dir}")
        if data["warm"]:
            out.print("warm process: answering reading commands (GRAPH_WARM=0 turns it off)")
