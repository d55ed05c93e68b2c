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
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from graph.model import (
    Funder,
    Label,
    Organisation,
    Programme,
    Project,
    Record,
    Relationship,
    RelType,
    Role,
    make_id,
)
from graph.model.identity import unusable
from graph.model.ids import locator
from graph.model.schema import ROLE_STRENGTH
from graph.model.values import (
    DOT,
    BadValue,
    currency_code,
    has_rate,
    parse_date,
    parse_number,
    to_eur,
)
from loaders.shared import cities, safe_xml
from loaders.shared.common import CellError, FileRejected, Progress, Report, checked, rejected, tick

COMMITMENT, INCOMING, SPENDING = {"2", "11"}, {"1"}, {"3", "4"}
V1_TYPES = {"C": "2", "D": "3", "E": "4", "IF": "1"}
STATUS = {
    "1": "proposed",
    "2": "ongoing",
    "3": "completed",
    "4": "completed",
    "5": "rejected",
    "6": "ongoing",
}
ORG_ELEMENTS = (
    "participating-org",
    "reporting-org",
    "transaction/provider-org",
    "transaction/receiver-org",
)


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
            records += _Activity(act, path.name, report, refs).records()
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
                ref, name = (el.get("ref") or "").strip(), _narrative(el)
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


def _narrative(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    texts = [t.strip() for t in el.xpath("narrative/text()") if t.strip()]
    own = (el.text or "").strip()
    return texts[0] if texts else own or None


@dataclass
class _Org:
    key: str
    name: str
    ref: str | None


def _org(el: etree._Element | None, unusable_refs: set[str] = frozenset()) -> _Org | None:
    if el is None:
        return None
    ref = (el.get("ref") or "").strip() or None
    name = _narrative(el) or (ref if ref not in unusable_refs else None)
    if ref in unusable_refs:
        ref = None
    return _Org(ref or name, name, ref) if name else None


@dataclass
class _Money:
    """Sums per target: amount per currency, EUR (None once a currency has no rate), sources."""

    by_currency: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    eur: Decimal | None = Decimal(0)
    sources: list[str] = field(default_factory=list)

    def add(self, amount: Decimal, currency: str, eur: Decimal | None, src: str) -> None:
        self.by_currency[currency] += amount
        self.eur = None if eur is None or self.eur is None else self.eur + eur
        self.sources.append(src)

    def join(self, other: _Money) -> None:
        for code, amount in other.by_currency.items():
            self.by_currency[code] += amount
        self.eur = None if other.eur is None or self.eur is None else self.eur + other.eur

    def fields(self) -> dict[str, Any]:
        single = len(self.by_currency) == 1
        code, amount = next(iter(self.by_currency.items())) if single else (None, None)
        no_rate = [f"no-ecb-rate:{c}" for c in sorted(self.by_currency) if not has_rate(c)]
        return {
            "amount": amount,
            "currency": code,
            "amount_eur": self.eur,
            "amounts": [f"{a} {c}" for c, a in sorted(self.by_currency.items())],
            "flags": no_rate,
        }


class _Activity:
    """One <iati-activity> turned into records; raises CellError when it cannot be used."""

    def __init__(self, act: etree._Element, file: str, report: Report, refs: set[str]) -> None:
        self.act, self.file, self.report, self.refs = act, file, report, refs
        ident = (act.findtext("iati-identifier") or "").strip()
        if not ident:
            raise CellError(
                "activity without <iati-identifier>", "missing-value", "iati-identifier"
            )
        self.src = locator(file, line=act.sourceline)
        self.project = self._project(ident)
        self.out: list[Record] = [self.project]
        self.funders: dict[str, str] = {}  # org key -> node id
        self.members: dict[str, tuple[str, Role]] = {}  # org key -> (node id, role)
        self.reporting = _org(act.find("reporting-org"), refs)
        self.channel_keys: set[str] = set()
        self._participants()
        if self.primary is None:
            report.warn(
                "no-funder",
                "activity names no funding, extending or reporting org; "
                "its money is not attributed",
                act.sourceline,
            )

    def _project(self, ident: str) -> Project:
        title = _narrative(self.act.find("title")) or ident
        dates = {d.get("type"): d.get("iso-date") for d in self.act.findall("activity-date")}
        start, end = dates.get("2") or dates.get("1"), dates.get("4") or dates.get("3")
        status = self.act.find("activity-status")
        countries = [c.get("code") for c in self.act.findall("recipient-country") if c.get("code")]
        return Project(
            id=make_id(Label.PROJECT, "iati", ident),
            name=title,
            title=title,
            description=_narrative(self.act.find("description")),
            status=STATUS.get(status.get("code") if status is not None else ""),
            start=self._date(start, "activity-date"),
            end=self._date(end, "activity-date"),
            identifiers=[f"iati:{ident}"],
            sources=[self.src],
            extra={"countries": countries} if countries else {},
        )

    def _participants(self) -> None:
        by_role: dict[str, list[_Org]] = defaultdict(list)
        for el in self.act.findall("participating-org"):
            org = _org(el, self.refs)
            if org:
                by_role[el.get("role") or ""].append(org)
        for org in by_role["1"]:
            self._funder(org)
        if not self.funders and self.reporting and not by_role["3"]:
            self._funder(self.reporting)
        self.primary = next(iter(self.funders.values()), None)
        for org in by_role["3"]:
            if org.key not in self.funders:
                self._programme(org)
        for org in by_role["2"]:
            if org.key not in self.funders and org.key not in self.channel_keys:
                self._member(org, Role.LEAD)
        for org in by_role["4"]:
            self._member(org, Role.PARTNER)

    def _funder(self, org: _Org) -> str:
        if org.key not in self.funders:
            node = _node_id(Label.FUNDER, org)
            self.out.append(
                Funder(id=node, name=org.name, sources=[self.src], identifiers=_ids(org))
            )
            self.funders[org.key] = node
            self.out.append(
                Relationship(
                    type=RelType.FUNDED_BY, start=self.project.id, end=node, sources=[self.src]
                )
            )
        return self.funders[org.key]

    def _programme(self, org: _Org) -> None:
        """An extending org other than the funders: the channel the money passes through."""
        if self.primary is None:
            self.primary = self._funder(org)
            return
        node = make_id(Label.PROGRAMME, "iati", org.ref or org.name)
        self.out += [
            Programme(id=node, name=org.name, sources=[self.src]),
            Relationship(type=RelType.PART_OF, start=node, end=self.primary, sources=[self.src]),
            Relationship(
                type=RelType.FUNDED_BY, start=self.project.id, end=node, sources=[self.src]
            ),
        ]
        self.channel_keys.add(org.key)
        self.primary = node

    def _member(self, org: _Org, role: Role) -> str:
        have = self.members.get(org.key)
        if have and ROLE_STRENGTH[have[1]] >= ROLE_STRENGTH[role]:
            return have[0]
        node = _node_id(Label.ORGANISATION, org)
        if not have:
            self.out.append(
                Organisation(id=node, name=org.name, sources=[self.src], identifiers=_ids(org))
            )
        self.members[org.key] = (node, role)
        return node

    def records(self) -> list[Record]:
        funding, received = self._money()
        self.out += self._places()
        money: dict[tuple[str, str], _Money] = {("funded", k): v for k, v in funding.items()}
        money.update({("received", k): v for k, v in received.items()})
        for rel in [r for r in self.out if isinstance(r, Relationship)]:
            if rel.type == RelType.FUNDED_BY and ("funded", rel.end) in money:
                paid = money.pop(("funded", rel.end))
                for name, value in paid.fields().items():
                    setattr(rel, name, value)
                rel.sources = list(dict.fromkeys([*rel.sources, *paid.sources]))
        total = _Money()
        for m in funding.values():
            total.join(m)
        if funding:
            p = total.fields()
            self.project.amount, self.project.currency = p["amount"], p["currency"]
            self.project.amount_eur, self.project.flags = p["amount_eur"], p["flags"]
            if p["currency"] is None:  # several currencies: each one's sum, as on the edges
                self.project.extra["amounts"] = p["amounts"]
        for node, role in self.members.values():
            m = received.get(node)
            sources = [self.src, *(m.sources if m else [])]
            self.out.append(
                Relationship(
                    type=RelType.PARTICIPATES_IN,
                    start=node,
                    end=self.project.id,
                    role=role,
                    sources=sources,
                    **(m.fields() if m else {}),
                )
            )
        return self.out

    def _money(self) -> tuple[dict[str, _Money], dict[str, _Money]]:
        txs = [t for t in (self._transaction(el) for el in self.act.findall("transaction")) if t]
        present = {t["type"] for t in txs}
        chosen = next((c for c in (COMMITMENT, INCOMING, SPENDING) if c & present), set())
        funding: dict[str, _Money] = defaultdict(_Money)
        received: dict[str, _Money] = defaultdict(_Money)
        for t in txs:
            if t["type"] in chosen and self.primary:
                target = self._provider(t["provider"]) or self.primary
                funding[target].add(t["amount"], t["currency"], t["eur"], t["src"])
            if t["type"] in SPENDING and self._outside(t["receiver"]):
                node = self._member(t["receiver"], Role.PARTNER)
                received[node].add(t["amount"], t["currency"], t["eur"], t["src"])
        return funding, received

    def _outside(self, org: _Org | None) -> bool:
        """Another body than the reporting org and the funding side."""
        if org is None or (self.reporting and org.key == self.reporting.key):
            return False
        return org.key not in self.funders and org.key not in self.channel_keys

    def _provider(self, org: _Org | None) -> str | None:
        if not self._outside(org) or org.key in self.members:  # type: ignore[union-attr]
            return None
        return self._funder(org)  # type: ignore[arg-type]

    def _date(self, value: str | None, column: str) -> str | None:
        """An optional date: one that cannot be read is a warning, left empty."""
        try:
            return checked(parse_date, value, column) if value else None
        except BadValue as err:
            self.report.lenient(err, self.act.sourceline)
            return None

    def _transaction(self, el: etree._Element) -> dict | None:
        """One transaction's figures, or None (reported) when it cannot be used."""
        try:
            return self._figures(el)
        except BadValue as err:
            self.report.error(err, el.sourceline)
            return None

    def _figures(self, el: etree._Element) -> dict | None:
        kind = el.find("transaction-type")
        code = V1_TYPES.get(kind.get("code", ""), kind.get("code")) if kind is not None else None
        if code not in COMMITMENT | INCOMING | SPENDING:
            return None
        value = el.find("value")
        if value is None or not (value.text or "").strip():
            raise CellError("transaction without a value", "missing-value", "value")
        amount = checked(parse_number, value.text, "value", DOT)
        raw_currency = value.get("currency") or self.act.get("default-currency")
        if not raw_currency:
            raise CellError("no currency and no default-currency", "missing-currency", "currency")
        currency = checked(currency_code, raw_currency, "currency")
        day = value.get("value-date") or el.xpath("string(transaction-date/@iso-date)")
        day = self._date(day, "value-date")
        if amount < 0:
            note = f"negative value {amount} {currency} (refund or correction) kept, subtracted"
            self.report.warn("negative-transaction", note, el.sourceline, "value")
        return {
            "type": code,
            "amount": amount,
            "currency": currency,
            "eur": to_eur(amount, currency, day),
            "src": locator(self.file, line=el.sourceline),
            "provider": _org(el.find("provider-org"), self.refs),
            "receiver": _org(el.find("receiver-org"), self.refs),
        }

    def _places(self) -> list[Record]:
        countries = self.project.extra.get("countries", [])
        country = countries[0] if len(countries) == 1 else None
        out: list[Record] = []
        for loc in self.act.findall("location"):
            name = _narrative(loc.find("name"))
            if not name:
                continue
            lat, lon = _point(loc.findtext("point/pos"))
            where = locator(self.file, line=loc.sourceline)
            city = cities.city_node(name, None, lat, lon, [where], hint=country)
            out += [
                city,
                Relationship(
                    type=RelType.TAKES_PLACE_IN,
                    start=self.project.id,
                    end=city.id,
                    sources=city.sources,
                ),
            ]
        return out


def _node_id(label: Label, org: _Org) -> str:
    """Org refs are the identity where given; a bare name is keyed like other sources' names."""
    return make_id(label, "iati", org.ref) if org.ref else make_id(label, org.name)


def _ids(org: _Org) -> list[str]:
    return [f"iati:{org.ref}"] if org.ref else []


def _point(pos: str | None) -> tuple[float | None, float | None]:
    try:
        lat, lon = (float(v) for v in (pos or "").split())
    except ValueError:
        return None, None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else (None, None)
