"""Review: a person checks what the loaders could not be sure of, and the decisions stay."""

import pandas as pd
import streamlit as st

from app import state
from app.text import plain
from graph.io import review

SHOWN = 25  # items listed per section; the rest wait for the next round

st.title("Review")
st.caption(
    "Organisations that may be one and the same, and the facts read from documents. Each "
    "decision changes the graph at once and is kept in the review file, so reloading a source "
    "applies it again."
)

with state.shown_errors():
    db = state.open_graph()
path = db.store.settings.reviews_path
found = review.pending(db.store, path)


def done(message: str) -> None:
    db.refresh()
    st.session_state["r_done"] = message
    st.rerun()


if "r_done" in st.session_state:
    st.success(plain(st.session_state.pop("r_done")))

st.subheader(f"Possible duplicates ({len(found['duplicates'])})")
if not found["duplicates"]:
    st.caption("No two organisations of one country have names this close.")
for i, pair in enumerate(found["duplicates"][:SHOWN]):
    with st.container(border=True):
        st.markdown(
            f"**{plain(pair['a_name'])}** and **{plain(pair['b_name'])}** "
            f"(name similarity {pair['score']:.0f}/100)"
        )
        st.caption(plain(f"{pair['a']}  ·  {pair['b']}"))
        keep_a, keep_b, apart = st.columns(3)
        if keep_a.button("Merge, keep the first", key=f"r_ma_{i}"):
            review.merge(db.store, path, keep=pair["a"], drop=pair["b"])
            done(f"Merged {pair['b_name']} into {pair['a_name']}.")
        if keep_b.button("Merge, keep the second", key=f"r_mb_{i}"):
            review.merge(db.store, path, keep=pair["b"], drop=pair["a"])
            done(f"Merged {pair['a_name']} into {pair['b_name']}.")
        if apart.button("Different organisations", key=f"r_ap_{i}"):
            review.keep_apart(path, pair["a"], pair["b"])
            done(f"{pair['a_name']} and {pair['b_name']} stay apart.")

st.subheader(f"Facts read from documents ({len(found['facts'])})")
documents = sorted({f["document"] for f in found["facts"]})
if not documents:
    st.caption("Every fact read from a document has been reviewed.")
    st.stop()
document = st.selectbox("Document", documents, key="r_document")
facts = [f for f in found["facts"] if f["document"] == document]
st.dataframe(
    pd.DataFrame(
        [
            {
                "fact": "takes part in" if f["f"] == "participates" else "is funded by",
                "from": f["start_name"],
                "to": f["end_name"],
                "role": f["role"] or "",
                "where": ", ".join(f["sources"] or []),
                "quote": " / ".join(f["quotes"] or []),
            }
            for f in facts
        ]
    ),
    hide_index=True,
)
labels = [
    f"{n + 1}. {f['start_name']} → {f['end_name']}" + (f" ({f['role']})" if f["role"] else "")
    for n, f in enumerate(facts)
]
picked = st.selectbox("Fact", range(len(facts)), format_func=lambda n: labels[n], key="r_fact")
fact = facts[picked]
chosen = {"f": fact["f"], "s": fact["start"], "o": fact["end"], "at": document}
ok, wrong, role_col = st.columns(3)
if ok.button("Right", key="r_accept"):
    review.accept(path, chosen)
    done("Kept as read.")
if wrong.button("Wrong: remove it", key="r_reject"):
    review.reject(db.store, path, chosen)
    done(f"Removed: {labels[picked]}.")
if fact["f"] == "participates":
    roles = ["lead", "partner", "associate"]
    role = role_col.selectbox(
        "Role",
        roles,
        index=roles.index(fact["role"]) if fact["role"] in roles else 1,
        key="r_role",
    )
    if role_col.button("Set role", key="r_set_role"):
        review.edit_role(db.store, path, chosen, role)
        done(f"Role set to {role}: {labels[picked]}.")
