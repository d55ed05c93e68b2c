"""The filters shared by the network, flows, map and research pages, kept in the URL so views can
be shared, and carried from page to page so the same question stays asked.

Widgets start from ``st.query_params`` and write their values back, so a link reproduces a view;
:mod:`app.context` carries them to the next page.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from app import context, viewmodels
from app.state import Graph
from app.text import plain
from graph.analytics import choices, money
from graph.analytics.allocations import DEFAULT_SPLIT
from graph.analytics.networks import NetworkFilter
from graph.analytics.portfolio import Portfolio
from graph.model import normalise

SPLITS = {"equal": "equal shares among participants", "lead": "all to the lead organisation"}


def param_list(name: str, allowed: list[str]) -> list[str]:
    return [v for v in st.query_params.get_all(name) if v in allowed]


def param_int(name: str, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(st.query_params.get(name, default)), low), high)
    except ValueError:
        return default


def sidebar(db: Graph, replay: Any = None) -> NetworkFilter:
    """Filter widgets in the sidebar; returns the filter and mirrors it in the URL. Their
    options are prepared by a load: the portfolio is read only for what is typed or cut.

    With ``replay`` (a container on the page), a year slider there replays the selection over
    the years: see :func:`_as_of`."""
    context.carry()
    offered = db.derive(choices.choices)
    countries, cities, sponsors = offered.countries, offered.cities, offered.sponsors
    context.seed("f_country", param_list("country", countries))
    context.seed("f_city", param_list("city", cities))
    context.seed("f_funder", param_list("funder", list(sponsors)))
    context.seed("f_theme", st.query_params.get("theme", ""))
    context.seed("f_proposals", st.query_params.get("proposals") == "1")
    banner = st.container()
    st.sidebar.header("Filters")
    chosen_countries = st.sidebar.multiselect(
        "Country", countries, key="f_country", select_all=False
    )
    chosen_cities = st.sidebar.multiselect("City", cities, key="f_city", select_all=False)
    with st.sidebar:
        query = _search_box("Find a funder or programme", "f_funder")
    picked = [i for i in st.session_state["f_funder"] if i in sponsors]
    shown = list(sponsors)
    if query:
        found = viewmodels.names(db.portfolio(), "funder").search(query)
        shown = [*picked, *(i for i in found if i not in picked)]
    chosen_sponsors = st.sidebar.multiselect(
        "Funder or programme",
        shown,
        format_func=sponsors.__getitem__,
        key="f_funder",
        select_all=False,  # Enter on a typed name picks the best match, not every match
    )
    theme = st.sidebar.text_input(
        "Theme words",
        key="f_theme",
        help="Words matched in project themes and titles, in any script (comma-separated).",
    )
    period = _period(offered.bounds)
    as_of = _as_of(offered.bounds, period, replay) if replay is not None else None
    years = period if as_of is None else (period[0], as_of)
    proposals = st.sidebar.checkbox(
        "Include proposals (proposed and rejected projects)", key="f_proposals"
    )
    flt = NetworkFilter(
        years=years,
        sponsors=tuple(chosen_sponsors),
        themes=tuple(w.strip() for w in theme.split(",") if w.strip()),
        countries=tuple(chosen_countries),
        cities=tuple(chosen_cities),
        include_proposals=proposals,
    )
    flt = replace(flt, keep_undated=_keep_undated(db, flt))
    if as_of is not None:
        _say_as_of(db.portfolio(), flt, as_of, replay)
    _mirror_filter(flt, theme, period)
    context.show_filtered(banner, flt, sponsors, period, offered.bounds)
    return flt


def _period(bounds: tuple[int, int] | None) -> tuple[int | None, int | None]:
    if bounds is None or bounds[0] == bounds[1]:
        return (None, None)
    low = param_int("from", bounds[0], *bounds)
    high = param_int("to", bounds[1], *bounds)
    context.seed("f_period", (low, high))
    picked = st.sidebar.slider("Period", *bounds, key="f_period")
    return (None, None) if tuple(picked) == tuple(bounds) else tuple(picked)


AS_OF_ALL = "all"
PLAY_SECONDS = 2.5  # one year per step while playing: time to read the page


def _as_of(
    bounds: tuple[int, int] | None, years: tuple[int | None, int | None], where: Any
) -> int | None:
    """A year to cut the period at, cumulatively: every project that started by the end of
    that year (and runs in the period), with its whole amount. Kept in the URL as ``asof``;
    None for all years. "Play" steps through the years on its own."""
    if bounds is None:
        return None
    low, high = years[0] or bounds[0], years[1] or bounds[1]
    options: list[int | str] = [*range(low, high + 1), AS_OF_ALL]
    wanted = st.query_params.get("asof", AS_OF_ALL)
    first = int(wanted) if wanted.isdigit() and int(wanted) in options else AS_OF_ALL
    if st.session_state.get("f_asof") not in options:
        st.session_state["f_asof"] = first  # a new page, or a period that no longer has it
    context.seed("f_asof", first)
    slider, button = where.columns([6, 1], vertical_alignment="bottom")
    picked = slider.select_slider(
        "Replay over the years: as of the end of",
        options,
        format_func=lambda y: "all years" if y == AS_OF_ALL else str(y),
        key="f_asof",
        help="Cumulative: each year adds the projects that started in it, with their whole "
        "amount. Undated projects are left out of a year unless kept in the sidebar.",
    )
    playing = button.toggle("Play", key="f_play", help="Step through the years on its own.")
    if playing:
        st.session_state["f_play_inline"] = True
        _step(options)
        st.session_state["f_play_inline"] = False
    mirror({"asof": "" if picked == AS_OF_ALL else str(picked)})
    return None if picked == AS_OF_ALL else int(picked)


def next_year(options: list[int | str], current: int | str) -> int | str | None:
    """The year a playing replay shows next: from "all years" the first, then each in turn;
    None after the last (the replay stops there).

    >>> [next_year([2016, 2017, "all"], y) for y in ("all", 2016, 2017)]
    [2016, 2017, None]
    """
    years = options[:-1]
    if current not in years:
        return years[0] if years else None
    at = years.index(current) + 1
    return years[at] if at < len(years) else None


@st.fragment(run_every=PLAY_SECONDS)
def _step(options: list[int | str]) -> None:
    """While playing, every few seconds: the next year (a rerun of the page), or stop."""
    if st.session_state.get("f_play_inline") or not st.session_state.get("f_play"):
        return  # drawn with the page, or stopped: no step now
    following = next_year(options, st.session_state.get("f_asof", AS_OF_ALL))
    if following is None:
        st.session_state["f_play"] = False
    else:
        st.session_state["f_asof"] = following
    st.rerun()


def _say_as_of(pf: Portfolio, flt: NetworkFilter, year: int, where: Any) -> None:
    """What the replayed year shows, and what it leaves out (undated projects)."""
    shown = len(flt.projects(pf))
    hidden = 0 if flt.keep_undated else money.undated(pf, flt)
    where.caption(
        f"As of the end of {year}: the {shown:,} project{'' if shown == 1 else 's'} that had "
        "started by then (cumulative, each with its whole amount)"
        + (
            f"; {hidden:,} undated project{'' if hidden == 1 else 's'} left out (keep them in "
            "the sidebar)."
            if hidden
            else (" and the undated ones." if flt.keep_undated else ".")
        )
    )


def _keep_undated(db: Graph, flt: NetworkFilter) -> bool:
    """With a period chosen, say how many undated projects (under the other filters) it hides
    and let them be kept."""
    if flt.years == (None, None):
        return False
    hidden = money.undated(db.portfolio(), flt)
    if not hidden:
        return False
    context.seed("f_undated", st.query_params.get("undated") == "1")
    return st.sidebar.checkbox(
        f"Keep the {hidden:,} undated project{'' if hidden == 1 else 's'}",
        key="f_undated",
        help="Projects whose sources give no year; a period leaves them out unless kept.",
    )


def split_rule() -> str:
    """How a project's money is divided where the sources do not say (in the URL as split)."""
    wanted = st.query_params.get("split", DEFAULT_SPLIT)
    context.seed("f_split", wanted if wanted in SPLITS else DEFAULT_SPLIT)
    chosen = st.sidebar.radio(
        "A project's money goes",
        list(SPLITS),
        format_func=SPLITS.__getitem__,
        key="f_split",
        help="Used where the sources do not say how much each participant got; the same rule "
        "on every page.",
    )
    mirror({"split": "" if chosen == DEFAULT_SPLIT else chosen})
    context.keep(("split",))
    return chosen


