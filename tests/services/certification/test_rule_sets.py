"""Rule sets as data: loading, the set in force on a date, deadlines and the revocation publication."""
import copy
import json
from datetime import date
from pathlib import Path

import pytest

from ecosystem.services.certification.rule_sets import (
    RuleSetError, deadline_for, deadline_term, evaluate_conditions, parse_rule_set, parse_rule_sets,
    publication_end, read_rule_set_files, rule_set_for)
from ecosystem.services.platform.workdays import default_calendar

VN = default_calendar()
DOCS = read_rule_set_files()
RULE_SETS = parse_rule_sets(DOCS)
ND13, ND268 = RULE_SETS
FRIDAY_BEFORE_TET = date(2026, 2, 13)  # Tết Bính Ngọ: off Mon 16 – Fri 20/02/2026


def test_seed_rule_sets_load_in_date_order():
    assert [rs.code for rs in RULE_SETS] == ["ND13_2019", "ND268_2025"]
    assert ND13.effective_to == date(2025, 10, 13)
    assert ND268.effective_from == date(2025, 10, 14) and ND268.effective_to is None
    assert ND13.legal_basis["code"] == "13/2019/NĐ-CP"


@pytest.mark.parametrize("submitted_on, code", [
    (date(2019, 3, 20), "ND13_2019"),
    (date(2025, 10, 13), "ND13_2019"),
    (date(2025, 10, 14), "ND268_2025"),
    (date(2030, 1, 1), "ND268_2025"),
])
def test_rule_set_in_force_on_the_submission_date(submitted_on, code):
    assert rule_set_for(RULE_SETS, submitted_on).code == code


def test_no_rule_set_before_decree_13():
    with pytest.raises(LookupError):
        rule_set_for(RULE_SETS, date(2019, 3, 19))


def test_result_types_differ_only_by_the_st_award():
    nd13 = {item["code"] for item in ND13.result_types}
    nd268 = {item["code"] for item in ND268.result_types}
    assert nd13 - nd268 == {"st_award"}
    assert len(nd268) == 9 and nd268 < nd13


def test_checklists_by_size():
    assert [item["code"] for item in ND13.checklist_for(None)] == [
        "request_form", "st_result_document", "production_plan", "ownership_proof"]
    large = {item["code"] for item in ND268.checklist_for("large")}
    small = {item["code"] for item in ND268.checklist_for("small")}
    assert large - small == {"rd_spending_evidence", "rd_unit_evidence"}


def test_nd13_deadlines_in_working_days_across_tet():
    # From Fri 13/02/2026 the first working day is Mon 23/02 (Tết week off).
    assert deadline_for(ND13, "completeness_check", FRIDAY_BEFORE_TET, VN) == date(2026, 2, 25)
    assert deadline_for(ND13, "forward_to_ministry", FRIDAY_BEFORE_TET, VN) == date(2026, 2, 27)
    assert deadline_for(ND13, "decision", FRIDAY_BEFORE_TET, VN) == date(2026, 3, 6)
    assert deadline_for(ND13, "decision", FRIDAY_BEFORE_TET, VN, with_council=True) == date(2026, 3, 13)
    assert deadline_for(ND13, "change_reissue", FRIDAY_BEFORE_TET, VN) == date(2026, 2, 27)
    assert deadline_for(ND13, "change_adding_products", FRIDAY_BEFORE_TET, VN) == date(2026, 3, 6)


def test_nd268_deadlines_in_calendar_days():
    # 15 days from Fri 13/02/2026 → Sat 28/02, a day off → Mon 02/03; Tết days count as days.
    assert deadline_term(ND268, "decision") == (15, "days")
    assert deadline_for(ND268, "decision", FRIDAY_BEFORE_TET, VN) == date(2026, 3, 2)
    assert deadline_for(ND268, "decision", FRIDAY_BEFORE_TET, VN, with_council=True) == date(2026, 3, 2)
    assert deadline_for(ND268, "change_reissue", FRIDAY_BEFORE_TET, VN) == date(2026, 2, 23)


def test_a_step_the_rule_set_does_not_time_is_none_and_a_typo_fails():
    assert deadline_for(ND268, "completeness_check", FRIDAY_BEFORE_TET, VN) is None
    with pytest.raises(ValueError):
        deadline_for(ND13, "decison", FRIDAY_BEFORE_TET, VN)


