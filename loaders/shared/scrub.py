"""Control characters taken out of what a loader read, each a warning naming file, place and field.

Publishers' files carry stray C0 and C1 control characters (a Windows-1252 quote saved as U+0092
inside an IATI description, a vertical tab pasted from a word processor). No export format can
carry them and the store refuses them, but they say nothing: they are replaced by a space here,
once for every loader, so the file loads whole and a person can see where the text changed.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from graph.model import Issue, LoadResult

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_WHERE = re.compile(r"#(?:.*!)?(?:row-|L)(\d+)")


def clean(value: str) -> str:
    r"""``value`` with each run of control characters replaced by one space.

    >>> clean("Women\x92s rights\x0b centre")
    'Women s rights centre'
    """
    if not CONTROL.search(value):
        return value
    return re.sub(r" {2,}", " ", CONTROL.sub(" ", value)).strip()


def scrub(result: LoadResult) -> LoadResult:
    """Replace control characters in every text of every record, with one warning per field."""
    seen: set[tuple[str, str]] = set()
    for record in result.records:
        for name in (f.name for f in fields(record) if f.name not in ("type", "start", "end")):
            _field(record, name, getattr(record, name), result, seen)
    return result


def _field(record: Any, name: str, value: Any, result: LoadResult, seen: set) -> None:
    if isinstance(value, str) and CONTROL.search(value):
        setattr(record, name, clean(value))
    elif isinstance(value, list) and any(isinstance(v, str) and CONTROL.search(v) for v in value):
        setattr(record, name, [clean(v) if isinstance(v, str) else v for v in value])
    elif isinstance(value, dict) and any(_dirty(v) for v in value.values()):
        for key, item in list(value.items()):
            if isinstance(item, str):
                value[key] = clean(item)
            elif isinstance(item, list):
                value[key] = [clean(v) if isinstance(v, str) else v for v in item]
    else:
        return
    where = (record.sources or [result.source])[0]
    if (where, name) in seen:
        return
    seen.add((where, name))
    found = _WHERE.search(where)
    result.issues.append(
        Issue(
            "control-character",
            f"{where.partition('#')[2] or 'text'}: control character in {name} replaced by a space",
            where.partition("#")[0] or result.source,
            int(found[1]) if found else None,
            name,
            severity="warning",
        )
    )


def _dirty(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return any(isinstance(v, str) and CONTROL.search(v) for v in items)
