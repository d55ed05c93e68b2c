"""Overview: what is in the graph, how much money, which years, who is most active, from where."""

import pandas as pd
import streamlit as st

from app import state, viewmodels
from app.text import eur
from graph.analytics import money
from graph.store import Store

st.title("Partner & network graph")
st.caption(
    "Who worked with whom, on what, with whose money and where: civil-society projects in "
    "Bulgaria, Czechia and their neighbours."
)

with state.shown_errors():
    db = state.open_graph()
    counts = db.get(Store.counts)
    sources = db.get(Store.source_files)
    figures = db.derive(money.overview)
    drawing = db.derive(viewmodels.overview_drawing)

nodes = counts["nodes"]
cols = st.columns(6)
cols[0].metric("Organisations", f"{nodes['Organisation']:,}")
cols[1].metric("Projects", f"{nodes['Project']:,}")
cols[2].metric("Funders", f"{nodes['Funder']:,}")
cols[3].metric("Programmes", f"{nodes['Programme']:,}")
cols[4].metric("Cities", f"{nodes['City']:,}")
cols[5].metric(
    "Funded (EUR)",
    eur(figures["funded"]),
    help="Completed, ongoing and projects without a status (proposals left out): the same "
    "total as on the Funding flows and Map pages.",
)

left, right = st.columns(2)
with left:
    st.subheader("Projects per year")
    if figures["years"]:
        frame = pd.DataFrame(figures["years"]).set_index("year")
        st.bar_chart(
            frame["projects"], y_label="projects", x_label="year (start, or the report naming it)"
        )
    else:
        st.info("No funded projects yet.")
    st.subheader("Projects by status")
    st.dataframe(
        pd.DataFrame(figures["status"], columns=["status", "projects", "amount_eur", "counted"]),
        hide_index=True,
        column_config={
            "amount_eur": st.column_config.NumberColumn("EUR", format="%,.0f"),
            "counted": st.column_config.CheckboxColumn("in the funded total"),
        },
    )
with right:
    st.subheader("Most active organisations")
    st.dataframe(
        pd.DataFrame(
            figures["top"], columns=["name", "country", "projects", "amount_eur", "estimated_eur"]
        ),
        hide_index=True,
        column_config={
            "name": st.column_config.TextColumn("name", width="medium"),
            "country": st.column_config.TextColumn("country", width=65),
            "projects": st.column_config.NumberColumn(
                "projects", width=70, help="Funded projects (proposals not counted)"
            ),
            "amount_eur": st.column_config.NumberColumn(
                "EUR received", format="%,.0f", width=110, help="Its own money in each project"
            ),
            "estimated_eur": st.column_config.NumberColumn(
                "of it estimated share", format="%,.0f", width=110, help=money.ESTIMATED_HELP
            ),
        },
    )

st.subheader("Sources loaded")
st.dataframe(  # the whole width: file names are long, and every column should show
    pd.DataFrame(sources, columns=["name", "format", "records", "loaded_at"]),
    hide_index=True,
    width="stretch",
    column_config={
        "name": st.column_config.TextColumn("file", width="large"),
        "format": st.column_config.TextColumn("format", width="small"),
        "records": st.column_config.NumberColumn("records", width="small"),
        "loaded_at": st.column_config.TextColumn("loaded at", width="medium"),
    },
)

st.subheader("The graph at a glance")
st.caption("Organisations (circles) and their projects (squares); hover for details.")
if drawing.note:
    st.info(drawing.note)
st.iframe(drawing.html, height=540)
st.caption(
    f"{len(counts['relationships'])} relationship types, "
    f"{sum(counts['relationships'].values()):,} relationships in all."
)
