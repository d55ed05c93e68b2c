"""The wall around the WebGL drawing (sigma.js, from streamlit-extras' ``sigma_graph``, whose
JavaScript ships inside the package: nothing is fetched, so it works offline).

It is given positions (``layout=None``: the browser computes no layout) and returns the node
clicked, if any.
"""

from __future__ import annotations

import streamlit as st
from streamlit_extras.sigma_graph import sigma_graph

from graph.analytics.layout import WholeDrawing


def draw(drawing: WholeDrawing, key: str, height: int = 680) -> str | None:
    """Paint ``drawing``; the id of the node clicked in this run, else None."""
    data = {"nodes": drawing.nodes, "edges": drawing.edges, "directed": False}
    picked = sigma_graph(
        data,
        layout=None,
        height=height,
        node_size="size",
        edge_color="#c8c8c8",
        on_select="rerun",
        key=key,
    )
    seen = f"{key}_seen"
    clicked = picked["id"] if picked and picked.get("type") == "node" else None
    if clicked == st.session_state.get(seen):
        return None  # the same selection, kept by the component across reruns
    st.session_state[seen] = clicked
    return clicked
