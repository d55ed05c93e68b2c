"""The read-only console against the attacks of issue 13, checked by what the database holds.

Each attack runs twice: through the console (the lexer answers first) and straight to the server
as the reader (as if the lexer had missed it). Either way the database's fingerprint (counts,
labels, types, property keys, indexes, constraints, users) must be what it was, and the project
must still be able to log in as root.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time

import pytest

from graph.errors import GraphError, ReadOnlyViolation
from graph.io import export
from graph.store import Store
from tests.conftest import expected_users
from tests.test_server import ROOT
from tests.test_store import small_graph

CR, LS = "\r", "\u2028"
ATTACKS = [
    # no space between CALL and the backtick: the allow-list never saw the procedure
    "CALL`apoc.merge.node`(['Organisation'],{id:'org:evil'},{name:'EVIL'}) YIELD node "
    "RETURN node.id",
    "CALL apoc.do.when(true, 'MATCH (c:City) SET c.name = \"x\" RETURN c', '', {}) YIELD value "
    "RETURN value",
    "MATCH (a:City {id: 'city:ruse'}), (b:City {id: 'city:sofia'}) "
    "CALL`apoc.refactor.mergeNodes`([a, b]) YIELD node RETURN node",
    # a line comment ended by a bare carriage return or a Unicode line separator
    f"//{CR}CREATE USER evil SET PASSWORD 'evilevil1'",
    f"//{CR}ALTER USER root SET PASSWORD 'lockedout1'",
    f"//{CR}DROP CONSTRAINT " + "{constraint}",
    f"//{CR}CREATE INDEX evil_index IF NOT EXISTS FOR (n:City) ON (n.lat)",
    f"//{CR}CALL {{ CREATE (:EvilTx) }} IN TRANSACTIONS",
    f"//{LS}CREATE (:EvilSeparator)",
    f"// x{CR}MATCH (c:City) SET c.name = 'hacked'",
    # the GQL synonym of CREATE
    "INSERT (n:EvilInsert {id: 1})",
    # a quoted name glued to a keyword
    "MATCH (c:City) WITH c AS `x`CREATE (:EvilGlued)",
]


@pytest.fixture
def loaded(store: Store) -> Store:
    store.write(small_graph())
    return store


def _attack(store: Store, template: str) -> str:
    return template.replace("{constraint}", store.fingerprint()["constraints"][0][0])


def _state(store: Store) -> tuple[dict, dict]:
    """The fingerprint and every node and relationship with its properties."""
    return store.fingerprint(), export.to_json(store)


def _straight_to_the_server(store: Store, query: str) -> None:
    """As the reader, skipping the lexer: refused, or run in a transaction never committed."""
    try:
        store.run_checked_read(query, None, 10)
    except GraphError:
        pass


@pytest.mark.parametrize("template", ATTACKS)
def test_the_console_refuses_the_attack_and_nothing_changes(loaded: Store, template: str) -> None:
    before = _state(loaded)
    with pytest.raises(ReadOnlyViolation):
        loaded.run_user_query(_attack(loaded, template))
    assert _state(loaded) == before


@pytest.mark.parametrize("template", ATTACKS)
def test_without_the_lexer_the_attack_changes_nothing(loaded: Store, template: str) -> None:
    before = _state(loaded)
    _straight_to_the_server(loaded, _attack(loaded, template))
    assert _state(loaded) == before


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE USER evil SET PASSWORD 'evilevil1'",
        "ALTER USER root SET PASSWORD 'lockedout1'",
        "CREATE CONSTRAINT evil IF NOT EXISTS FOR (n:Evil) REQUIRE n.id IS UNIQUE",
        "MATCH (c:City) DETACH DELETE c",
        "MERGE (o:Organisation {id: 'org:evil'})",
    ],
)
def test_the_reader_is_forbidden_by_the_server(loaded: Store, statement: str) -> None:
    before = _state(loaded)
    with pytest.raises(ReadOnlyViolation):
        loaded.run_checked_read(statement, None, 10)
    assert _state(loaded) == before


def test_root_can_still_log_in_after_the_attacks(loaded: Store) -> None:
    for template in ATTACKS:
        _straight_to_the_server(loaded, _attack(loaded, template))
    with Store(loaded.settings) as again:
        assert again.counts() == loaded.counts()
    assert loaded.fingerprint()["users"] == expected_users(loaded.settings)


def test_the_cli_refuses_a_carriage_return_attack_in_one_line(loaded: Store, graph_env) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "graph", "query", f"//{CR}CREATE USER evil SET PASSWORD 'e1e1e1e1'"],
        cwd=ROOT,
        env=graph_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert done.stderr.strip() == "error: read-only: CREATE is not allowed here"
    assert loaded.fingerprint()["users"] == expected_users(loaded.settings)


_PIECES = [
    "MATCH (c:City)",
    " RETURN c.name",
    " RETURN count(*)",
    "//",
    "/*",
    "*/",
    "'",
    '"',
    "`",
    CR,
    "\n",
    LS,
    "\u2029",
    "\x85",
    " ",
    "CREATE (:EvilFuzz)",
    "SET c.name = 'f'",
    "DELETE c",
    "MERGE (:EvilFuzz {id: 1})",
    "INSERT (:EvilFuzz)",
    "CALL",
    "`apoc.create.node`(['EvilFuzz'], {})",
    " YIELD node",
    "DROP INDEX x",
    "CREATE USER fuzz SET PASSWORD 'fuzzfuzz1'",
    "{",
    "}",
    " IN TRANSACTIONS",
    "REMOVE c.name",
    "WITH c",
    "\\",
    ";",
]


def test_fuzzed_consoles_never_change_the_database(loaded: Store) -> None:
    before = _state(loaded)
    rng = random.Random(13)
    refused = 0
    for _ in range(120):
        query = "".join(rng.choice(_PIECES) for _ in range(rng.randint(2, 9)))
        try:
            loaded.run_user_query(query, limit=5)
        except GraphError:
            refused += 1
        assert _state(loaded) == before, repr(query)
    assert refused > 60  # most random mixes hold a write or are not Cypher at all


@pytest.mark.parametrize(
    "query",
    [
        "UNWIND range(1,5) AS i WITH i, util.sleep(59000) AS z RETURN count(*)",
        "RETURN apoc.util.sleep(1000)",
        "RETURN util.`sleep` (1000)",
    ],
)
def test_a_query_that_waits_is_refused_before_it_runs(store: Store, query: str) -> None:
    """The server's time limit does not stop a sleep, so the console never sends one."""
    started = time.monotonic()
    with pytest.raises(ReadOnlyViolation, match="sleep"):
        store.run_user_query(query)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("MATCH (n RETURN n", "line 1"),  # where the syntax error is
        ("RETURN 1/0 AS x", "/ by zero"),
        ("MATCH (c:City) RETURN c.name AS name ORDER BY nosuchvariable", "nosuchvariable"),
    ],
)
def test_the_console_says_what_the_server_said(store: Store, query: str, said: str) -> None:
    with pytest.raises(GraphError) as failed:
        store.run_user_query(query)
    message = str(failed.value)
    assert message.startswith("the query failed: ") and said in message
    assert "server log" not in message and "\n" not in message
    assert "/tmp" not in message and "com.arcadedb" not in message


