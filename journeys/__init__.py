"""The journey core: model, file format, graph, store, analysis. Imports no Streamlit."""
