"""Streamlit views: session state, forms and panels that return values, and the pages."""
