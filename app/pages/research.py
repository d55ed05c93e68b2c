"""Research: every measure for every organisation, communities, and a read-only Cypher console."""

import pandas as pd
import streamlit as st

from app import filters, grids, render, shapes, state
from app.text import plain
from graph.analytics import prepared, tables
from graph.store import cypher

MEMBERS_SHOWN = 30  # names per community in the grid; the CSV lists every member


def _members(group: dict) -> str:
    names = [m["name"] for m in group["members"]]
    more = len(names) - MEMBERS_SHOWN
    return ", ".join(names[:MEMBERS_SHOWN]) + (f" … and {more:,} more" if more > 0 else "")


def _measures(table: tables.Table) -> None:
    """The measures grid, ranked by the measure picked (kept in the URL)."""
    measures = [m for m in tables.MEASURES if m in table.rows[0]]
    wanted = st.query_params.get("rank", "degree")
    rank_by = st.selectbox(
        "Rank by",
        measures,
        index=measures.index(wanted) if wanted in measures else 0,
        key="r_rank",
        help="Most broker-like or central first: constraint lowest first, the "
        "others highest first.",
    )
    filters.mirror({"rank": "" if rank_by == "degree" else rank_by})
    rows = tables.ranked(table.rows, rank_by) if rank_by else table.rows
    st.markdown(
        f"**First by {rank_by}:** "
        + ", ".join(f"{i}. {plain(r['name'])}" for i, r in enumerate(rows[:5], start=1))
    )
    st.caption(
        "Click a column to sort. Betweenness and closeness count steps between organisations; "
        "degree counts partners, shared_projects the projects behind them."
    )
    frame = grids.settled(pd.DataFrame(rows).drop(columns=["id"], errors="ignore"))
    grids.long_table(
        frame,
        key="r_measures",
        file_name="measures.csv",
        what="organisations",
        column_config={
            "name": st.column_config.TextColumn("name", width="medium"),
            **{
                c: st.column_config.NumberColumn(
                    format="%.4g" if frame[c].dtype.kind == "f" else None, width=95
                )
                for c in frame.columns
                if frame[c].dtype.kind in "fi"
            },
        },
    )
    for note in table.notes:
        st.caption(plain(note))


st.title("Research")

with state.shown_errors():
    db = state.open_graph()
    pf = db.portfolio()
    flt = filters.sidebar(db)
    table = db.derive(prepared.measures_table, flt)
    groups = db.derive(prepared.communities, flt)

st.subheader("Measures of the partnership network")
if table.rows:
    _measures(table)
else:
    st.info("No organisation is in this view: widen the filters in the sidebar.")

st.subheader("Communities (Louvain)")
if groups:
    st.caption(f"Modularity {groups[0]['modularity']:.3f}; seed 0, so the split repeats.")
    grids.long_table(
        pd.DataFrame(
            [
                {"community": g["community"] + 1, "size": g["size"], "members": _members(g)}
                for g in groups
            ]
        ),
        key="r_communities",
        file_name="communities.csv",
        what="communities",
        download=lambda: pd.DataFrame(
            [
                {"community": g["community"] + 1, "id": m["id"], "name": m["name"]}
                for g in groups
                for m in g["members"]
            ]
        ),
    )

st.subheader("Read-only Cypher console")
examples = {"": "— choose an example —", **{k: k for k in cypher.APP_EXAMPLE_QUERIES}}
example = st.selectbox("Example", list(examples), format_func=examples.__getitem__, key="r_ex")
query = st.text_area(
    "Query",
    value=cypher.APP_EXAMPLE_QUERIES.get(example, ""),
    height=120,
    key=f"r_q_{example}",
    help="Reading only: a statement that writes is refused and changes nothing.",
)
if st.button("Run", type="primary", key="r_run") and query.strip():
    with state.shown_errors():
        rows, more = db.store.run_user_query(query)
    st.caption(f"{len(rows)} rows" + (" (stopped at the row limit)" if more else ""))
    st.dataframe(pd.json_normalize(rows, max_level=0) if rows else pd.DataFrame(), hide_index=True)
    nodes, edges = shapes.from_query_rows(rows)
    if nodes:
        drawing = render.network_html(nodes, edges, height=460)
        if drawing.note:
            st.info(drawing.note)
        st.iframe(drawing.html, height=480)
