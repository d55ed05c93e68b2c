"""The app: page setup and navigation. Everything else lives in app/."""

import streamlit as st

st.set_page_config(page_title="Partner & network graph", page_icon=":material/hub:", layout="wide")

PAGES = [
    st.Page("app/pages/overview.py", title="Overview", icon=":material/home:", default=True),
    st.Page("app/pages/network.py", title="Partnership network", icon=":material/hub:"),
    st.Page("app/pages/flows.py", title="Funding flows", icon=":material/payments:"),
    st.Page("app/pages/map.py", title="Map", icon=":material/map:"),
    st.Page("app/pages/profile.py", title="Organisation profile", icon=":material/apartment:"),
    st.Page("app/pages/partners.py", title="Partner finder", icon=":material/handshake:"),
    st.Page("app/pages/research.py", title="Research", icon=":material/science:"),
    st.Page("app/pages/data.py", title="Data", icon=":material/folder_open:"),
]
st.navigation(PAGES).run()
