"""Awards: public pages and nominations, organisers' administration, rounds and judging."""