@pytest.mark.parametrize(
    "query",
    [
        "SHOW CURRENT USER",
        "SHOW USERS",
        "show databases",
        "SHOW TRANSACTIONS",
        "SHOW SETTINGS",
        "SHOW PROCEDURES",
        "SHOW FUNCTIONS",
        "SHOW ROLES",
        "MATCH (n) WITH n LIMIT 1 SHOW USERS",
    ],
)
def test_show_commands_about_the_server_are_refused(store: Store, query: str) -> None:
    with pytest.raises(ReadOnlyViolation) as refused:
        store.run_user_query(query)
    assert str(refused.value).endswith(
        "is not allowed here (only SHOW INDEXES and SHOW CONSTRAINTS)"
    )


def test_show_indexes_and_constraints_are_shown(store: Store) -> None:
    fingerprint = store.fingerprint()
    rows, _ = store.run_user_query("SHOW INDEXES YIELD name RETURN name ORDER BY name")
    assert [row["name"] for row in rows] == sorted(row[0] for row in fingerprint["indexes"])
    rows, _ = store.run_user_query("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")
    assert [row["name"] for row in rows] == sorted(row[0] for row in fingerprint["constraints"])


_WRITES = [
    "CREATE (:Fz {id: 1})",
    "MERGE (o:Organisation {id: 'org:fz'})",
    "SET c.name = 'fz'",
    "DETACH DELETE c",
    "REMOVE c.name",
    "SET c:Fz",
    "CREATE INDEX fz IF NOT EXISTS FOR (n:City) ON (n.fz)",
    "DROP CONSTRAINT {constraint}",
    "CREATE USER fz SET PASSWORD 'fzfzfzfz1'",
    "ALTER USER root SET PASSWORD 'fzfzfzfz1'",
    "GRANT ROLE admin TO reader",
    "FOREACH (x IN [1] | CREATE (:Fz))",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "CALL { CREATE (:Fz) } IN TRANSACTIONS",
    "INSERT (:Fz)",
    "CALL db.createLabel('Fz')",
    "CALL apoc.create.node(['Fz'], {}) YIELD node RETURN node",
    "SHOW USERS",
    "TERMINATE TRANSACTIONS 'q1'",
    "CREATE (a:Fz)-[:FZ]->(b:Fz)",
    "SET c += {fz: 1}",
]
_BEFORE = [
    "",
    "MATCH (c:City) ",
    "MATCH (c:City) WITH c ",
    "// note\r",
    "/* x */ ",
    "OPTIONAL MATCH (c:City) ",
    "UNWIND [1, 2] AS i MATCH (c:City) ",
]
_AFTER = ["", " RETURN 1", " RETURN count(*) AS n", " // done", ";"]


def _write_attempt(rng: random.Random, constraint: str) -> str:
    write = rng.choice(_WRITES).replace("{constraint}", constraint)
    write = "".join(ch.upper() if rng.random() < 0.3 else ch for ch in write)
    return (
        rng.choice(_BEFORE)
        + write.replace(" ", rng.choice([" ", "  ", "\n", "\t"]))
        + (rng.choice(_AFTER))
    )


def test_three_hundred_generated_write_attempts_change_nothing(loaded: Store) -> None:
    """Through the console each is refused; straight to the server as the reader, none commits."""
    state = _state(loaded)
    before = state[0]
    constraint = before["constraints"][0][0]
    rng = random.Random(28)
    for attempt in range(300):
        query = _write_attempt(rng, constraint)
        if attempt % 2:
            _straight_to_the_server(loaded, query)
        else:
            with pytest.raises(GraphError):
                loaded.run_user_query(query, limit=5)
        if attempt % 100 == 99:
            assert loaded.fingerprint() == before, repr(query)
    assert _state(loaded) == state
