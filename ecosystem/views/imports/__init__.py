"""Bulk import: templates, dry run and the import's progress."""
