"""Startups and support requests: onboarding and profile completeness, the request workflow,
queues, notifications and exports (who someone is to a request is asked of the request itself).

Uses: accounts, directory, platform.
"""
