"""A synthetic national ecosystem for bench/matching.py: ~57,000 organisations and people, ~480,000
ties, and the profiles matching reads — generated in memory, no database."""
from __future__ import annotations

import random
from datetime import timedelta

from ecosystem.matching.graph_build import EdgeRow
from ecosystem.matching.profiles import (
    InvestorProfile, MentorProfile, PortfolioCompany, StartupProfile,
)

def synthetic(as_of, affiliation_kinds, seed=3, n_startups=50_000, n_mentors=5_000, n_investors=2_000):
    """Edge rows (a generator) and profiles of a synthetic ecosystem."""
    rng = random.Random(seed)
    sectors = [f"Lĩnh vực {i}" for i in range(30)]
    stages = ["idea", "pre_seed", "seed", "series_a"]
    skills = [f"kỹ năng {i}" for i in range(60)]
    provinces = [f"Tỉnh {i}" for i in range(34)]
    hubs = list(range(300_001, 300_301))  # incubators, clubs, universities, programmes
    incubators, clubs, universities = hubs[:40], hubs[40:160], hubs[160:200]
    startups = [("org", i) for i in range(1, n_startups + 1)]
    mentors = [("person", 100_000 + i) for i in range(n_mentors)]
    investors = [("org", 200_000 + i) for i in range(int(n_investors * 0.75))]
    investors += [("person", 200_000 + i) for i in range(len(investors), n_investors)]
    people = mentors + [key for key in investors if key[0] == "person"]

    def when():
        start = as_of - timedelta(days=rng.randint(30, 3000))
        end = None if rng.random() < 0.7 else start + timedelta(days=rng.randint(30, 900))
        return start, end if end is None or end < as_of else None

    rel = iter(range(1, 10**9))
    investor_of = {}
    met_pool = startups + mentors

    def other(pool, me):
        while True:
            key = rng.choice(pool)
            if key != me:
                return key

    def rows():
        for s in startups:
            for sec in rng.sample(range(30), rng.randint(1, 2)):
                yield EdgeRow(s, ("sector", sec), "sector", None, None, next(rel))
            if rng.random() < 0.4:
                yield EdgeRow(s, ("org", rng.choice(incubators)), "resident", *when(), next(rel))
            for club in rng.sample(clubs, rng.randint(1, 2)):
                yield EdgeRow(s, ("org", club), "club_member", *when(), next(rel))
            if rng.random() < 0.5:
                yield EdgeRow(s, other(startups, s), "partner", *when(), next(rel))
            for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
                yield EdgeRow(rng.choice(mentors), s, "mentor", *when(), next(rel))
            if rng.random() < 0.4:
                investor = rng.choice(investors)
                investor_of.setdefault(investor, []).append(s)
                yield EdgeRow(investor, s, "investor", *when(), next(rel))
            for _ in range(3):
                yield EdgeRow(s, other(met_pool, s), "attended_together", *when(), next(rel))
            if rng.random() < 0.2:
                yield EdgeRow(rng.choice(people), s, "introduced", *when(), next(rel))
        for p in people:
            for club in rng.sample(clubs + incubators, 2):
                yield EdgeRow(p, ("org", club), "member", *when(), next(rel))
            yield EdgeRow(p, ("org", rng.choice(universities)), "alumnus", *when(), next(rel))
            for sec in rng.sample(range(30), 2):
                yield EdgeRow(p, ("sector", sec), "sector", None, None, next(rel))
            if rng.random() < 0.3:
                yield EdgeRow(p, other(people, p), "family", None, None, next(rel))

    def profiles(graph):
        def orgs(key):
            return {i: f"Tổ chức {i}" for i in graph.affiliations(key, affiliation_kinds)}
        backers = {}
        for investor, backed in investor_of.items():
            for s in backed:
                backers.setdefault(s, []).append(investor)
        sps = (StartupProfile(
            id=key[1], name=f"Startup {key[1]}", stage=rng.choice(stages),
            sectors=frozenset(rng.sample(sectors, rng.randint(1, 2))),
            needs=frozenset(rng.sample(skills, rng.randint(1, 4))),
            languages=frozenset(rng.sample(["vi", "en", "ja"], rng.randint(1, 2))),
            province=rng.choice(provinces), funding_sought=rng.choice([None, 10**9, 5 * 10**9]),
            investors={inv[1]: f"NĐT {inv[1]}" for inv in backers.get(key, [])},
            competitors=frozenset(rng.sample(range(1, n_startups + 1), 2)),
            products=frozenset({f"sp {rng.randrange(2000)}"})) for key in startups)
        mps = []
        for key in mentors:
            capacity = rng.randint(1, 5)
            mps.append(MentorProfile(
                id=key[1], name=f"Mentor {key[1]}", expertise=frozenset(rng.sample(skills, 4)),
                sectors=frozenset(rng.sample(sectors, 2)), stages=frozenset(rng.sample(stages, 2)),
                languages=frozenset(rng.sample(["vi", "en", "ja"], rng.randint(1, 2))),
                province=rng.choice(provinces), capacity=capacity,
                active_mentees=rng.randint(0, capacity),
                mentored_by_stage={st: rng.randint(0, 5) for st in rng.sample(stages, 2)},
                feedback_rating=rng.uniform(2, 5), feedback_count=rng.randint(0, 30),
                orgs=orgs(key)))
        ips = [InvestorProfile(
            id=key[1], name=f"NĐT {key[1]}", sectors=frozenset(rng.sample(sectors, 3)),
            stages=frozenset(rng.sample(stages, 2)), ticket_min=rng.choice([None, 5 * 10**8]),
            ticket_max=rng.choice([None, 3 * 10**9, 2 * 10**10]),
            provinces=frozenset(rng.sample(provinces, 3)),
            portfolio=tuple(PortfolioCompany(s[1], f"Startup {s[1]}", frozenset({f"sp {rng.randrange(2000)}"}))
                            for s in investor_of.get(key, [])),
            co_investors=frozenset(i[1] for i in rng.sample(investors, 3))) for key in investors]
        return sps, mps, ips

    return rows(), profiles, startups, people
