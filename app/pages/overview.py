"""Overview: what is in the graph, how much money, which years, who is most active, from where."""

import pandas as pd
import streamlit as st

from app import render, shapes, state
from app.charts import eur
from graph.analytics import networks, summary
from graph.analytics.portfolio import read_portfolio
from graph.store import Store

st.title("Partner & network graph")
st.caption(
    "Who worked with whom, on what, with whose money and where: civil-society projects in "
    "Bulgaria and its neighbours."
)

with state.shown_errors():
    graph = state.open_graph()
    counts = graph.get(Store.counts)
    totals = graph.get(summary.project_totals)
    years = graph.get(summary.projects_per_year)
    top = graph.get(summary.top_organisations, 10)
    sources = graph.get(Store.source_files)

nodes = counts["nodes"]
cols = st.columns(6)
cols[0].metric("Organisations", f"{nodes['Organisation']:,}")
cols[1].metric("Projects", f"{nodes['Project']:,}")
cols[2].metric("Funders", f"{nodes['Funder']:,}")
cols[3].metric("Programmes", f"{nodes['Programme']:,}")
cols[4].metric("Cities", f"{nodes['City']:,}")
funded = sum(r["amount_eur"] for r in totals if r["status"] in ("completed", "ongoing"))
cols[5].metric("Funded (EUR)", eur(funded), help="Completed and ongoing projects")

left, right = st.columns(2)
with left:
    st.subheader("Projects per year")
    if years:
        frame = pd.DataFrame(years).set_index("year")
        st.bar_chart(
            frame["projects"], y_label="projects", x_label="year (start, or the report naming it)"
        )
    else:
        st.info("No dated projects yet.")
    st.subheader("Projects by status")
    st.dataframe(
        pd.DataFrame(totals, columns=["status", "projects", "amount_eur"]),
        hide_index=True,
        column_config={"amount_eur": st.column_config.NumberColumn("EUR", format="%.0f")},
    )
with right:
    st.subheader("Most active organisations")
    st.dataframe(
        pd.DataFrame(top, columns=["name", "country", "projects", "amount_eur"]),
        hide_index=True,
        column_config={"amount_eur": st.column_config.NumberColumn("EUR", format="%.0f")},
    )
    st.subheader("Sources loaded")
    st.dataframe(
        pd.DataFrame(sources, columns=["name", "format", "records", "loaded_at"]),
        hide_index=True,
    )

st.subheader("The graph at a glance")
st.caption("Organisations (circles) and their projects (squares); hover for details.")
portfolio = graph.get(read_portfolio)
nodes_, edges_ = shapes.from_networkx(networks.bipartite(portfolio))
drawing = render.network_html(nodes_, edges_, height=520)
if drawing.note:
    st.info(drawing.note)
st.iframe(drawing.html, height=540)
st.caption(
    f"{len(counts['relationships'])} relationship types, "
    f"{sum(counts['relationships'].values()):,} relationships in all."
)