def _mirror_filter(flt: NetworkFilter, theme: str, period: tuple[int | None, int | None]) -> None:
    """Write the filter into the URL (only what differs from the defaults)."""
    mirror(
        {
            "country": list(flt.countries),
            "city": list(flt.cities),
            "funder": list(flt.sponsors),
            "theme": theme.strip(),
            "from": str(period[0]) if period[0] is not None else "",
            "to": str(period[1]) if period[1] is not None else "",
            "proposals": "1" if flt.include_proposals else "",
            "undated": "1" if flt.keep_undated else "",
        }
    )
    context.keep(context.FILTERS)


def mirror(params: dict[str, str | list[str]]) -> None:
    """Set URL parameters; empty values are removed, so the URL holds only what was chosen."""
    for name, value in params.items():
        if value:
            st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]


def _most_active(pf: Portfolio) -> str | None:
    counts = {org_id: len(theirs) for org_id, theirs in pf.involved.items()}
    return max(counts, key=lambda org_id: (counts[org_id], org_id)) if counts else None


def _search_box(label: str, key: str) -> str:
    return st.text_input(
        label,
        key=f"{key}_q",
        placeholder="name, English name, abbreviation, Latin spelling…",
        help="Any stored name, alias, English name or id, in Cyrillic or Latin letters; "
        "parts of names and small typos are found too.",
    )


