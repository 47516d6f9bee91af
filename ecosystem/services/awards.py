"""Innovation awards: the one import for views, jobs and tests (pure rules now, database operations next)."""
from ecosystem.services.award_assignment import SHORTFALL_REASONS, Assignment, assign_judges
from ecosystem.services.award_eligibility import (REASONS, ROLE_LABELS, check_eligibility, entry_counts,
                                                  reason_text, rule_problems)
from ecosystem.services.award_ranking import (ADVANCE_REASONS, Decision, Ranked, Standing, apply_advancement,
                                              build_standings, rank_standings)
from ecosystem.services.award_rubric import (SHEET_REASONS, Criterion, Rubric, combine_public_vote, describe,
                                             normalize_votes, parse_share, parse_sheet, rubric_problems, validate_sheet,
                                             weighted_total)
from ecosystem.services.award_rules import Normalisation, explain_normalisation, judge_leniency, normalize_scores
from ecosystem.services.award_setup import advancement_problems, setup_problems

__all__ = [
    "ADVANCE_REASONS", "Assignment", "Criterion", "Decision", "Normalisation", "REASONS", "ROLE_LABELS",
    "Ranked", "Rubric", "SHEET_REASONS", "SHORTFALL_REASONS", "Standing", "advancement_problems",
    "apply_advancement", "assign_judges", "build_standings", "check_eligibility", "combine_public_vote",
    "describe", "entry_counts", "explain_normalisation", "judge_leniency", "normalize_scores",
    "normalize_votes", "parse_share", "parse_sheet", "rank_standings", "reason_text", "rubric_problems", "rule_problems",
    "setup_problems", "validate_sheet", "weighted_total",
]
