"""Rubric maths on the rubrics awards actually publish: 30/40/30 out of 100, and 1-5 x multiplier."""
from decimal import Decimal

import pytest

from ecosystem.services.awards.rubric import Rubric, SHEET_REASONS, combine_public_vote, describe, normalize_votes, parse_share, rubric_problems, validate_sheet, weighted_total

ISTAR = Rubric.from_data({"criteria": [
    {"code": "creativity", "name": {"vi": "Tính sáng tạo", "en": "Creativity"}, "weight": 30, "max": 30},
    {"code": "economic_efficiency", "name": {"vi": "Hiệu quả kinh tế", "en": "Economic efficiency"},
     "weight": 40, "max": 40},
    {"code": "social_impact", "name": {"vi": "Tác động xã hội", "en": "Social impact"}, "weight": 30, "max": 30},
]})
TEN_POINT = Rubric.from_data({"criteria": [
    {"code": "a", "weight": 30, "max": 10}, {"code": "b", "weight": 40, "max": 10}, {"code": "c", "weight": 30, "max": 10},
]})
MULTIPLIER = Rubric.from_data({"criteria": [
    {"code": "innovation", "name": {"vi": "Tính đổi mới sáng tạo", "en": "Innovation"},
     "min": 1, "max": 5, "step": 1, "multiplier": 5},
    {"code": "business_model", "min": 1, "max": 5, "step": 1, "multiplier": 4},
    {"code": "market", "min": 1, "max": 5, "step": 1, "multiplier": 4},
    {"code": "team", "min": 1, "max": 5, "step": 1, "multiplier": 4},
    {"code": "impact", "min": 1, "max": 5, "step": 1, "multiplier": 3},
]})


def test_points_out_of_100():
    assert weighted_total(ISTAR, {"creativity": 24, "economic_efficiency": 30, "social_impact": 21}) == 75
    assert ISTAR.scale == (0, 100)
    assert ISTAR.heaviest().code == "economic_efficiency"


def test_weights_on_a_ten_point_scale():
    assert weighted_total(TEN_POINT, {"a": 8, "b": 5, "c": 10}) == pytest.approx(24 + 20 + 30)
    assert TEN_POINT.scale == (0, 100)


def test_one_to_five_times_multiplier():
    sheet = {"innovation": 5, "business_model": 4, "market": 3, "team": 2, "impact": 1}
    assert weighted_total(MULTIPLIER, sheet) == 25 + 16 + 12 + 8 + 3
    assert MULTIPLIER.scale == (20, 100)
    assert MULTIPLIER.heaviest().code == "innovation"


def test_total_needs_every_criterion():
    with pytest.raises(ValueError, match="social_impact"):
        weighted_total(ISTAR, {"creativity": 24, "economic_efficiency": 30})


def test_a_clean_sheet_has_no_problems():
    assert validate_sheet(ISTAR, {"creativity": "24", "economic_efficiency": 40, "social_impact": "7,5"}) == []


def test_messages_name_the_criterion():
    problems = validate_sheet(ISTAR, {"creativity": 31, "economic_efficiency": "abc", "extra": 3})
    by_code = {(p["code"], p["criterion"]) for p in problems}
    assert by_code == {("out_of_range", "creativity"), ("not_a_number", "economic_efficiency"),
                       ("missing", "social_impact"), ("unknown_criterion", "extra")}
    out_of_range = next(p for p in problems if p["code"] == "out_of_range")
    assert describe(out_of_range, SHEET_REASONS, "vi") == "Điểm tiêu chí “Tính sáng tạo” phải từ 0 đến 30."
    assert describe(out_of_range, SHEET_REASONS, "en") == "The score for “Creativity” must be between 0 and 30."


def test_steps_and_lower_bounds():
    sheet = {"innovation": 2.5, "business_model": 0, "market": 3, "team": 5, "impact": True}
    codes = {p["criterion"]: p["code"] for p in validate_sheet(MULTIPLIER, sheet)}
    assert codes == {"innovation": "off_step", "business_model": "out_of_range", "impact": "not_a_number"}
    off_step = next(p for p in validate_sheet(MULTIPLIER, sheet) if p["code"] == "off_step")
    assert "Tính đổi mới sáng tạo" in describe(off_step, SHEET_REASONS, "vi")


def test_a_draft_may_leave_blanks_but_not_errors():
    assert validate_sheet(ISTAR, {"creativity": 10, "economic_efficiency": ""}, partial=True) == []
    assert [p["code"] for p in validate_sheet(ISTAR, {"creativity": -1}, partial=True)] == ["out_of_range"]


def test_rubric_set_up_errors():
    bad = Rubric.from_data({"criteria": [
        {"code": "x", "weight": 30, "multiplier": 2, "max": 10},
        {"code": "x", "weight": 40, "max": 10},
        {"code": "y", "max": 0, "min": 0, "weight": 10},
    ]})
    codes = {p["code"] for p in rubric_problems(bad)}
    assert codes == {"criterion_weight_or_multiplier", "criterion_duplicate", "criterion_bad_range"}
    short = Rubric.from_data({"criteria": [{"code": "a", "weight": 30, "max": 30}, {"code": "b", "weight": 60, "max": 60}]})
    assert rubric_problems(short, expected_total=100) == [{"code": "rubric_total", "params": {"total": 90.0, "expected": 100}}]
    assert rubric_problems(ISTAR, expected_total=100) == []
    assert rubric_problems(Rubric(())) == [{"code": "rubric_empty", "params": {}}]


def test_votes_onto_the_scale():
    assert normalize_votes({1: 50, 2: 100}, [1, 2, 3]) == {1: 50.0, 2: 100.0, 3: 0.0}
    assert normalize_votes({1: 50, 2: 100, 3: 25}, [1, 2, 3], method="minmax") == {1: pytest.approx(100 / 3), 2: 100.0, 3: 0.0}
    assert normalize_votes({}, [1, 2]) == {1: 0.0, 2: 0.0}
    assert normalize_votes({1: 7, 2: 7}, [1, 2], scale=(0, 10), method="minmax") == {1: 10.0, 2: 10.0}
    with pytest.raises(ValueError):
        normalize_votes({1: -1}, [1])
    with pytest.raises(ValueError):
        normalize_votes({1: 1}, [1], method="share")


def test_public_vote_combination():
    jury = {1: 80.0, 2: 70.0, 3: None}
    votes = {1: 100.0, 2: 0.0, 3: 50.0}
    assert combine_public_vote(jury, votes, "0.20") == {1: pytest.approx(84.0), 2: pytest.approx(56.0), 3: None}
    assert combine_public_vote(jury, votes, 0) == {1: 80.0, 2: 70.0, 3: None}
    assert combine_public_vote(jury, votes, Decimal("1")) == {1: 100.0, 2: 0.0, 3: 50.0}


def test_share_is_a_decimal_rate():
    assert parse_share("0.20") == Decimal("0.20")
    assert parse_share(0.2) == Decimal("0.2")
    for bad in ("1.5", -0.1):
        with pytest.raises(ValueError):
            parse_share(bad)


def test_parse_sheet_keeps_the_numbers():
    from ecosystem.services.awards.rubric import parse_sheet
    assert parse_sheet(ISTAR, {"creativity": "7,5", "economic_efficiency": "", "social_impact": "x", "extra": 3}) == {
        "creativity": 7.5}
