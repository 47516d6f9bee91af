"""Directory pages: organisations, people, relationships and their exports."""
