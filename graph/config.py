"""Settings, read once from the environment and passed down (the only reader of os.environ)."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "store"


# What each numeric setting may be: a value outside would remove a limit or stop every query.
QUERY_TIMEOUT_RANGE = (1, 3600)  # seconds
ANALYTICS_TIMEOUT_RANGE = (1, 86400)  # seconds
ROW_LIMIT_RANGE = (1, 1_000_000)
HEAP_RANGE_MB = (256, 65536)


def _number(
    env: dict[str, str], name: str, default: float, bounds: tuple[int, int], whole: bool = False
) -> float:
    """A setting's number, or a one-line refusal naming the setting and its range."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    low, high = bounds
    if not (low <= value <= high) or (whole and not value.is_integer()):  # nan: never in range
        kind = "a whole number" if whole else "a number of seconds"
        raise ConfigError(f"{name}={raw!r}: must be {kind} from {low:,} to {high:,}")
    return value


def default_heap() -> str:
    """The embedded server's heap: a quarter of the machine's memory, from 1 to 4 GB."""
    try:
        total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):  # no sysconf (Windows)
        return "1g"
    return f"{min(max(total_mb // 4, 1024), 4096)}m"


def _heap(raw: str) -> str:
    """A JVM heap size such as ``512m`` or ``2g``, within HEAP_RANGE_MB."""
    found = re.fullmatch(r"\s*(\d+)\s*([mMgG])\s*", raw)
    size = int(found[1]) * (1024 if found[2].lower() == "g" else 1) if found else 0
    low, high = HEAP_RANGE_MB
    if not low <= size <= high:
        raise ConfigError(
            f"GRAPH_SERVER_HEAP={raw!r}: must be a size such as 512m or 2g, "
            f"from {low}m to {high // 1024}g"
        )
    return f"{size}m"


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
            query_timeout_s=_number(env, "GRAPH_QUERY_TIMEOUT", 30, QUERY_TIMEOUT_RANGE),
            analytics_timeout_s=_number(
                env, "GRAPH_ANALYTICS_TIMEOUT", 600, ANALYTICS_TIMEOUT_RANGE
            ),
            query_row_limit=int(
                _number(env, "GRAPH_QUERY_ROW_LIMIT", 5000, ROW_LIMIT_RANGE, whole=True)
            ),
            server_heap=_heap(env.get("GRAPH_SERVER_HEAP") or default_heap()),
            warm=env.get("GRAPH_WARM", "1") != "0",
            reviews_file=Path(env["GRAPH_REVIEWS"]).expanduser()
            if env.get("GRAPH_REVIEWS")
            else None,
        )
