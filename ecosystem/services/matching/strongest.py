"""Which reasons of a suggestion weigh most: each reason code names the score component behind it,
so the pages can show the two strongest first and keep the full breakdown behind "why?"."""

# reason code -> the component whose points it explains (scoring.py appends them side by side)
REASON_COMPONENT = {
    "expertise_match": "expertise", "stage_fit": "stage_fit", "mentored_stage": "mentored_stage",
    "same_sector": "sector", "common_language": "language", "no_common_language": "language",
    "same_province": "location", "capacity_left": "capacity", "shared_org": "proximity",
    "past_feedback": "feedback", "thesis_sector": "sector", "thesis_stage": "stage",
    "ticket_fit": "ticket", "ticket_outside": "ticket", "in_geography": "geography",
    "portfolio_conflict": "portfolio_conflict", "co_investor": "co_investment",
}


def strongest_reasons(suggestion, n: int = 2) -> list[tuple]:
    """The n positive reasons (code, text, negative) whose components earned the most points."""
    points = suggestion.scored.points
    positive = [r for r in suggestion.reasons if not r[2]]
    ranked = sorted(enumerate(positive),
                    key=lambda item: (-points.get(REASON_COMPONENT.get(item[1][0], ""), 0.0), item[0]))
    return [reason for _index, reason in ranked[:n]]
