"""The embedded server's users and groups, written in ArcadeDB's own security files.

People's queries do not run as ``root``: they run as ``reader``, a member of a group that the
server itself allows to read records and nothing else (no record writes, no schema, no security
changes). So the read-only console does not depend on recognising every write in the query
text; the lexer in :mod:`graph.store.readonly` is only a first, friendly refusal.

ArcadeDB keeps users in ``config/server-users.jsonl`` (PBKDF2-SHA256 hashes, salted with the
salt's text) and groups in ``config/server-groups.json``; both are read at start, and the groups
file is re-read while the server runs. The server child writes both before the server starts.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from pathlib import Path

READER = "reader"
_ITERATIONS = 65536

# What ArcadeDB's default groups grant; written when the server has not written its own yet.
_DEFAULT_GROUPS = {
    "admin": {
        "resultSetLimit": -1,
        "readTimeout": -1,
        "access": ["updateSecurity", "updateSchema", "updateDatabaseSettings"],
        "types": {"*": {"access": ["createRecord", "readRecord", "updateRecord", "deleteRecord"]}},
    },
    "*": {"resultSetLimit": -1, "readTimeout": -1, "access": [], "types": {"*": {"access": []}}},
}


def reader_group(timeout_ms: int) -> dict:
    """Read records of every type; no database-level rights at all."""
    return {
        "resultSetLimit": -1,
        "readTimeout": timeout_ms,
        "access": [],
        "types": {"*": {"access": ["readRecord"]}},
    }


def hash_password(password: str, salt: str | None = None) -> str:
    """ArcadeDB's password hash format, ``PBKDF2WithHmacSHA256$iterations$salt$hash``."""
    salt = salt or base64.b64encode(secrets.token_bytes(32)).decode()
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _ITERATIONS, 32)
    return f"PBKDF2WithHmacSHA256${_ITERATIONS}${salt}${base64.b64encode(digest).decode()}"


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with a file only its owner can read."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def install(config_dir: Path, root_password: str, reader_password: str, timeout_ms: int) -> None:
    """Make sure ``root`` (admin) and ``reader`` (read-only group) exist with these passwords.

    An existing root entry is kept as it is: ArcadeDB fixed it on first start, and replacing it
    would hide a wrong password file instead of reporting it.
    """
    config_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    groups_path = config_dir / "server-groups.json"
    groups = json.loads(groups_path.read_text()) if groups_path.exists() else {}
    database_groups = groups.setdefault("databases", {}).setdefault("*", {})
    known = database_groups.setdefault("groups", {})
    for name, group in _DEFAULT_GROUPS.items():
        known.setdefault(name, group)
    known[READER] = reader_group(timeout_ms)
    groups.setdefault("version", 2)
    write_private(groups_path, json.dumps(groups, indent=2))

    users_path = config_dir / "server-users.jsonl"
    lines = users_path.read_text().splitlines() if users_path.exists() else []
    users = [json.loads(line) for line in lines if line.strip()]
    users = [user for user in users if user.get("name") != READER]
    if not any(user.get("name") == "root" for user in users):
        users.insert(
            0,
            {
                "name": "root",
                "databases": {"*": ["admin"]},
                "password": hash_password(root_password),
            },
        )
    users.append(
        {"name": READER, "databases": {"*": [READER]}, "password": hash_password(reader_password)}
    )
    write_private(users_path, "".join(json.dumps(user) + "\n" for user in users))


def root_matches(config_dir: Path, root_password: str) -> bool | None:
    """Whether the stored root hash is this password; None before the server's first start."""
    users_path = config_dir / "server-users.jsonl"
    if not users_path.exists():
        return None
    for line in users_path.read_text().splitlines():
        if line.strip() and (user := json.loads(line)).get("name") == "root":
            _, _, salt, _ = user["password"].split("$")
            return secrets.compare_digest(hash_password(root_password, salt), user["password"])
    return None
