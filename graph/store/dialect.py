"""Where Neo4j 5 and the embedded ArcadeDB server differ, decided in one place.

Every Cypher statement of ``graph.store.cypher`` runs unchanged on both: the schema statements,
the data-version stamp and the bookkeeping nodes (``SourceFile``, ``GraphMeta``) included, as
the second pass of ``.ci/run`` (on Neo4j 5.26 Community) checks. What differs is how a person's
query is bounded and kept from writing, and where users live. Neo4j honours a transaction
timeout sent by the driver (and names its expiry ``TransactionTimedOutClientConfiguration``) and
refuses writes in READ transactions; Community has no roles, so a read-only reader needs
Enterprise or AuraDB. The embedded server ignores the timeout (the store sets the database's
command timeout instead, ``server.set_query_timeout``, and ends a person's query itself with
``TERMINATE TRANSACTIONS``, ``deadline.py``) and refuses writes only to a user without the rights
(``graph/store/security.py``).

>>> Dialect.from_agent("ArcadeDB/26.10.2").tx_timeout(30.0) is None
True
>>> Dialect.from_agent("Neo4j/5.26.0").tx_timeout(30.0)
30.0
>>> Dialect.from_agent("Neo4j/5.26.0").users_database("neo4j")
'system'
>>> timed_out("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration")
True
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    """Which server answers, from its agent string, and what that changes."""

    name: str

    @classmethod
    def from_agent(cls, agent: str) -> Dialect:
        return cls("arcadedb" if "arcadedb" in agent.lower() else "neo4j")

    @property
    def embedded(self) -> bool:
        return self.name == "arcadedb"

    def tx_timeout(self, seconds: float) -> float | None:
        """The timeout to send with a transaction: None where the server bounds queries itself."""
        return None if self.embedded else seconds

    def users_database(self, database: str) -> str:
        """Where ``SHOW USERS`` lists the server's users: each ArcadeDB database answers it,
        Neo4j only its ``system`` database."""
        return database if self.embedded else "system"


def timed_out(code: str | None) -> bool:
    """Whether an error code says a transaction ran over its time limit: ArcadeDB's (and Neo4j's
    own ``db.transaction.timeout``) ``…TransactionTimedOut``, or Neo4j 5's
    ``…TransactionTimedOutClientConfiguration`` for the timeout the driver sent."""
    return ".TransactionTimedOut" in (code or "")
