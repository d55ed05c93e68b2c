"""People's queries end at their own time limit; the project's own statements have another.

The embedded server (ArcadeDB) bounds every statement sent over Bolt by one setting of the
database, ``arcadedb.command.timeout``: it ignores the timeout a driver sends with a
transaction, and a security group's ``readTimeout`` bounds SQL queries only, not Cypher (a
reader group with 2 s let a Cypher query run until the database's 20 s). The one per-request
override it has, a header of its HTTP API, is out of reach of the Bolt driver. So the
database's limit is the project's own (``GRAPH_ANALYTICS_TIMEOUT``: analytics reads, exports,
loads), and a person's query is ended at ``GRAPH_QUERY_TIMEOUT`` by the store itself with the
server's ``TERMINATE TRANSACTIONS`` (:class:`Deadline`): every reader transaction older than
the limit is ended, whoever started it. The server process runs the same watch itself
(:func:`watch`), so a query whose client was killed, or whose browser
tab was closed, still ends at the limit; the database's limit stays the outer bound.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from graph.store import cypher

RECHECK_S = 1.0  # after the limit, look again this often until the query has ended
SLACK_S = 0.25  # the server starts its clock a little after ours


class Deadline:
    """Ends ``user``'s transactions once they have run ``seconds``, while the block runs.

    ``run(statement, params)`` runs a statement as a user who may see and end others'
    transactions (the store's own). ``expired`` tells whether it ended any.
    """

    def __init__(self, run: Callable[..., list[dict[str, Any]]], user: str, seconds: float):
        self.run, self.user, self.seconds = run, user, seconds
        self.expired = False
        self.started = time.monotonic()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Deadline:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        wait = self.seconds
        while not self._done.wait(wait):
            try:
                self.end_overdue()
            except Exception:  # the server gone or refusing: its own limit still bounds the query
                return
            wait = RECHECK_S

    def stopped(self, code: str | None) -> bool:
        """Whether an error with ``code`` is this limit's doing: this watch ended the query, or
        the server's own watch did (a terminated transaction that had run the limit: only
        the watches end a reader's transactions, and the server's may come first)."""
        terminated = ".Transaction.Terminated" in (code or "")
        ran = time.monotonic() - self.started
        return self.expired or (terminated and ran >= self.seconds - SLACK_S)

    def end_overdue(self) -> None:
        """End every transaction of ``user`` that has run for the limit or longer."""
        if end_overdue(self.run, self.user, self.seconds):
            self.expired = True


def end_overdue(run: Callable[..., list[dict[str, Any]]], user: str, seconds: float) -> bool:
    """End every transaction of ``user`` that has run ``seconds`` or longer; whether any was."""
    rows = run(cypher.SHOW_TRANSACTIONS)
    overdue = [
        row["transactionId"]
        for row in rows
        if row.get("username") == user and _seconds(row.get("elapsedTime")) >= seconds - SLACK_S
    ]
    if overdue:
        run(cypher.TERMINATE_TRANSACTIONS, ids=overdue)
    return bool(overdue)


def _seconds(duration: Any) -> float:
    """A server duration (months, days, seconds, nanoseconds) in seconds."""
    if duration is None:
        return 0.0
    days = 30 * getattr(duration, "months", 0) + getattr(duration, "days", 0)
    return 86400.0 * days + duration.seconds + duration.nanoseconds / 1e9


def watch(
    run: Callable[..., list[dict[str, Any]]],
    user: str,
    limit_s: Callable[[], float],
    stop: threading.Event,
) -> None:
    """End ``user``'s transactions older than ``limit_s()`` until ``stop`` is set.

    The server process runs this for people's queries: the client ends its own query too
    (:class:`Deadline`), but a client killed with SIGKILL, or a closed browser tab, no longer can.
    """
    while not stop.wait(RECHECK_S):
        try:
            end_overdue(run, user, limit_s())
        except Exception:  # the server starting, stopping or busy: look again at the next tick
            continue
