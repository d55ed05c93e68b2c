"""IATI activity files (standard 2.0x): activities, the organisations around them, their money.

Parsed without DTDs, entities or network (a file declaring a DTD or entity is refused outright).
Per activity: the Project; Funding orgs as Funders; an Extending org other than the funders as
the Programme the money passes through (PART_OF the first funder); the Accountable org (when not
on the funding side) as lead; Implementing orgs and receivers of disbursements as partners.

Money. The project's funding is one class of its transactions, the first present of:
commitments (types 2 and 11), incoming funds (1), disbursements and expenditure (3 and 4).
Each of those goes to FUNDED_BY towards its provider-org (a Funder) when another body provides
it, else towards the programme or first funder. Disbursements and expenditure to a receiver-org
add to that receiver's PARTICIPATES_IN amount. Every value is converted to EUR at its
value-date (else its transaction date); a real currency without an ECB rate keeps its amount
and leaves ``amount_eur`` empty, with a ``no-ecb-rate:<code>`` flag. An edge keeps each
currency's sum in ``amounts``, and the sources of its transactions. An org ``ref`` that is a
placeholder (the EC's ``N/A``) or names three or more clearly different organisations in the
file does not identify: the org is keyed by its name.
Negative values (refunds, corrections, as in MAEC's file) are kept and summed, each with a
warning; a transaction with an unusable value, currency or date is skipped as an error.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from lxml import etree

from graph.model import Record
from graph.model.identity import unusable
from graph.model.values import BadValue
from loaders.iati.activity import Activity
from loaders.iati.organisations import ORG_ELEMENTS, narrative
from loaders.shared import safe_xml
from loaders.shared.common import FileRejected, Progress, Report, rejected, tick


def detect(path: Path) -> bool:
    """IATI by its root element, in the first 64 KiB of an XML file."""
    if path.suffix.lower() != ".xml":
        return False
    with path.open("rb") as fh:
        return b"<iati-activities" in fh.read(65536)


def parse(path: Path) -> etree._Element:
    """The root element, parsed safely, and checked to be IATI 2.0x."""
    root = safe_xml.parse(path)
    if root.tag != "iati-activities":
        raise FileRejected(f"root element is <{root.tag}>, not <iati-activities>", "not-iati")
    if (root.get("version") or "2").startswith("1"):
        raise FileRejected(f"IATI version {root.get('version')} is not supported (2.0x)", "version")
    return root


def load(path: Path, progress: Progress | None = None) -> Any:
    try:
        root = parse(path)
    except FileRejected as err:
        return rejected(path, err)
    report = Report(path.name, unit="line")  # issues say "line 12", not "row"
    activities = root.findall("iati-activity")
    if not activities:
        return rejected(path, FileRejected("no <iati-activity> in the file", "empty-file"))
    records: list[Record] = []
    refs = _unusable_refs(activities, report)
    for n, act in enumerate(activities, 1):
        try:
            records += Activity(act, path.name, report, refs).records()
        except BadValue as err:
            report.error(err, act.sourceline)
        tick(progress, n, len(activities))
    return report.result(records)


def _unusable_refs(activities: list, report: Report) -> set[str]:
    """The org refs of the file that must not identify, each reported once."""
    names: dict[str, set[str]] = defaultdict(set)
    for act in activities:
        for path in ORG_ELEMENTS:
            for el in act.findall(path):
                ref, name = (el.get("ref") or "").strip(), narrative(el)
                if ref and name:
                    names[ref].add(name)
    bad = unusable(names)
    for ref, why in bad.items():
        report.warn(
            "placeholder-identifier",
            f"org ref {ref!r} is {why} ({len(names[ref])} names): those orgs are keyed by name",
            None,
            "ref",
        )
    return set(bad)
