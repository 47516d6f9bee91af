"""Innovation awards in one import: the pure rules and the database operations built on them."""
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
from ecosystem.services.award_catalogue import AwardError, install_setup, round_entries  # noqa: E402 (database)
from ecosystem.services.award_conflicts import declare_conflict, find_conflicts, scan_conflicts
from ecosystem.services.award_judging import (close_round, confirm_assignment, open_round, plan_assignment,
                                              reopen_sheet, save_sheet, set_panel)
from ecosystem.services.award_nominations import screen_nomination, start_nomination, submit_nomination
from ecosystem.services.award_results import category_results, nominee_feedback, publish_round, record_votes

__all__ = [
    "ADVANCE_REASONS", "Assignment", "Criterion", "Decision", "Normalisation", "REASONS", "ROLE_LABELS",
    "Ranked", "Rubric", "SHEET_REASONS", "SHORTFALL_REASONS", "Standing", "advancement_problems",
    "apply_advancement", "assign_judges", "build_standings", "check_eligibility", "combine_public_vote",
    "describe", "entry_counts", "explain_normalisation", "judge_leniency", "normalize_scores",
    "normalize_votes", "parse_share", "parse_sheet", "rank_standings", "reason_text", "rubric_problems", "rule_problems",
    "setup_problems", "validate_sheet", "weighted_total",
    # database operations (flush, log, leave the commit to the caller)
    "AwardError", "install_setup", "round_entries", "declare_conflict", "find_conflicts", "scan_conflicts",
    "close_round", "confirm_assignment", "open_round", "plan_assignment", "reopen_sheet", "save_sheet",
    "set_panel", "screen_nomination", "start_nomination", "submit_nomination", "category_results",
    "nominee_feedback", "publish_round", "record_votes",
]
