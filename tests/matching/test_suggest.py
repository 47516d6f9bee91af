"""The vectorised top-k ranks with exactly the scalar scores, respects capacity and exclusions."""
import random
from dataclasses import replace

import numpy as np
import pytest

from ecosystem.matching.profiles import MentorProfile, PortfolioCompany, StartupProfile
from ecosystem.matching.scoring import score_investor, score_mentor
from ecosystem.matching.suggest import InvestorIndex, MentorIndex, pick
from ecosystem.matching.suggest_reverse import StartupIndex, pack, unpack
from tests.matching.factories import (
    INVESTOR_WEIGHTS, MENTOR_WEIGHTS, random_investor, random_mentor, random_startup,
)

INVESTOR_IDS = list(range(2000, 2060))


@pytest.fixture(scope="module")
def population():
    rng = random.Random(42)
    startup_ids = list(range(1, 120)) + list(range(1000, 1012))  # some are portfolio companies
    startups = [random_startup(rng, sid, INVESTOR_IDS) for sid in startup_ids]
    mentors = [random_mentor(rng, mid) for mid in range(500, 700)]
    investors = [random_investor(rng, iid, INVESTOR_IDS) for iid in INVESTOR_IDS]
    return startups, mentors, investors


def assert_top(result, scored_all, k, allowed, side="candidate_id"):
    """result holds the k best allowed candidates (by scalar score), best first."""
    best = sorted((s.score for s in scored_all if allowed(s)), reverse=True)[:k]
    assert [s.score for s in result] == pytest.approx(best, rel=1e-12, abs=1e-12)
    assert all(allowed(s) for s in result)
    assert len({getattr(s, side) for s in result}) == len(result)


def test_vector_totals_equal_scalar_scores(population):
    startups, mentors, investors = population
    m_index, i_index, s_index = MentorIndex(mentors), InvestorIndex(investors), StartupIndex(startups)
    for startup in startups:
        expected = [score_mentor(startup, m, MENTOR_WEIGHTS).score for m in mentors]
        np.testing.assert_allclose(m_index.totals(startup, MENTOR_WEIGHTS), expected, atol=1e-12)
        expected = [score_investor(startup, i, INVESTOR_WEIGHTS).score for i in investors]
        np.testing.assert_allclose(i_index.totals(startup, INVESTOR_WEIGHTS), expected, atol=1e-12)
    for mentor in mentors[:60]:
        comps = s_index.mentor_components(mentor)
        total = sum(MENTOR_WEIGHTS[c] * v for c, v in comps.items())
        expected = [score_mentor(s, mentor, MENTOR_WEIGHTS).score for s in startups]
        np.testing.assert_allclose(total, expected, atol=1e-12)
    for investor in investors:
        comps = s_index.investor_components(investor)
        total = sum(INVESTOR_WEIGHTS[c] * v for c, v in comps.items())
        expected = [score_investor(s, investor, INVESTOR_WEIGHTS).score for s in startups]
        np.testing.assert_allclose(total, expected, atol=1e-12)


def test_startup_sees_best_mentors_with_open_slots_minus_exclusions(population):
    startups, mentors, _ = population
    index = MentorIndex(mentors)
    rng = random.Random(1)
    for startup in startups[:40]:
        exclude = {(startup.id, m.id) for m in rng.sample(mentors, 30)}
        exclude.add((startup.id + 1, mentors[0].id))  # another startup's pair: irrelevant here
        result = index.top_for_startup(startup, MENTOR_WEIGHTS, k=8, exclude=exclude)
        by_id = {m.id: m for m in mentors}
        scored_all = [score_mentor(startup, m, MENTOR_WEIGHTS) for m in mentors]
        assert_top(result, scored_all, 8, lambda s: by_id[s.candidate_id].slots_left > 0
                   and (startup.id, s.candidate_id) not in exclude)


