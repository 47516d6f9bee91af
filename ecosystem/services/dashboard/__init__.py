"""The DOST's view: indicators, programme targets, charts, network health and map, annual report.

Uses: accounts, directory, support, funds, matching (read only) and platform.
"""
