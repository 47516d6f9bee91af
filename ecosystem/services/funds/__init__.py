"""Enterprise S&T development funds: the append-only ledger, the 5-year / 70 % rule, reports and
warnings.

Uses: accounts, platform.
"""
