"""The organisations an IATI activity names, and how each is keyed.

An org's ``ref`` is its identity where the file gives a usable one; otherwise its name is, as in
the other loaders, so the same body read from two sources meets in one node.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from graph.model import Label, make_id

ORG_ELEMENTS = (
    "participating-org",
    "reporting-org",
    "transaction/provider-org",
    "transaction/receiver-org",
)


def narrative(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    texts = [t.strip() for t in el.xpath("narrative/text()") if t.strip()]
    own = (el.text or "").strip()
    return texts[0] if texts else own or None


@dataclass
class Org:
    key: str
    name: str
    ref: str | None


def read_org(el: etree._Element | None, unusable_refs: set[str] = frozenset()) -> Org | None:
    if el is None:
        return None
    ref = (el.get("ref") or "").strip() or None
    name = narrative(el) or (ref if ref not in unusable_refs else None)
    if ref in unusable_refs:
        ref = None
    return Org(ref or name, name, ref) if name else None


def node_id(label: Label, org: Org) -> str:
    """Org refs are the identity where given; a bare name is keyed like other sources' names."""
    return make_id(label, "iati", org.ref) if org.ref else make_id(label, org.name)


def ids(org: Org) -> list[str]:
    return [f"iati:{org.ref}"] if org.ref else []
