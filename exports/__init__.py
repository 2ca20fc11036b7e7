"""Exporters: pure builders of documents, diagrams, charts and tables from journeys. No Streamlit."""
