"""Exports of the whole graph (in each format of :data:`graph.io.registry.EXPORTS`), and the
JSON import that round-trips it without loss."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from graph.errors import InvalidRequest, LoadError
from graph.io import formats as export_formats
from graph.io import registry
from graph.model import ENTITY_CLASSES, Label, Relationship, RelType
from graph.store import Store


def to_json(store: Store) -> dict[str, Any]:
    """The graph as ``{"nodes": [...], "relationships": [...]}``, sorted so exports compare."""
    nodes = [
        {"id": props["id"], "labels": [label.value], "properties": _sorted(props)}
        for label, props in store.all_nodes()
    ]
    rels = [
        {
            "type": rel.value,
            "start": row["start"],
            "end": row["end"],
            "properties": _sorted(row["props"]),
        }
        for rel, row in store.all_relationships()
    ]
    nodes.sort(key=lambda n: n["id"])
    rels.sort(key=lambda r: (r["type"], r["start"], r["end"]))
    return {"nodes": nodes, "relationships": rels}


def _sorted(props: dict[str, Any]) -> dict[str, Any]:
    return dict(sorted(props.items()))


def export_json(store: Store, path: Path) -> Path:
    path.write_text(json.dumps(to_json(store), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# Every format of the registry, in its order; one it names without a writer fails here.
_WRITERS = {"json": export_json, **export_formats.EXPORTERS}  # graphml, gexf, csv, kumu
EXPORTERS = {fmt: _WRITERS[fmt] for fmt in registry.EXPORTS}


def export(store: Store, fmt: str, path: Path) -> Path:
    """Write the graph in ``fmt`` to ``path``; a file appears whole or not at all (a failure
    half-way leaves any earlier export in place)."""
    try:
        exporter = EXPORTERS[fmt]
    except KeyError:
        known = ", ".join(EXPORTERS)
        raise InvalidRequest(f"unknown export format {fmt!r}; known: {known}") from None
    if path.is_dir() or (fmt == "csv" and path.suffix.lower() != ".zip"):
        return exporter(store, path)  # CSV into a folder: two files, written one by one
    partial = path.with_name(f".partial-{path.name}")
    try:
        exporter(store, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def to_bytes(store: Store, fmt: str) -> bytes:
    """The whole graph in ``fmt``, as the bytes of the file a person downloads."""
    with tempfile.TemporaryDirectory(prefix="graph-export-") as folder:
        return export(
            store, fmt, Path(folder) / registry.EXPORTS[fmt].file_name("graph")
        ).read_bytes()


def records_from_json(data: dict[str, Any], name: str = "import") -> list:
    """Model records from an export; a malformed entry names its position."""
    records: list = []
    where = "the file"
    try:
        for i, node in enumerate(data["nodes"]):
            where = f"node {i}"
            label = Label(node["labels"][0])
            records.append(ENTITY_CLASSES[label].from_properties(node["properties"]))
        for i, rel in enumerate(data["relationships"]):
            where = f"relationship {i}"
            props = rel.get("properties", {})
            records.append(
                Relationship.from_properties(RelType(rel["type"]), rel["start"], rel["end"], props)
            )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise LoadError(f"{name}: {where} is not a valid export entry ({exc})") from exc
    return records


def import_json(store: Store, path: Path) -> dict[str, int]:
    """Load a JSON export into the store in one transaction."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LoadError(f"{path.name}: not a readable JSON export ({exc})") from exc
    if not isinstance(data, dict):
        raise LoadError(f"{path.name}: not a JSON export (expected an object)")
    try:
        return store.write(records_from_json(data, path.name))
    except ValueError as exc:  # e.g. a relationship to a node the file does not hold
        raise LoadError(f"{path.name}: {exc}; nothing was imported") from exc
