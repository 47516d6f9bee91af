"""The other side of suggestions: the startups a mentor or an investor sees, over all startups.

Same formulas as scoring.py, vectorised over startups with inverted indexes; the winners are
re-scored by scoring.py, so a pair reads the same from both sides. A mentor is never shown more
startups than their open slots. The index keeps each startup as a packed tuple (a fraction of
a StartupProfile's memory) and unpacks only the winners, so a worker need not hold 50,000
profile objects.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np

from ecosystem.matching.profiles import InvestorProfile, MentorProfile, StartupProfile
from ecosystem.matching.reasons import INVESTOR_COMPONENTS, MENTOR_COMPONENTS
from ecosystem.matching.scoring import (
    Scored, rating_component, rivals_in_portfolio, saturate, score_investor, score_mentor, share,
)
from ecosystem.matching.suggest import (
    Postings, amount, one, pick, saturate_array, share_array, ticket_array, weighted_total,
)


_SCALARS = ("id", "name", "stage", "province", "funding_sought")
_SETS = ("sectors", "needs", "languages", "competitors", "products")
_MAPS = ("orgs", "investors")
_AT = {name: pos for pos, name in enumerate(_SCALARS + _SETS + _MAPS)}


def pack(startup: StartupProfile, shared: dict | None = None) -> tuple:
    """A StartupProfile as one flat tuple: equal label sets become one shared frozenset (through
    `shared`), mappings become tuples of pairs (much smaller than dicts)."""
    shared = {} if shared is None else shared
    return (tuple(getattr(startup, f) for f in _SCALARS)
            + tuple(shared.setdefault(key, key) for key in
                    (frozenset(getattr(startup, f)) for f in _SETS))
            + tuple(tuple(getattr(startup, f).items()) for f in _MAPS))


def unpack(record: tuple) -> StartupProfile:
    return StartupProfile(**{f: record[_AT[f]] for f in _SCALARS},
                          **{f: frozenset(record[_AT[f]]) for f in _SETS},
                          **{f: dict(record[_AT[f]]) for f in _MAPS})


class StartupIndex:
    """All startups, indexed for the suggestions a mentor or an investor sees."""

    def __init__(self, startups: Iterable[StartupProfile], load=None):
        """Reads the profiles once (a generator is fine: only packed records are kept). With `load`
        (ids → their StartupProfiles, read when asked) the records are dropped once indexed: a web
        worker keeps the arrays only, and reads the few winners' profiles fresh."""
        shared: dict = {}
        records = [pack(s, shared) for s in startups]
        del shared
        self.load = load
        self.records = None if load is not None else records
        n = len(records)

        def column(name):
            return [record[_AT[name]] for record in records]

        def keys(name):
            return ([key for key, _ in record[_AT[name]]] for record in records)
        self.ids = np.array(column("id"), dtype=np.int64)
        self.position = {sid: pos for pos, sid in enumerate(self.ids.tolist())}
        self.needs = Postings(n, column("needs"))
        self.n_needs = np.array([len(v) for v in column("needs")], dtype=np.float64)
        self.sectors = Postings(n, column("sectors"))
        self.n_sectors = np.array([len(v) for v in column("sectors")], dtype=np.float64)
        stages = column("stage")
        self.stages = Postings(n, (one(stage) for stage in stages))
        self.stage_labels = self.stages.labels
        code = {label: i for i, label in enumerate(self.stage_labels)}
        self.stage_code = np.array([code.get(stage, -1) for stage in stages], dtype=np.int64)
        self.languages = Postings(n, column("languages"))
        self.province = Postings(n, (one(p) for p in column("province")))
        self.orgs = Postings(n, keys("orgs"))
        self.investors = Postings(n, keys("investors"))
        self.competitors = Postings(n, column("competitors"))
        self.products = Postings(n, column("products"))
        self.sought = np.array([amount(v) for v in column("funding_sought")], dtype=np.float64)

    def mentor_components(self, mentor: MentorProfile) -> dict[str, np.ndarray]:
        """Every scoring component of this mentor against every startup."""
        n = self.ids.size
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
        held = [self.position[c] for c in portfolio_ids if c in self.position]
        for pos, company in zip(held, self.startups(held)):  # a company never competes with itself
            rivals[pos] = float(bool(rivals_in_portfolio(company, investor)))
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
        eligible = np.ones(self.ids.size, dtype=bool)
        chosen = pick(total, eligible, min(k, mentor.slots_left),
                      lambda pos: (int(self.ids[pos]), mentor.id) in exclude)
        return [score_mentor(startup, mentor, weights) for startup in self.startups(chosen)]

    def top_for_investor(self, investor: InvestorProfile, weights, k: int = 10,
                         exclude=frozenset()) -> list[Scored]:
        """The k best startups it has not backed yet, skipping (startup id, investor id) pairs."""
        total = weighted_total(self.investor_components(investor), weights, INVESTOR_COMPONENTS)
        eligible = self.investors.counts([investor.id]) == 0
        backed = [self.position[c.id] for c in investor.portfolio if c.id in self.position]
        eligible[backed] = False
        chosen = pick(total, eligible, k, lambda pos: (int(self.ids[pos]), investor.id) in exclude)
        return [score_investor(startup, investor, weights) for startup in self.startups(chosen)]

    def startups(self, positions) -> list[StartupProfile]:
        """The profiles at these positions, in their order (unpacked, or read through `load`)."""
        positions = [int(pos) for pos in positions]
        if self.records is not None:
            return [unpack(self.records[pos]) for pos in positions]
        found = {s.id: s for s in self.load([int(self.ids[pos]) for pos in positions])}
        return [found[int(self.ids[pos])] for pos in positions if int(self.ids[pos]) in found]