def organisation(
    db: Graph, label: str, key: str, param: str = "org", none: str | None = "— none —"
) -> str | None:
    """An organisation picker kept in the URL as ``param``: a search box (any name, alias,
    abbreviation or spelling, through :meth:`graph.analytics.lookup.NameIndex.search`) ranks
    the choices, best first. With ``none`` set, the first choice means no organisation.
    Untyped, it lists what a load prepared; the portfolio is read only for a search or an
    organisation beyond that list."""
    query = _search_box(f"Find {label.lower()}", key)
    wanted = st.query_params.get(param)
    fresh = st.session_state.get(f"{key}_seen") != query  # a new search opens its best hit
    st.session_state[f"{key}_seen"] = query
    first = db.derive(choices.choices).first
    found = []
    if query:
        names = viewmodels.names(db.portfolio(), "organisation")
        found = names.search(query)
        if not found:
            st.warning(f"No organisation matches {plain(query)}.")
        elif not names.sure(query):  # a weak match is offered, never opened unasked
            st.info(f"Nothing is called {plain(query)}: pick one of the closest names below.")
        elif fresh or wanted not in found:
            wanted = found[0]
    ids = found or list(first)
    if wanted and wanted not in ids and wanted in db.portfolio().organisations:
        ids = [wanted, *ids]
    options: list[str | None] = ([None] if none else []) + ids
    if wanted not in options and none is None and ids:
        wanted = _most_active(db.portfolio())  # a profile opens on someone worth looking at
    index = options.index(wanted) if wanted in options else 0

    def name(org_id: str | None) -> str:
        if org_id is None:
            return none or ""
        return first.get(org_id) or choices.label(db.portfolio().organisations[org_id])

    box = f"{key}_{normalise(query)}" if query else key  # a new search starts on its best hit
    chosen = st.selectbox(label, options, index=index, format_func=name, key=box)
    mirror({param: chosen or ""})
    return chosen
