"""Partnership network: who works with whom, filtered, around one organisation if chosen."""

import streamlit as st

from app import filters, render, state, viewmodels, webgl, whole
from app.text import plain
from graph.analytics import layout, prepared
from graph.io import registry

st.title("Partnership network")
replay = st.container()
YEARS = "GEXF carries years for Gephi's timeline."


def _whole(db: state.Graph, flt, size_by: str, colour_by: str) -> None:
    """Every organisation drawn with WebGL, or one node per community with a way into each."""
    community = st.session_state.get("n_community")
    drawing = db.derive(prepared.whole_drawing, flt, size_by, colour_by, community)
    if drawing.communities:
        st.caption(
            f"{drawing.organisations:,} organisations are more than a browser draws one by one: "
            f"{len(drawing.nodes):,} communities drawn (size = members), "
            f"{len(drawing.edges):,} links between them. Click a community to open it."
        )
    else:
        inside = f" of community {community + 1}" if community is not None else ""
        st.caption(
            f"{len(drawing.nodes):,} organisations{inside} and {len(drawing.edges):,} ties drawn; "
            f"node size = {viewmodels.SIZE_BY[size_by]}, "
            f"colour = {viewmodels.COLOUR_BY[colour_by]}. "
            "Scroll to zoom, drag to pan, click an organisation for its profile."
        )
    if drawing.note:
        st.info(drawing.note)
    if community is not None and st.button("Back to all communities", key="n_all"):
        st.session_state["n_community"] = None
        st.rerun()
    if not drawing.nodes:
        st.warning("Nothing to draw: no organisation matches these filters.")
        return
    clicked = webgl.draw(drawing, key=f"n_webgl_{community}")
    if clicked and clicked.startswith(layout.COMMUNITY):
        st.session_state["n_community"] = int(clicked.removeprefix(layout.COMMUNITY))
        st.rerun()
    elif clicked:
        st.switch_page("app/pages/profile.py", query_params={"org": clicked})
    said = (
        f"The {len(drawing.nodes):,} communities (members of each in `members`) and the "
        f"{len(drawing.edges):,} links between them drawn above (partnerships in `weight`), "
        "filters applied."
        if drawing.communities
        else f"The {len(drawing.nodes):,} organisations and {len(drawing.edges):,} ties drawn "
        f"above, filters applied. {YEARS}"
    )
    _exports(
        said,
        lambda fmt: db.derive(whole.whole_file, flt, size_by, colour_by, community, fmt),
        "communities" if drawing.communities else "network",
    )


def _exports(said: str, make, stem: str = "network") -> None:
    """The "Export this view" buttons: the drawing's nodes and ties, made when clicked, in
    files named ``stem``."""
    st.subheader("Export this view")
    st.caption(f"{said} The whole graph is on the Data page.")
    cols = st.columns(len(registry.VIEWS))
    for col, fmt in zip(cols, registry.VIEWS, strict=True):
        kind = registry.EXPORTS[fmt]
        col.download_button(
            kind.label,
            lambda fmt=fmt: make(fmt),
            file_name=kind.file_name(stem),
            mime=kind.mime,
            key=f"n_x_{fmt}",
            on_click="ignore",
        )


with state.shown_errors():
    db = state.open_graph()
    flt = filters.sidebar(db, replay=replay)

    left, mid, right = st.columns(3)
    with left:
        modes = {
            "partnership": "Organisations (co-partnership)",
            "bipartite": "Organisations and projects",
            "funding": "Funders, programmes and organisations (who funds whom)",
        }
        mode = st.radio("Show", list(modes), format_func=modes.__getitem__, key="n_mode")
        ego = filters.organisation(db, "Around organisation", key="n_ego", param="ego")
        hops = st.slider("Steps from it", 1, 3, filters.param_int("hops", 1, 1, 3), key="n_hops")
    with mid:
        size_by = st.selectbox(
            "Node size",
            list(viewmodels.SIZE_BY),
            format_func=viewmodels.SIZE_BY.__getitem__,
            key="n_size",
        )
        colour_by = st.selectbox(
            "Colour",
            list(viewmodels.COLOUR_BY),
            format_func=viewmodels.COLOUR_BY.__getitem__,
            key="n_colour",
        )
    with right:
        drawn = {"largest": "the largest nodes, in detail", "whole": "the whole network (WebGL)"}
        how = "largest"
        if mode == "partnership" and not ego:
            how = st.radio(
                "Draw",
                list(drawn),
                format_func=drawn.__getitem__,
                key="n_how",
                index=int(st.query_params.get("draw") == "whole"),
                help=f"The whole network: every organisation (up to {layout.MAX_DRAWN:,}; beyond, "
                "one node per community), for partnerships without a centre.",
            )
        limit = render.DEFAULT_NODES
        if how == "largest":  # the whole network draws them all
            limit = st.slider(
                "Most nodes drawn",
                50,
                render.MAX_NODES,
                render.DEFAULT_NODES,
                step=50,
                key="n_limit",
                help="Larger selections keep their largest nodes; the hard cap is 1,000 nodes.",
            )
    filters.mirror(
        {"hops": str(hops) if ego and hops > 1 else "", "draw": "" if how == "largest" else how}
    )
    if how == "whole":
        _whole(db, flt, size_by, colour_by)
        st.stop()

    drawing, notes = db.derive(
        viewmodels.network_drawing, flt, mode, ego, hops, size_by, colour_by, limit
    )

st.caption(
    f"{drawing.nodes:,} nodes and {drawing.edges:,} ties drawn; edge width = shared projects, "
    f"node size = {viewmodels.SIZE_BY[size_by]}, colour = {viewmodels.COLOUR_BY[colour_by]}."
)
for note in [drawing.note, *notes]:
    if note:
        st.info(plain(note))
if not drawing.nodes:
    st.warning("Nothing to draw: no organisation matches these filters.")
    st.stop()
st.iframe(drawing.html, height=660)
st.caption("Click an organisation to open its profile (in a new tab).")
_exports(
    f"The {drawing.nodes:,} nodes and {drawing.edges:,} ties drawn above, filters and centre "
    f"applied. {YEARS}",
    lambda fmt: db.derive(
        viewmodels.network_file, flt, mode, ego, hops, size_by, colour_by, limit, fmt
    ),
)
