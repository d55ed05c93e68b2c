"""Which loader reads which file: by ``--format`` name, else by asking each format module.

Every format module has the same shape: ``detect(path) -> bool`` (a small read: is this file
mine?) and ``load(path, progress=None) -> LoadResult`` (records and issues, never touching the
database). Rows with errors are left out of ``records`` and listed in ``issues``; a file that
cannot be read at all gives no records and one error. A file no module claims goes by its
suffix, so its loader can say what is wrong with it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from graph.model import LoadResult
from loaders.shared import scrub

Progress = Callable[[int, int], None]
Loader = Callable[..., LoadResult]

# format name -> module, asked in this order (the most specific first); imported lazily
FORMATS: dict[str, str] = {
    "cordis": "loaders.cordis",
    "360giving": "loaders.giving360",
    "grants": "loaders.grants_list",
    "iati": "loaders.iati",
    "tabular": "loaders.tabular",
    "document": "loaders.document",
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
    ".xls": "grants",
}


def module(fmt: str) -> ModuleType:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(sorted(FORMATS))}")
    return importlib.import_module(FORMATS[fmt])


def detect(path: Path) -> str:
    """The format of ``path``: the first module that claims it, else its suffix."""
    for fmt in FORMATS:
        if module(fmt).detect(path):
            return fmt
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"{path.name}: unknown file type; pass --format ({known})") from None


def loader_for(fmt: str) -> Loader:
    return module(fmt).load


# what a person may tell a loader that the file cannot: format -> option names
OPTIONS: dict[str, set[str]] = {
    "cordis": {"programme"},
    "grants": {"mapping"},
    "document": {"known_names"},
}


def load(
    path: Path, fmt: str | None = None, progress: Progress | None = None, **options: Any
) -> LoadResult:
    """Read one file with the loader for its format; ``options`` (such as ``programme`` for
    CORDIS, a grants list's ``mapping``, or a document's ``known_names``) go to the formats that
    take them; a mapping makes the file a grants list."""
    fmt = fmt or ("grants" if options.get("mapping") else detect(path))
    given = {k: v for k, v in options.items() if v is not None and k in OPTIONS.get(fmt, ())}
    result = loader_for(fmt)(path, progress=progress, **given)
    result.source = result.source or path.name
    return scrub.scrub(result)
