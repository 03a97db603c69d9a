"""Views derived from the store: actor-pair series and other aggregates."""

from eventwire.aggregate.dyads import DyadPoint, dyad_series

__all__ = ["DyadPoint", "dyad_series"]
