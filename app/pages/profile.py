"""Organisation profile: everything the graph knows about one organisation, and where from."""

import pandas as pd
import streamlit as st

from app import charts, filters, money, state, views
from app.charts import eur
from graph.analytics import summary

st.title("Organisation profile")

with state.shown_errors():
    graph = state.open_graph()
    pf = graph.portfolio()
    org_id = filters.organisation(pf, "Organisation", key="p_org", none=None)
    if org_id is None:
        st.info("The graph has no organisations yet.")
        st.stop()
    props = graph.get(summary.organisation, org_id)
    links = graph.get(summary.organisation_links, org_id)
    got = money.received(pf, graph.derive(money.by_organisation).get(org_id, []))
    info = views.profile(pf, views.all_partnerships(pf), org_id, got)
    ranks = views.ranks(graph.derive(views.measures_table), org_id)

st.header(charts.plain(props["name"]))
st.dataframe(
    pd.DataFrame(views.identity(props, pf.city_of(org_id)), columns=["", "value"]),
    hide_index=True,
)

cols = st.columns(3)
cols[0].metric("Projects", len(info["projects"]))
cols[1].metric("Partners", len(info["partners"]))
cols[2].metric(
    "Received (EUR)",
    eur(got["total"]),
    help="Its share of each funded project (proposals left out), as on the Overview, the Map "
    "and Funding flows.",
)

st.subheader("Projects by role and status")
st.dataframe(
    pd.DataFrame(
        info["projects"],
        columns=[
            "project",
            "role",
            "status",
            "start",
            "end",
            "amount_eur",
            "share_eur",
            "original",
            "funders",
        ],
    ),  # fmt: skip
    hide_index=True,
    column_config={
        "amount_eur": st.column_config.NumberColumn("project EUR", format="%.0f"),
        "share_eur": st.column_config.NumberColumn("its share EUR", format="%.0f"),
    },
)
left, right = st.columns(2)
left.subheader("Partners")
left.dataframe(
    pd.DataFrame(info["partners"], columns=["partner", "country", "shared_projects"]),
    hide_index=True,
)
right.subheader("Funders")
right.dataframe(
    pd.DataFrame(info["funders"], columns=["funder or programme", "projects", "amount_eur"]),
    hide_index=True,
    column_config={"amount_eur": st.column_config.NumberColumn("EUR", format="%.0f")},
)
st.subheader("Centrality in the partnership network")
st.dataframe(pd.DataFrame(ranks, columns=["measure", "value", "rank", "of"]), hide_index=True)

st.subheader("Sources")
st.dataframe(
    pd.DataFrame(views.provenance(props, links), columns=["fact", "source", "quote"]),
    hide_index=True,
)
