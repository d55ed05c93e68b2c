"""Facts to model records: one node per referenced entity, one edge per relating fact.

Every node and edge gets the locators (and, when read from a document, the quotes) of the facts
it rests on; properties the curation file confirmed are added with ``curation.yaml`` as source.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields

from graph.model import (
    ENTITY_CLASSES,
    Entity,
    Issue,
    Label,
    Project,
    Record,
    Relationship,
    RelType,
)
from graph.model.values import DOT, UnknownCurrency, currency_code, parse_number, to_eur
from loaders.shared import towns
from loaders.shared.curation import Curation
from loaders.shared.facts import CURATION, Fact

EDGES: dict[str, RelType] = {
    "participates": RelType.PARTICIPATES_IN,
    "funded_by": RelType.FUNDED_BY,
    "part_of": RelType.PART_OF,
    "based_in": RelType.BASED_IN,
    "member_of": RelType.MEMBER_OF,
    "place": RelType.TAKES_PLACE_IN,
}
PROJECT_VALUES = ("status", "start", "end")


def build(facts: list[Fact], cur: Curation, file: str) -> tuple[list[Record], list[Issue]]:
    """Records for ``facts``; facts that cannot become records are reported, not raised."""
    issues: list[Issue] = []
    by_ref: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        for ref in (fact.s, fact.o):
            if ref is not None:
                by_ref[ref].append(fact)
    nodes = {ref: _node(ref, by_ref[ref], cur, file, issues) for ref in by_ref}
    edges: dict[tuple, Relationship] = {}
    for fact in facts:
        if fact.f in EDGES:
            _add_edge(edges, fact, nodes)
    _amounts_on_funding(nodes, edges)
    good_nodes = [n for n in nodes.values() if n is not None]
    ids = {n.id for n in good_nodes}
    good_edges = [e for e in edges.values() if e.start in ids and e.end in ids]
    return [*good_nodes, *good_edges], issues


def _node(
    ref: str, facts: list[Fact], cur: Curation, file: str, issues: list[Issue]
) -> Entity | None:
    label = cur.label(ref)
    cls = ENTITY_CLASSES[label]
    curated = cur.entities.get(ref)
    props = dict(curated.props) if curated else {}
    own = [f for f in facts if f.s == ref]
    names = [f.v for f in own if f.f == "mention" and f.v]
    if label == Label.CITY and not names and not props:
        props = _gazetteer_city(ref)
    name = props.get("name") or props.get("title") or (names[0] if names else ref)
    if label == Label.PROJECT:
        props.setdefault("title", name)
    record = cls(id=cur.node_id(ref), name=name)
    _set_props(record, props)
    if hasattr(record, "aliases"):
        seen = {name, *record.aliases}
        record.aliases += [n for n in dict.fromkeys(names) if n not in seen]
    for fact in own:
        if fact.f == "attr" and fact.k:
            _set_props(record, {fact.k: fact.v})
        elif fact.f in PROJECT_VALUES and isinstance(record, Project):
            setattr(record, fact.f, fact.v)
        elif fact.f == "amount" and isinstance(record, Project):
            _set_amount(record, fact, file, issues)
    if isinstance(record, Project) and record.amount is not None and record.currency:
        # after every fact, so an amount read before the project's dates uses them
        record.amount_eur = to_eur(record.amount, record.currency, record.start)
        record.flags = [f"no-ecb-rate:{record.currency}"] if record.amount_eur is None else []
    record.sources = _sources(facts, curated is not None)
    record.quotes = list(dict.fromkeys(quoted(f) for f in facts if f.quote))
    return record


def _gazetteer_city(ref: str) -> dict:
    """A town named only inside an organisation's name ("Община Хасково") has no mention of
    its own: its name and place come from the gazetteer, not from its id."""
    place = towns.lookup(ref.split(":", 1)[-1].replace("-", " "))
    if place is None:
        return {}
    return {
        "name": place.name,
        "name_local": place.local,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
    }


def _set_props(record: Entity, props: dict) -> None:
    known = {f.name for f in fields(record)} - {"id", "sources", "quotes", "extra"}
    for name, value in props.items():
        if name in known:
            setattr(record, name, list(value) if isinstance(value, list) else value)
        else:
            record.extra[name] = value


def _set_amount(project: Project, fact: Fact, file: str, issues: list[Issue]) -> None:
    number, _, currency = (fact.v or "").partition(" ")
    try:
        project.amount, project.currency = parse_number(number, DOT), currency_code(currency)
    except (ValueError, UnknownCurrency) as exc:
        project.amount = project.currency = None
        issues.append(Issue("bad-amount", f"{fact.v!r}: {exc}", file, fact.line, "amount"))


def _sources(facts: list[Fact], curated: bool) -> list[str]:
    found = [f.at or CURATION for f in facts]
    if curated:
        found.append(CURATION)
    return sorted(set(found), key=_locator_order)


def _locator_order(source: str) -> tuple:
    """Documents in name order, lines in numeric order, the curation file last."""
    doc, _, line = source.partition("#L")
    return (source == CURATION, doc, int(line) if line.isdigit() else 0)


def _add_edge(edges: dict[tuple, Relationship], fact: Fact, nodes: dict) -> None:
    start, end = nodes.get(fact.s), nodes.get(fact.o)
    if start is None or end is None:
        return
    rel = EDGES[fact.f]
    key = (rel, start.id, end.id)
    edge = edges.setdefault(key, Relationship(type=rel, start=start.id, end=end.id))
    if fact.f == "participates":
        edge.role = _stronger(edge.role, fact.v)
    source = fact.at or CURATION
    if source not in edge.sources:
        edge.sources.append(source)
    if fact.quote and quoted(fact) not in edge.quotes:
        edge.quotes.append(quoted(fact))


def quoted(fact: Fact) -> str:
    """A quote that names where it stands (``"<file>#L<line>: <sentence>"``), so it stays
    paired with its source however sources and quotes accumulate across loads."""
    return f"{fact.at or CURATION}: {fact.quote}"


def _stronger(have: str | None, new: str | None) -> str | None:
    """Lead beats partner beats associate when two lines disagree about a role."""
    order = ["lead", "partner", "associate"]
    options = [r for r in (have, new) if r in order]
    return min(options, key=order.index) if options else None


def _amounts_on_funding(nodes: dict, edges: dict[tuple, Relationship]) -> None:
    """A project's budget also sits on its funding edge, for flows."""
    projects = {n.id: n for n in nodes.values() if isinstance(n, Project)}
    for (rel, start, _), edge in edges.items():
        project = projects.get(start)
        if rel == RelType.FUNDED_BY and project and project.amount is not None:
            edge.amount, edge.currency = project.amount, project.currency
            edge.amount_eur = project.amount_eur
