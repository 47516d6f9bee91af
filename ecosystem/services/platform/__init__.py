"""What every capability stands on: mail, notifications, uploads and stored files, audit,
settings, working days and spreadsheet files.

Uses: no other service package.
"""
