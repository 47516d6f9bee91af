"""Explained scores for technology offers ↔ enterprise demands, and a Techmart's meeting plan.

score = sum(weights[c] * component[c]), every component in [0, 1]:
  sector     share of the demand's sectors the offer covers
  trl        1 when the offer is at least as mature as wanted, minus a third per missing level
  budget     1 when the price range meets the budget range, else the ratio of the nearer bounds
  ip         how clear the rights are: granted title 1, filed application and know-how less, none 0
  past_deals the owner's signed transfers, saturating as n / (n + 1)
  proximity  1 for a direct tie between the two organisations, else shared neighbours saturated
Reasons are (code, params) pairs, emitted when, and only when, their cause is present; the
service turns them into words. A pair sharing no sector scores 0 (not suggested): the other
components only rank technologies of the right field.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from ecosystem.matching.assign import solve_assignment
from ecosystem.matching.reasons import check_weights
from ecosystem.matching.scoring import saturate, share

COMPONENTS = ("sector", "trl", "budget", "ip", "past_deals", "proximity")
IP_CLARITY = {"patent": 1.0, "utility_solution": 1.0, "industrial_design": 1.0, "application": 0.6,
              "know_how": 0.4, "none": 0.0}
TRL_STEP = 1.0 / 3.0


@dataclass(frozen=True)
class Offer:
    """What scoring needs of a technology offer."""

    id: int
    org_id: int
    sectors: frozenset
    trl: int
    ip_status: str
    price_min: int | None = None
    price_max: int | None = None
    past_deals: int = 0


@dataclass(frozen=True)
class Demand:
    """What scoring needs of an enterprise's demand."""

    id: int
    org_id: int
    sectors: frozenset
    trl_wanted: int
    budget_min: int | None = None
    budget_max: int | None = None


@dataclass(frozen=True)
class Closeness:
    """How near the two organisations are in the ecosystem graph (computed by the service)."""

    direct: bool = False
    shared: tuple = field(default_factory=tuple)  # names of common neighbours


@dataclass(frozen=True)
class Match:
    """A scored pair with its components, weighted points and reasons."""

    demand_id: int
    offer_id: int
    score: float
    components: Mapping[str, float]
    points: Mapping[str, float]
    reasons: tuple


def trl_component(trl: int, wanted: int) -> float:
    return 1.0 if trl >= wanted else max(0.0, 1.0 - (wanted - trl) * TRL_STEP)


def range_fit(low_a, high_a, low_b, high_b) -> float | None:
    """1 when the ranges [a] and [b] meet; else the smaller gap bound over the larger; None when unknown."""
    if (low_a is None and high_a is None) or (low_b is None and high_b is None):
        return None
    a_low, a_high = low_a or 0, high_a if high_a is not None else float("inf")
    b_low, b_high = low_b or 0, high_b if high_b is not None else float("inf")
    if a_low <= b_high and b_low <= a_high:
        return 1.0
    small, big = (a_high, b_low) if a_high < b_low else (b_high, a_low)
    return small / big if big else 0.0


def score_pair(demand: Demand, offer: Offer, weights: Mapping[str, float],
               closeness: Closeness | None = None) -> Match:
    """How well an offer answers a demand, with the reasons why."""
    check_weights(weights, COMPONENTS)
    closeness = closeness or Closeness()
    reasons = []
    sectors = sorted(demand.sectors & offer.sectors, key=str)
    if sectors:
        reasons.append(("tm_same_sector", {"sectors": sectors}))
    trl = trl_component(offer.trl, demand.trl_wanted)
    reasons.append(("tm_trl_ready" if trl == 1.0 else "tm_trl_below",
                    {"trl": offer.trl, "wanted": demand.trl_wanted}))
    budget = range_fit(offer.price_min, offer.price_max, demand.budget_min, demand.budget_max)
    if budget is not None:
        reasons.append(("tm_budget_fit" if budget == 1.0 else "tm_budget_outside",
                        {"price_min": offer.price_min, "price_max": offer.price_max,
                         "budget_min": demand.budget_min, "budget_max": demand.budget_max}))
    ip = IP_CLARITY.get(offer.ip_status, 0.0)
    if ip > 0:
        reasons.append(("tm_ip_clear", {"ip_status": offer.ip_status}))
    if offer.past_deals > 0:
        reasons.append(("tm_past_deals", {"count": offer.past_deals}))
    if closeness.direct:
        reasons.append(("tm_direct_tie", {}))
    elif closeness.shared:
        reasons.append(("tm_shared_ties", {"orgs": list(closeness.shared)}))
    components = {
        "sector": share(len(sectors), len(demand.sectors)),
        "trl": trl,
        "budget": budget or 0.0,
        "ip": ip,
        "past_deals": saturate(offer.past_deals),
        "proximity": 1.0 if closeness.direct else saturate(len(closeness.shared)),
    }
    points = {name: weights[name] * components[name] for name in COMPONENTS}
    total = sum(points.values()) if sectors else 0.0
    return Match(demand.id, offer.id, total, components, points, tuple(reasons))


def rank(matches, k: int) -> list[Match]:
    """The k best positive matches, best first (ties by id, so the order is stable)."""
    kept = [m for m in matches if m.score > 0]
    kept.sort(key=lambda m: (-m.score, m.demand_id, m.offer_id))
    return kept[:k]


def plan_meetings(scores, capacity) -> list[int]:
    """Booth index per demand (-1 = none) maximising the total score within each booth's free slots.

    scores: demands × booths (a booth scores as its best offer); the optimal b-matching of assign.py.
    """
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.size == 0:
        return [-1] * (matrix.shape[0] if matrix.ndim == 2 else 0)
    return solve_assignment(matrix, np.asarray(capacity, dtype=np.int64)).mentor_of.tolist()
