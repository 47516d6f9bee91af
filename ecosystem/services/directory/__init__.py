"""The directory: organisations, people and the relationships between them, and synthetic
ecosystems for measuring at scale.

Uses: platform.
"""
