"""Startups and support requests: onboarding and profile completeness, the request workflow,
access, queues, notifications and exports.

Uses: accounts, directory, platform.
"""
