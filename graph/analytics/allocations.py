"""How a project's money is divided to organisations: the one definition every total, flow,
map and profile counts from (:func:`allocations`).

Each project's money (``amount_eur``, else the sum of its FUNDED_BY amounts) is first divided
between its funding lines: by their EUR amounts when every line has one, else equally. Each
line reaches the top funder through PART_OF. The money then goes to organisations:

- an organisation whose source states its own amount (``amount_eur`` on PARTICIPATES_IN: CORDIS
  ``ecContribution``, an IATI receiver's transactions, a 360Giving recipient, a spreadsheet
  row) gets exactly that, a stated zero included; the project counts at least their sum;
- what is left goes to the partners without a stated amount by the ``split`` rule, and is
  marked ``estimated`` (an "estimated share" in every view): ``equal`` (:data:`DEFAULT_SPLIT`,
  used by every page and the CLI unless asked otherwise) gives equal shares, so no partner is
  credited the whole project; ``lead`` gives it all to the lead (several leads share equally;
  no lead: equal shares);
- money left when every partner's amount is stated stays at "(no organisation)".

A filter on organisations (country, city, kind) keeps only the money reaching them, in every
view built from :func:`allocations` (flows, the Sankey chain, the map, the profile).

A project without participants keeps its money at "(no organisation)", so nothing is lost:
the allocations of a project always add up to its amount. Original currencies are carried in
the same proportions. Projects without any amount are left out and counted in the notes.

>>> from graph.model import Funder, Organisation, Project, Relationship, RelType
>>> P, F = RelType.PARTICIPATES_IN, RelType.FUNDED_BY
>>> pf = Portfolio.from_records([Funder(id="funder:f", name="F"),
...     Organisation(id="org:a", name="A"), Organisation(id="org:b", name="B"),
...     Project(id="proj:p", name="P", amount=600.0, currency="BGN", amount_eur=306.78),
...     Relationship(type=F, start="proj:p", end="funder:f"),
...     Relationship(type=P, start="org:a", end="proj:p", role="lead"),
...     Relationship(type=P, start="org:b", end="proj:p", role="partner")])
>>> [(a.organisation, a.amount_eur, a.amount) for a in allocations(pf, "lead")[0]]
[('org:a', 306.78, 600.0)]
>>> [a.estimated for a in allocations(pf)[0]]
[True, True]
>>> organisation_money(pf)
{'org:a': 153.39, 'org:b': 153.39}
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from graph.analytics.networks import NetworkFilter
from graph.analytics.portfolio import Portfolio
from graph.errors import InvalidRequest
from graph.model import Label, label_of

Split = Literal["lead", "equal"]
DEFAULT_SPLIT: Split = "equal"
NO_ORG = "(no organisation)"
UNKNOWN = "(unknown)"


@dataclass(frozen=True)
class Allocation:
    """One piece of money: from a funding line of a project to one organisation."""

    funder: str
    programme: str | None
    project: str
    organisation: str | None
    amount_eur: float
    amount: float | None
    currency: str | None
    estimated: bool = False  # a share by the split rule, where no source states one


def allocations(
    pf: Portfolio, split: Split = DEFAULT_SPLIT, flt: NetworkFilter | None = None
) -> tuple[list[Allocation], list[str]]:
    """Every project's money divided to organisations, with notes on the rules used.

    Only money reaching the filter's organisations is kept when it selects organisations.
    """
    if split not in ("lead", "equal"):
        raise InvalidRequest(f"unknown split rule {split!r}; use lead or equal")
    flt = flt or NetworkFilter()
    lines = defaultdict(list)
    for rel in pf.funding:
        lines[rel.start].append(rel)
    out: list[Allocation] = []
    counts: dict[str, int] = defaultdict(int)
    own = _own_amounts(pf)
    # money reaching other organisations is never made (at 50,000 organisations a country
    # keeps a tenth of it), though their projects still count in the notes
    keep = flt.organisations(pf) if flt.countries or flt.cities or flt.kinds else None
    payers: dict[str | None, tuple[str, str | None]] = {}  # funding line's end -> funder, programme
    for pid in flt.projects(pf):
        project = pf.projects[pid]
        total = _project_total(project.amount_eur, lines[pid])
        if total is None:
            counts["no amount"] += 1
            continue
        shares, rules = _organisation_shares(pf.members.get(pid, []), own, pid, split, total)
        total = max(total, sum(own.get((o, pid), 0.0) for o, _ in pf.members.get(pid, [])))
        for rule in rules:
            counts[rule] += 1
        if keep is not None:
            shares = [s for s in shares if s[0] in keep]
        for line, line_share in _line_shares(lines[pid]):
            end = line.end if line is not None else None
            if end not in payers:
                payers[end] = _funder_and_programme(pf, line)
            funder, programme = payers[end]
            for org, share, estimated in shares:
                part = line_share * share
                original = project.amount * part if project.amount is not None else None
                out.append(
                    Allocation(
                        funder,
                        programme,
                        pid,
                        org,
                        total * part,
                        original,
                        project.currency,
                        estimated,
                    )
                )
    notes = _notes(split, counts)
    if keep is not None:
        notes.append("only money reaching the selected organisations is counted")
    return out, notes


def project_amounts(pf: Portfolio) -> dict[str, float | None]:
    """Each project's EUR amount as every total counts it (its own, else its funding lines')."""
    lines = defaultdict(list)
    for rel in pf.funding:
        lines[rel.start].append(rel)
    own = _own_amounts(pf)
    out: dict[str, float | None] = {}
    for pid, p in pf.projects.items():
        total = _project_total(p.amount_eur, lines[pid])
        stated = sum(own.get((o, pid), 0.0) for o, _ in pf.members.get(pid, []))
        out[pid] = None if total is None else max(total, stated)
    return out


def organisation_money(
    pf: Portfolio, flt: NetworkFilter | None = None, split: Split = DEFAULT_SPLIT
) -> dict[str, float]:
    """EUR reaching each organisation (the same allocations as the flows), rounded to cents."""
    money: dict[str, float] = defaultdict(float)
    for a in allocations(pf, split, flt)[0]:
        if a.organisation is not None:
            money[a.organisation] += a.amount_eur
    return {org: round(v, 2) for org, v in sorted(money.items())}


def _project_total(amount_eur: float | None, lines: list) -> float | None:
    if amount_eur is not None:
        return float(amount_eur)
    amounts = [rel.amount_eur for rel in lines if rel.amount_eur is not None]
    return float(sum(amounts)) if amounts else None


def _line_shares(lines: list) -> list[tuple[Any, float]]:
    """Funding lines with their fractions of the project (one unknown line if there are none)."""
    if not lines:
        return [(None, 1.0)]
    amounts = [rel.amount_eur for rel in lines]
    if all(a is not None and a > 0 for a in amounts):
        whole = sum(amounts)
        return [(rel, a / whole) for rel, a in zip(lines, amounts, strict=True)]
    return [(rel, 1.0 / len(lines)) for rel in lines]


def _funder_and_programme(pf: Portfolio, line: Any) -> tuple[str, str | None]:
    if line is None:
        return UNKNOWN, None
    above = sorted(pf.ancestors(line.end))
    funders = [node for node in above if label_of(node) is Label.FUNDER]
    programme = line.end if label_of(line.end) is Label.PROGRAMME else None
    return (funders[0] if funders else (programme or line.end)), programme


def _organisation_shares(members: list, own: dict, pid: str, split: Split, total: float):
    """[(organisation id or None, fraction, estimated)] and the rules that produced them.

    Stated amounts are the organisations' own; the rest of the project (if any) is shared
    among the others by ``split``, as estimates, or kept unattributed when all are stated.
    """
    if not members:
        return [(None, 1.0, False)], ["no participants"]
    stated = {org: own[(org, pid)] for org, _ in members if (org, pid) in own}
    whole = max(total, sum(stated.values()))
    if whole <= 0:
        whole = 1.0  # nothing to share: every fraction below is of nothing
    out = [(org, amount / whole, False) for org, amount in stated.items()]
    rest = [(org, role) for org, role in members if org not in stated]
    left = 1.0 - sum(share for _, share, _ in out)
    rules = ["given"] if stated else []
    if left * whole < 0.005:  # less than a cent: the stated amounts are the whole
        return out, rules
    if not rest:
        return [*out, (None, left, False)], [*rules, "unattributed"]
    leads = [org for org, role in rest if role == "lead"]
    chosen = leads if split == "lead" and leads else [org for org, _ in rest]
    rules.append("lead" if chosen is leads else "equal" if split == "equal" else "no lead")
    guess = len(members) > 1
    return [*out, *((org, left / len(chosen), guess) for org in chosen)], rules


def _own_amounts(pf: Portfolio) -> dict[tuple[str, str], float]:
    """(organisation, project) -> the organisation's own EUR amount, where the source gives one."""
    return {
        (rel.start, rel.end): rel.amount_eur
        for rel in pf.participations
        if rel.amount_eur is not None
    }


def _notes(split: Split, counts: dict[str, int]) -> list[str]:
    rule = "all to the lead partner" if split == "lead" else "equal shares among partners"
    notes = [
        f"where no source states a partner's amount: {rule} (split={split}), "
        "shown as estimated share"
    ]
    if counts.get("given"):
        notes.append(f"{counts['given']} project(s) with partners' own amounts as stated")
    if counts.get("no lead"):
        notes.append(f"{counts['no lead']} project(s) without a lead: equal shares")
    if counts.get("unattributed"):
        notes.append(
            f"{counts['unattributed']} project(s) with money beyond the partners' "
            f"stated amounts: the rest at {NO_ORG}"
        )
    if counts.get("no participants"):
        notes.append(f"{counts['no participants']} project(s) without participants: {NO_ORG}")
    if counts.get("no amount"):
        notes.append(f"{counts['no amount']} project(s) without an amount left out")
    return notes
