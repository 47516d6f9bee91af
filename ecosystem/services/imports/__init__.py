"""Bulk import (upload, dry run, all-or-nothing apply) and the directory's exports.

Uses: directory, platform.
"""
