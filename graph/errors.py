"""Errors that carry their context; the CLI and the app turn them into one line for a person."""

from __future__ import annotations


class GraphError(Exception):
    """Base class: anything the user should see as a one-line message, not a traceback."""


class ConfigError(GraphError):
    """A setting in the environment is not valid (text, nan, out of range)."""


class StoreUnavailable(GraphError):
    """The database cannot be reached or the embedded server failed to start."""


class ConnectionLost(StoreUnavailable):
    """The server went away during a write: whether it committed is known only by asking it.

    ``committed``: records committed by the write's earlier transactions (see store/writer.py).
    """

    committed: int = 0


class PartlyWritten(GraphError):
    """A large write failed after some of its transactions had committed; the message says how
    many records, and that loading the file again finishes it."""


class ReadOnlyViolation(GraphError):
    """A statement given to a read-only path would write; it was refused and rolled back."""


class WriteConflict(GraphError):
    """A write clashed with another one made at the same time, and retrying did not help."""


class QueryError(GraphError):
    """A user query failed (syntax, timeout, unknown procedure ...)."""


class LoadError(GraphError):
    """A source could not be loaded; nothing from it was written."""

    def __init__(self, message: str, issues: list | None = None) -> None:
        super().__init__(message)
        self.issues = issues or []


class NotFound(GraphError):
    """A named entity is not in the graph; ``suggestions`` holds the closest names."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class InvalidRequest(GraphError):
    """A request that cannot be answered as asked (unknown metric, format, network, grouping)."""
