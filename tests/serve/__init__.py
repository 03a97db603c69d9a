"""Tests of eventwire serve: the dashboard and its JSON API."""
