"""The Streamlit app: the only package that imports streamlit (pages, cached state, drawings)."""
