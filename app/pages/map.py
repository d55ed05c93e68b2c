"""Map: where the organisations are, how much money went there, and which cities work together."""

import pandas as pd
import streamlit as st

from app import charts, filters, state
from app.text import eur
from graph.analytics import money

st.title("Map")
replay = st.container()

with state.shown_errors():
    db = state.open_graph()
    pf = db.portfolio()
    flt = filters.sidebar(db, replay=replay)
    sizes = {"money": "money (EUR)", "count": "number of projects"}
    size_by = st.radio(
        "Circle size", list(sizes), format_func=sizes.__getitem__, horizontal=True, key="m_size"
    )
    arcs = st.checkbox("Partnership arcs between cities", value=True, key="m_arcs")
    split = filters.split_rule()
    data = db.derive(money.city_map, flt, size_by, split)

if not data.cities:
    st.warning("No organisation with a known city matches these filters.")
    st.stop()
st.metric(
    "Money in this view (EUR)",
    eur(sum(c["amount_eur"] for c in data.cities) + data.unplaced_eur),
)
st.plotly_chart(
    charts.city_map(data.cities, data.arcs if arcs else []),
    config={"displaylogo": False},
    key="m_chart",
)
st.caption(
    f"{len(data.cities)} cities, {data.pairs} city pairs with shared projects"
    + (f" (the {len(data.arcs)} strongest drawn)." if data.pairs > len(data.arcs) else ".")
    + (f" {data.unplaced} organisations have no mapped city." if data.unplaced else "")
    + " Money is what reached each city's organisations (the split rule in the sidebar), so the"
    " cities add up to the total on the Funding flows page"
    + (f" with {eur(data.unplaced_eur)} that reached no mapped city." if data.unplaced_eur else ".")
)
table = pd.DataFrame(data.cities)[
    ["name", "country", "organisations", "projects", "amount_eur", "estimated_eur"]
].sort_values("amount_eur", ascending=False)
st.dataframe(
    table,
    hide_index=True,
    column_config={
        "amount_eur": st.column_config.NumberColumn("EUR", format="%,.0f"),
        "estimated_eur": st.column_config.NumberColumn(
            "of it estimated share", format="%,.0f", help=money.ESTIMATED_HELP
        ),
    },
)
