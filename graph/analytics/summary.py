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


def project_totals(store: Store) -> Rows:
    """Projects and EUR per status (completed, ongoing, proposed, rejected)."""
    return store.read(cypher.APP_PROJECT_TOTALS)


def projects_per_year(store: Store) -> Rows:
    """Projects and EUR per start year, else the year of the annual report that names them
    (projects with neither are left out)."""
    return store.read(cypher.APP_PROJECTS_PER_YEAR)


def top_organisations(store: Store, limit: int = 10) -> Rows:
    """Organisations with the most projects, then the most money."""
    return store.read(cypher.APP_TOP_ORGANISATIONS, limit=limit)


def organisation(store: Store, org_id: str) -> dict[str, Any]:
    """One organisation's stored properties (sources and quotes included); NotFound if absent."""
    rows = store.read(cypher.APP_ORGANISATION, id=org_id)
    if not rows:
        raise NotFound(f"no organisation with id {org_id!r}")
    return rows[0]["props"]


def organisation_links(store: Store, org_id: str) -> Rows:
    """Every relationship of an organisation with the node at its other end and its provenance."""
    return store.read(cypher.APP_ORGANISATION_LINKS, id=org_id)
