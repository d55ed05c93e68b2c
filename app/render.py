"""Network drawings: the wall around pyvis.

pyvis is fed plain node and edge lists (its ``from_nx`` and ``add_edge`` are quadratic), with
positions computed here by igraph's Fruchterman–Reingold and physics off, so a drawing paints at
once and looks the same on every rerun. Every source string in a tooltip is HTML-escaped (the
tooltips are shown as HTML); labels are drawn on the canvas as text. Big selections are cut down
to a cap, and the drawing says what was left out. Nothing is written to disk and nothing is loaded
from a CDN (the page must work offline).
"""

from __future__ import annotations

import html
import math
import random
import re
from dataclasses import dataclass, field

import igraph
from pyvis.network import Network

from graph.analytics.communities import igraph_seeded
from graph.analytics.layout import KIND_COLOURS, colour_for, strongest_ties

DEFAULT_NODES = 300
MAX_NODES = 1000
MAX_EDGES = 5000
LABELLED = 40  # the largest nodes carry their names; the others show them on hover


@dataclass
class DrawNode:
    """A node to draw. ``facts`` are (label, value) lines for the tooltip, escaped on the way."""

    id: str
    label: str
    group: str = ""
    size: float = 1.0
    facts: list[tuple[str, str]] = field(default_factory=list)
    shape: str = "dot"
    marked: bool = False  # the centre of an ego network: a thick dark ring, always labelled


@dataclass
class DrawEdge:
    source: str
    target: str
    weight: float = 1.0
    title: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Drawing:
    """The HTML of a drawing and what it holds; ``note`` says what was left out, if anything."""

    html: str
    nodes: int
    edges: int
    note: str = ""


def tooltip(title: str, facts: list[tuple[str, str]]) -> str:
    """Tooltip HTML in which every piece of source text is escaped.

    >>> tooltip("<b>X</b> & Y", [("country", "BG")])
    '<b>&lt;b&gt;X&lt;/b&gt; &amp; Y</b><br>country: BG'
    """
    lines = [f"<b>{html.escape(title)}</b>"]
    lines += [f"{html.escape(k)}: {html.escape(str(v))}" for k, v in facts]
    return "<br>".join(lines)


def cap(
    nodes: list[DrawNode], edges: list[DrawEdge], max_nodes: int, max_edges: int
) -> tuple[list[DrawNode], list[DrawEdge], str]:
    """Keep the largest nodes and, if edges still overflow, each node's strongest ties.

    Returns what is kept and a sentence about what was left out ("" when nothing was).
    """
    max_nodes, max_edges = min(max_nodes, MAX_NODES), min(max_edges, MAX_EDGES)
    kept_nodes = nodes
    if len(nodes) > max_nodes:
        kept_nodes = sorted(nodes, key=lambda n: (-n.size, n.label))[:max_nodes]
    ids = {n.id for n in kept_nodes}
    kept_edges = [e for e in edges if e.source in ids and e.target in ids]
    if len(kept_edges) > max_edges:
        kept_edges = strongest_ties(kept_edges, max_edges)
    notes = []
    if len(kept_nodes) < len(nodes):
        notes.append(f"showing the {len(kept_nodes):,} largest of {len(nodes):,} nodes")
    if len(kept_edges) < len(edges):
        notes.append(f"{len(kept_edges):,} of {len(edges):,} ties drawn")
    note = "; ".join(notes)
    return kept_nodes, kept_edges, (note[0].upper() + note[1:] + ".") if note else ""


