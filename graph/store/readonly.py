"""The read-only guard in front of people's queries: a first, friendly refusal of writes.

One left-to-right lexing pass blanks strings and comments, then write clauses and procedures off
an allow-list are refused before anything reaches the server. This is not what makes the
console safe: the store runs people's queries as a user the server forbids to write
(:mod:`graph.store.security`), in a READ transaction it never commits. The lexer only gives a
clear message early, so it errs towards refusing: a line comment ends at every character any
Cypher server treats as a line end, and a quoted name never glues onto a keyword.
"""

from __future__ import annotations

import re

from graph.errors import ReadOnlyViolation

# Clauses and calls that write, or read local files; refused before anything runs, because the
# embedded server does not roll back schema changes or new labels, and the update counters do not
# see what a procedure writes: procedures must be on the allow-list below.
_WRITE_WORDS = re.compile(
    r"\b(CREATE|INSERT|MERGE|SET|DELETE|REMOVE|DROP|FOREACH|LOAD\s+CSV|IN\s+TRANSACTIONS|"
    r"ALTER|RENAME|GRANT|DENY|REVOKE|TERMINATE|START\s+DATABASE|STOP\s+DATABASE)\b",
    re.IGNORECASE,
)
_NAME = r"(?:_q\d+_|[A-Za-z_]\w*)"
_CALL = re.compile(rf"\bCALL\s*({_NAME}(?:\s*\.\s*{_NAME})*)", re.IGNORECASE)
_ALLOWED_PROCEDURES = {
    "db.labels",
    "db.relationshiptypes",
    "db.propertykeys",
    "db.schema.visualization",
    "db.ping",
    "dbms.components",
}
# SHOW commands other than these tell a person about the server (users and their roles, settings,
# databases, other people's transactions); refused like writes.
_SHOW = re.compile(
    r"\bSHOW\s+(?!(?:(?:ALL|RANGE|TEXT|POINT|LOOKUP|FULLTEXT|VECTOR|UNIQUE|UNIQUENESS|EXISTENCE|"
    r"NODE|RELATIONSHIP|REL|KEY|PROPERTY)\s+)*(?:INDEX|INDEXES|CONSTRAINT|CONSTRAINTS)\b)"
    r"(\w+(?:\s+\w+)?)",
    re.IGNORECASE,
)
# Functions that make the server wait: ArcadeDB's command time limit does not stop a sleep, so
# one sleeping query would hold a query slot for as long as it asks.
_WAITS = re.compile(r"\bsleep\s*\(", re.IGNORECASE)
# Every character that ends a line somewhere (\r alone, NEL, the Unicode separators ...): ending a
# comment early only shows more text to the checks.
_LINE_ENDS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# One left-to-right pass, so a comment marker inside a string (or a quote inside a comment)
# cannot hide what follows it. An unterminated string or name runs to the end (and is blanked).
_LEXEMES = re.compile(
    rf"'(?:\\.|[^'\\])*(?:'|$)|\"(?:\\.|[^\"\\])*(?:\"|$)|//[^{_LINE_ENDS}]*"
    r"|/\*.*?(?:\*/|$)|`(?:[^`]|``)*(?:`|$)",
    re.DOTALL,
)


def _blank(query: str) -> tuple[str, list[str]]:
    """The query with strings and comments blanked and quoted names replaced by ``_qN_``."""
    names: list[str] = []

    def replace(match: re.Match) -> str:
        text = match.group(0)
        if text.startswith("`"):
            names.append(text[1:].removesuffix("`").replace("``", "`"))
            return f" _q{len(names) - 1}_ "
        return " " if text.startswith("/") else " '' "

    return _LEXEMES.sub(replace, query), names


def check_read_only(query: str) -> None:
    """Refuse a statement that could write, before it reaches the server.

    >>> check_read_only("MATCH (n) WHERE n.name = 'CREATE' RETURN n")
    >>> check_read_only("MATCH (n) DETACH DELETE n")
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyViolation: read-only: DELETE is not allowed here
    >>> check_read_only("CALL `apoc`.`merge.node`(['X'], {}) YIELD node RETURN node")
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyViolation: read-only: procedure apoc.merge.node is not allowed here
    >>> check_read_only("RETURN 1 //" + chr(13) + "CREATE USER evil SET PASSWORD 'x'")
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyViolation: read-only: CREATE is not allowed here
    >>> check_read_only("UNWIND range(1, 5) AS i WITH i, util.`sleep`(59000) AS z RETURN i")
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyViolation: read-only: sleep() is not allowed here (a query may not wait)
    >>> check_read_only("SHOW INDEXES YIELD name RETURN name")
    >>> check_read_only("SHOW CURRENT USER")
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyViolation: read-only: SHOW CURRENT USER is not allowed here (only SHOW \
INDEXES and SHOW CONSTRAINTS)
    """
    bare, names = _blank(query)
    found = _WRITE_WORDS.search(bare)
    if found:
        word = " ".join(found.group(1).upper().split())
        raise ReadOnlyViolation(f"read-only: {word} is not allowed here")
    shown = _SHOW.search(bare)
    if shown:
        what = " ".join(shown.group(1).upper().split())
        raise ReadOnlyViolation(
            f"read-only: SHOW {what} is not allowed here (only SHOW INDEXES and SHOW CONSTRAINTS)"
        )
    for call in _CALL.finditer(bare):
        parts = re.split(r"\s*\.\s*", call.group(1))
        name = ".".join(names[int(p[2:-1])] if re.fullmatch(r"_q\d+_", p) else p for p in parts)
        if name.lower() not in _ALLOWED_PROCEDURES:
            raise ReadOnlyViolation(f"read-only: procedure {name} is not allowed here")
    if _WAITS.search(re.sub(r"_q(\d+)_", lambda m: names[int(m[1])], bare)):
        raise ReadOnlyViolation("read-only: sleep() is not allowed here (a query may not wait)")
