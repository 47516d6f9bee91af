"""Offer ↔ demand scores on hand-made cases: every component, every reason, and the meeting plan."""
import pytest

from ecosystem.matching.techmart import (COMPONENTS, Closeness, Demand, Offer, plan_meetings, range_fit, rank,
                                         score_pair, trl_component)

W = {"sector": 3.0, "trl": 2.0, "budget": 1.5, "ip": 1.0, "past_deals": 0.5, "proximity": 1.0}


def offer(**kw):
    base = dict(id=1, org_id=10, sectors=frozenset({1, 2}), trl=7, ip_status="patent", price_min=100, price_max=300)
    base.update(kw)
    return Offer(**base)


def demand(**kw):
    base = dict(id=5, org_id=20, sectors=frozenset({1}), trl_wanted=6, budget_min=200, budget_max=400)
    base.update(kw)
    return Demand(**base)


def codes(match):
    return [code for code, _ in match.reasons]


def test_a_perfect_fit_scores_every_component_and_says_why():
    m = score_pair(demand(), offer(past_deals=1), W, Closeness(direct=True))
    assert m.components == {"sector": 1.0, "trl": 1.0, "budget": 1.0, "ip": 1.0, "past_deals": 0.5, "proximity": 1.0}
    assert m.score == pytest.approx(3 + 2 + 1.5 + 1 + 0.25 + 1)
    assert codes(m) == ["tm_same_sector", "tm_trl_ready", "tm_budget_fit", "tm_ip_clear", "tm_past_deals",
                        "tm_direct_tie"]


def test_no_shared_sector_means_no_suggestion_whatever_else_fits():
    m = score_pair(demand(sectors=frozenset({9})), offer(), W)
    assert m.score == 0 and "tm_same_sector" not in codes(m)
    assert rank([m], 5) == []


def test_trl_below_the_wish_loses_a_third_per_level_and_is_named():
    assert trl_component(7, 6) == 1.0
    assert trl_component(5, 6) == pytest.approx(2 / 3)
    assert trl_component(3, 9) == 0.0
    m = score_pair(demand(trl_wanted=9), offer(trl=8), W)
    assert "tm_trl_below" in codes(m) and m.components["trl"] == pytest.approx(2 / 3)


def test_budget_fit_is_overlap_else_ratio_of_the_nearer_bounds_and_unknown_is_silent():
    assert range_fit(100, 300, 200, 400) == 1.0
    assert range_fit(500, 800, 100, 250) == pytest.approx(250 / 500)
    assert range_fit(100, 200, 400, None) == pytest.approx(200 / 400)
    assert range_fit(None, None, 1, 2) is None
    m = score_pair(demand(budget_min=None, budget_max=None), offer(), W)
    assert m.components["budget"] == 0 and not any(c.startswith("tm_budget") for c in codes(m))
    far = score_pair(demand(budget_min=10, budget_max=50), offer(), W)
    assert "tm_budget_outside" in codes(far) and far.components["budget"] == pytest.approx(0.5)


def test_ip_clarity_ranks_titles_above_applications_above_know_how_above_nothing():
    values = [score_pair(demand(), offer(ip_status=s), W).components["ip"]
              for s in ("patent", "application", "know_how", "none")]
    assert values == sorted(values, reverse=True) and values[-1] == 0
    assert "tm_ip_clear" not in codes(score_pair(demand(), offer(ip_status="none"), W))


def test_shared_neighbours_count_when_there_is_no_direct_tie():
    m = score_pair(demand(), offer(), W, Closeness(shared=("BIIC", "FabLab")))
    assert m.components["proximity"] == pytest.approx(2 / 3)
    assert ("tm_shared_ties", {"orgs": ["BIIC", "FabLab"]}) in m.reasons


def test_weights_must_name_every_component():
    with pytest.raises(ValueError):
        score_pair(demand(), offer(), {k: v for k, v in W.items() if k != "ip"})
    assert set(COMPONENTS) == set(W)


def test_rank_keeps_the_best_positive_matches_in_a_stable_order():
    good = score_pair(demand(), offer(id=1), W)
    better = score_pair(demand(), offer(id=2, past_deals=3), W)
    nothing = score_pair(demand(sectors=frozenset({9})), offer(id=3), W)
    assert [m.offer_id for m in rank([good, nothing, better], 5)] == [2, 1]
    assert [m.offer_id for m in rank([good, better], 1)] == [2]


def test_the_meeting_plan_respects_booth_capacity_and_maximises_the_total():
    # two demands want booth 0 most, but it has one slot: demand 1 is worth more there (9 vs 8),
    # and demand 0 still scores 5 at booth 1, so the plan is 0→1, 1→0 (14) not 0→0 (8 + 0).
    scores = [[8.0, 5.0], [9.0, 0.0]]
    assert plan_meetings(scores, [1, 1]) == [1, 0]
    assert plan_meetings(scores, [2, 0]) == [0, 0]
    assert plan_meetings([[0.0, 0.0]], [1, 1]) == [-1]
    assert plan_meetings([[1.0]], [0]) == [-1]