def layout(ids: list[str], edges: list[DrawEdge], seed: int = 7) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions (igraph), deterministic for a given graph and seed."""
    if not ids:
        return {}
    index = {node_id: i for i, node_id in enumerate(ids)}
    pairs = [(index[e.source], index[e.target]) for e in edges]
    g = igraph.Graph(n=len(ids), edges=pairs)
    rng = random.Random(seed)
    start = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in ids]
    with igraph_seeded(rng):
        coords = g.layout_fruchterman_reingold(seed=start, niter=_iterations(len(ids))).coords
    return _scaled(ids, coords, side=120.0 * math.sqrt(len(ids)) + 300.0)


def _iterations(n: int) -> int:
    """Fewer rounds for big drawings: their shape settles early, and time grows with n²."""
    return 300 if n <= 300 else 120


def _scaled(
    ids: list[str], coords: list[list[float]], side: float
) -> dict[str, tuple[float, float]]:
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    return {
        node_id: ((x - min(xs)) / span * side, (y - min(ys)) / span * side)
        for node_id, (x, y) in zip(ids, coords, strict=True)
    }


def _size_scale(nodes: list[DrawNode], low: float = 8.0, high: float = 40.0):
    top = max((n.size for n in nodes), default=1.0) or 1.0
    return lambda v: low + (high - low) * math.sqrt(max(v, 0.0) / top)


def _width(weight: float) -> float:
    return 1.0 + 2.0 * math.log(max(weight, 1.0))


_OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
    "edges": {"smooth": False, "color": {"color": "#b8b8b8", "highlight": "#555555"}},
    "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1},
}
# pyvis's template always links Bootstrap from a CDN; the drawing does not use it, and offline
# it only fills the browser console with errors.
_CDN_TAGS = re.compile(
    r'<link[^>]*href="https?://[^"]*"[^>]*/?>|<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>',
    re.DOTALL,
)
# vis-network shows a string title as plain text; turn the (escaped) HTML into elements.
_HTML_TITLES = """
function asElement(text) {
    var box = document.createElement("div");
    box.innerHTML = text;
    return box;
}
function htmlTitles(set) {
    var plain = set.get({filter: function (x) { return typeof x.title === "string"; }});
    set.update(plain.map(function (x) { return {id: x.id, title: asElement(x.title)}; }));
}
htmlTitles(nodes);
htmlTitles(edges);
"""
_HOOK = "data = {nodes: nodes, edges: edges};"


def network_html(
    nodes: list[DrawNode],
    edges: list[DrawEdge],
    height: int = 620,
    max_nodes: int = DEFAULT_NODES,
    max_edges: int = MAX_EDGES,
    sizes: str = "",
    labelled: int = LABELLED,
) -> Drawing:
    """A self-contained HTML drawing of at most ``max_nodes`` nodes (hard cap 1,000 / 5,000),
    with a legend of its colours (and of ``sizes``, what node size means); the ``labelled``
    largest nodes carry their names."""
    nodes, edges, note = cap(nodes, edges, max_nodes, max_edges)
    pos = layout([n.id for n in nodes], edges)
    groups = sorted({n.group for n in nodes} - set(KIND_COLOURS))
    scale = _size_scale(nodes)
    named = {n.id for n in sorted(nodes, key=lambda n: (-n.size, n.label))[:labelled]}
    net = Network(height=f"{height}px", width="100%", cdn_resources="in_line")
    net.nodes = [
        {
            "id": n.id,
            "label": n.label if n.id in named or n.marked else " ",
            "title": tooltip(n.label, n.facts),
            "x": pos[n.id][0],
            "y": pos[n.id][1],
            "size": scale(n.size) * (1.3 if n.marked else 1.0),
            "shape": n.shape,
            "color": {
                "background": colour_for(n.group, groups),
                "border": "#111111" if n.marked else colour_for(n.group, groups),
            },
            "borderWidth": 6 if n.marked else 1,
            "font": {"size": 16 if n.marked else 13, "bold": n.marked},
        }
        for n in nodes
    ]
    net.edges = [
        {
            "id": i,
            "from": e.source,
            "to": e.target,
            "width": _width(e.weight),
            "title": tooltip(e.title or f"weight {e.weight:g}", e.facts),
        }
        for i, e in enumerate(edges)
    ]
    net.options = _OPTIONS
    box = legend([(g, colour_for(g, groups)) for g in sorted({n.group for n in nodes})], sizes)
    return Drawing(_offline(net.generate_html(), box), len(nodes), len(edges), note)


def legend(colours: list[tuple[str, str]], sizes: str = "") -> str:
    """A small key in the drawing's corner: each colour's group and what size means (escaped).

    >>> legend([("<b>", "#fff")], "partners")
    '<div id="legend" ...&lt;b&gt;</span>...size: partners</div></div>'
    """
    items = "".join(
        f'<span class="key"><i style="background:{c}"></i>{html.escape(g or "other")}</span>'
        for g, c in colours
    )
    size = f"<div>size: {html.escape(sizes)}</div>" if sizes else ""
    return f'<div id="legend" style="{_LEGEND_STYLE}">{items}{size}</div>'


_LEGEND_STYLE = (
    "position:absolute;top:8px;left:8px;max-width:45%;background:rgba(255,255,255,.9);"
    "font:12px sans-serif;padding:4px 6px;border:1px solid #ddd;border-radius:4px"
)
_LEGEND_CSS = (
    "<style>#legend .key{display:inline-block;margin-right:8px}#legend i{display:inline-block;"
    "width:10px;height:10px;border-radius:5px;margin-right:3px}</style>"
)
# A click on an organisation opens its profile (a new tab: the drawing's frame may not
# navigate the app itself).
_CLICK = """
network.on("click", function (params) {
    if (params.nodes.length && String(params.nodes[0]).indexOf("org:") === 0) {
        var url = new URL("profile", window.parent.location.href);
        url.searchParams.set("org", params.nodes[0]);
        window.open(url.toString(), "_blank");
    }
});
"""
_DRAWN = "return network;"


def _offline(page: str, legend_html: str = "") -> str:
    """Drop CDN tags, make tooltips HTML, add the legend and the click to a profile; fail
    loudly if pyvis's template has changed."""
    if _HOOK not in page or _DRAWN not in page or "</body>" not in page:
        raise RuntimeError("pyvis template changed: a hook of the drawing was not found")
    page = _CDN_TAGS.sub("", page)
    page = page.replace(_HOOK, _HOOK + _HTML_TITLES, 1).replace(_DRAWN, _CLICK + _DRAWN, 1)
    return page.replace("</body>", _LEGEND_CSS + legend_html + "</body>", 1)
