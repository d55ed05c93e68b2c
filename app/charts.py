"""Plotly figures: the funding Sankey and the map of cities, both working offline.

Source text reaching a figure (names in labels and hovers) is HTML-escaped, since plotly reads
a few tags in text. The map draws its own borders (Natural Earth, shipped in data/geo) as lines
and turns plotly's base layers off, so it needs no token, no tiles and no download.
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

import plotly.graph_objects as go

from app.text import esc
from graph.config import PROJECT_ROOT

BORDERS = PROJECT_ROOT / "data" / "geo" / "europe-borders.json"
STAGE_COLOURS = {
    "funder": "#e15759",
    "programme": "#edc948",
    "project": "#f28e2b",
    "organisation": "#4e79a7",
}


def sankey(links: list[dict[str, Any]], height: int = 560) -> go.Figure:
    """A Sankey of links ``{source, target, amount_eur}`` (ids), with optional
    ``source_name``/``target_name``, ``source_kind``/``target_kind``, and the ``original``
    amounts and ``estimated_eur`` share a link's hover tells."""
    index: dict[str, int] = {}
    names, colours = [], []
    for link in links:
        for end in ("source", "target"):
            node = link[end]
            if node not in index:
                index[node] = len(names)
                names.append(str(link.get(f"{end}_name") or node))
                kind = link.get(f"{end}_kind", "")
                colours.append(STAGE_COLOURS.get(kind, "#9c9c9c"))
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": [esc(_short(n)) for n in names],
                "customdata": [esc(n) for n in names],
                "hovertemplate": "%{customdata}<br>€ %{value:,.0f}<extra></extra>",
                "color": colours,
                "pad": 12,
                "thickness": 14,
            },
            link={
                "source": [index[lk["source"]] for lk in links],
                "target": [index[lk["target"]] for lk in links],
                "value": [max(lk.get("amount_eur") or 0.0, 0.0) for lk in links],
                "customdata": [esc(_said(lk)) for lk in links],
                "hovertemplate": "%{source.customdata} → %{target.customdata}<br>"
                "€ %{value:,.0f}<br>%{customdata}<extra></extra>",
            },
        )
    )
    figure.update_layout(height=height, margin={"l": 8, "r": 8, "t": 8, "b": 8})
    return figure


def _said(link: dict[str, Any]) -> str:
    """A link's hover: the original amounts behind it and its estimated share.

    >>> _said({"original": {"BGN": 1955.83, "EUR": 10.0}, "estimated_eur": 5.0})
    'original: 1,955.83 BGN, 10.00 EUR; estimated share: € 5.00'
    """
    money = link.get("original") or {}
    said = [f"original: {', '.join(f'{v:,.2f} {c}' for c, v in sorted(money.items()))}"]
    said = said if money else []
    if link.get("estimated_eur"):
        said.append(f"estimated share: € {link['estimated_eur']:,.2f}")
    return "; ".join(said)


def _hover_html(city: dict[str, Any], shown: int = 8) -> str:
    """A city's hover: its counts and money, then its first organisations (escaped)."""
    names, guessed = city.get("names") or [], city.get("estimated_eur") or 0.0
    return (
        f"{city['organisations']} organisations, {city['projects']} projects, "
        f"€ {city['amount_eur']:,.0f}"
        + (f" (€ {guessed:,.0f} of it estimated shares)" if guessed >= 0.5 else "")
        + "<br>"
        + "<br>".join(esc(n) for n in names[:shown])
        + (f"<br>… and {len(names) - shown} more" if len(names) > shown else "")
    )


def fold(links: list[dict[str, Any]], kind: str, keep: int) -> tuple[list[dict[str, Any]], int]:
    """The Sankey's links with all but the ``keep`` biggest ``kind`` nodes (funders, or
    programmes on both their sides) folded into one "other funders (N)" node; totals are
    unchanged, and so are the original amounts and estimated shares behind them. Returns the
    links and N.

    >>> links = [{"source": f, "target": "p", "source_kind": "funder", "amount_eur": a}
    ...          for f, a in (("a", 5.0), ("b", 1.0), ("c", 2.0))]
    >>> folded, n = fold(links, "funder", 1)
    >>> n, [(lk["source"], lk["amount_eur"]) for lk in folded]
    (2, [('a', 5.0), ('other:funder', 3.0)])
    """
    money: dict[str, list[float]] = {}  # node -> [money out, money in]
    for link in links:
        for end, side in (("source", 0), ("target", 1)):
            if link.get(f"{end}_kind") == kind:
                money.setdefault(link[end], [0.0, 0.0])[side] += link["amount_eur"] or 0.0
    rest = set(sorted(money, key=lambda n: (-max(money[n]), n))[keep:])
    if not rest:
        return links, 0
    other, name = f"other:{kind}", f"other {kind}s ({len(rest)})"
    merged: dict[tuple[Any, str, str], dict[str, Any]] = {}
    for link in links:
        source, target = (other if link[e] in rest else link[e] for e in ("source", "target"))
        key = (link.get("stage"), source, target)
        into = merged.get(key)
        if into is None:
            into = merged[key] = dict(
                link, source=source, target=target, amount_eur=0.0, estimated_eur=0.0, original={}
            )
            into.update(
                {
                    f"{e}_name": name
                    for e, n in (("source", source), ("target", target))
                    if n == other
                }
            )
        into["amount_eur"] += link["amount_eur"] or 0.0
        into["estimated_eur"] += link.get("estimated_eur") or 0.0
        for currency, amount in (link.get("original") or {}).items():
            into["original"][currency] = into["original"].get(currency, 0.0) + amount
    return list(merged.values()), len(rest)


