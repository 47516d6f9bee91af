"""The award set-ups shipped in seeds/ are valid data and say what RULES.md §3 says; broken ones are caught."""
import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ecosystem.services.awards.rubric import Rubric
from ecosystem.services.awards.setup_checks import advancement_problems, setup_problems
from ecosystem.services.awards.ranking import apply_advancement, build_standings
from ecosystem.services.awards.eligibility import check_eligibility

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def load(name):
    return json.loads((SEEDS / name).read_text(encoding="utf-8"))


ISTAR = load("awards/istar_hcmc_2025.json")
PROVINCIAL = load("awards/binh_duong_startup_2024.json")
SETTINGS = load("settings/awards.json")


def category(setup, code):
    return next(c for c in setup["categories"] if c["code"] == code)


def step(cat, round_code):
    return next(s for s in cat["rounds"] if s["round"] == round_code)


@pytest.mark.parametrize("path", sorted((SEEDS / "awards").glob("*.json")), ids=lambda p: p.name)
def test_every_seeded_set_up_is_valid(path):
    assert setup_problems(json.loads(path.read_text(encoding="utf-8"))) == []


def test_istar_categories_weights_vote_and_dates():
    assert [c["code"] for c in ISTAR["categories"]] == ["startup", "community_solution", "media_work",
                                                         "ecosystem_supporter"]
    final = step(category(ISTAR, "startup"), "final")
    rubric = Rubric.from_data(final["rubric"])
    assert {c.code: c.max_points for c in rubric.criteria} == {
        "creativity": 30, "economic_efficiency": 40, "social_impact": 30}
    assert Decimal(final["public_vote_share"]) == Decimal("0.20")
    assert ISTAR["submission"] == {"opens": "2025-04-01", "closes": "2025-08-31"}


def test_provincial_rules():
    startup = category(PROVINCIAL, "startup")
    rules = {r["rule"]: r for r in startup["eligibility"]}
    assert rules["max_age_years"]["years"] == 5 and rules["max_team"]["size"] == 5
    assert rules["max_entries_per_person"]["max"] == 3 and rules["max_entries_per_org"]["max"] == 4
    assert "no_past_win" in rules
    assert set(rules["excluded_roles"]["roles"]) == {"organiser", "secretariat", "judge"}
    assert [r["code"] for r in PROVINCIAL["rounds"]] == ["screening", "semi_final", "final"]
    assert step(startup, "screening")["advancement"] == {
        "kind": "threshold", "score": "raw_mean", "min": 50, "no_zero_criterion": "any_judge"}
    rubrics = [Rubric.from_data(s["rubric"]) for s in startup["rounds"]]
    assert all(r.scale[1] == 100 for r in rubrics)
    assert any(all(c.multiplier and (c.min, c.max) == (1, 5) for c in r.criteria) for r in rubrics)


def test_provincial_screening_end_to_end():
    cat = category(PROVINCIAL, "startup")
    rubric = Rubric.from_data(step(cat, "screening")["rubric"])
    good = {"novelty": 20, "feasibility": 15, "market": 10, "team": 10, "impact": 5}  # 60
    zero = {**good, "impact": 0}  # 55 but a criterion at 0
    weak = {"novelty": 10, "feasibility": 10, "market": 10, "team": 5, "impact": 5}  # 40
    sheets = {("J1", "a"): good, ("J2", "a"): good, ("J1", "b"): zero, ("J2", "b"): good,
              ("J1", "c"): weak, ("J2", "c"): good}
    standings, _ = build_standings(sheets, rubric, {"a": "startup", "b": "startup", "c": "startup"})
    decisions = apply_advancement(standings, step(cat, "screening")["advancement"], SETTINGS["awards.tie_break"], rubric)
    assert {n: d.advanced for n, d in decisions.items()} == {"a": True, "b": False, "c": True}  # c: mean 50
    assert [r["code"] for r in decisions["b"].reasons] == ["zero_criterion"]


