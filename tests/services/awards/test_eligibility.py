"""Eligibility rules as data, checked on hand-made nominations (the provincial rule set of RULES.md §3)."""
from datetime import date

import pytest

from ecosystem.services.awards.eligibility import check_eligibility, entry_counts, reason_text, rule_problems

PROVINCIAL = [
    {"rule": "max_age_years", "years": 5, "from": "first_registration"},
    {"rule": "located_in", "provinces": ["Bình Dương"], "former_provinces": ["Bình Dương"]},
    {"rule": "no_past_win"},
    {"rule": "max_team", "size": 5},
    {"rule": "max_entries_per_person", "max": 3},
    {"rule": "max_entries_per_org", "max": 4},
    {"rule": "excluded_roles", "roles": ["organiser", "secretariat", "judge"], "their_organisations": True},
]
STAFF = [
    {"role": "organiser", "organisation_ids": ["dost-bd"]},
    {"role": "secretariat", "person_id": "p-sec", "organisation_ids": ["dost-bd"]},
    {"role": "judge", "person_id": "p-judge", "organisation_ids": ["tdmu"]},
]


def nomination(**changes):
    """A clean startup entry: registered 2021, in Thủ Dầu Một, team of 3, first entry for everyone."""
    facts = {
        "reference_date": date(2024, 6, 30),
        "first_registration_date": date(2021, 3, 15),
        "province": "Bình Dương",
        "former_province": None,
        "contest": "bd-startup",
        "past_wins": [],
        "team_person_ids": ["p1", "p2", "p3"],
        "organisation_ids": ["startup-x"],
        "team_organisation_ids": ["startup-x"],
        "person_entry_counts": {"p1": 1, "p2": 1, "p3": 1},
        "org_entry_counts": {"startup-x": 1},
        "staff": STAFF,
    }
    facts.update(changes)
    return facts


def codes(facts, rules=PROVINCIAL):
    return [f["code"] for f in check_eligibility(rules, facts)]


def test_a_clean_entry_passes():
    assert check_eligibility(PROVINCIAL, nomination()) == []


def test_age_counts_calendar_years_from_first_registration():
    assert codes(nomination(first_registration_date=date(2019, 6, 30))) == []  # exactly 5 years
    failures = check_eligibility(PROVINCIAL, nomination(first_registration_date=date(2019, 6, 29)))
    assert failures == [{"rule": "max_age_years", "code": "too_old",
                         "params": {"registered": "2019-06-29", "years": 5, "on": "2024-06-30"}}]
    leap = nomination(first_registration_date=date(2020, 2, 29), reference_date=date(2025, 2, 28))
    assert codes(leap) == []
    assert codes({**leap, "reference_date": date(2025, 3, 1)}) == ["too_old"]


def test_unregistered_teams_only_where_the_rule_allows():
    assert codes(nomination(first_registration_date=None)) == ["not_registered"]
    relaxed = [{"rule": "max_age_years", "years": 5, "allow_unregistered": True}]
    assert codes(nomination(first_registration_date=None), relaxed) == []


def test_location_accepts_the_pre_merger_province():
    after_merger = nomination(province="Thành phố Hồ Chí Minh", former_province="Bình Dương")
    assert codes(after_merger) == []
    assert codes(nomination(province="binh duong")) == []  # accents and case do not matter
    failures = check_eligibility(PROVINCIAL, nomination(province="Đồng Nai"))
    assert failures == [{"rule": "located_in", "code": "outside_area",
                         "params": {"province": "Đồng Nai", "area": "Bình Dương"}}]
    assert codes(nomination(province="Thành phố Hồ Chí Minh", former_province="Bà Rịa - Vũng Tàu")) == ["outside_area"]


def test_past_winners_of_the_same_contest_only():
    assert codes(nomination(past_wins=[{"contest": "istar", "year": 2023}])) == []
    failures = check_eligibility(PROVINCIAL, nomination(past_wins=[{"contest": "bd-startup", "year": 2022}]))
    assert failures == [{"rule": "no_past_win", "code": "past_winner", "params": {"year": 2022}}]


