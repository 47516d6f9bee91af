"""Explained scores for one pair: startup ↔ mentor and startup ↔ investor.

score = sum(weights[c] * component[c]). Components lie in [0, 1] except portfolio_conflict,
which is -1 when the investor already backs a competitor (so its weight is a penalty >= 0).
Counts saturate as n / (n + 1): one shared club counts half, three count three quarters.
Weights are a settings dict naming every component (reasons.MENTOR_COMPONENTS /
INVESTOR_COMPONENTS). Each reason is emitted when, and only when, its cause is present; the
vectorised top-k in suggest.py ranks with the same formulas and reports these results.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ecosystem.matching.profiles import (
    RATING_MAX, RATING_MIN, InvestorProfile, MentorProfile, StartupProfile,
)
from ecosystem.matching.reasons import INVESTOR_COMPONENTS, MENTOR_COMPONENTS, check_weights


@dataclass(frozen=True)
class Scored:
    """A scored pair: raw components, weighted points, total, and (code, params) reasons."""

    startup_id: int
    candidate_id: int
    score: float
    components: Mapping[str, float]
    points: Mapping[str, float]
    reasons: tuple


def saturate(count: float) -> float:
    """n / (n + 1): more is better, with diminishing returns and no tuning constant."""
    return count / (count + 1.0) if count > 0 else 0.0


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def rating_component(rating: float | None, count: int) -> float:
    """Average star rating mapped onto [0, 1]; 0 without feedback."""
    if rating is None or count <= 0:
        return 0.0
    return min(1.0, max(0.0, (rating - RATING_MIN) / (RATING_MAX - RATING_MIN)))


def ticket_component(sought: int | None, low: int | None, high: int | None) -> float:
    """1 inside the ticket range, the ratio of the nearer bound outside it, 0 when unknown."""
    if sought is None or sought <= 0 or (low is None and high is None):
        return 0.0
    if low is not None and sought < low:
        return sought / low
    if high is not None and sought > high:
        return high / sought
    return 1.0


def _sorted(values) -> list:
    return sorted(values, key=str)


def _finish(startup, candidate, weights, components, reasons, names) -> Scored:
    check_weights(weights, names)
    points = {name: weights[name] * components[name] for name in names}
    return Scored(startup.id, candidate.id, sum(points.values()), components, points,
                  tuple(reasons))


def score_mentor(startup: StartupProfile, mentor: MentorProfile,
                 weights: Mapping[str, float]) -> Scored:
    """How well a mentor suits a startup, with the reasons why."""
    reasons = []
    skills = _sorted(startup.needs & mentor.expertise)
    if skills:
        reasons.append(("expertise_match", {"skills": skills}))
    stage = startup.stage
    fits = stage is not None and stage in mentor.stages
    if fits:
        reasons.append(("stage_fit", {"stage": stage}))
    mentored = max(0, mentor.mentored_by_stage.get(stage, 0)) if stage is not None else 0
    if mentored:
        reasons.append(("mentored_stage", {"count": mentored, "stage": stage}))
    sectors = _sorted(startup.sectors & mentor.sectors)
    if sectors:
        reasons.append(("same_sector", {"sectors": sectors}))
    languages = _sorted(startup.languages & mentor.languages)
    if languages:
        reasons.append(("common_language", {"languages": languages}))
    elif startup.languages and mentor.languages:
        reasons.append(("no_common_language", {}))
    same_place = startup.province is not None and startup.province == mentor.province
    if same_place:
        reasons.append(("same_province", {"province": startup.province}))
    slots = mentor.slots_left
    if slots:
        reasons.append(("capacity_left", {"slots": slots, "capacity": mentor.capacity}))
    shared = _sorted(set(startup.orgs) & set(mentor.orgs))
    if shared:
        reasons.append(("shared_org", {"orgs": [startup.orgs[i] for i in shared]}))
    has_feedback = mentor.feedback_rating is not None and mentor.feedback_count > 0
    if has_feedback:
        reasons.append(("past_feedback", {"rating": round(mentor.feedback_rating, 1),
                                          "count": mentor.feedback_count}))
    components = {
        "expertise": share(len(skills), len(startup.needs)),
        "stage_fit": float(fits),
        "mentored_stage": saturate(mentored),
        "sector": share(len(sectors), len(startup.sectors)),
        "language": float(bool(languages)),
        "location": float(same_place),
        "capacity": share(slots, mentor.capacity),
        "proximity": saturate(len(shared)),
        "feedback": rating_component(mentor.feedback_rating, mentor.feedback_count),
    }
    return _finish(startup, mentor, weights, components, reasons, MENTOR_COMPONENTS)


def rivals_in_portfolio(startup: StartupProfile, investor: InvestorProfile) -> list:
    """Portfolio companies competing with the startup: named as competitors or same product."""
    return [company for company in investor.portfolio if company.id != startup.id and (
        company.id in startup.competitors or company.products & startup.products)]


def score_investor(startup: StartupProfile, investor: InvestorProfile,
                   weights: Mapping[str, float]) -> Scored:
    """How well an investor suits a startup, with the reasons why."""
    reasons = []
    sectors = _sorted(startup.sectors & investor.sectors)
    if sectors:
        reasons.append(("thesis_sector", {"sectors": sectors}))
    stage_fit = startup.stage is not None and startup.stage in investor.stages
    if stage_fit:
        reasons.append(("thesis_stage", {"stage": startup.stage}))
    ticket = ticket_component(startup.funding_sought, investor.ticket_min, investor.ticket_max)
    if startup.funding_sought and startup.funding_sought > 0 and (
            investor.ticket_min is not None or investor.ticket_max is not None):
        params = {"sought": startup.funding_sought, "ticket_min": investor.ticket_min,
                  "ticket_max": investor.ticket_max}
        reasons.append(("ticket_fit" if ticket == 1.0 else "ticket_outside", params))
    in_area = startup.province is not None and startup.province in investor.provinces
    if in_area:
        reasons.append(("in_geography", {"province": startup.province}))
    rivals = rivals_in_portfolio(startup, investor)
    if rivals:
        names = sorted(company.name for company in rivals)
        reasons.append(("portfolio_conflict", {"startups": names}))
    partners = _sorted((set(startup.investors) & set(investor.co_investors)) - {investor.id})
    if partners:
        reasons.append(("co_investor", {"investors": [startup.investors[i] for i in partners]}))
    components = {
        "sector": share(len(sectors), len(startup.sectors)),
        "stage": float(stage_fit),
        "ticket": ticket,
        "geography": float(in_area),
        "portfolio_conflict": -1.0 if rivals else 0.0,
        "co_investment": saturate(len(partners)),
    }
    return _finish(startup, investor, weights, components, reasons, INVESTOR_COMPONENTS)