def test_seeded_rules_run_on_a_nomination():
    facts = {"reference_date": date(2024, 6, 1), "first_registration_date": None, "province": "Bình Dương",
             "contest": PROVINCIAL["contest"], "team_person_ids": ["p1"], "staff": []}
    assert [f["code"] for f in check_eligibility(category(PROVINCIAL, "startup")["eligibility"], facts)] == [
        "not_registered"]
    assert check_eligibility(category(PROVINCIAL, "project")["eligibility"], facts) == []


def test_settings_are_prefixed_and_usable():
    assert all(key.startswith("awards.") for key in SETTINGS)
    assert SETTINGS["awards.judges_per_nomination"] == 3
    assert SETTINGS["awards.tie_break"][0]["by"] == "final"
    assert SETTINGS["awards.ties_at_cutoff"] in ("include", "exclude")
    assert isinstance(SETTINGS["awards.conflict_window_years"], int)


def test_broken_set_ups_are_caught():
    broken = copy.deepcopy(PROVINCIAL)
    broken["rounds"][1]["starts"] = "2024-07-15"  # starts before screening ends
    cat = broken["categories"][0]
    cat["eligibility"].append({"rule": "max_revenue"})
    cat["rounds"][0]["rubric"]["criteria"][0]["weight"] = 15  # total 90
    cat["rounds"][1]["round"] = "quarter_final"
    del cat["rounds"][2]["rubric"]
    cat["rounds"][2]["public_vote_share"] = "0.2"
    codes = {p["code"] for p in setup_problems(broken)}
    assert codes == {"dates_out_of_order", "unknown_rule", "rubric_total", "unknown_round", "missing_rubric"}
    assert setup_problems({"code": "x"})[0] == {"code": "missing", "params": {"where": "contest"}}


def test_advancement_rule_problems():
    assert advancement_problems({"kind": "top_n", "n": 0}) == [{"code": "bad_top_n", "params": {"rule": {"kind": "top_n", "n": 0}}}]
    assert advancement_problems({"kind": "top_n", "n": 3, "by": "luck"})[0]["code"] == "bad_top_n"
    assert advancement_problems({"kind": "threshold", "min": 50, "no_zero_criterion": "sometimes"})[0]["code"] == "bad_threshold"
    assert advancement_problems({"kind": "all_of", "rules": [{"kind": "top_n", "n": 2}, {"kind": "x"}]}) == [
        {"code": "unknown_advancement", "params": {"kind": "x"}}]
    assert advancement_problems(None) == []


def test_rules_and_advancement_in_words():
    from ecosystem.services.awards.eligibility import rule_text
    from ecosystem.services.awards.setup_checks import advancement_text
    rules = {r["rule"]: r for r in category(PROVINCIAL, "startup")["eligibility"]}
    assert rule_text(rules["max_age_years"], "vi") == "Doanh nghiệp không quá 5 năm kể từ ngày đăng ký kinh doanh lần đầu"
    assert rule_text(rules["excluded_roles"], "en") == \
        "Not open to: organiser, secretariat, judge, and their organisations"
    assert rule_text(rules["located_in"], "en") == "Based or operating in: Bình Dương"
    screening = step(category(PROVINCIAL, "startup"), "screening")["advancement"]
    assert advancement_text(screening, "vi") == "Điểm trung bình từ 50 trở lên và không có tiêu chí nào bị chấm 0"
    assert advancement_text({"kind": "top_n", "n": 10, "by": "vote"}, "en") == \
        "The top 10 entries of each category (by public vote)"
    assert advancement_text({"kind": "all_of", "rules": [{"kind": "top_n", "n": 3, "per": "all"},
                                                         {"kind": "threshold", "min": 60}]}, "vi") == \
        "3 hồ sơ đứng đầu toàn vòng và Điểm trung bình từ 60 trở lên"
    assert advancement_text(None) == ""


def test_shift_setup_moves_every_date():
    from ecosystem.services.awards.setup_checks import shift_setup
    moved = shift_setup(PROVINCIAL, 730, code="bd-startup-2026", year=2026)
    assert moved["submission"] == {"opens": "2026-04-15", "closes": "2026-06-30"}
    assert moved["rounds"][2]["ends"] == "2026-10-31" and moved["code"] == "bd-startup-2026"
    assert setup_problems(moved) == [] and PROVINCIAL["year"] == 2024  # the original is untouched
