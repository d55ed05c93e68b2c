"""A call as people describe it: a partial consortium to complete, and what it must cover.

A consortium (the asker and the organisations already in) is completed by candidates scored
against each member in turn and combined as the chance of fitting at least one of them::

    score(v) = 1 - prod over members m of (1 - score_m(v))

so a candidate tied to several members rises above one tied to a single member equally well.
A call may also need "at least one partner from each of" some countries, or one of each of
some kinds of organisation: the requirements no member meets yet are covered first, each by
its best candidate (:func:`cover_first`), and the rest follow by score.

>>> combine([np.array([0.5, -1.0, 0.2]), np.array([0.5, 0.4, -1.0])]).round(3).tolist()
[0.75, 0.4, 0.2]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from graph.analytics.partners.index import Call, PartnerIndex
from graph.model.kinds import kind_key, kind_name


def combine(member_scores: Sequence[np.ndarray]) -> np.ndarray:
    """Noisy-or of the members' scores (each -1 where not a candidate for that member); -1
    where the candidate is no member's candidate."""
    stacked = np.vstack(member_scores)
    chance = 1.0 - np.prod(1.0 - np.clip(stacked, 0.0, 1.0), axis=0)
    return np.where((stacked >= 0).any(axis=0), chance, -1.0)


def needs(index: PartnerIndex, members: Sequence[int], call: Call) -> list[tuple[str, str]]:
    """The call's ``("country", "CZ")`` and ``("kind", "university")`` requirements that no
    member meets yet, in the order the call gives them."""
    have_countries = {index.country[m] for m in members}
    have_kinds = {index.kind[m] for m in members}
    out = [("country", c.upper()) for c in call.each_country if c.upper() not in have_countries]
    out += [("kind", kind_key(k)) for k in call.each_kind if kind_key(k) not in have_kinds]
    return list(dict.fromkeys(out))


def cover_first(
    index: PartnerIndex,
    score: np.ndarray,
    missing: list[tuple[str, str]],
    fallback: Callable[[str, str], int | None],
) -> dict[int, list[str]]:
    """For each missing requirement, the best candidate meeting it (a pick already made that
    meets it counts): ``{row: [requirements it covers]}``, in the order picked. ``fallback``
    names one (without evidence, or beyond the graph) when no scored candidate meets it."""
    picks: dict[int, list[str]] = {}
    for what, value in missing:
        values = index.country if what == "country" else index.kind
        done = [i for i in picks if values[i] == value]
        if done:
            picks[done[0]].append(value)
            continue
        rows = np.flatnonzero((values == value) & (score >= 0))
        rows = rows[[i not in picks for i in rows]] if rows.size else rows
        pick: int | None = None
        if rows.size:
            pick = int(min(rows, key=lambda i: (-round(score[i], 9), _name(index, i))))
        else:
            pick = fallback(what, value)
        if pick is not None:
            picks[pick] = [value]
    return picks


def covers_reason(index: PartnerIndex, row: int, values: list[str], call: Call) -> str:
    """Why a pick comes first: what it covers, and what the call asks."""
    asked = []
    if call.each_country:
        asked.append(f"at least one partner from each of {', '.join(call.each_country)}")
    if call.each_kind:
        asked.append(f"one of each of: {', '.join(call.each_kind)}")
    kind = kind_name(index.pf.organisations[index.org_ids[row]].kind)
    shown = [kind if kind and v == index.kind[row] else v for v in values]
    return f"covers {', '.join(shown)}, still missing (the call needs {'; '.join(asked)})"


def member_ties(index: PartnerIndex, members: Sequence[int], row: int) -> str | None:
    """Says "already works with A and B of the consortium" for a candidate tied to two members
    or more (a tie to one is among its reasons already)."""
    tied = [_name(index, m) for m in members if row in index.partners_of(m)]
    if len(tied) < 2:
        return None
    return (
        f"already works with {' and '.join(tied)} of the consortium ({len(tied)} of {len(members)})"
    )


def members(index: PartnerIndex, organisation: str | None, call: Call) -> list[int]:
    """The asker (first) and the consortium's other members, as rows, each once."""
    names = [organisation] if organisation else []
    rows = [index.row[index.names.find(name)] for name in [*names, *call.consortium]]
    return list(dict.fromkeys(rows))


def excluded(index: PartnerIndex, call: Call) -> list[int]:
    """The rows of the organisations the call does not want."""
    return [index.row[index.names.find(name)] for name in call.exclude]


def grouped(missing: list[tuple[str, str]]) -> dict[str, set[str]]:
    """``{"country": {...}, "kind": {...}}`` from :func:`needs`."""
    out: dict[str, set[str]] = {"country": set(), "kind": set()}
    for what, value in missing:
        out[what].add(value)
    return out


def candidates(index: PartnerIndex, members: list[int], call: Call, *, exclude: bool) -> np.ndarray:
    """Who may be suggested: meets the call's countries and kinds, is no member, is not
    excluded by the call, and (with ``exclude``) is not the asker's (first member's) partner."""
    keep = np.ones(len(index.org_ids), dtype=bool)
    if call.countries:
        keep &= np.isin(index.country, [c.upper() for c in call.countries])
    if call.kinds:
        keep &= np.isin(index.kind, [kind_key(k) for k in call.kinds])
    if members:
        keep[members] = False
        if exclude:
            keep[list(index.partners_of(members[0]))] = False
    keep[excluded(index, call)] = False
    return keep


def best(index: PartnerIndex, score: np.ndarray, top: int) -> list[int]:
    """The ``top`` rows by score (-1: not a candidate), ties by name."""
    eligible = np.flatnonzero(score >= 0)
    if eligible.size > top:
        cut = np.partition(score[eligible], -top)[-top]
        eligible = eligible[score[eligible] >= cut]
    names = index.pf.organisations
    ranked = sorted(eligible, key=lambda i: (-round(score[i], 9), names[index.org_ids[i]].name))
    return [int(i) for i in ranked[:top]]


def _name(index: PartnerIndex, i: int) -> str:
    return index.pf.organisations[index.org_ids[i]].name
