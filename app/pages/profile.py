"""Organisation profile: everything the graph knows about one organisation, and where from."""

import pandas as pd
import streamlit as st

from app import filters, grids, profiles, state
from app.text import eur, plain
from graph.analytics import money, prepared, summary
from graph.io import ingest

st.title("Organisation profile")

with state.shown_errors():
    db = state.open_graph()
    pf = db.portfolio()
    org_id = filters.organisation(db, "Organisation", key="p_org", none=None)
    if org_id is None:
        st.info("The graph has no organisations yet.")
        st.stop()
    props = db.get(summary.organisation, org_id)
    links = db.get(summary.organisation_links, org_id)
    got = money.received(pf, db.derive(money.by_organisation).get(org_id, []))
    info = profiles.profile(pf, org_id, got)
    ranks = profiles.ranks(db.derive(prepared.measures_table, prepared.WHOLE), org_id)

st.header(plain(props["name"]))
st.dataframe(
    pd.DataFrame(profiles.identity(props, pf.city_of(org_id)), columns=["", "value"]),
    hide_index=True,
    column_config={"": st.column_config.TextColumn(width="small")},
)

cols = st.columns(3)
cols[0].metric(
    "Projects",
    profiles.project_count(info["projects"]),
    help="Every project it takes part in, proposals included; the Overview and the Map count "
    "funded projects only.",
)
cols[1].metric("Partners", len(info["partners"]))
cols[2].metric(
    "Received (EUR)",
    eur(got["total"]),
    help="Its own amount where a source states it, else an estimated share of the project "
    "(proposals left out), as on the Overview, the Map and Funding flows.",
)
if got["estimated"]:
    st.caption(f"Of which estimated shares (no source states its amount): {eur(got['estimated'])}")

st.subheader("Projects by role and status")
projects = pd.DataFrame(
    info["projects"],
    columns=[
        "project",
        "role",
        "share_eur",
        "share",
        "amount_eur",
        "status",
        "start",
        "end",
        "original",
        "funders",
    ],
)
st.dataframe(
    grids.money_text(projects, ["share_eur", "amount_eur"]),  # a dash where no amount is known
    hide_index=True,
    column_config={
        "project": st.column_config.TextColumn("project", width=330),
        "role": st.column_config.TextColumn("role", width=80),
        "status": st.column_config.TextColumn("status", width=85),
        "start": st.column_config.TextColumn("start", width=90),
        "end": st.column_config.TextColumn("end", width=90),
        "share_eur": grids.money_column("its money EUR", width=105),
        "share": st.column_config.TextColumn("as", width=110),
        "amount_eur": grids.money_column("project EUR", width=105),
        "original": st.column_config.TextColumn("original", width="medium"),
        "funders": st.column_config.TextColumn("funders", width="large"),
    },
)
st.subheader("Partners")
st.dataframe(
    pd.DataFrame(info["partners"], columns=["partner", "country", "shared_projects"]),
    hide_index=True,
    column_config={
        "partner": st.column_config.TextColumn("partner", width="large"),
        "country": st.column_config.TextColumn("country", width=70),
        "shared_projects": st.column_config.NumberColumn("shared projects", width=120),
    },
)
st.subheader("Funders")
st.dataframe(
    pd.DataFrame(info["funders"], columns=["funder or programme", "projects", "amount_eur"]),
    hide_index=True,
    column_config={
        "funder or programme": st.column_config.TextColumn(width="large"),
        "projects": st.column_config.NumberColumn("projects", width=70),
        "amount_eur": st.column_config.NumberColumn("EUR", format="%,.0f", width=100),
    },
)
st.subheader("Centrality in the partnership network")
st.dataframe(
    grids.settled(pd.DataFrame(ranks, columns=["measure", "value", "rank", "of"])),
    hide_index=True,
    column_config={"value": st.column_config.NumberColumn(format="%.4g")},
)

st.subheader("Sources")
sources = pd.DataFrame(
    profiles.provenance(props, links, ingest.document_titles()),
    columns=["fact", "document", "where", "quote"],
)
quoted = bool(sources["quote"].str.len().sum())
if not quoted:
    st.caption(
        "No quotes: tables and the bundled seed documents (shipped without their text) carry "
        "none; a document you load keeps the sentence behind each fact."
    )
st.dataframe(
    sources if quoted else sources.drop(columns="quote"),
    hide_index=True,
    column_config={
        "fact": st.column_config.TextColumn("fact", width="medium"),
        "document": st.column_config.TextColumn("document", width="large"),
        "where": st.column_config.TextColumn("where", width="small"),
    },
    key="p_sources",
)
