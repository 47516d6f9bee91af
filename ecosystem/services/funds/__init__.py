"""Enterprise S&T development funds: the append-only ledger, the 5-year / 70 % rule judged under the rule
set of each tax period (seeds/funds/rule_sets plus admin-installed ones), reports and warnings.

Uses: accounts, platform.
"""
