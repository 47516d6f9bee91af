"""Scores with reasons: each reason appears when, and only when, its cause is present."""
import random
import string
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.matching.profiles import (
    InvestorProfile, MentorProfile, PortfolioCompany, StartupProfile,
)
from ecosystem.matching.reasons import REASON_CODES
from ecosystem.matching.scoring import score_investor, score_mentor
from tests.matching.factories import (
    INVESTOR_WEIGHTS, MENTOR_WEIGHTS, random_investor, random_mentor, random_startup,
)

AGRI = "Nông nghiệp công nghệ cao"
# A pair with nothing in common: the mentor's slots are all taken, so no reason at all applies.
STARTUP = StartupProfile(id=1, name="Nông Sản Xanh", stage="seed", sectors=frozenset({AGRI}),
                         needs=frozenset({"gọi vốn", "xuất khẩu"}), languages=frozenset({"vi"}),
                         province="Hồ Chí Minh", funding_sought=2_000_000_000)
MENTOR = MentorProfile(id=7, name="Chị Lan", expertise=frozenset({"pháp lý"}),
                       sectors=frozenset({"Y sinh"}), stages=frozenset({"idea"}),
                       province="Tây Ninh", capacity=2, active_mentees=2)
INVESTOR = InvestorProfile(id=9, name="Quỹ Sông Bé", sectors=frozenset({"Y sinh"}),
                           stages=frozenset({"series_a"}), provinces=frozenset({"Tây Ninh"}))


def codes(scored):
    return [code for code, _ in scored.reasons]


def test_unrelated_pairs_have_no_reason_and_no_score():
    for scored in (score_mentor(STARTUP, MENTOR, MENTOR_WEIGHTS),
                   score_investor(STARTUP, INVESTOR, INVESTOR_WEIGHTS)):
        assert scored.reasons == ()
        assert scored.score == 0.0


MENTOR_CAUSES = [
    ("expertise_match", {"skills": ["gọi vốn"]}, "expertise", 0.5,
     dict(expertise=frozenset({"gọi vốn", "pháp lý"}))),
    ("stage_fit", {"stage": "seed"}, "stage_fit", 1.0, dict(stages=frozenset({"seed"}))),
    ("mentored_stage", {"count": 3, "stage": "seed"}, "mentored_stage", 0.75,
     dict(mentored_by_stage={"seed": 3, "idea": 5})),
    ("same_sector", {"sectors": [AGRI]}, "sector", 1.0, dict(sectors=frozenset({AGRI, "Y sinh"}))),
    ("common_language", {"languages": ["vi"]}, "language", 1.0,
     dict(languages=frozenset({"vi", "en"}))),
    ("no_common_language", {}, "language", 0.0, dict(languages=frozenset({"en"}))),
    ("same_province", {"province": "Hồ Chí Minh"}, "location", 1.0,
     dict(province="Hồ Chí Minh")),
    ("capacity_left", {"slots": 1, "capacity": 4}, "capacity", 0.25,
     dict(capacity=4, active_mentees=3)),
    ("past_feedback", {"rating": 4.5, "count": 12}, "feedback", 0.875,
     dict(feedback_rating=4.5, feedback_count=12)),
]


@pytest.mark.parametrize("code, params, component, value, change", MENTOR_CAUSES,
                         ids=[c[0] for c in MENTOR_CAUSES])
def test_each_mentor_reason_has_its_cause(code, params, component, value, change):
    scored = score_mentor(STARTUP, replace(MENTOR, **change), MENTOR_WEIGHTS)
    assert scored.reasons == ((code, params),)
    assert scored.components[component] == pytest.approx(value)
    assert scored.score == pytest.approx(MENTOR_WEIGHTS[component] * value)


def test_shared_club_is_a_reason_with_its_name():
    startup = replace(STARTUP, orgs={3: "CLB Khởi nghiệp TDMU", 4: "BIIC"})
    mentor = replace(MENTOR, orgs={3: "CLB Khởi nghiệp TDMU", 5: "VSIC"})
    scored = score_mentor(startup, mentor, MENTOR_WEIGHTS)
    assert scored.reasons == (("shared_org", {"orgs": ["CLB Khởi nghiệp TDMU"]}),)
    assert scored.components["proximity"] == pytest.approx(0.5)


