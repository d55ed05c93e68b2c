"""Settings, read once from the environment and passed down (the only reader of os.environ)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "store"


@dataclass(frozen=True)
class Settings:
    """Where the store is and how to reach it.

    With ``uri`` unset the embedded Bolt server in ``data_dir`` is used (and started when needed).
    """

    uri: str | None = None
    user: str = "neo4j"
    password: str | None = None
    reader_user: str | None = None  # on Neo4j: a user with a read-only role, for people's queries
    reader_password: str | None = None
    database: str = "graph"
    data_dir: Path = DEFAULT_DATA_DIR
    query_timeout_s: float = 30.0
    analytics_timeout_s: float = 600.0  # the project's own statements: analytics, exports, loads
    query_row_limit: int = 5000
    server_heap: str = "1g"
    reviews_file: Path | None = None
    warm: bool = True  # analytics commands may be answered by a warm process (graph/cli/warm.py)

    @property
    def embedded(self) -> bool:
        return not self.uri

    @property
    def reviews_path(self) -> Path:
        """A person's review decisions (graph/io/review.py), replayed on every load."""
        return self.reviews_file or self.data_dir / "reviews.yaml"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        uri = env.get("NEO4J_URI") or None
        return cls(
            uri=uri,
            user=env.get("NEO4J_USER", "neo4j" if uri else "root"),
            password=env.get("NEO4J_PASSWORD") or None,
            reader_user=env.get("NEO4J_READER_USER") or None,
            reader_password=env.get("NEO4J_READER_PASSWORD") or None,
            database=env.get("NEO4J_DATABASE", "neo4j" if uri else "graph"),
            data_dir=Path(env.get("GRAPH_DATA_DIR") or DEFAULT_DATA_DIR).expanduser().resolve(),
            query_timeout_s=float(env.get("GRAPH_QUERY_TIMEOUT", "30")),
            analytics_timeout_s=float(env.get("GRAPH_ANALYTICS_TIMEOUT", "600")),
            query_row_limit=int(env.get("GRAPH_QUERY_ROW_LIMIT", "5000")),
            server_heap=env.get("GRAPH_SERVER_HEAP", "1g"),
            warm=env.get("GRAPH_WARM", "1") != "0",
            reviews_file=Path(env["GRAPH_REVIEWS"]).expanduser()
            if env.get("GRAPH_REVIEWS")
            else None,
        )