def test_startup_sees_best_investors_that_have_not_backed_it(population):
    startups, _, investors = population
    index = InvestorIndex(investors)
    by_id = {i.id: i for i in investors}
    for startup in startups:
        exclude = {(startup.id, INVESTOR_IDS[3])}
        result = index.top_for_startup(startup, INVESTOR_WEIGHTS, k=5, exclude=exclude)
        scored_all = [score_investor(startup, i, INVESTOR_WEIGHTS) for i in investors]

        def allowed(s):
            investor = by_id[s.candidate_id]
            return (investor.id not in startup.investors and (startup.id, investor.id) not in exclude
                    and startup.id not in {c.id for c in investor.portfolio})
        assert_top(result, scored_all, 5, allowed)


def test_mentor_sees_no_more_startups_than_open_slots(population):
    startups, mentors, _ = population
    index = StartupIndex(startups)
    for mentor in mentors[:50]:
        exclude = {(startups[0].id, mentor.id), (startups[5].id, mentor.id)}
        result = index.top_for_mentor(mentor, MENTOR_WEIGHTS, k=6, exclude=exclude)
        assert len(result) == min(6, mentor.slots_left)
        scored_all = [score_mentor(s, mentor, MENTOR_WEIGHTS) for s in startups]
        assert_top(result, scored_all, min(6, mentor.slots_left),
                   lambda s: (s.startup_id, mentor.id) not in exclude, side="startup_id")


def test_investor_sees_startups_it_has_not_backed(population):
    startups, _, investors = population
    index = StartupIndex(startups)
    for investor in investors:
        portfolio = {c.id for c in investor.portfolio}
        result = index.top_for_investor(investor, INVESTOR_WEIGHTS, k=7)
        by_id = {s.id: s for s in startups}
        scored_all = [score_investor(s, investor, INVESTOR_WEIGHTS) for s in startups]
        assert_top(result, scored_all, 7, lambda s: s.startup_id not in portfolio
                   and investor.id not in by_id[s.startup_id].investors, side="startup_id")


def test_full_mentor_is_never_suggested():
    startup = StartupProfile(id=1, needs=frozenset({"AI"}))
    full = MentorProfile(id=1, expertise=frozenset({"AI"}), capacity=2, active_mentees=2)
    free = MentorProfile(id=2, capacity=1)
    result = MentorIndex([full, free]).top_for_startup(startup, MENTOR_WEIGHTS, k=5)
    assert [s.candidate_id for s in result] == [2]
    assert StartupIndex([startup]).top_for_mentor(full, MENTOR_WEIGHTS) == []


def test_suggestion_carries_reasons():
    startup = StartupProfile(id=1, stage="seed", sectors=frozenset({"Nông nghiệp công nghệ cao"}))
    mentor = MentorProfile(id=3, sectors=frozenset({"Nông nghiệp công nghệ cao"}), capacity=1,
                           mentored_by_stage={"seed": 3})
    [scored] = MentorIndex([mentor]).top_for_startup(startup, MENTOR_WEIGHTS)
    assert ("mentored_stage", {"count": 3, "stage": "seed"}) in scored.reasons
    assert ("same_sector", {"sectors": ["Nông nghiệp công nghệ cao"]}) in scored.reasons


def test_portfolio_company_is_not_its_own_rival_from_either_side():
    startup = StartupProfile(id=5, products=frozenset({"x"}))
    rival = StartupProfile(id=6, products=frozenset({"x"}))
    investor = replace(random_investor(random.Random(0), 9), portfolio=(
        PortfolioCompany(5, "A", frozenset({"x"})),))
    comps = StartupIndex([startup, rival]).investor_components(investor)
    assert comps["portfolio_conflict"].tolist() == [0.0, -1.0]
    comps = InvestorIndex([investor]).components(startup)
    assert comps["portfolio_conflict"].tolist() == [0.0]


def test_pick_widens_when_exclusions_eat_the_first_window():
    total = np.arange(200, dtype=float)
    chosen = pick(total, np.ones(200, dtype=bool), 3, lambda pos: pos >= 120)
    assert chosen == [119, 118, 117]
    assert pick(total, np.zeros(200, dtype=bool), 3, lambda pos: False) == []


def test_packed_startups_unpack_to_the_same_profile(population):
    startups, _, _ = population
    for startup in startups:
        again = unpack(pack(startup))
        assert {f: getattr(again, f) for f in StartupProfile.__slots__} == \
            {f: getattr(startup, f) for f in StartupProfile.__slots__}