def test_no_language_reason_when_a_side_states_none():
    scored = score_mentor(replace(STARTUP, languages=frozenset()),
                          replace(MENTOR, languages=frozenset({"en"})), MENTOR_WEIGHTS)
    assert scored.reasons == ()


def test_full_mentor_match_lists_every_positive_reason():
    mentor = replace(MENTOR, expertise=STARTUP.needs, sectors=STARTUP.sectors,
                     stages=frozenset({"seed"}), languages=frozenset({"vi"}),
                     province="Hồ Chí Minh", capacity=3, active_mentees=0,
                     mentored_by_stage={"seed": 1}, feedback_rating=5.0, feedback_count=1)
    scored = score_mentor(replace(STARTUP, orgs={1: "BIIC"}), replace(mentor, orgs={1: "BIIC"}),
                          MENTOR_WEIGHTS)
    assert codes(scored) == ["expertise_match", "stage_fit", "mentored_stage", "same_sector",
                             "common_language", "same_province", "capacity_left", "shared_org",
                             "past_feedback"]
    expected = sum(MENTOR_WEIGHTS.values()) - MENTOR_WEIGHTS["mentored_stage"] / 2 \
        - MENTOR_WEIGHTS["proximity"] / 2
    assert scored.score == pytest.approx(expected)


INVESTOR_CAUSES = [
    ("thesis_sector", {"sectors": [AGRI]}, "sector", 1.0, dict(sectors=frozenset({AGRI}))),
    ("thesis_stage", {"stage": "seed"}, "stage", 1.0, dict(stages=frozenset({"seed", "idea"}))),
    ("ticket_fit", {"sought": 2_000_000_000, "ticket_min": 1_000_000_000, "ticket_max": None},
     "ticket", 1.0, dict(ticket_min=1_000_000_000)),
    ("ticket_outside", {"sought": 2_000_000_000, "ticket_min": None,
                        "ticket_max": 500_000_000}, "ticket", 0.25, dict(ticket_max=500_000_000)),
    ("ticket_outside", {"sought": 2_000_000_000, "ticket_min": 8_000_000_000,
                        "ticket_max": None}, "ticket", 0.25, dict(ticket_min=8_000_000_000)),
    ("in_geography", {"province": "Hồ Chí Minh"}, "geography", 1.0,
     dict(provinces=frozenset({"Hồ Chí Minh", "Đồng Nai"}))),
    ("portfolio_conflict", {"startups": ["Drone Việt"]}, "portfolio_conflict", -1.0,
     dict(portfolio=(PortfolioCompany(50, "Drone Việt", frozenset({"drone phun thuốc"})),
                     PortfolioCompany(51, "Kho Lạnh", frozenset({"kho lạnh"}))))),
    ("co_investor", {"investors": ["Quỹ Thủ Dầu Một"]}, "co_investment", 0.5,
     dict(co_investors=frozenset({20, 21}))),
]


@pytest.mark.parametrize("code, params, component, value, change", INVESTOR_CAUSES,
                         ids=[c[0] + str(i) for i, c in enumerate(INVESTOR_CAUSES)])
def test_each_investor_reason_has_its_cause(code, params, component, value, change):
    startup = replace(STARTUP, products=frozenset({"drone phun thuốc"}),
                      investors={20: "Quỹ Thủ Dầu Một"})
    scored = score_investor(startup, replace(INVESTOR, **change), INVESTOR_WEIGHTS)
    assert scored.reasons == ((code, params),)
    assert scored.components[component] == pytest.approx(value)
    assert scored.score == pytest.approx(INVESTOR_WEIGHTS[component] * value)


