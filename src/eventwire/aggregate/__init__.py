"""Views derived from the store: actor-pair series and other aggregates."""

from eventwire.aggregate.dyads import DyadPoint, dyad_series
from eventwire.aggregate.sources import sources_summary

__all__ = ["DyadPoint", "dyad_series", "sources_summary"]
