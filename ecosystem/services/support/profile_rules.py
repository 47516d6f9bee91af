"""Who counts as a programme startup and how complete a profile is: pure, so all screens agree.

Eligibility (RULES.md §4, Decision 844/QĐ-TTg): a startup is one at most `max_years` (a setting,
`support.startup_max_age_years`, 5 today) from its first business registration. The period is
counted like a civil-law term in years: it ends on the same day and month `max_years` later, or
on the last day of that month when there is no such day (29/2 → 28/2), and that day is still
inside. A team with no registration date is an idea-stage project, which the programme also
supports: it is eligible, and its age is unknown (None) rather than zero.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


def add_years(day: date, years: int) -> date:
    """Same day and month `years` later (or earlier); 29/2 falls back to the month's last day."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def startup_age_years(first_registered_on: date | None, today: date) -> int | None:
    """Completed years since first registration; None if not registered; ValueError if future."""
    if first_registered_on is None:
        return None
    if first_registered_on > today:
        raise ValueError("first registration date is in the future")
    before_anniversary = (today.month, today.day) < (first_registered_on.month,
                                                     first_registered_on.day)
    return today.year - first_registered_on.year - int(before_anniversary)


def eligibility_ends_on(first_registered_on: date | None, max_years: int) -> date | None:
    """The last day the startup counts for the programme; None when not registered (no end)."""
    if first_registered_on is None:
        return None
    return add_years(first_registered_on, max_years)


def is_programme_startup(first_registered_on: date | None, today: date, max_years: int) -> bool:
    """≤ max_years from first business registration, or not yet registered (idea-stage team)."""
    if first_registered_on is None:
        return True
    if first_registered_on > today:
        raise ValueError("first registration date is in the future")
    return today <= add_years(first_registered_on, max_years)


def earliest_eligible_registration(today: date, max_years: int) -> date:
    """Cut-off for a database filter: eligible ⇔ registered on or after this date (or never)."""
    cutoff = add_years(today, -max_years)
    if cutoff.day != today.day:  # today is 29/2, the cut-off year has none: 28/2 is a day early
        cutoff += timedelta(days=1)
    return cutoff


# --- completeness meter -------------------------------------------------------------------

@dataclass(frozen=True)
class ProfileItem:
    """One item of the meter: its key in the profile dict, weight, why it matters, sub-keys."""

    key: str
    weight: int
    reason: str
    needs_any_of: tuple = ()   # for dicts: at least one of these sub-keys filled
    needs_all_of: tuple = ()   # for dicts: every one of these sub-keys filled


# Weights are data: the heavier an item, the more matching and officers depend on it. Reason
# codes are message keys the view translates ("why it matters"); the comment says the why.
PROFILE_ITEMS: tuple[ProfileItem, ...] = (
    # mentors and investors look at the team first; founders become edges of the graph
    ProfileItem("founders", 12, "profile.why.founders_team"),
    # matching finds mentors, investors and clubs by sector
    ProfileItem("sectors", 12, "profile.why.sectors_matching"),
    # investors and programmes are stage-specific (idea, pre-seed, seed, series A+)
    ProfileItem("stage", 10, "profile.why.stage_matching"),
    # what it makes: officers triage and mentors prepare by it
    ProfileItem("product", 10, "profile.why.product_understanding"),
    # routes the startup to the right kind of support
    ProfileItem("needs", 10, "profile.why.needs_routing"),
    # matching finds experts, labs and fablabs by technology
    ProfileItem("technologies", 8, "profile.why.technologies_experts"),
    # investor matching compares it with ticket sizes
    ProfileItem("funding_sought", 8, "profile.why.funding_investors"),
    # shared at demo days and with introduced investors
    ProfileItem("pitch_deck", 8, "profile.why.pitch_deck_investors"),
    # traction that investors and award judges weigh
    ProfileItem("customers", 6, "profile.why.customers_traction"),
    # programme criteria and investor fit
    ProfileItem("revenue_band", 6, "profile.why.revenue_band_programmes"),
    # lets the DOST offer IP search and registration support
    ProfileItem("ip_status", 4, "profile.why.ip_status_support"),
    # local programmes and reports by ward and former district
    ProfileItem("address", 4, "profile.why.address_local_programmes",
                needs_all_of=("city", "ward")),
    # so an assignee or investor can reach the team
    ProfileItem("contact", 2, "profile.why.contact_reachable", needs_any_of=("email", "phone")),
)


@dataclass(frozen=True)
class Completeness:
    """The meter's reading: a percentage (100 only when nothing is missing) and what is missing."""

    percent: int
    missing: tuple          # of dicts {"key", "weight", "reason"}, heaviest first


def is_filled(value) -> bool:
    """Answered: not None, not blank text, not an empty collection; 0 and False are answers."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return any(is_filled(v) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(is_filled(v) for v in value)
    return True


def _item_filled(item: ProfileItem, value) -> bool:
    if item.needs_all_of or item.needs_any_of:
        if not isinstance(value, dict):
            return False
        if item.needs_all_of and not all(is_filled(value.get(k)) for k in item.needs_all_of):
            return False
        return not item.needs_any_of or any(is_filled(value.get(k)) for k in item.needs_any_of)
    return is_filled(value)


def profile_completeness(profile: dict, items=PROFILE_ITEMS,
                         weights: dict | None = None) -> Completeness:
    """Weighted share of answered items (rounded down) and the missing ones with why they matter.

    `weights` optionally overrides item weights by key (e.g. from settings); weight 0 drops an item.
    """
    weights = weights or {}
    unknown = set(weights) - {item.key for item in items}
    if unknown:
        raise ValueError(f"weights for unknown profile items: {sorted(unknown)}")
    total = filled = 0
    missing = []
    for item in items:
        weight = weights.get(item.key, item.weight)
        if weight < 0:
            raise ValueError(f"negative weight for {item.key}")
        if weight == 0:
            continue
        total += weight
        if _item_filled(item, profile.get(item.key)):
            filled += weight
        else:
            missing.append({"key": item.key, "weight": weight, "reason": item.reason})
    if total == 0:
        raise ValueError("the completeness meter has no weighted items")
    missing.sort(key=lambda m: -m["weight"])  # stable: table order among equal weights
    return Completeness(percent=filled * 100 // total, missing=tuple(missing))
