"""The answers people ask for first, derived once when data is loaded.

At 50,000 organisations each of the app's first views costs seconds of work (the partnership
network, every centrality measure, communities, the money split along every flow). A load ends
with :func:`prepare`, which derives them for the whole graph, unfiltered, and keeps them on disk
beside the portfolio's snapshot (:func:`graph.analytics.snapshot.derived`); a page or command
that asks the same question of the same data version then reads the answer instead of making it.
Pages must ask exactly as :data:`DEFAULTS` does (same function, same arguments) to find them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx
from filelock import FileLock

from graph.analytics import allocations, choices, layout, lookup, money, snapshot, tables
from graph.analytics.measures import Scores
from graph.analytics.networks import NetworkFilter, co_partnership
from graph.analytics.portfolio import Portfolio

Progress = Callable[[str, int, int], None]
WHOLE = NetworkFilter()  # the unfiltered graph: what every page shows before a filter is set


def partnerships(pf: Portfolio, flt: NetworkFilter = WHOLE) -> nx.Graph:
    """The co-partnership network under ``flt``; the last one asked for is kept in memory,
    since the measures, communities and network views ask for the same one (seconds to build
    at 50,000 organisations). Shared between sessions: read-only."""
    return snapshot.kept(pf, co_partnership, flt, limit=1)


def measures_table(
    pf: Portfolio, flt: NetworkFilter = WHOLE, names: tuple[str, ...] = tuple(tables.MEASURES)
) -> tables.Table:
    """Every measure (or those ``names``) for every organisation of the co-partnership network
    (Research, Profile, the network's node sizes), with notes on which values are sampled and
    how each measure uses weights. Each measure is computed on its own, so a table of fewer
    names holds the same values: a filtered drawing asks only for its size measure (and
    degree), seconds less than the whole table at 50,000 organisations."""
    table = tables.centrality_table(partnerships(pf, flt), list(names))
    table.notes += [f"{name}: {how}" for name, how in tables.WEIGHTS.items()]
    return table


def communities(pf: Portfolio, flt: NetworkFilter = WHOLE) -> list[dict[str, Any]]:
    """Louvain communities of the co-partnership network (Research, the network's colours)."""
    return tables.communities_table(partnerships(pf, flt))


def sizes_table(pf: Portfolio, flt: NetworkFilter, size_by: str) -> tables.Table:
    """The measures table behind a drawing: the whole one a load prepared when unfiltered;
    under a filter only degree (the tie counts, and the rows' order, as in the whole table)
    and ``size_by``, not all eight measures."""
    if flt == WHOLE:
        return snapshot.derived(pf, measures_table, flt)
    names = tuple(dict.fromkeys(("degree", size_by)))
    return snapshot.derived(pf, measures_table, flt, names)


def tabled(table: tables.Table, measure: str) -> Scores:
    """One measure of a measures table (:func:`measures_table`)."""
    said = [n.split(": ", 1)[1] for n in table.notes if n.startswith(f"{measure}: estimated")]
    values = {r["id"]: r[measure] if r[measure] is not None else 0.0 for r in table.rows}
    return Scores(values, "table", said[0] if said else "")


def whole_drawing(
    pf: Portfolio, flt: NetworkFilter, size_by: str, colour_by: str, community: int | None = None
) -> layout.WholeDrawing:
    """Every organisation of the partnership network under ``flt`` (or of one of its Louvain
    ``community``), placed, sized by ``size_by`` and coloured by ``colour_by``; a network of
    communities instead when there are more than :data:`layout.MAX_DRAWN` organisations.
    A load prepares the unfiltered one (:data:`DEFAULTS`): the page's first visit reads it."""
    G = partnerships(pf, flt)
    found = snapshot.derived(pf, communities, flt)
    group = {m["id"]: c["community"] for c in found for m in c["members"]}
    scores = tabled(sizes_table(pf, flt, size_by), size_by)
    cut = ""
    if community is not None:  # one community: all of it, or its MAX_DRAWN largest
        keep = [m["id"] for c in found if c["community"] == community for m in c["members"]]
        if len(keep) > layout.MAX_DRAWN:
            cut = f"The {layout.MAX_DRAWN:,} largest of its {len(keep):,} organisations are drawn. "
            keep = sorted(keep, key=lambda v: (-scores.get(v, 0.0), v))[: layout.MAX_DRAWN]
        G = G.subgraph(keep)
    elif G.number_of_nodes() > layout.MAX_DRAWN:
        return layout.communities_drawing(G, found, group)
    names = {v: pf.organisations[v].name if v in pf.organisations else str(v) for v in G}
    colours = layout.colours(G, group, colour_by)
    nodes = [
        {"id": v, "label": names[v], "size": scores.get(v, 0.0), "color": colours[v]}
        for v in sorted(G)
    ]
    drawing = layout.placed(nodes, layout.ties(G), G.number_of_nodes(), G.number_of_edges())
    drawing.note = cut + drawing.note
    return drawing


def names(pf: Portfolio, what: str) -> lookup.NameIndex:
    """The search index of the organisations (``what="organisation"``), or of the funders and
    programmes: every picker's first need, seconds to build at 50,000 organisations."""
    if what == "organisation":
        return lookup.NameIndex(pf.organisations, what)
    return lookup.NameIndex({**pf.funders, **pf.programmes}, what)


# (function, arguments) of each answer a load prepares, as the pages ask for it
DEFAULTS: list[tuple[Callable[..., Any], tuple[Any, ...]]] = [
    (money.overview, ()),
    (money.by_organisation, ()),
    (money.sankey_links, (WHOLE, allocations.DEFAULT_SPLIT)),
    (money.by_year, (WHOLE, allocations.DEFAULT_SPLIT)),
    (money.city_map, (WHOLE, "money", allocations.DEFAULT_SPLIT)),
    (measures_table, (WHOLE,)),
    (communities, (WHOLE,)),
    (whole_drawing, (WHOLE, "degree", "community", None)),  # the network page's first choices
    (names, ("organisation",)),
    (names, ("funder",)),
    (choices.choices, ()),  # the sidebar's and pickers' options, without the portfolio
]


def prepare(store: Any, progress: Progress | None = None) -> list[str]:
    """Derive the portfolio's snapshot, every answer of :data:`DEFAULTS` and the partner
    finder's trained index for the store's current data version (those already on disk are
    only checked). The data is written by then: an answer that cannot be derived does not
    undo or fail the load; it is said in the returned notes, and its page, asking later,
    shows its own error."""
    from graph.analytics.partners import trained_index  # scikit-learn: imported only here

    todo = [*DEFAULTS, (trained_index, ())]
    steps = len(todo) + 1
    say = progress or (lambda stage, done, total: None)
    say("preparing the analytics: reading the graph", 0, steps)
    # one preparation at a time per data folder: two loads at once each reading the whole graph
    # on the embedded server's heap left one of them waiting for ever for an answer
    lock = snapshot.folder(store.settings) / "prepare.lock"
    lock.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # private, as every derived file
    with FileLock(lock, mode=0o600):
        pf = snapshot.portfolio(store)
        return _derive_all(pf, todo, say, steps)


def _derive_all(pf: Portfolio, todo: list, say: Progress, steps: int) -> list[str]:
    """Each of ``todo`` derived for ``pf``, with progress; notes for those that fail."""
    notes = []
    for done, (func, args) in enumerate(todo, start=1):
        what = func.__name__.replace("_", " ")
        say(f"preparing the analytics: {what}", done, steps)
        try:
            snapshot.derived(pf, func, *args)
        except Exception as exc:  # noqa: BLE001  (see the docstring)
            notes.append(
                f"the analytics' {what} could not be prepared ({exc}); it is made when asked"
            )
    say("preparing the analytics", steps, steps)
    return notes
