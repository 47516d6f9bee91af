"""Suggestions, warm introductions and cohort assignment."""