def test_revocation_publication_for_30_working_days():
    # Decision Mon 04/05/2026: 5-8/05 (4), 11-15 (9), 18-22 (14), 25-29 (19), 1-5/06 (24),
    # 8-12/06 (29), Mon 15/06 (30).
    assert publication_end(ND13, date(2026, 5, 4), VN) == date(2026, 6, 15)
    # Decision Fri 30/01/2026: 2-6/02 (5), 9-13 (10), Tết week off, 23-27 (15), 2-6/03 (20),
    # 9-13 (25), 16-20/03 (30).
    assert publication_end(ND13, date(2026, 1, 30), VN) == date(2026, 3, 20)
    assert publication_end(ND268, date(2026, 1, 30), VN) == date(2026, 3, 20)


def _broken(**changes):
    doc = copy.deepcopy(DOCS[0])
    doc.update(changes)
    return doc


@pytest.mark.parametrize("changes, fragment", [
    ({"conditions": [{"code": "x", "type": "revenue_share_at_least"}]}, "unknown condition type"),
    ({"conditions": [{"code": "x", "type": "revenue_share_min"}]}, "missing parameter 'share'"),
    ({"conditions": [{"code": "x", "type": "revenue_share_min", "share": "thirty"}]}, "not a decimal"),
    ({"deadlines": {"decision": {"n": 10, "unit": "weeks"}}}, "unit must be"),
    ({"deadlines": {"decision": {"n": -1, "unit": "days"}}}, "whole number"),
    ({"deadlines": {"appeal": {"n": 1, "unit": "days"}}}, "unknown step"),
    ({"checklist": [{"code": "a"}, {"code": "a"}]}, "duplicate"),
    ({"conditions_by_size": {"huge": []}}, "not one of size_classes"),
    ({"revocation_grounds": [{"code": "g", "type": "bad_luck"}]}, "unknown type"),
    ({"effective_to": "2019-01-01"}, "before effective_from"),
])
def test_invalid_rule_sets_are_refused_with_the_reason(changes, fragment):
    with pytest.raises(RuleSetError) as refused:
        parse_rule_set(_broken(**changes))
    assert refused.value.code == "bad_rule_set" and any(fragment in p for p in refused.value.params["problems"])


def test_overlapping_rule_sets_are_refused():
    overlapping = _broken(effective_to="2025-10-14")
    with pytest.raises(RuleSetError, match="both in force") as refused:
        parse_rule_sets([overlapping, DOCS[1]])
    assert refused.value.code == "bad_rule_sets"


def test_a_new_rule_set_is_data_only(tmp_path: Path):
    # A hypothetical successor: same generic condition types, new thresholds, a new file.
    current = copy.deepcopy(DOCS[1])
    current["effective_to"] = "2027-12-31"
    successor = {
        "code": "ND999_2028", "title": {"vi": "Thử", "en": "Test"},
        "legal_basis": {"code": "999/2027/NĐ-CP"}, "effective_from": "2028-01-01", "effective_to": None,
        "result_types": [{"code": "invention", "vi": "Sáng chế", "en": "Invention"}],
        "conditions": [{"code": "share_or_staff", "type": "any_of", "conditions": [
            {"code": "share", "type": "revenue_share_min", "share": "0.40"},
            {"code": "staff", "type": "fact_min", "fact": "rd_staff_with_degree", "min": 20}]}],
        "deadlines": {"decision": {"n": 7, "unit": "working_days"}},
    }
    for doc in (DOCS[0], current, successor):
        (tmp_path / f"{doc['code']}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    rule_sets = parse_rule_sets(read_rule_set_files(tmp_path))
    new = rule_set_for(rule_sets, date(2028, 5, 4))
    assert new.code == "ND999_2028"
    assert rule_set_for(rule_sets, date(2027, 12, 31)).code == "ND268_2025"
    facts = {"revenue": {2027: 100}, "st_revenue": {2027: 39}, "rd_staff_with_degree": 20}
    [result] = evaluate_conditions(new, facts)
    assert result.met is True and [p["met"] for p in result.detail["parts"]] == [False, True]
    assert deadline_for(new, "decision", date(2028, 5, 4), default_calendar()) == date(2028, 5, 15)


def test_certification_settings_are_prefixed_and_typed():
    path = Path(__file__).resolve().parents[3] / "seeds" / "settings" / "certification.json"
    values = json.loads(path.read_text(encoding="utf-8"))
    assert all(key.startswith("certification.") for key in values)
    assert values["certification.warn_missed_reports_in_a_row"] == 2
    assert values["certification.warn_low_share_counted_years"] == 4
