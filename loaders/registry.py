"""Which loader reads which file: by ``--format`` name, else by suffix and a peek at the content.

Every loader is ``load(path, progress=None) -> LoadResult``: it reads one file and returns records
and issues, never touching the database. Rows with errors are left out of ``records`` and listed
in ``issues``; a file that cannot be read at all gives no records and one error.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from graph.model import LoadResult

Progress = Callable[[int, int], None]
Loader = Callable[..., LoadResult]

# format name -> "module:function" (imported lazily, so a missing optional loader costs nothing)
FORMATS: dict[str, str] = {
    "document": "loaders.document:load",
    "tabular": "loaders.tabular:load",
    "iati": "loaders.iati:load",
    "360giving": "loaders.giving360:load",
    "cordis": "loaders.cordis:load",
}
SUFFIXES: dict[str, str] = {
    ".txt": "document",
    ".md": "document",
    ".markdown": "document",
    ".pdf": "document",
    ".docx": "document",
    ".html": "document",
    ".htm": "document",
    ".xml": "iati",
    ".json": "360giving",
    ".csv": "tabular",
    ".tsv": "tabular",
    ".xlsx": "tabular",
}


def detect(path: Path) -> str:
    """The format of ``path``: a registered detector first, then the suffix."""
    for name in DETECTORS:
        found = _resolve(name)(path)
        if found:
            return found
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"{path.name}: unknown file type; pass --format ({known})") from None


# "module:function" names of functions (path) -> format name or None, asked in order.
DETECTORS: list[str] = ["loaders.cordis:detect", "loaders.giving360:detect"]


def _resolve(target: str) -> Callable:
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)


def loader_for(fmt: str) -> Loader:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(sorted(FORMATS))}")
    return _resolve(FORMATS[fmt])


def load(path: Path, fmt: str | None = None, progress: Progress | None = None) -> LoadResult:
    """Read one file with the loader for its format."""
    fmt = fmt or detect(path)
    result = loader_for(fmt)(path, progress=progress)
    result.source = result.source or path.name
    return result