def _short(name: str, size: int = 22) -> str:
    """Sankey labels cut so that the project and organisation columns, whose labels share one
    gap, do not overlap; the hover has the whole name."""
    return name if len(name) <= size else name[: size - 1].rstrip() + "…"


@cache
def _border_lines() -> tuple[list[float | None], list[float | None]]:
    lons: list[float | None] = []
    lats: list[float | None] = []
    for line in json.loads(BORDERS.read_text())["lines"]:
        lons += [p[0] for p in line] + [None]
        lats += [p[1] for p in line] + [None]
    return lons, lats


MAP_LABELS = 12  # cities named on the map, biggest first (more overlap); the others on hover


def city_map(
    cities: list[dict[str, Any]],
    arcs: list[dict[str, Any]] | None = None,
    height: int = 620,
) -> go.Figure:
    """Cities ``{name, lat, lon, value, organisations, projects, amount_eur, estimated_eur,
    names}`` (:func:`graph.analytics.money.city_map`) as circles sized by ``value``, and
    partnership arcs ``{lat0, lon0, lat1, lon1, weight, hover}`` between them; source text is
    escaped here."""
    lons, lats = _border_lines()
    figure = go.Figure(
        go.Scattergeo(
            lon=lons,
            lat=lats,
            mode="lines",
            line={"color": "#b9b9b9", "width": 0.6},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for arc in arcs or []:
        figure.add_trace(
            go.Scattergeo(
                lon=[arc["lon0"], arc["lon1"]],
                lat=[arc["lat0"], arc["lat1"]],
                mode="lines",
                line={
                    "color": "rgba(78,121,167,0.45)",
                    "width": 1 + 1.5 * math.log(max(arc.get("weight", 1), 1)),
                },
                hoverinfo="text",
                text=esc(arc.get("hover", "")),
                showlegend=False,
            )
        )
    top = max((c.get("value") or 0 for c in cities), default=1) or 1
    ranked = sorted(range(len(cities)), key=lambda i: -(cities[i].get("value") or 0))
    labelled = set(ranked[:MAP_LABELS])
    figure.add_trace(
        go.Scattergeo(
            lon=[c["lon"] for c in cities],
            lat=[c["lat"] for c in cities],
            mode="markers+text",
            text=[esc(c["name"]) if i in labelled else "" for i, c in enumerate(cities)],
            textposition="top center",
            marker={
                "size": [8 + 32 * math.sqrt((c.get("value") or 0) / top) for c in cities],
                "color": "#f28e2b",
                "line": {"color": "#ffffff", "width": 1},
                "opacity": 0.85,
            },
            customdata=[[esc(c["name"]), _hover_html(c)] for c in cities],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            showlegend=False,
        )
    )
    figure.update_geos(_view(cities))
    figure.update_layout(height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return figure


def _view(cities: list[dict[str, Any]]) -> dict[str, Any]:
    """Plotly's own layers off (they would be fetched from the internet); frame the cities."""
    lons = [c["lon"] for c in cities] or [12.0, 30.0]
    lats = [c["lat"] for c in cities] or [40.0, 55.0]
    pad = 3.0
    return {
        "projection_type": "mercator",
        "showland": False,
        "showcountries": False,
        "showcoastlines": False,
        "showocean": False,
        "showlakes": False,
        "showrivers": False,
        "showsubunits": False,
        "showframe": False,
        "lonaxis_range": [min(lons) - pad * 2, max(lons) + pad * 2],
        "lataxis_range": [min(lats) - pad, max(lats) + pad],
        "bgcolor": "rgba(0,0,0,0)",
    }