def test_named_competitor_in_portfolio_is_a_conflict_but_the_startup_itself_is_not():
    startup = replace(STARTUP, competitors=frozenset({60}), products=frozenset({"x"}))
    portfolio = (PortfolioCompany(60, "Đối Thủ"), PortfolioCompany(1, "Nông Sản Xanh",
                                                                     frozenset({"x"})))
    scored = score_investor(startup, replace(INVESTOR, portfolio=portfolio), INVESTOR_WEIGHTS)
    assert scored.reasons == (("portfolio_conflict", {"startups": ["Đối Thủ"]}),)


def test_no_ticket_reason_without_an_amount_or_a_range():
    investor = replace(INVESTOR, ticket_min=1, ticket_max=10**12)
    assert score_investor(replace(STARTUP, funding_sought=None), investor,
                          INVESTOR_WEIGHTS).reasons == ()
    assert score_investor(STARTUP, INVESTOR, INVESTOR_WEIGHTS).reasons == ()


@pytest.mark.parametrize("weights", [{}, {**MENTOR_WEIGHTS, "typo": 1.0},
                                     {k: v for k, v in MENTOR_WEIGHTS.items() if k != "sector"}])
def test_weights_must_name_every_component(weights):
    with pytest.raises(ValueError):
        score_mentor(STARTUP, MENTOR, weights)


def test_reason_codes_have_both_languages_and_their_params():
    assert len(REASON_CODES) == 17
    for code, entry in REASON_CODES.items():
        for lang in ("vi", "en"):
            names = {f[1] for f in string.Formatter().parse(entry[lang]) if f[1]}
            assert names == set(entry["params"]), (code, lang)


def check_reasons_iff_causes(startup, mentor, investor):
    m = score_mentor(startup, mentor, MENTOR_WEIGHTS)
    params = dict(m.reasons)
    for code, _ in m.reasons:
        assert set(params[code]) == set(REASON_CODES[code]["params"])
    causes = {
        "expertise_match": bool(startup.needs & mentor.expertise),
        "stage_fit": startup.stage is not None and startup.stage in mentor.stages,
        "mentored_stage": mentor.mentored_by_stage.get(startup.stage, 0) > 0,
        "same_sector": bool(startup.sectors & mentor.sectors),
        "common_language": bool(startup.languages & mentor.languages),
        "no_common_language": bool(startup.languages and mentor.languages
                                   and not startup.languages & mentor.languages),
        "same_province": startup.province is not None and startup.province == mentor.province,
        "capacity_left": mentor.capacity > mentor.active_mentees,
        "shared_org": bool(set(startup.orgs) & set(mentor.orgs)),
        "past_feedback": mentor.feedback_count > 0 and mentor.feedback_rating is not None,
    }
    assert {c for c, present in causes.items() if present} == set(params)
    i = score_investor(startup, investor, INVESTOR_WEIGHTS)
    sought = startup.funding_sought or 0
    low, high = investor.ticket_min, investor.ticket_max
    ranged = sought > 0 and (low is not None or high is not None)
    inside = ranged and (low is None or sought >= low) and (high is None or sought <= high)
    causes = {
        "thesis_sector": bool(startup.sectors & investor.sectors),
        "thesis_stage": startup.stage is not None and startup.stage in investor.stages,
        "ticket_fit": inside,
        "ticket_outside": ranged and not inside,
        "in_geography": startup.province in investor.provinces,
        "portfolio_conflict": any(c.id != startup.id and (c.id in startup.competitors
                                                          or c.products & startup.products)
                                  for c in investor.portfolio),
        "co_investor": bool(set(startup.investors) & set(investor.co_investors) - {investor.id}),
    }
    assert {c for c, present in causes.items() if present} == {c for c, _ in i.reasons}
    for scored in (m, i):
        assert scored.score == pytest.approx(sum(scored.points.values()))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_property_reasons_iff_causes_on_random_profiles(seed):
    rng = random.Random(seed)
    investor_ids = list(range(20, 30))
    check_reasons_iff_causes(random_startup(rng, rng.choice([1, 1000]), investor_ids),
                             random_mentor(rng, 7), random_investor(rng, 21, investor_ids))
