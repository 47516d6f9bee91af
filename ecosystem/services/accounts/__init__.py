"""Accounts: sign-up, sign-in with throttling, server-side sessions, passwords and roles.

Uses: platform.
"""
