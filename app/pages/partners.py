"""Partner finder: describe a call, get ranked new partners with their reasons and how you
connect; the partners you already work with apart, and why any organisation is not suggested.
A call may name a consortium to complete, countries and kinds it needs, and who is not wanted;
organisations with no project in the graph yet are listed apart, marked as such, and so are
candidates without evidence on the call's theme."""

from collections import Counter

import pandas as pd
import streamlit as st

from app import filters, state, viewmodels
from graph.analytics import partners
from graph.analytics.portfolio import Portfolio
from graph.model.kinds import kind_name

st.title("Partner finder")
st.caption(
    "Describe the call; suggestions are organisations you have not worked with yet, ranked by "
    "what this graph's own history says leads to new partnerships (ties, theme, funder, place)."
)


def _kinds(pf: Portfolio) -> dict[str, tuple[str, ...]]:
    """Kinds as people read them (one plain name each, as on every other page), by name, each
    with the stored kinds it stands for, the most common first (the one a "one of each"
    requirement asks for)."""
    counts = Counter(o.kind for o in pf.organisations.values() if o.kind)
    out: dict[str, list[str]] = {}
    for kind in sorted(counts, key=lambda k: (-counts[k], k)):
        out.setdefault(kind_name(kind), []).append(kind)
    return {name: tuple(out[name]) for name in sorted(out, key=str.casefold)}


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(";") if name.strip())


with state.shown_errors():
    db = state.open_graph()
    pf = db.portfolio()
    org_id = filters.organisation(db, "Your organisation (optional)", key="pf_org")
    themes = st.text_input(
        "Theme words",
        value=st.query_params.get("theme", ""),
        key="pf_theme",
        placeholder="e.g. migrant integration, Roma inclusion",
    )
    countries = sorted({o.country for o in pf.organisations.values() if o.country})
    wanted = st.multiselect(
        "Partners from", countries, default=filters.param_list("country", countries), key="pf_c"
    )
    sponsors = {"": "— any —"} | {f: x.name for f, x in pf.funders.items()}
    sponsors |= {p: f"{x.name} (programme)" for p, x in pf.programmes.items()}
    funder = st.selectbox(
        "Funder or programme", list(sponsors), format_func=sponsors.__getitem__, key="pf_funder"
    )
    any_funder = st.checkbox(
        "Any funder experience",
        key="pf_any_funder",
        disabled=not funder,
        help="Also suggest organisations that never worked under this funder or programme.",
    )
    kinds = _kinds(pf)
    wanted_kinds = st.multiselect("Kinds of organisation", list(kinds), key="pf_kinds")
    with st.expander("The consortium: who is in, what it needs, who is not wanted"):
        members = st.text_input(
            "Already in the consortium",
            key="pf_with",
            help="Names or abbreviations, separated "
            "by semicolons; suggestions then complete the whole consortium.",
        )
        each_country = st.multiselect(
            "At least one partner from each of", countries, key="pf_each_c"
        )
        each_kind = st.multiselect("At least one of each kind", list(kinds), key="pf_each_k")
        unwanted = st.text_input("Not wanted", key="pf_exclude", help="Separated by semicolons.")
    top = st.slider("Suggestions", 3, 30, 10, key="pf_top")
    filters.mirror({"theme": themes.strip(), "country": wanted})
    call = partners.Call(
        themes=tuple(w.strip() for w in themes.split(",") if w.strip()),
        funder=funder or None,
        countries=tuple(wanted),
        kinds=tuple(k for name in wanted_kinds for k in kinds[name]),
        each_country=tuple(each_country),
        each_kind=tuple(kinds[name][0] for name in each_kind),
        exclude=_names(unwanted),
        consortium=_names(members),
        any_funder=any_funder,
    )
    if not (org_id or call.themes or call.funder or call.consortium):
        st.info("Choose your organisation, or give theme words or a funder, to get suggestions.")
        st.stop()
    index = db.derive(partners.trained_index)
    found = partners.suggest(index, org_id, call, top=top)
    known = partners.known_partners(index, org_id, call, top=top) if org_id else []
    beyond = partners.newcomers.suggest(index, org_id, call, top=top, besides=found)


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
                    "note": _note(s),
                    "why": " · ".join(s["reasons"]),
                }
                for i, s in enumerate(rows, start=1)
            ]
        ),
        hide_index=True,
        column_config={"why": st.column_config.TextColumn("reasons", width="large")},
    )


def _note(s: dict) -> str:
    if s.get("new_to_graph"):
        return "no projects in the graph yet"
    return "known partner" if s.get("known") else ""


on_theme = [s for s in found if not s.get("off_theme")]
off_theme = [s for s in found if s.get("off_theme")]
if not on_theme:
    st.warning("No new partner matches this call yet: try fewer countries or other words.")
else:
    whom = "to complete the consortium" if call.consortium else "all new partners"
    st.subheader(f"{len(on_theme)} suggestions, {whom}")
    _table(on_theme)
if off_theme:
    st.subheader("No evidence on this theme")
    st.caption("None of their projects is on the theme words; ranked by ties, funder and place.")
    _table(off_theme)
if known:
    st.subheader("You already work with")
    _table(known)
if beyond:
    st.subheader("No projects in the graph yet")
    st.caption(
        "Known from loaded files, with no shared project to go on: ranked by theme, "
        "kind and country."
    )
    _table(beyond)
if org_id:
    with st.expander("Why is an organisation not suggested?"):
        other = filters.organisation(db, "Organisation", key="pf_why", param="why")
        if other:
            with state.shown_errors():
                answer = partners.why_not(index, org_id, other, call)
            st.text("\n".join(f"- {line}" for line in answer["because"]))
            st.caption(" · ".join(answer["reasons"]))
if org_id and found:
    st.subheader("How you connect to the top five")
    shown = tuple(s["id"] for s in found[:5])
    drawing = db.derive(viewmodels.paths_drawing, org_id, shown)
    st.iframe(drawing.html, height=400)
