"""The question the user asked, carried from page to page: the filter last chosen is kept in
the session and put back in the URL of the next page that can honour it, and the page says it is
filtered ("Filtered: funder EU ✕"), each part with a button that removes it.

Streamlit forgets widgets and the URL's parameters on a page switch; the pages' filter widgets
start from the URL when a page is new (:func:`visiting`), and from their own state after that.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.text import plain
from graph.analytics.networks import NetworkFilter

KEPT = "f_kept"  # session key: the URL parameters of the filter last chosen, on any page
SHOWN, ARRIVED = "f_page", "f_arrived"  # session keys: the page drawn, and whether it is new
FILTERS = ("country", "city", "funder", "theme", "from", "to", "proposals", "undated")
CARRIED = (*FILTERS, "split")  # the split rule is the same on every page too


def carry() -> None:
    """Put the filter last chosen (on another page) back in the URL when it holds none, so
    the widgets below start from it and a copied link reproduces the view."""
    kept = st.session_state.get(KEPT) or {}
    if kept and not any(name in st.query_params for name in CARRIED):
        for name, value in kept.items():
            st.query_params[name] = value


def keep(names: tuple[str, ...]) -> None:
    """Remember ``names``' URL parameters for the next page (see :func:`carry`)."""
    kept = dict(st.session_state.get(KEPT) or {})
    for name in names:
        values = st.query_params.get_all(name)
        if values:
            kept[name] = values if name in ("country", "city", "funder") else values[0]
        else:
            kept.pop(name, None)
    st.session_state[KEPT] = kept


def visiting(page: str) -> None:
    """Note the page this run draws: its filter widgets start again from the URL when it is
    not the page of the previous run (Streamlit keeps no widget across a page switch)."""
    st.session_state[ARRIVED] = st.session_state.get(SHOWN) != page
    st.session_state[SHOWN] = page


def seed(key: str, value: Any) -> None:
    """Start a widget from ``value`` (the URL's) on its page's first run; after that the
    widget's own state holds (no ``default=``, so clearing it from a callback works)."""
    if key not in st.session_state or st.session_state.get(ARRIVED, True):
        st.session_state[key] = value


# what clearing a filter sets its widgets to (the period's comes from the data)
CLEARED: dict[str, dict[str, Any]] = {
    "country": {"f_country": []},
    "city": {"f_city": []},
    "funder": {"f_funder": [], "f_funder_q": ""},
    "theme": {"f_theme": ""},
    "proposals": {"f_proposals": False},
}


def _clear(names: tuple[str, ...], bounds: tuple[int, int] | None) -> None:
    """Remove filters (a click on their ✕): widgets, URL and what the next page is given."""
    for name in names:
        for key, value in CLEARED.get(name, {}).items():
            st.session_state[key] = value
        if name == "period" and bounds is not None:
            st.session_state["f_period"] = bounds
            st.session_state["f_undated"] = False
        for param in ("from", "to", "undated") if name == "period" else (name,):
            if param in st.query_params:
                del st.query_params[param]
    keep(FILTERS)


def active(
    flt: NetworkFilter, sponsors: dict[str, str], period: tuple[int | None, int | None]
) -> dict[str, str]:
    """The filters in force, each as a short phrase ("funder European Union"), by name."""
    said: dict[str, str] = {}
    if flt.countries:
        said["country"] = "country " + ", ".join(flt.countries)
    if flt.cities:
        said["city"] = "city " + ", ".join(flt.cities)
    if flt.sponsors:
        said["funder"] = "funder " + ", ".join(sponsors.get(s, s) for s in flt.sponsors)
    if flt.themes:
        said["theme"] = "theme " + ", ".join(flt.themes)
    if period != (None, None):
        said["period"] = f"{period[0]}–{period[1]}"
    if flt.include_proposals:
        said["proposals"] = "with proposals"
    return said


def show_filtered(
    where: Any,
    flt: NetworkFilter,
    sponsors: dict[str, str],
    period: tuple[int | None, int | None],
    bounds: tuple[int, int] | None,
) -> None:
    """The line "Filtered: funder EU ✕" above the page: what this view is cut to, each part
    with a button removing it (and one removing them all)."""
    said = active(flt, sponsors, period)
    if not said:
        return
    row = where.container(horizontal=True, vertical_alignment="center", gap="small")
    row.markdown("**Filtered:**", width="content")
    for name, phrase in said.items():
        row.button(
            f"{plain_label(phrase)} ✕",
            key=f"f_x_{name}",
            on_click=_clear,
            args=((name,), bounds),
            help="Remove this filter",
            type="secondary",
        )
    if len(said) > 1:
        row.button(
            "Clear all",
            key="f_x_all",
            on_click=_clear,
            args=(tuple(said), bounds),
            type="tertiary",
        )


def plain_label(text: str, size: int = 60) -> str:
    """A phrase for a button label: Markdown characters escaped, long lists cut."""
    text = text if len(text) <= size else text[: size - 1].rstrip() + "…"
    return plain(text)
