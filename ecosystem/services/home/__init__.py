"""Role homes: what waits for each person after sign-in, one small data gatherer per role.

Reads only; uses directory, support, matching, events, certification, funds, awards, imports and
platform services. Each gatherer runs a handful of queries (counts and short lists), never a graph
build on a large ecosystem: suggestions are shown only when the matching indexes are warm.
"""
