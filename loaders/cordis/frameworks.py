"""The EU framework programmes CORDIS publishes (FP7, Horizon 2020, Horizon Europe).

Each is a Programme PART_OF the European Union; a file tells its own by its name or its
projects' grant numbers, else by what the person loading it says.
"""

from __future__ import annotations

import re
from pathlib import Path

from graph.model import Funder, Label, Programme, Relationship, RelType, make_id

PROGRAMMES = {"HORIZON": "Horizon Europe", "H2020": "Horizon 2020", "FP7": "FP7"}
# how file names spell the programmes (CORDIS's own downloads: cordis-h2020projects.csv ...)
FILE_NAMES = [
    (re.compile(r"horizon[\W_]*europe|(^|\W|_)he(\W|_|$)|horizon(?!.*2020)"), "HORIZON"),
    (re.compile(r"h2020|horizon[\W_]*2020"), "H2020"),
    (re.compile(r"fp7"), "FP7"),
]
FIRST_H2020_GRANT = 633000
EU = Funder(id=make_id(Label.FUNDER, "European Union"), name="European Union", country="EU")


def programme(code: str) -> Programme:
    """The Programme of a framework programme code (``H2020``) or name."""
    name = PROGRAMMES.get(code.upper(), code)
    return Programme(id=make_id(Label.PROGRAMME, "eu", name), name=name)


def framework(path: Path, pids: list[str], given: str | None = None) -> str | None:
    """The framework programme of a file: its name, else its ids, else what was given."""
    name = path.name.lower()
    for pattern, code in FILE_NAMES:
        if pattern.search(name):
            return code
    by_ids = {_by_id(p) for p in pids if p}
    if len(by_ids) == 1 and None not in by_ids:
        return by_ids.pop()
    return given.upper() if given else None


def _by_id(pid: str) -> str | None:
    if re.fullmatch(r"\d{6}", pid):
        return "FP7" if int(pid) < FIRST_H2020_GRANT else "H2020"
    return None


def part_of(prog: Programme, src: str) -> Relationship:
    return Relationship(type=RelType.PART_OF, start=prog.id, end=EU.id, sources=[src])
