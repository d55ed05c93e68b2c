"""Partnership network: who works with whom, filtered, around one organisation if chosen."""

import streamlit as st

from app import charts, filters, render, state, views

st.title("Partnership network")
EXPORTS = {
    "gexf": ("GEXF (Gephi)", "application/xml"),
    "graphml": ("GraphML", "application/xml"),
    "csv": ("CSV (zip)", "application/zip"),
}
replay = st.container()

with state.shown_errors():
    graph = state.open_graph()
    pf = graph.portfolio()
    flt = filters.sidebar(pf, replay=replay)

    left, mid, right = st.columns(3)
    with left:
        modes = {
            "partnership": "Organisations (co-partnership)",
            "bipartite": "Organisations and projects",
            "funding": "Funders, programmes and organisations (who funds whom)",
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
if not drawing.nodes:
    st.warning("Nothing to draw: no organisation matches these filters.")
    st.stop()
st.iframe(drawing.html, height=660)
st.caption("Click an organisation to open its profile (in a new tab).")
st.subheader("Export this view")
st.caption(
    f"The {drawing.nodes:,} nodes and {drawing.edges:,} ties drawn above, filters and centre "
    "applied; GEXF carries years for Gephi's timeline. The whole graph is on the Data page."
)
cols = st.columns(len(EXPORTS))
for col, (fmt, (label, mime)) in zip(cols, EXPORTS.items(), strict=True):
    col.download_button(
        label,
        lambda fmt=fmt: graph.derive(
            views.network_file, flt, mode, ego, hops, size_by, colour_by, limit, fmt
        ),
        file_name=f"network.{'zip' if fmt == 'csv' else fmt}",
        mime=mime,
        key=f"n_x_{fmt}",
        on_click="ignore",
    )
