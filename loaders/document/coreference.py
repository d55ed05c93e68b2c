"""Resolution inside and across documents: one reference per real entity.

Surface forms (``?Organisation:ЦИИ``) are grouped: first onto the curation's reviewed entities
(names and aliases), then among themselves by folded key, stem key (declensions), initials
(ЦИИ = Център за Имиграция и Интеграция), the same name under the same legal form in either
order or language ("HALO Foundation", "Фондация ХАЛО"), an explicit "(ABBR)" next to a name, a
short project title that starts a longer one, and fuzzy similarity above a threshold. Pairs that
are close but below it are reported for a person to review, never merged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from graph.model import Issue, Label, make_id, names
from loaders.document.context import OWNER
from loaders.shared import towns
from loaders.shared.curation import Curation
from loaders.shared.facts import Fact

FUZZY = 92.0
NEAR = 75.0


@dataclass
class Cluster:
    label: Label
    names: list[str] = field(default_factory=list)
    handle: str | None = None
    primary: list[str] = field(default_factory=list)

    @property
    def ref(self) -> str:
        if self.handle:
            return self.handle
        full = [n for n in self.primary if not names.is_abbreviation(n)] or self.primary
        if self.label == Label.CITY:
            place = next((towns.lookup(n) for n in self.names if towns.lookup(n)), None)
            if place:
                return make_id(Label.CITY, place.name)
        return make_id(self.label, max(full, key=len))


def _same(a: str, b: str, label: Label) -> bool:
    if names.key(a) == names.key(b) or names.stem_key(a) == names.stem_key(b):
        return True
    if names.is_abbreviation_of(a, b) or names.is_abbreviation_of(b, a):
        return True
    if label == Label.PROJECT:
        short, long = sorted((names.key(a), names.key(b)), key=len)
        return len(short.split()) >= 3 and long.startswith(short)
    if label == Label.CITY:
        return towns.lookup(a) is not None and towns.lookup(a) == towns.lookup(b)
    if label == Label.ORGANISATION:
        return _same_body(a, b)
    return False


_FORM_STEMS = {w[:6] for form in names.LEGAL_FORMS for w in names.key(form).split() if len(w) > 3}


@cache
def _core(name: str) -> str:
    words = re.sub(r"\bs nestopanska tsel\b", "", names.key(name)).split()  # "с нестопанска цел"
    return " ".join(w for w in words if w[:6] not in _FORM_STEMS and w != "the")


def _same_body(a: str, b: str) -> bool:
    """'HALO Foundation' and 'Фондация ХАЛО': one legal form, one name once it is set aside;
    'RC Heřmánek, z.s.' and 'rodinné centrum Heřmánek': initials for the words before a name."""
    kind = _kind(a)
    core = _core(a)
    if kind and kind == _kind(b) and len(core) >= 3 and core == _core(b):
        return True
    return _initials_head(a, b) or _initials_head(b, a)


_kind = cache(names.legal_form_kind)
_SUFFIX = re.compile(r",?\s*(?:z\.\s?s\.?|o\.\s?p\.\s?s\.?|z\.\s?ú\.?)$")


def _initials_head(short: str, full: str) -> bool:
    head, _, rest = _SUFFIX.sub("", short).partition(" ")
    full = _SUFFIX.sub("", full)
    if not rest or not names.is_abbreviation(head) or not full.endswith(" " + rest):
        return False
    return names.is_abbreviation_of(head, full[: -len(rest) - 1])


def _surface_names(facts: list[Fact]) -> dict[str, list[str]]:
    """Every surface reference and all the names it was written with, in order of appearance."""
    out: dict[str, list[str]] = {}
    for fact in facts:
        for ref in (fact.s, fact.o):
            if ref and ref.startswith("?") and ref != OWNER:
                out.setdefault(ref, [ref.split(":", 1)[1]])
        named = fact.f == "mention" or (fact.f == "attr" and fact.k == "acronym")
        if named and fact.s.startswith("?") and fact.v not in out[fact.s]:
            out[fact.s].append(fact.v)
    return out


@dataclass
class Resolver:
    """Groups surface forms into clusters, remembering near-misses."""

    cur: Curation
    file: str
    clusters: list[Cluster] = field(default_factory=list)
    near_misses: list[Issue] = field(default_factory=list)

    def place(self, label: Label, forms: list[str]) -> Cluster:
        cluster = self._find(label, forms)
        cluster.primary.append(forms[0])
        return cluster

    def _find(self, label: Label, forms: list[str]) -> Cluster:
        handle = self._curated(label, forms)
        for cluster in self.clusters:
            if cluster.label != label:
                continue
            if (handle and cluster.handle == handle) or (
                not (handle and cluster.handle)
                and any(_same(a, b, label) for a in forms for b in cluster.names)
            ):
                cluster.handle = cluster.handle or handle
                cluster.names += [n for n in forms if n not in cluster.names]
                return cluster
        fuzzy = self._fuzzy(label, forms, handle)
        if fuzzy:
            return fuzzy
        cluster = Cluster(label, list(forms), handle)
        self.clusters.append(cluster)
        return cluster

    def _curated(self, label: Label, forms: list[str]) -> str | None:
        extra = []
        if label == Label.CITY:
            extra = [p.name for p in map(towns.lookup, forms) if p]
        return next((h for n in [*forms, *extra] if (h := self.cur.find(n, label))), None)

    def _fuzzy(self, label: Label, forms: list[str], handle: str | None) -> Cluster | None:
        known = {
            n: str(i) for i, c in enumerate(self.clusters) if c.label == label for n in c.names
        }
        for form in forms:
            best, misses = names.fuzzy_matches(form, known, FUZZY, NEAR)
            cluster = self.clusters[int(best.ref)] if best else None
            if cluster and not (handle and cluster.handle and cluster.handle != handle):
                cluster.names += [n for n in forms if n not in cluster.names]
                return cluster
            for miss in misses:
                self.near_misses.append(
                    Issue(
                        "near-miss",
                        f"{label.value} {form!r} looks like {miss.matched!r} "
                        f"({miss.score:.0f}/100); kept apart, review in data/curation.yaml",
                        self.file,
                        severity="info",
                    )
                )
        return None


def resolve(facts: list[Fact], cur: Curation, file: str) -> tuple[list[Fact], list[Issue]]:
    """Facts with surface references replaced by handles or ids; rejected facts dropped."""
    resolver = Resolver(cur, file)
    refs: dict[str, str] = {}
    clusters: dict[str, Cluster] = {}
    for ref, forms in _surface_names(facts).items():
        label = Label(ref[1:].split(":", 1)[0])
        clusters[ref] = resolver.place(label, forms)
    for ref, cluster in clusters.items():
        refs[ref] = cluster.ref
    owners = _owners(facts, refs)
    out: list[Fact] = []
    for fact in facts:
        s = refs.get(fact.s) or owners.get(fact.document or "", fact.s)
        o = refs.get(fact.o, fact.o) if fact.o else None
        if fact.o == OWNER:
            o = owners.get(fact.document or "")
        if s == OWNER or o == OWNER or (fact.f == "participates" and s == o):
            continue
        done = replace(fact, s=s, o=o)
        if not cur.rejected(done) and not _overridden(done, cur):
            out.append(done)
    return _most_specific_funding(out), resolver.near_misses


def _most_specific_funding(facts: list[Fact]) -> list[Fact]:
    """A project named with a programme and also its procedure is funded by the procedure."""
    parents: dict[str, set[str]] = {}
    for f in facts:
        if f.f == "part_of" and f.o:
            parents.setdefault(f.s, set()).add(f.o)

    def ancestors(ref: str, seen: frozenset = frozenset()) -> set[str]:
        found = parents.get(ref, set()) - seen
        return found.union(*(ancestors(p, seen | found) for p in found)) if found else set()

    targets: dict[str, set[str]] = {}
    for f in facts:
        if f.f == "funded_by" and f.o:
            targets.setdefault(f.s, set()).add(f.o)
    above = {p: set().union(*(ancestors(t) for t in ts)) for p, ts in targets.items()}
    return [f for f in facts if f.f != "funded_by" or f.o not in above[f.s]]


def _owners(facts: list[Fact], refs: dict[str, str]) -> dict[str, str]:
    """Per document, the organisation it is about: the one it names most often."""
    counts: dict[str, Counter] = {}
    for fact in facts:
        if fact.f == "mention" and fact.s.startswith("?Organisation:"):
            counts.setdefault(fact.document or "", Counter())[refs[fact.s]] += 1
    return {doc: c.most_common(1)[0][0] for doc, c in counts.items()}


def _overridden(fact: Fact, cur: Curation) -> bool:
    """A rule's guess (kind, country) about an entity the curation has reviewed gives way."""
    entity = cur.entities.get(fact.s)
    if fact.f != "attr" or entity is None or fact.k not in entity.props:
        return False
    return str(entity.props[fact.k]) != fact.v
