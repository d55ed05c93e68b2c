"""Partner finder: describe a call, get ranked new partners with their reasons and how you
connect; the partners you already work with apart, and why any organisation is not suggested."""

import pandas as pd
import streamlit as st

from app import filters, state, views
from graph.analytics import partners

st.title("Partner finder")
st.caption(
    "Describe the call; suggestions are organisations you have not worked with yet, ranked by "
    "what this graph's own history says leads to new partnerships (ties, theme, funder, place)."
)

with state.shown_errors():
    graph = state.open_graph()
    pf = graph.portfolio()
    org_id = filters.organisation(pf, "Your organisation (optional)", key="pf_org")
    themes = st.text_input(
        "Theme words", value=st.query_params.get("theme", ""), key="pf_theme",
        placeholder="e.g. migrant integration, Roma inclusion",
    )  # fmt: skip
    countries = sorted({o.country for o in pf.organisations.values() if o.country})
    wanted = st.multiselect(
        "Partners from", countries, default=filters.param_list("country", countries), key="pf_c"
    )
    sponsors = {"": "— any —"} | {f: x.name for f, x in pf.funders.items()}
    sponsors |= {p: f"{x.name} (programme)" for p, x in pf.programmes.items()}
    funder = st.selectbox(
        "Funder or programme", list(sponsors), format_func=sponsors.__getitem__, key="pf_funder"
    )
    kinds = sorted({o.kind for o in pf.organisations.values() if o.kind})
    wanted_kinds = st.multiselect("Kinds of organisation", kinds, key="pf_kinds")
    top = st.slider("Suggestions", 3, 30, 10, key="pf_top")
    filters.mirror({"theme": themes.strip(), "country": wanted})
    call = partners.Call(
        themes=tuple(w.strip() for w in themes.split(",") if w.strip()),
        funder=funder or None,
        countries=tuple(wanted),
        kinds=tuple(wanted_kinds),
    )
    if not (org_id or call.themes or call.funder):
        st.info("Choose your organisation, or give theme words or a funder, to get suggestions.")
        st.stop()
    index = graph.derive(views.partner_index)
    found = partners.suggest(index, org_id, call, top=top)
    known = partners.known_partners(index, org_id, call, top=top) if org_id else []


def _table(rows: list[dict]) -> None:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "rank": i,
                    "name": s["name"],
                    "country": s.get("country") or "",
                    "city": s.get("city") or "",
                    "score": s["score"],
                    "why": " · ".join(s["reasons"]),
                }
                for i, s in enumerate(rows, start=1)
            ]
        ),  # fmt: skip
        hide_index=True,
        column_config={"why": st.column_config.TextColumn("reasons", width="large")},
    )


if not found:
    st.warning("No new partner matches this call yet: try fewer countries or other words.")
else:
    st.subheader(f"{len(found)} suggestions, all new partners")
    _table(found)
if known:
    st.subheader("You already work with")
    _table(known)
if org_id:
    with st.expander("Why is an organisation not suggested?"):
        other = filters.organisation(pf, "Organisation", key="pf_why", param="why")
        if other:
            with state.shown_errors():
                answer = partners.why_not(index, org_id, other, call)
            st.text("\n".join(f"- {line}" for line in answer["because"]))
            st.caption(" · ".join(answer["reasons"]))
if org_id and found:
    st.subheader("How you connect to the top five")
    shown = tuple(s["id"] for s in found[:5])
    drawing = graph.derive(views.paths_drawing, org_id, shown)
    st.iframe(drawing.html, height=400)
