"""Pure matching core: graph shape, explained scores, optimal assignment, warm and conflict paths."""
from ecosystem.matching.assign import assign, solve_assignment

__all__ = ["assign", "solve_assignment"]
