"""Where Neo4j 5 and the embedded ArcadeDB server differ, decided in one place.

Every Cypher statement of ``graph.store.cypher`` runs unchanged on both. What differs is how a
person's query is bounded: Neo4j honours a transaction timeout sent by the driver, while the
embedded server ignores it and is launched with a server-wide command timeout instead
(``graph/store/server_child.py``); neither is trusted alone to refuse writes, so user queries
are checked before and after they run (``graph/store/readonly.py``) on either server.

>>> Dialect.from_agent("ArcadeDB/26.10.2").tx_timeout(30.0) is None
True
>>> Dialect.from_agent("Neo4j/5.26.0").tx_timeout(30.0)
30.0
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
