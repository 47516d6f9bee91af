"""The other side of suggestions: the startups a mentor or an investor sees, over all startups.

Same formulas as scoring.py, vectorised over startups with inverted indexes; the winners are
re-scored by scoring.py, so a pair reads the same from both sides. A mentor is never shown more
startups than their open slots.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ecosystem.matching.profiles import InvestorProfile, MentorProfile, StartupProfile
from ecosystem.matching.reasons import INVESTOR_COMPONENTS, MENTOR_COMPONENTS
from ecosystem.matching.scoring import (
    Scored, rating_component, rivals_in_portfolio, saturate, score_investor, score_mentor, share,
)
from ecosystem.matching.suggest import (
    Postings, amount, one, pick, saturate_array, share_array, ticket_array, weighted_total,
)


class StartupIndex:
    """All startups, indexed for the suggestions a mentor or an investor sees."""

    def __init__(self, startups: Sequence[StartupProfile]):
        self.startups = list(startups)
        n = len(self.startups)
        ss = self.startups
        self.position = {startup.id: pos for pos, startup in enumerate(ss)}
        self.needs = Postings(n, (s.needs for s in ss))
        self.n_needs = np.array([len(s.needs) for s in ss], dtype=np.float64)
        self.sectors = Postings(n, (s.sectors for s in ss))
        self.n_sectors = np.array([len(s.sectors) for s in ss], dtype=np.float64)
        self.stages = Postings(n, (one(s.stage) for s in ss))
        self.stage_labels = list(self.stages.lists)
        code = {label: i for i, label in enumerate(self.stage_labels)}
        self.stage_code = np.array([code.get(s.stage, -1) for s in ss], dtype=np.int64)
        self.languages = Postings(n, (s.languages for s in ss))
        self.province = Postings(n, (one(s.province) for s in ss))
        self.orgs = Postings(n, (s.orgs.keys() for s in ss))
        self.investors = Postings(n, (s.investors.keys() for s in ss))
        self.competitors = Postings(n, (s.competitors for s in ss))
        self.products = Postings(n, (s.products for s in ss))
        self.sought = np.array([amount(s.funding_sought) for s in ss], dtype=np.float64)

    def mentor_components(self, mentor: MentorProfile) -> dict[str, np.ndarray]:
        """Every scoring component of this mentor against every startup."""
        n = len(self.startups)
        by_stage = [saturate(max(0, mentor.mentored_by_stage.get(label, 0)))
                    for label in self.stage_labels] + [0.0]  # code -1: no stage
        return {
            "expertise": share_array(self.needs.counts(mentor.expertise), self.n_needs),
            "stage_fit": self.stages.has(mentor.stages),
            "mentored_stage": np.array(by_stage)[self.stage_code],
            "sector": share_array(self.sectors.counts(mentor.sectors), self.n_sectors),
            "language": self.languages.has(mentor.languages),
            "location": self.province.has(one(mentor.province)),
            "capacity": np.full(n, share(mentor.slots_left, mentor.capacity)),
            "proximity": saturate_array(self.orgs.counts(mentor.orgs.keys())),
            "feedback": np.full(n, rating_component(mentor.feedback_rating,
                                                    mentor.feedback_count)),
        }

    def investor_components(self, investor: InvestorProfile) -> dict[str, np.ndarray]:
        """Every scoring component of this investor against every startup."""
        portfolio_ids = [company.id for company in investor.portfolio]
        products = {tag for company in investor.portfolio for tag in company.products}
        rivals = np.maximum(self.competitors.has(portfolio_ids), self.products.has(products))
        for company_id in portfolio_ids:  # a company never competes with itself: recheck those
            pos = self.position.get(company_id)
            if pos is not None:
                rivals[pos] = float(bool(rivals_in_portfolio(self.startups[pos], investor)))
        return {
            "sector": share_array(self.sectors.counts(investor.sectors), self.n_sectors),
            "stage": self.stages.has(investor.stages),
            "ticket": ticket_array(self.sought, amount(investor.ticket_min),
                                   amount(investor.ticket_max)),
            "geography": self.province.has(investor.provinces),
            "portfolio_conflict": -rivals,
            "co_investment": saturate_array(
                self.investors.counts(set(investor.co_investors) - {investor.id})),
        }

    def top_for_mentor(self, mentor: MentorProfile, weights, k: int = 10,
                       exclude=frozenset()) -> list[Scored]:
        """At most min(k, open slots) startups, skipping (startup id, mentor id) in exclude."""
        total = weighted_total(self.mentor_components(mentor), weights, MENTOR_COMPONENTS)
        eligible = np.ones(len(self.startups), dtype=bool)
        chosen = pick(total, eligible, min(k, mentor.slots_left),
                      lambda pos: (self.startups[pos].id, mentor.id) in exclude)
        return [score_mentor(self.startups[pos], mentor, weights) for pos in chosen]

    def top_for_investor(self, investor: InvestorProfile, weights, k: int = 10,
                         exclude=frozenset()) -> list[Scored]:
        """The k best startups it has not backed yet, skipping (startup id, investor id) pairs."""
        total = weighted_total(self.investor_components(investor), weights, INVESTOR_COMPONENTS)
        eligible = self.investors.counts([investor.id]) == 0
        backed = [self.position[c.id] for c in investor.portfolio if c.id in self.position]
        eligible[backed] = False
        chosen = pick(total, eligible, k,
                      lambda pos: (self.startups[pos].id, investor.id) in exclude)
        return [score_investor(self.startups[pos], investor, weights) for pos in chosen]
