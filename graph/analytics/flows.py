"""Funding flows: funder -> programme -> project -> organisation, in EUR, adding up.

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
>>> [(r["target"], r["amount_eur"], r["currencies"])
...  for r in flows(pf, "organisation", split="lead").rows]
[('A', 306.78, {'BGN': 600.0})]
>>> [(r["target"], r["amount_eur"]) for r in flows(pf, "organisation").rows]
[('A', 153.39), ('B', 153.39)]
>>> [a.estimated for a in allocations(pf)[0]]
[True, True]
>>> organisation_money(pf)
{'org:a': 153.39, 'org:b': 153.39}
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.analytics.networks import NetworkFilter
from graph.analytics.portfolio import Portfolio
from graph.errors import InvalidRequest
from graph.model import Label, label_of

Split = Literal["lead", "equal"]
DEFAULT_SPLIT: Split = "equal"
BY = ("funder", "programme", "city", "country", "organisation", "year")
NO_ORG = "(no organisation)"
UNKNOWN = "(unknown)"
DIRECT = "(direct)"


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


@dataclass
class FlowReport:
    """Aggregated flows (largest first), the total, and the rules that were applied."""

    rows: list[dict[str, Any]]
    total_eur: float
    notes: list[str] = field(default_factory=list)


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


def flows(
    pf: Portfolio,
    by: str = "funder",
    split: Split = DEFAULT_SPLIT,
    flt: NetworkFilter | None = None,
    allocated: tuple[list[Allocation], list[str]] | None = None,
) -> FlowReport:
    """Money from each funder (or programme, with ``by="programme"``) to the ``by`` group.

    ``by="funder"`` gives funder -> programme ("(direct)" where a funder pays projects itself);
    ``by="programme"`` gives programme -> organisation; the others give funder -> city,
    country, organisation or year (the project's first year). Rows carry their grouping keys,
    ``currencies`` (original amounts), ``projects`` (how many projects the money came from) and
    ``estimated_eur`` (the part of ``amount_eur`` that is an estimated share, not stated).
    ``allocated`` is :func:`allocations` of the same arguments, when the caller already has it.
    """
    if by not in BY:
        raise InvalidRequest(f"unknown grouping {by!r}; use {', '.join(BY)}")
    allocs, notes = allocated or allocations(pf, split, flt)
    notes = list(notes)
    groups: dict[tuple, dict[str, Any]] = {}
    rows_of: dict[tuple, dict[str, Any]] = {}  # keys made once per payer and payee
    for alloc in allocs:
        payee = (alloc.funder, alloc.programme, alloc.organisation)
        if by == "year":
            payee += (alloc.project,)
        row = rows_of.get(payee)
        if row is None:
            keys = _keys(pf, alloc, by)
            row = rows_of[payee] = groups.setdefault(
                tuple(keys.items()),
                {
                    **keys,
                    "amount_eur": 0.0,
                    "estimated_eur": 0.0,
                    "currencies": defaultdict(float),
                    "projects": set(),
                },
            )
        row["amount_eur"] += alloc.amount_eur
        if alloc.estimated:
            row["estimated_eur"] += alloc.amount_eur
        if alloc.amount is not None and alloc.currency:
            row["currencies"][alloc.currency] += alloc.amount
        row["projects"].add(alloc.project)
    rows = [_finish(row) for row in groups.values()]
    _round_to_total(rows)
    for row in rows:  # money paid in euro is said once: the rounded amount, not a cent apart
        euro = row["currencies"].get("EUR")
        if len(row["currencies"]) == 1 and euro is not None:
            if abs(euro - row["amount_eur"]) < 0.015:  # rounding only (not a part without one)
                row["currencies"]["EUR"] = row["amount_eur"]
    rows.sort(key=lambda r: (-r["amount_eur"], r["source"], r["target"]))
    return FlowReport(rows, round(sum(a.amount_eur for a in allocs), 2), notes)


def _keys(pf: Portfolio, alloc: Allocation, by: str) -> dict[str, Any]:
    funder = pf.funder_name(alloc.funder) if alloc.funder != UNKNOWN else UNKNOWN
    programme = pf.funder_name(alloc.programme) if alloc.programme else DIRECT
    org = pf.organisations.get(alloc.organisation or "")
    city = pf.city_of(org.id) if org else None
    if by == "funder":
        return {"source": funder, "target": programme, "funder": funder, "programme": programme}
    if by == "programme":
        source = programme if alloc.programme else funder
        return {
            "source": source,
            "target": org.name if org else NO_ORG,
            "funder": funder,
            "programme": programme,
            "organisation": org.id if org else None,
        }
    target = {
        "city": city.name if city else UNKNOWN,
        "country": (org.country if org else None) or UNKNOWN,
        "organisation": org.name if org else NO_ORG,
        "year": str(pf.years[alloc.project][0] or UNKNOWN),
    }[by]
    keys = {"source": funder, "target": target, "funder": funder, by: target}
    if by == "organisation":
        keys.update(organisation=org.id if org else None, country=org.country if org else None)
    if by == "city":
        keys.update(country=(org.country if org else None) or UNKNOWN)
    return keys


def _round_to_total(rows: list[dict[str, Any]]) -> None:
    """Round amounts to cents so that the rounded rows add up to the rounded total exactly
    (largest remainders get the leftover cents)."""
    cents = [row["amount_eur"] * 100 for row in rows]
    floors = [int(c // 1) for c in cents]
    leftover = round(sum(cents)) - sum(floors)
    by_remainder = sorted(range(len(rows)), key=lambda i: floors[i] - cents[i])
    for i in by_remainder[:leftover]:
        floors[i] += 1
    for row, value in zip(rows, floors, strict=True):
        row["amount_eur"] = value / 100


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["estimated_eur"] = round(row["estimated_eur"], 2)
    row["currencies"] = {c: round(v, 2) for c, v in sorted(row["currencies"].items())}
    row["projects"] = len(row["projects"])
    return row


def chain(allocs: list[Allocation], pf: Portfolio) -> list[dict[str, Any]]:
    """Links of the whole chain for a Sankey: funder -> programme -> project -> organisation.

    Every stage carries the same total, in EUR, and ``original`` keeps the amounts per currency
    as the sources wrote them; ``estimated_eur`` is the part of a project -> organisation link
    that is an estimated share. Nodes are keyed by id (two projects with one title stay two),
    with ``source_name``/``target_name`` and ``*_kind`` to draw them; money a funder pays
    directly passes through that funder's own "(direct)" node.
    """
    links: dict[tuple[str, str, str], float] = defaultdict(float)
    estimated: dict[tuple[str, str, str], float] = defaultdict(float)
    originals: dict[tuple[str, str, str], dict[str, float]] = defaultdict(
        lambda: defaultdict(float)
    )
    for a in allocs:  # hot at large sizes: names are looked up once per node, below
        programme = a.programme or f"direct:{a.funder}"
        organisation = a.organisation or "no-organisation"
        keys = (
            ("funder", a.funder, programme),
            ("programme", programme, a.project),
            ("project", a.project, organisation),
        )
        for key in keys:
            links[key] += a.amount_eur
        if a.estimated:
            estimated[keys[-1]] += a.amount_eur
        if a.amount is not None and a.currency:
            for key in keys:
                originals[key][a.currency] += a.amount
    nodes = _chain_nodes(pf, links)
    return [
        {
            "stage": stage,
            "source": s,
            "target": t,
            "amount_eur": round(v, 2),
            "source_kind": nodes[s][0],
            "source_name": nodes[s][1],
            "target_kind": nodes[t][0],
            "target_name": nodes[t][1],
            "original": {c: round(x, 2) for c, x in sorted(originals[stage, s, t].items())},
            "estimated_eur": round(estimated.get((stage, s, t), 0.0), 2),
        }
        for (stage, s, t), v in links.items()
    ]


def _chain_nodes(
    pf: Portfolio, links: dict[tuple[str, str, str], float]
) -> dict[str, tuple[str, str]]:
    """Node id -> (kind, name) for every end of the chain's links."""
    nodes: dict[str, tuple[str, str]] = {}
    for stage, source, target in links:
        if stage == "funder":
            nodes[source] = ("funder", pf.funder_name(source))
            nodes[target] = (
                "programme",
                DIRECT if target.startswith("direct:") else pf.funder_name(target),
            )
        elif stage == "project":
            project = pf.projects[source]
            nodes[source] = ("project", project.title or project.name)
            org = pf.organisations.get(target)
            nodes[target] = ("organisation", org.name if org else NO_ORG)
    return nodes
