"""Defences every request and response passes through, whatever the view: bounded route ids,
refused NUL bytes and over-long values, text the database would refuse, and browser policies.

Registered by create_app (setup.register_hardening) before the blueprints, so the bounded int
converter applies to every <int:...> of every route.
"""
