"""Fast top-k for one startup over all mentors or investors: inverted indexes and numpy.

Every component of scoring.py is computed for all candidates at once (posting lists + bincount),
the candidates are ranked, exclusions are skipped, and only the winners are re-scored one by one
by scoring.py so their numbers and reasons come from the single reference definition.
"""
from __future__ import annotations

from array import array
from collections import defaultdict
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from ecosystem.matching.profiles import InvestorProfile, MentorProfile, StartupProfile
from ecosystem.matching.reasons import INVESTOR_COMPONENTS, MENTOR_COMPONENTS, check_weights
from ecosystem.matching.scoring import (
    Scored, rating_component, score_investor, score_mentor,
)

_EXTRA = 32  # candidates ranked beyond k so a few exclusions need no full sort


class Postings:
    """label -> positions holding it, stored as CSR arrays (one dict entry per label, no list per
    label); a tagged index also keeps a tag per entry (a portfolio company's id)."""

    def __init__(self, size: int, labels_per_position: Iterable[Iterable] = (),
                 tagged: Iterable[tuple] = ()):
        self.size = size
        self.code: dict = {}
        codes, positions, tags = array("q"), array("q"), array("q")
        for pos, labels in enumerate(labels_per_position):
            for label in labels:
                codes.append(self.code.setdefault(label, len(self.code)))
                positions.append(pos)
        for pos, label, tag in tagged:  # (position, label, tag) triples
            codes.append(self.code.setdefault(label, len(self.code)))
            positions.append(pos)
            tags.append(tag)
        if len(tags) and len(tags) != len(codes):
            raise ValueError("a Postings index is either all tagged or not tagged")
        codes = np.frombuffer(codes, dtype=np.int64) if len(codes) else np.zeros(0, np.int64)
        order = np.argsort(codes, kind="stable")
        self.positions = (np.frombuffer(positions, dtype=np.int64)[order].astype(np.int32)
                          if len(positions) else np.zeros(0, np.int32))
        self.tags = np.frombuffer(tags, dtype=np.int64)[order] if len(tags) else None
        self.indptr = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=len(self.code)))])

    @property
    def labels(self) -> list:
        return list(self.code)

    def get(self, label, skip_tag: int | None = None) -> np.ndarray:
        """Positions holding one label (entries tagged skip_tag left out)."""
        code = self.code.get(label)
        if code is None:
            return self.positions[:0]
        found = self.positions[self.indptr[code]:self.indptr[code + 1]]
        if skip_tag is not None and self.tags is not None:
            found = found[self.tags[self.indptr[code]:self.indptr[code + 1]] != skip_tag]
        return found

    def counts(self, labels: Iterable, skip_tag: int | None = None) -> np.ndarray:
        """How many of `labels` each position holds (entries tagged skip_tag ignored)."""
        arrays = [self.get(label, skip_tag) for label in labels if label in self.code]
        if not arrays:
            return np.zeros(self.size)
        return np.bincount(np.concatenate(arrays), minlength=self.size).astype(np.float64)

    def has(self, labels: Iterable, skip_tag: int | None = None) -> np.ndarray:
        return (self.counts(labels, skip_tag) > 0).astype(np.float64)


def one(label) -> list:
    return [] if label is None else [label]


def saturate_array(counts: np.ndarray) -> np.ndarray:
    return counts / (counts + 1.0)


def share_array(part: np.ndarray, whole) -> np.ndarray:
    whole = np.asarray(whole, dtype=np.float64)
    return np.divide(part, whole, out=np.zeros_like(part, dtype=np.float64), where=whole > 0)


def ticket_array(sought, low, high) -> np.ndarray:
    """ticket_component over arrays (broadcast; NaN = unknown amount or open bound)."""
    sought, low, high = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64)
                                              for a in (sought, low, high)))
    with np.errstate(divide="ignore", invalid="ignore"):
        below = ~np.isnan(low) & (sought < low)
        above = ~np.isnan(high) & (sought > high)
        value = np.where(below, sought / low, np.where(above, high / sought, 1.0))
    value[np.isnan(sought) | (sought <= 0) | (np.isnan(low) & np.isnan(high))] = 0.0
    return value


def amount(value: int | None) -> float:
    """A VND amount as float for the vector maths (exact below 2**53), NaN when unknown."""
    return np.nan if value is None else float(value)


def weighted_total(components: Mapping[str, np.ndarray], weights, names) -> np.ndarray:
    check_weights(weights, names)
    total = 0.0
    for name in names:
        total = total + weights[name] * components[name]
    return np.broadcast_to(total, next(iter(components.values())).shape).astype(np.float64)


def pick(total: np.ndarray, eligible: np.ndarray, k: int,
         excluded: Callable[[int], bool]) -> list[int]:
    """Positions of the k best eligible, non-excluded candidates, best first (ties: position)."""
    candidates = np.flatnonzero(eligible)
    if k <= 0 or candidates.size == 0:
        return []
    width = min(candidates.size, k + _EXTRA)
    while True:
        if width < candidates.size:
            part = np.argpartition(-total[candidates], width - 1)[:width]
            ranked = candidates[part]
        else:
            ranked = candidates
        ranked = ranked[np.lexsort((ranked, -total[ranked]))]
        chosen = [pos for pos in ranked.tolist() if not excluded(pos)][:k]
        if len(chosen) == k or width == candidates.size:
            return chosen
        width = min(candidates.size, width * 4)


