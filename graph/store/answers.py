"""What people see of the server's answer to their query: its own message, not its internals.

The console shows why a query failed in the server's words (a syntax error's position, the limit a
query ran into), but not the paths, Java classes or engine settings the message may carry: those
say nothing a person can act on, and tell an attacker about the machine.
"""

from __future__ import annotations

import re

OUT_OF_MEMORY = (
    "the query needed more memory than the server can give one query, and was stopped; "
    "the server is still running"
)
SERVER_GONE = "the graph server stopped while running the query; the next command starts it again"

# What a person need not see in a server's message: files, Java classes, engine settings.
_PATHS = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][\w.@-]+){2,}")
_JAVA_CLASS = re.compile(r"\b(?:com|java|org)\.[\w.$]+:\s*")
_SETTING = re.compile(r"\s*(?:allowed )?by the setting `?arcadedb\.\w+`?", re.IGNORECASE)


def server_message(exc: Exception) -> str:
    """The server's own message for a failed query, on one line, without its internals.

    >>> server_message(Exception("Too many elements (500000). You can set "
    ...     "arcadedb.queryMaxHeapElementsAllowedPerOp to increase this limit"))
    'Too many elements (500000).'
    >>> server_message(Exception("Cannot open /srv/db/graph/x.bin"))
    'Cannot open …'
    """
    text = " ".join((getattr(exc, "message", None) or str(exc)).split())
    text = _SETTING.sub("", _JAVA_CLASS.sub("", _PATHS.sub("…", text)))
    parts = [p for p in re.split(r"(?<=[.:])\s+", text) if "arcadedb." not in p.lower()]
    return " ".join(parts).removesuffix(":")[:400] or "the server gave no reason"


def first_line(exc: Exception) -> str:
    """An error's message on one line, for the store's own failures (writes)."""
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return message.strip().splitlines()[0]
