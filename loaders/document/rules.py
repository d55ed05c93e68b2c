"""Rules that find candidate facts in one logical line, in Bulgarian, Czech and English.

Each rule is a regular expression with a small function around it; it returns
:class:`Candidate` spans (what, where, the surface text, a few attributes). Rules run in order
and a span claimed by an earlier rule is not reused by a later one, so "Оперативна програма
„Добро управление“" is a programme and not also a quoted project title.
"""

from __future__ import annotations

from loaders.document.cards import card_funders, cards
from loaders.document.dates import amounts, dates
from loaders.document.funding import funders_in_context, funding
from loaders.document.institutions import institutions
from loaders.document.locations import cities_and_countries
from loaders.document.markers import markers
from loaders.document.organisations import (
    abbreviation_definitions,
    extend_organisations,
    organisations,
    partner_lists,
    partner_objects,
)
from loaders.document.orgnames import known_organisations, tidy
from loaders.document.roles import listed_after_markers, role_markers
from loaders.document.titles import acronyms, quoted_titles, title_lines, unquoted_titles
from loaders.document.units import Candidate, Unit


def extract(
    unit: Unit,
    acronyms_seen: set[str],
    inherited: str | None = None,
    names: frozenset[str] | None = None,
) -> list[Candidate]:
    """Every candidate in ``unit``, in text order; ``inherited`` is the field of a bare label
    line above it (see :func:`loaders.document.cards.open_labels`); ``names`` the index of known
    organisation names (see :mod:`loaders.document.orgnames`)."""
    found: list[Candidate] = []
    title_lines(unit, found)
    funding(unit, found)
    partner_lists(unit, found)
    cards(unit, found, inherited)
    card_funders(unit, found, inherited)
    role_markers(unit, found)
    quoted_titles(unit, found)
    unquoted_titles(unit, found)
    organisations(unit, found)
    partner_objects(unit, found)
    extend_organisations(unit, found)
    funders_in_context(unit, found)
    institutions(unit, found)
    known_organisations(unit.text, found, names)
    listed_after_markers(unit, found)
    acronyms(unit, found, acronyms_seen)
    abbreviation_definitions(unit, found)
    cities_and_countries(unit, found)
    found.extend(amounts(unit.text))
    found.extend(dates(unit.text))
    markers(unit, found)
    found = tidy(found)
    acronyms_seen.update(c.attrs["acronym"] for c in found if c.attrs.get("acronym"))
    return sorted(found, key=lambda c: (c.start, c.end))
