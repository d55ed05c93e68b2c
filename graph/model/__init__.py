"""The model: what the graph holds, and the values it holds, with no I/O.

The only part of graph/ that loaders import, and it imports nothing else from graph/.

- ``schema``: closed sets of labels, relationship types, roles (and their strength), statuses;
- ``ids``: stable ids from normalised names, locators (``file#row-N``, ``file#LN``) and their
  natural order;
- ``identity``: which identifiers may identify (placeholders such as ``N/A`` never do);
- ``records``: typed nodes and relationships with provenance, and ``LoadResult``;
- ``values``: money (Decimal, number conventions, ISO 4217, conversion to EUR), dates;
- ``countries``: ISO 3166-1 alpha-2 from codes and names (EN, BG, CS);
- ``names``: organisation names compared and matched (legal forms, abbreviations).

The common names are re-exported here: ``from graph.model import Label, Organisation``.
"""

from graph.model.ids import label_of, make_id, natural_key, normalise, transliterate
from graph.model.records import (
    ENTITY_CLASSES,
    City,
    Entity,
    Funder,
    Issue,
    LoadResult,
    Organisation,
    Programme,
    Project,
    Record,
    Relationship,
)
from graph.model.schema import ENDPOINTS, ID_PREFIX, Label, RelType, Role, Status

__all__ = [
    "ENDPOINTS",
    "ENTITY_CLASSES",
    "ID_PREFIX",
    "City",
    "Entity",
    "Funder",
    "Issue",
    "Label",
    "LoadResult",
    "Organisation",
    "Programme",
    "Project",
    "Record",
    "RelType",
    "Relationship",
    "Role",
    "Status",
    "label_of",
    "make_id",
    "natural_key",
    "normalise",
    "transliterate",
]