def test_team_size():
    six = [f"p{i}" for i in range(6)]
    failures = check_eligibility(PROVINCIAL, nomination(team_person_ids=six, person_entry_counts={}))
    assert failures == [{"rule": "max_team", "code": "team_too_large", "params": {"size": 6, "max": 5}}]
    assert codes(nomination(team_person_ids=six[:5])) == []


def test_entries_per_person_and_per_organisation():
    failures = check_eligibility(PROVINCIAL, nomination(person_entry_counts={"p1": 3, "p2": 4},
                                                        org_entry_counts={"startup-x": 5}))
    assert failures == [
        {"rule": "max_entries_per_person", "code": "too_many_entries_person", "params": {"person": "p2", "count": 4, "max": 3}},
        {"rule": "max_entries_per_org", "code": "too_many_entries_org",
         "params": {"organisation": "startup-x", "count": 5, "max": 4}},
    ]


def test_organisers_secretariat_judges_and_their_organisations_excluded():
    assert codes(nomination(team_person_ids=["p1", "p-judge"])) == ["excluded_person"]
    failures = check_eligibility(PROVINCIAL, nomination(team_person_ids=["p-sec"], team_organisation_ids=["dost-bd"]))
    assert {(f["code"], f["params"].get("person") or f["params"].get("organisation"), f["params"]["role"])
            for f in failures} == {("excluded_person", "p-sec", "secretariat"),
                                   ("excluded_organisation", "dost-bd", "organiser")}
    assert codes(nomination(organisation_ids=["tdmu"])) == ["excluded_organisation"]  # the judge's university
    assert codes(nomination(team_organisation_ids=["tdmu"])) == ["excluded_organisation"]


def test_judges_organisations_allowed_when_the_rule_says_so():
    people_only = [{"rule": "excluded_roles", "roles": ["judge", "organiser"], "their_organisations": False}]
    assert codes(nomination(organisation_ids=["tdmu"]), people_only) == []
    assert codes(nomination(organisation_ids=["dost-bd"]), people_only) == ["excluded_organisation"]
    assert codes(nomination(team_person_ids=["p-sec"]), people_only) == []  # secretariat not listed


def test_every_failure_is_reported_at_once():
    facts = nomination(first_registration_date=date(2010, 1, 1), province="Hà Nội",
                       team_person_ids=["a", "b", "c", "d", "e", "p-judge"])
    assert codes(facts) == ["too_old", "outside_area", "team_too_large", "excluded_person"]


def test_reasons_in_vietnamese_and_english():
    failure = check_eligibility(PROVINCIAL, nomination(team_person_ids=["p-judge"]))[0]
    assert reason_text(failure, "vi") == "Thành viên p-judge là giám khảo của giải nên không được dự thi."
    assert reason_text(failure, "en") == "Member p-judge is a judge of the award and may not enter."
    too_old = check_eligibility(PROVINCIAL, nomination(first_registration_date=date(2018, 1, 2)))[0]
    assert reason_text(too_old) == "Doanh nghiệp đã đăng ký lần đầu ngày 2018-01-02, quá 5 năm tính đến ngày 2024-06-30."


def test_rule_set_problems():
    assert rule_problems(PROVINCIAL) == []
    problems = rule_problems([{"rule": "max_age"}, {"rule": "max_team"}, {"rule": "excluded_roles", "roles": ["mayor"]}])
    assert problems == [
        {"code": "unknown_rule", "params": {"index": 0, "rule": "max_age"}},
        {"code": "rule_param_missing", "params": {"rule": "max_team", "param": "size"}},
        {"code": "unknown_role", "params": {"rule": "excluded_roles", "role": "mayor"}},
    ]
    with pytest.raises(ValueError):
        check_eligibility([{"rule": "max_age"}], nomination())


def test_entry_counts_count_each_entry_once():
    persons, orgs = entry_counts([
        {"team_person_ids": ["a", "b", "a"], "organisation_ids": ["x"]},
        {"team_person_ids": ["a"], "organisation_ids": ["x", "y"]},
    ])
    assert persons == {"a": 2, "b": 1} and orgs == {"x": 2, "y": 1}
