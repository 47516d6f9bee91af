"""Accounts: sessions, throttling, sign-up and roles."""
