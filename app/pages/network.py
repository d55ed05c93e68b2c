"""Partnership network: who works with whom, filtered, around one organisation if chosen."""

import streamlit as st

from app import charts, filters, render, state, views

st.title("Partnership network")

with state.shown_errors():
    graph = state.open_graph()
    pf = graph.portfolio()
    flt = filters.sidebar(pf)

    left, mid, right = st.columns(3)
    with left:
        modes = {
            "partnership": "Organisations (co-partnership)",
            "bipartite": "Organisations and projects",
        }
        mode = st.radio("Show", list(modes), format_func=modes.__getitem__, key="n_mode")
        ego = filters.organisation(pf, "Around organisation", key="n_ego", param="ego")
        hops = st.slider("Steps from it", 1, 3, filters.param_int("hops", 1, 1, 3), key="n_hops")
    with mid:
        size_by = st.selectbox(
            "Node size", list(views.SIZE_BY), format_func=views.SIZE_BY.__getitem__, key="n_size"
        )
        colour_by = st.selectbox(
            "Colour", list(views.COLOUR_BY), format_func=views.COLOUR_BY.__getitem__, key="n_colour"
        )
    with right:
        limit = st.slider(
            "Most nodes drawn",
            50,
            render.MAX_NODES,
            render.DEFAULT_NODES,
            step=50,
            key="n_limit",
            help="Larger selections keep their largest nodes; the hard cap is 1,000 nodes.",
        )
    filters.mirror({"hops": str(hops) if ego and hops > 1 else ""})

    drawing, notes = graph.derive(
        views.network_drawing, flt, mode, ego, hops, size_by, colour_by, limit
    )

st.caption(
    f"{drawing.nodes:,} nodes and {drawing.edges:,} ties drawn; edge width = shared projects, "
    f"node size = {views.SIZE_BY[size_by]}, colour = {views.COLOUR_BY[colour_by]}."
)
for note in [drawing.note, *notes]:
    if note:
        st.info(charts.plain(note))
if drawing.nodes:
    st.iframe(drawing.html, height=660)
else:
    st.warning("Nothing to draw: no organisation matches these filters.")
