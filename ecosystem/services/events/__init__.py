"""Clubs and events: registration with waiting lists, tickets and check-in, feedback, invitations,
office hours and calendar files.

Uses: accounts, directory, platform.
"""