class MentorIndex:
    """All mentors, indexed for one startup's suggestions."""

    def __init__(self, mentors: Sequence[MentorProfile]):
        self.mentors = list(mentors)
        n = len(self.mentors)
        ms = self.mentors
        self.expertise = Postings(n, (m.expertise for m in ms))
        self.sectors = Postings(n, (m.sectors for m in ms))
        self.stages = Postings(n, (m.stages for m in ms))
        self.languages = Postings(n, (m.languages for m in ms))
        self.province = Postings(n, (one(m.province) for m in ms))
        self.orgs = Postings(n, (m.orgs.keys() for m in ms))
        self.mentored: dict = defaultdict(lambda: np.zeros(n))
        for pos, mentor in enumerate(ms):
            for stage, count in mentor.mentored_by_stage.items():
                self.mentored[stage][pos] = max(0, count)
        self.slots = np.array([m.slots_left for m in ms], dtype=np.float64)
        self.capacity = share_array(self.slots, [m.capacity for m in ms])
        self.feedback = np.array([rating_component(m.feedback_rating, m.feedback_count)
                                  for m in ms], dtype=np.float64)

    def components(self, startup: StartupProfile) -> dict[str, np.ndarray]:
        """Every scoring component of this startup against every mentor."""
        stage = startup.stage
        mentored = self.mentored[stage] if stage in self.mentored else np.zeros(len(self.mentors))
        return {
            "expertise": share_array(self.expertise.counts(startup.needs), len(startup.needs)),
            "stage_fit": self.stages.has(one(stage)),
            "mentored_stage": saturate_array(mentored),
            "sector": share_array(self.sectors.counts(startup.sectors), len(startup.sectors)),
            "language": self.languages.has(startup.languages),
            "location": self.province.has(one(startup.province)),
            "capacity": self.capacity,
            "proximity": saturate_array(self.orgs.counts(startup.orgs.keys())),
            "feedback": self.feedback,
        }

    def totals(self, startup: StartupProfile, weights) -> np.ndarray:
        return weighted_total(self.components(startup), weights, MENTOR_COMPONENTS)

    def top_for_startup(self, startup: StartupProfile, weights, k: int = 10,
                        exclude=frozenset()) -> list[Scored]:
        """The k best mentors with open slots, skipping (startup id, mentor id) pairs in exclude."""
        total = self.totals(startup, weights)
        chosen = pick(total, self.slots > 0, k,
                      lambda pos: (startup.id, self.mentors[pos].id) in exclude)
        return [score_mentor(startup, self.mentors[pos], weights) for pos in chosen]


class InvestorIndex:
    """All investors, indexed for one startup's suggestions."""

    def __init__(self, investors: Sequence[InvestorProfile]):
        self.investors = list(investors)
        n = len(self.investors)
        inv = self.investors
        self.position = {investor.id: pos for pos, investor in enumerate(inv)}
        self.sectors = Postings(n, (i.sectors for i in inv))
        self.stages = Postings(n, (i.stages for i in inv))
        self.provinces = Postings(n, (i.provinces for i in inv))
        self.companies = Postings(n, tagged=((pos, c.id, c.id) for pos, i in enumerate(inv)
                                             for c in i.portfolio))
        self.products = Postings(n, tagged=((pos, p, c.id) for pos, i in enumerate(inv)
                                            for c in i.portfolio for p in c.products))
        self.co_investors = Postings(n, (set(i.co_investors) - {i.id} for i in inv))
        self.low = np.array([amount(i.ticket_min) for i in inv], dtype=np.float64)
        self.high = np.array([amount(i.ticket_max) for i in inv], dtype=np.float64)

    def components(self, startup: StartupProfile) -> dict[str, np.ndarray]:
        """Every scoring component of this startup against every investor."""
        rivals = np.maximum(self.companies.has(startup.competitors, skip_tag=startup.id),
                            self.products.has(startup.products, skip_tag=startup.id))
        return {
            "sector": share_array(self.sectors.counts(startup.sectors), len(startup.sectors)),
            "stage": self.stages.has(one(startup.stage)),
            "ticket": ticket_array(amount(startup.funding_sought), self.low, self.high),
            "geography": self.provinces.has(one(startup.province)),
            "portfolio_conflict": -rivals,
            "co_investment": saturate_array(self.co_investors.counts(startup.investors.keys())),
        }

    def totals(self, startup: StartupProfile, weights) -> np.ndarray:
        return weighted_total(self.components(startup), weights, INVESTOR_COMPONENTS)

    def top_for_startup(self, startup: StartupProfile, weights, k: int = 10,
                        exclude=frozenset()) -> list[Scored]:
        """The k best investors that have not backed the startup yet, skipping excluded pairs."""
        total = self.totals(startup, weights)
        eligible = np.ones(len(self.investors), dtype=bool)
        held = [self.position[i] for i in startup.investors if i in self.position]
        eligible[held] = False
        eligible[self.companies.get(startup.id)] = False
        chosen = pick(total, eligible, k,
                      lambda pos: (startup.id, self.investors[pos].id) in exclude)
        return [score_investor(startup, self.investors[pos], weights) for pos in chosen]


__all__ = ["InvestorIndex", "MentorIndex", "Postings", "pick"]
