"""Funding flows: where the money came from and where it went, funder to organisation."""

import pandas as pd
import streamlit as st

from app import charts, filters, grids, state
from app.text import eur, plain
from graph.analytics import money

SHOWN = 12  # funders, and programmes, drawn one by one at first; the others share a band

st.title("Funding flows")
replay = st.container()

with state.shown_errors():
    db = state.open_graph()
    pf = db.portfolio()
    flt = filters.sidebar(db, replay=replay)
    split = filters.split_rule()
    data = db.derive(money.sankey_links, flt, split)
    years = db.derive(money.by_year, flt, split)

if not data["links"]:
    st.warning("No funded project matches these filters.")
    st.stop()
st.metric("Money in this view (EUR)", eur(data["total"]))
links = data["links"]
folded = {}
for kind, plural in (("funder", "funders"), ("programme", "programmes")):
    count = len(
        {lk[e] for lk in links for e in ("source", "target") if lk.get(f"{e}_kind") == kind}
    )
    shown = count
    if count > SHOWN:
        shown = st.slider(
            f"{plural.capitalize()} drawn one by one",
            1,
            count,
            SHOWN,
            key=f"fl_{plural}",
            help=f"The biggest {plural} by money in this view; the others share one band.",
        )
    links, folded[plural] = charts.fold(links, kind, shown)
st.plotly_chart(charts.sankey(links), config={"displaylogo": False}, key="fl_sankey")
for plural, n in folded.items():
    if n:
        st.caption(f'The {n:,} smaller {plural} share one band: "other {plural} ({n:,})".')
for note in data["notes"]:
    st.caption(plain(note))
st.subheader("Flows from programmes (or funders paying directly) to organisations")
table = pd.DataFrame(
    data["table"],
    columns=["source", "target", "funder", "amount_eur", "estimated_eur", "currencies", "projects"],
)


def with_originals(rows: pd.DataFrame) -> pd.DataFrame:
    originals = rows["currencies"].map(lambda c: ", ".join(f"{v:,.2f} {k}" for k, v in c.items()))
    return rows.assign(original=originals)[
        ["source", "target", "amount_eur", "estimated_eur", "original", "projects", "funder"]
    ]


grids.long_table(
    table,
    key="fl_table",
    file_name="flows.csv",
    what="flows",
    shape=with_originals,
    width="stretch",
    column_config={
        "source": st.column_config.TextColumn("from", width="medium"),
        "target": st.column_config.TextColumn("to", width=230),
        "amount_eur": st.column_config.NumberColumn("EUR", format="%,.0f", width=100),
        "estimated_eur": st.column_config.NumberColumn(
            "of it estimated share", format="%,.0f", width=100, help=money.ESTIMATED_HELP
        ),
        "original": st.column_config.TextColumn("original amounts", width=150),
        "projects": st.column_config.NumberColumn("projects", width=70),
        "funder": st.column_config.TextColumn("funder"),
    },
)
st.subheader("Money by year")
st.caption(
    "Each project's money in its first year; the running total is what the year slider above "
    "shows as of each year."
)
dated = [row for row in years if row["year"] != money.UNDATED]
st.dataframe(
    pd.DataFrame(dated, columns=["year", "amount_eur", "cumulative_eur", "projects"]),
    hide_index=True,
    column_config={
        "amount_eur": st.column_config.NumberColumn("EUR that year", format="%,.0f"),
        "cumulative_eur": st.column_config.NumberColumn("EUR up to then", format="%,.0f"),
    },
    key="fl_years",
)
for row in years:
    if row["year"] == money.UNDATED:  # in no year, so in no running total
        st.caption(
            f"Undated: {row['projects']:,} project{'' if row['projects'] == 1 else 's'}, "
            f"{eur(row['amount_eur'])}, in no year and no running total."
        )
