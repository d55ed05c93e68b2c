"""Coming in this issue."""

import streamlit as st

st.info("This page is being built.")
