"""One IATI activity read into records: its project, funders, channel, members and places.

The file-level reading (detect, parse, the refs that must not identify) is the package's
``__init__``; the money is summed by :mod:`loaders.iati.money`.
"""

from __future__ import annotations

from collections import defaultdict

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
from graph.model.ids import locator
from graph.model.schema import ROLE_STRENGTH
from graph.model.values import DOT, BadValue, currency_code, parse_date, parse_number, to_eur
from loaders.iati.money import COMMITMENT, INCOMING, SPENDING, V1_TYPES, Money
from loaders.iati.organisations import Org, ids, narrative, node_id, read_org
from loaders.shared import cities
from loaders.shared.common import CellError, Report, checked

STATUS = {
    "1": "proposed",
    "2": "ongoing",
    "3": "completed",
    "4": "completed",
    "5": "rejected",
    "6": "ongoing",
}


class Activity:
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
        self.reporting = read_org(act.find("reporting-org"), refs)
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
        title = narrative(self.act.find("title")) or ident
        dates = {d.get("type"): d.get("iso-date") for d in self.act.findall("activity-date")}
        start, end = dates.get("2") or dates.get("1"), dates.get("4") or dates.get("3")
        status = self.act.find("activity-status")
        countries = [c.get("code") for c in self.act.findall("recipient-country") if c.get("code")]
        return Project(
            id=make_id(Label.PROJECT, "iati", ident),
            name=title,
            title=title,
            description=narrative(self.act.find("description")),
            status=STATUS.get(status.get("code") if status is not None else ""),
            start=self._date(start, "activity-date"),
            end=self._date(end, "activity-date"),
            identifiers=[f"iati:{ident}"],
            sources=[self.src],
            extra={"countries": countries} if countries else {},
        )

    def _participants(self) -> None:
        by_role: dict[str, list[Org]] = defaultdict(list)
        for el in self.act.findall("participating-org"):
            org = read_org(el, self.refs)
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

    def _funder(self, org: Org) -> str:
        if org.key not in self.funders:
            node = node_id(Label.FUNDER, org)
            self.out.append(
                Funder(id=node, name=org.name, sources=[self.src], identifiers=ids(org))
            )
            self.funders[org.key] = node
            self.out.append(
                Relationship(
                    type=RelType.FUNDED_BY, start=self.project.id, end=node, sources=[self.src]
                )
            )
        return self.funders[org.key]

    def _programme(self, org: Org) -> None:
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

    def _member(self, org: Org, role: Role) -> str:
        have = self.members.get(org.key)
        if have and ROLE_STRENGTH[have[1]] >= ROLE_STRENGTH[role]:
            return have[0]
        node = node_id(Label.ORGANISATION, org)
        if not have:
            self.out.append(
                Organisation(id=node, name=org.name, sources=[self.src], identifiers=ids(org))
            )
        self.members[org.key] = (node, role)
        return node

    def records(self) -> list[Record]:
        funding, received = self._money()
        self.out += self._places()
        money: dict[tuple[str, str], Money] = {("funded", k): v for k, v in funding.items()}
        money.update({("received", k): v for k, v in received.items()})
        for rel in [r for r in self.out if isinstance(r, Relationship)]:
            if rel.type == RelType.FUNDED_BY and ("funded", rel.end) in money:
                paid = money.pop(("funded", rel.end))
                for name, value in paid.fields().items():
                    setattr(rel, name, value)
                rel.sources = list(dict.fromkeys([*rel.sources, *paid.sources]))
        total = Money()
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

    def _money(self) -> tuple[dict[str, Money], dict[str, Money]]:
        txs = [t for t in (self._transaction(el) for el in self.act.findall("transaction")) if t]
        present = {t["type"] for t in txs}
        chosen = next((c for c in (COMMITMENT, INCOMING, SPENDING) if c & present), set())
        funding: dict[str, Money] = defaultdict(Money)
        received: dict[str, Money] = defaultdict(Money)
        for t in txs:
            if t["type"] in chosen and self.primary:
                target = self._provider(t["provider"]) or self.primary
                funding[target].add(t["amount"], t["currency"], t["eur"], t["src"])
            if t["type"] in SPENDING and self._outside(t["receiver"]):
                node = self._member(t["receiver"], Role.PARTNER)
                received[node].add(t["amount"], t["currency"], t["eur"], t["src"])
        return funding, received

    def _outside(self, org: Org | None) -> bool:
        """Another body than the reporting org and the funding side."""
        if org is None or (self.reporting and org.key == self.reporting.key):
            return False
        return org.key not in self.funders and org.key not in self.channel_keys

    def _provider(self, org: Org | None) -> str | None:
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
            "provider": read_org(el.find("provider-org"), self.refs),
            "receiver": read_org(el.find("receiver-org"), self.refs),
        }

    def _places(self) -> list[Record]:
        countries = self.project.extra.get("countries", [])
        country = countries[0] if len(countries) == 1 else None
        out: list[Record] = []
        for loc in self.act.findall("location"):
            name = narrative(loc.find("name"))
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


def _point(pos: str | None) -> tuple[float | None, float | None]:
    try:
        lat, lon = (float(v) for v in (pos or "").split())
    except ValueError:
        return None, None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else (None, None)
