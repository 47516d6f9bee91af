"""The database side of matching: profiles and the graph loaded for ecosystem.matching (the only
bridge to the pure core), suggestions with reasons, cohorts and warm introductions.

Uses: accounts, directory, platform.
"""
