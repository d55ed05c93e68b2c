"""The store: the graph database behind the ``neo4j`` driver, and everything that talks to it.

- ``client``: :class:`Store`, the only module that imports ``neo4j`` (driver, sessions, reads,
  the one-transaction-per-file write);
- ``cypher``: every Cypher statement, as named constants with ``$parameters`` only;
- ``planner``: what to send for a file's records, given what exists (pure, no database);
- ``readonly``: the guard in front of people's queries;
- ``dialect``: where Neo4j 5 and the embedded ArcadeDB server differ;
- ``server`` and ``server_child``: the embedded ArcadeDB Bolt server and its child process.

Imports only ``graph.model``, ``graph.config`` and ``graph.errors``. A new query goes in
``cypher`` and is run through :class:`Store`.
"""

from graph.store.client import Store

__all__ = ["Store"]
