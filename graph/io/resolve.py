"""Entity resolution: map incoming organisations and funders onto nodes already in the graph.

Three steps, strongest first: a shared identifier (IATI and 360Giving org ids, CORDIS PIC, VAT,
EIK), the same normalised name in the same country, then a fuzzy name match inside a small block
(same label, country and first letters), which merges only when near-certain and otherwise goes
to a review list. Two records carrying different identifiers of the same scheme (two CORDIS ids,
two IATI refs, two company numbers) are two bodies: never merged, never listed for review.
Matching is pure (``match`` works on plain data); the store only supplies what already exists.

>>> known = [Known("org:a", Label.ORGANISATION, "Caritas Sofia", "BG", ("eik:121",))]
>>> incoming = [Known("org:b", Label.ORGANISATION, "CARITAS SOFIA", "BG", ())]
>>> match(incoming, known).mapping
{'org:b': 'org:a'}
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from rapidfuzz import fuzz, process

from graph.model import (
    Entity,
    Funder,
    Issue,
    Label,
    Organisation,
    Record,
    Relationship,
    names,
)
from graph.model.identity import is_placeholder
from graph.model.records import MERGED_LISTS
from graph.model.schema import stronger_role

AUTO_MERGE = 96.0  # fuzzy score (token sort ratio, 0-100) that merges without review
REVIEW = 88.0  # fuzzy score from which a pair is listed for a person to check
CONFLICT = "conflicting country"  # one body, two countries: both kept, listed for review
SHARED_SCHEMES = {"iati": "orgid", "360": "orgid", "orgid": "orgid"}  # org-id.guide ids
LEGAL_FORM_WORDS = {  # dropped from name keys; graph.model.names.LEGAL_FORMS maps forms to kinds
    "the",
    "ltd",
    "limited",
    "gmbh",
    "ggmbh",
    "ev",
    "doo",
    "eood",
    "ood",
    "ead",
    "ad",
    "srl",
    "sa",
    "inc",
    "plc",
    "cic",
    "zs",
    "ops",
    "sro",
    "asbl",
    "vzw",
    "ngo",
}


@dataclass(frozen=True)
class Known:
    """What matching needs to know about an organisation or funder."""

    id: str
    label: Label
    name: str
    country: str | None = None
    identifiers: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pair:
    """A pair for review, or a merge made: incoming record, graph node, how, and the score."""

    record_id: str
    record_name: str
    node_id: str
    node_name: str
    how: str
    score: float


@dataclass
class Matching:
    mapping: dict[str, str] = field(default_factory=dict)
    merges: list[Pair] = field(default_factory=list)
    review: list[Pair] = field(default_factory=list)


@dataclass
class Resolution:
    """Records rewritten onto existing nodes, and what was merged or needs a person's eye."""

    records: list[Record]
    merges: list[Pair]
    review: list[Pair]

    def summary(self) -> str:
        how = defaultdict(int)
        for m in self.merges:
            how[m.how] += 1
        parts = [f"{n} by {k}" for k, n in sorted(how.items())] or ["none"]
        return f"matched to existing nodes: {', '.join(parts)}; to review: {len(self.review)}"


def identifier_keys(identifiers: tuple[str, ...] | list[str]) -> set[str]:
    """Comparable forms of ``scheme:value`` ids; IATI and 360Giving share org-id.guide values.

    Placeholders (``iati:N/A``) are no identifier.

    >>> sorted(identifier_keys(["iati:GB-CHC-123", "vat:bg 175", "iati:N/A"]))
    ['orgid:GB-CHC-123', 'vat:BG175']
    """
    keys = set()
    for ident in identifiers:
        scheme, _, value = ident.partition(":")
        value = re.sub(r"\s+", "", value).upper()
        if value and not is_placeholder(value):
            keys.add(f"{SHARED_SCHEMES.get(scheme.lower(), scheme.lower())}:{value}")
    return keys


@lru_cache(maxsize=262144)
def name_key(name: str) -> str:
    """A name folded for comparison, without legal-form words.

    >>> name_key("The Big Give Trust Ltd.")
    'big give trust'
    """
    return " ".join(w for w in names.key(name).split() if w not in LEGAL_FORM_WORDS)


