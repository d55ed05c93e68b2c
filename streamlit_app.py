"""The app: page setup and navigation. Everything else lives in app/."""

import streamlit as st

st.set_page_config(page_title="Partner & network graph", page_icon="🕸️", layout="wide")

PAGES = [
    st.Page("app/pages/overview.py", title="Overview", icon="🏠", default=True),
    st.Page("app/pages/network.py", title="Partnership network", icon="🕸️"),
    st.Page("app/pages/flows.py", title="Funding flows", icon="💶"),
    st.Page("app/pages/map.py", title="Map", icon="🗺️"),
    st.Page("app/pages/profile.py", title="Organisation profile", icon="🏢"),
    st.Page("app/pages/partners.py", title="Partner finder", icon="🤝"),
    st.Page("app/pages/research.py", title="Research", icon="🔬"),
    st.Page("app/pages/data.py", title="Data", icon="📂"),
]
st.navigation(PAGES).run()
