"""Small read-only summaries of the graph for the app's overview and pickers.

Each is one query from ``graph.store.cypher``; they return plain rows so views can cache them.
"""

from __future__ import annotations

from typing import Any

from graph.errors import NotFound
from graph.store import Store, cypher

Rows = list[dict[str, Any]]


def data_version(store: Store) -> tuple:
    """The cache key of everything read from the graph: the token every write transaction
    (loads, imports, property-only changes, clear) sets, then the organisation and project
    counts (also telling an empty graph apart)."""
    row = store.read(cypher.APP_DATA_VERSION, id=cypher.DATA_VERSION_ID)[0]
    return (row["version"], row["organisations"], row["projects"])


def organisation(store: Store, org_id: str) -> dict[str, Any]:
    """One organisation's stored properties (sources and quotes included); NotFound if absent."""
    rows = store.read(cypher.APP_ORGANISATION, id=org_id)
    if not rows:
        raise NotFound(f"no organisation with id {org_id!r}")
    return rows[0]["props"]


def organisation_links(store: Store, org_id: str) -> Rows:
    """Every relationship of an organisation with the node at its other end and its provenance."""
    return store.read(cypher.APP_ORGANISATION_LINKS, id=org_id)