def _schemes(keys: set[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        scheme, _, value = key.partition(":")
        out[scheme].add(value)
    return out


def _conflict(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    return any(scheme in b and not values & b[scheme] for scheme, values in a.items())


def different_bodies(a: list[str] | tuple[str, ...], b: list[str] | tuple[str, ...]) -> bool:
    """Whether two identifier lists hold different identifiers of one scheme.

    >>> different_bodies(["cordis:1", "vat:RS9"], ["cordis:2", "vat:RS9"])
    True
    >>> different_bodies(["cordis:1"], ["vat:RS9"])
    False
    """
    return _conflict(_schemes(identifier_keys(a)), _schemes(identifier_keys(b)))


def _digits(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


class _Index:
    """Known entities by identifier, by (label, name, country) and in fuzzy blocks."""

    def __init__(self) -> None:
        self.by_ident: dict[tuple[Label, str], str] = {}
        self.by_name: dict[tuple[Label, str], list[tuple[str, str | None]]] = defaultdict(list)
        self.blocks: dict[tuple, dict[str, str]] = defaultdict(dict)
        self.schemes: dict[str, dict[str, set[str]]] = {}
        self.names: dict[str, str] = {}
        self.countries: dict[str, str] = {}

    def add(self, node_id: str, ent: Known, by_name: bool = True) -> None:
        keys = identifier_keys(ent.identifiers)
        for key in keys:
            self.by_ident.setdefault((ent.label, key), node_id)
        merged = self.schemes.setdefault(node_id, defaultdict(set))
        for scheme, values in _schemes(keys).items():
            merged[scheme] |= values
        self.names.setdefault(node_id, ent.name)
        if ent.country:
            self.countries.setdefault(node_id, ent.country)
        for name in (ent.name, *ent.aliases) if by_name else ():
            key = name_key(name)
            if not key:
                continue
            entry = (node_id, ent.country)
            if entry not in self.by_name[(ent.label, key)]:
                self.by_name[(ent.label, key)].append(entry)
            self.blocks[(ent.label, ent.country, key[:2])].setdefault(key, node_id)

    def by_identifier(self, ent: Known, schemes: dict[str, set[str]]) -> str | None:
        """The node sharing an identifier, unless another scheme's ids say they differ."""
        for key in sorted(identifier_keys(ent.identifiers)):
            node = self.by_ident.get((ent.label, key))
            if node is not None:
                return None if _conflict(schemes, self.schemes[node]) else node
        return None

    def by_same_name(self, ent: Known, schemes: dict[str, set[str]]) -> str | None:
        if not self.by_name:
            return None
        for name in (ent.name, *ent.aliases):
            found = {
                node
                for node, country in self.by_name.get((ent.label, name_key(name)), [])
                if (country == ent.country or not country or not ent.country)
                and not _conflict(schemes, self.schemes[node])
            }
            if len(found) == 1:
                return found.pop()
        return None

    def fuzzy(self, ent: Known, schemes: dict[str, set[str]]) -> tuple[str, float] | None:
        if not self.blocks:
            return None
        key = name_key(ent.name)
        block = self.blocks.get((ent.label, ent.country, key[:2]))
        if not key or not block:
            return None
        hits = process.extract(
            key, list(block), scorer=fuzz.token_sort_ratio, score_cutoff=REVIEW, limit=3
        )
        for other, score, _ in hits:
            node = block[other]
            if not _conflict(schemes, self.schemes[node]) and _digits(other) == _digits(key):
                return node, score
        return None


def match(incoming: list[Known], existing: list[Known]) -> Matching:
    """Which incoming ids are already in the graph (or share an identifier within the batch).

    Within one batch only identifiers join records: a loader already gives one record per
    entity it can tell apart, and its names are not evidence against its own ids. A record
    whose id is already a node is that node, so a reload matches what the first load made.
    """
    index, out = _Index(), Matching()
    for ent in existing:
        index.add(ent.id, ent)
    stored = {ent.id for ent in existing}
    for ent in incoming:
        schemes = _schemes(identifier_keys(ent.identifiers))
        target = index.by_identifier(ent, schemes)
        how, score = "identifier", 100.0
        if target is None and ent.id in stored:  # a reload: the node it made last time
            target = ent.id
        if target is None:
            target, how = index.by_same_name(ent, schemes), "name"
        if target is None and ent.country:
            hit = index.fuzzy(ent, schemes)
            if hit and hit[1] >= AUTO_MERGE:
                target, how, score = hit[0], "fuzzy", hit[1]
            elif hit and hit[0] != ent.id:
                node = hit[0]
                pair = Pair(ent.id, ent.name, node, index.names[node], "fuzzy", hit[1])
                out.review.append(pair)
        node = target or (ent.id if ent.id in index.names else None)
        if node and ent.country and index.countries.get(node, ent.country) != ent.country:
            out.review.append(
                Pair(
                    ent.id,
                    f"{ent.name} ({ent.country})",
                    node,
                    f"{index.names[node]} ({index.countries[node]})",
                    CONFLICT,
                    100.0,
                )
            )
        if target is not None and target != ent.id:
            out.mapping[ent.id] = target
            out.merges.append(Pair(ent.id, ent.name, target, index.names[target], how, score))
        index.add(target or ent.id, ent, by_name=False)
    return out


def known(entity: Entity) -> Known:
    return Known(
        entity.id,
        entity.label,
        entity.name,
        getattr(entity, "country", None),
        tuple(getattr(entity, "identifiers", ())),
        tuple(getattr(entity, "aliases", ())),
    )


def apply(records: list[Record], matching: Matching) -> list[Record]:
    """Records with matched ids replaced. A record keeps its own name: which name the node
    shows and which become aliases is the store's merge rule (the same in any load order)."""
    if not matching.mapping:
        return records
    out: list[Record] = []
    rels: dict[tuple, Relationship] = {}
    moved: set[tuple] = set()
    for rec in records:
        if isinstance(rec, Relationship):
            start = matching.mapping.get(rec.start, rec.start)
            end = matching.mapping.get(rec.end, rec.end)
            rel = replace(rec, start=start, end=end) if (start, end) != rec.key[1:] else rec
            if rel is not rec:
                moved.add(rel.key)
            if rel.key in rels and rel.key in moved:
                _fold(rels[rel.key], rel)
                continue
            rels[rel.key] = rel
            out.append(rel)
        elif rec.id in matching.mapping:
            out.append(replace(rec, id=matching.mapping[rec.id]))
        else:
            out.append(rec)
    return out


def _fold(have: Relationship, new: Relationship) -> None:
    """Two relationships that became one: the stronger role, amounts added per currency (EUR
    unknown once either is), every list (sources, quotes, amounts, flags) kept."""
    have.role = stronger_role(have.role, new.role)
    if new.amount is not None:
        same = have.currency in (None, new.currency)
        have.amount = (have.amount or Decimal(0)) + new.amount if same else None
        have.currency = new.currency if same else None
        missing = have.amount_eur is None and have.amounts or new.amount_eur is None
        have.amount_eur = None if missing else (have.amount_eur or Decimal(0)) + new.amount_eur
    have.amounts = _amounts([*have.amounts, *new.amounts])
    for name in MERGED_LISTS:
        if name != "amounts" and hasattr(have, name):
            setattr(have, name, list(dict.fromkeys([*getattr(have, name), *getattr(new, name)])))


def _amounts(written: list[str]) -> list[str]:
    """``"<amount> <currency>"`` entries summed per currency."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for entry in written:
        amount, _, code = entry.partition(" ")
        sums[code] += Decimal(amount)
    return [f"{a} {c}" for c, a in sorted(sums.items())]


def resolve_records(records: list[Record], existing: list[Known]) -> Resolution:
    """Pure resolution of one file's records against what the graph holds."""
    incoming = [known(r) for r in records if isinstance(r, Organisation | Funder)]
    matching = match(incoming, existing)
    return Resolution(apply(records, matching), matching.merges, matching.review)


def resolve_report(records: list[Record], store) -> Resolution:
    """Resolution against the store's organisations and funders (read only when needed)."""
    labels = {r.label for r in records if isinstance(r, Organisation | Funder)}
    if not labels:
        return Resolution(records, [], [])
    existing = [
        Known(
            row["id"],
            Label(row["label"]),
            row["name"] or "",
            row.get("country"),
            tuple(row.get("identifiers") or ()),
            tuple(row.get("aliases") or ()),
        )
        for row in store.resolution_candidates(labels)
    ]
    return resolve_records(records, existing)


def review_issues(resolution: Resolution, file: str) -> list[Issue]:
    """Near-matches left unmerged and conflicting values, as warnings a person can act on."""
    return [
        Issue(
            "conflicting-value",
            f"{c.record_name!r} ({c.record_id}) and {c.node_name!r} ({c.node_id}) are one "
            "node that two sources place in different countries; both kept in its conflicts",
            file,
            column="country",
            severity="warning",
        )
        if c.how == CONFLICT
        else Issue(
            "possible-duplicate",
            f"{c.record_name!r} ({c.record_id}) may be {c.node_name!r} ({c.node_id}), "
            f"({c.how}, score {c.score:.0f}); kept apart",
            file,
            severity="warning",
        )
        for c in resolution.review
    ]
