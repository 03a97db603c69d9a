"""Scoring eventwire against gold data, one module per kind of fact."""
