"""What the graph may hold: closed sets of labels, relationship types, roles and statuses.

Labels and relationship types only ever come from these enums, never from source text, so they
are safe to place in Cypher. ``ENDPOINTS`` says which labels each relationship type may join.
"""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    ORGANISATION = "Organisation"
    FUNDER = "Funder"
    PROGRAMME = "Programme"
    PROJECT = "Project"
    CITY = "City"


class RelType(StrEnum):
    PARTICIPATES_IN = "PARTICIPATES_IN"
    FUNDED_BY = "FUNDED_BY"
    PART_OF = "PART_OF"
    BASED_IN = "BASED_IN"
    TAKES_PLACE_IN = "TAKES_PLACE_IN"
    MEMBER_OF = "MEMBER_OF"


class Role(StrEnum):
    LEAD = "lead"
    PARTNER = "partner"
    ASSOCIATE = "associate"


# When one organisation appears twice in one project, the stronger role is the one kept.
ROLE_STRENGTH: dict[str, int] = {Role.LEAD: 3, Role.PARTNER: 2, Role.ASSOCIATE: 1}


def stronger_role(a: str | None, b: str | None) -> str | None:
    """The stronger of two roles (unknown or missing ones are weakest)."""
    return b if ROLE_STRENGTH.get(b or "", 0) > ROLE_STRENGTH.get(a or "", 0) else a


class Status(StrEnum):
    COMPLETED = "completed"
    ONGOING = "ongoing"
    PROPOSED = "proposed"
    REJECTED = "rejected"


ID_PREFIX: dict[Label, str] = {
    Label.ORGANISATION: "org",
    Label.FUNDER: "funder",
    Label.PROGRAMME: "prog",
    Label.PROJECT: "proj",
    Label.CITY: "city",
}

# Which labels each relationship type may join (start labels, end labels).
ENDPOINTS: dict[RelType, tuple[tuple[Label, ...], tuple[Label, ...]]] = {
    RelType.PARTICIPATES_IN: ((Label.ORGANISATION,), (Label.PROJECT,)),
    RelType.FUNDED_BY: ((Label.PROJECT,), (Label.PROGRAMME, Label.FUNDER)),
    RelType.PART_OF: ((Label.PROGRAMME,), (Label.PROGRAMME, Label.FUNDER)),
    RelType.BASED_IN: ((Label.ORGANISATION, Label.FUNDER), (Label.CITY,)),
    RelType.TAKES_PLACE_IN: ((Label.PROJECT,), (Label.CITY,)),
    RelType.MEMBER_OF: ((Label.ORGANISATION,), (Label.ORGANISATION,)),
}
