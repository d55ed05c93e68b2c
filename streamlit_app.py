"""The app: page setup and navigation. Everything else lives in app/."""

import streamlit as st

from app import context, state

# No page icons: Streamlit fetches them from the internet, and the app must work offline.
st.set_page_config(page_title="Partner & network graph", layout="wide")

PAGES = [
    st.Page("app/pages/overview.py", title="Overview", default=True),
    st.Page("app/pages/network.py", title="Partnership network"),
    st.Page("app/pages/flows.py", title="Funding flows"),
    st.Page("app/pages/map.py", title="Map"),
    st.Page("app/pages/profile.py", title="Organisation profile"),
    st.Page("app/pages/partners.py", title="Partner finder"),
    st.Page("app/pages/research.py", title="Research"),
    st.Page("app/pages/data.py", title="Data"),
    st.Page("app/pages/review.py", title="Review"),
]
try:
    current = st.navigation(PAGES)
    context.visiting(current.url_path)
    current.run()
finally:  # also after a page stops early (st.stop)
    state.warm_up()
