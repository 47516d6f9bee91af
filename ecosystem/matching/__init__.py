"""Pure matching core: graph shape, explained scores, optimal assignment, warm and conflict paths."""
from ecosystem.matching.assign import assign, solve_assignment
from ecosystem.matching.assign_balanced import balanced_assignment

__all__ = ["assign", "balanced_assignment", "solve_assignment"]
