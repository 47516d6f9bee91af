"""Innovation awards: set-ups as data, nominations and eligibility, conflicts, judge assignment,
scoring, normalisation, ranking and published results.

Uses: accounts, platform, and the pure cores of ecosystem.matching (conflict paths, balanced assignment).
"""
