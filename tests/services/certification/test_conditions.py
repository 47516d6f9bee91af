"""Condition checks of both rule sets on hand-made enterprises."""
from datetime import date

import pytest

from ecosystem.services.certification.conditions import (
    age_in_years, all_met, any_unconfirmed, condition_errors, evaluate_condition, evaluate_conditions, first_full_fiscal_year)
from ecosystem.services.certification.rule_sets import parse_rule_sets, read_rule_set_files

_ND80, ND13, ND268 = parse_rule_sets(read_rule_set_files())
BN = 1_000_000_000  # one billion đồng

PATENT = {"type": "invention", "document_number": "1-0034567", "right": "owned", "products": ["Máy sấy"]}


def by_code(results):
    return {result.code: result for result in results}


def nd13_enterprise(**overrides):
    facts = {"registered": True, "age_years": 7, "last_fiscal_year": 2024,
             "revenue": {2024: 10 * BN}, "st_revenue": {2024: 3_500_000_000}, "st_results": [PATENT]}
    facts.update(overrides)
    return facts


def test_nd13_enterprise_meeting_every_condition():
    results = evaluate_conditions(ND13, nd13_enterprise())
    assert [r.code for r in results] == ["registered_enterprise", "st_result", "st_revenue_share"]
    share = by_code(results)["st_revenue_share"]
    assert share.met is True and share.detail["share"] == "0.3500" and share.detail["years"] == [2024]
    assert share.params["share"] == "0.30"
    assert all_met(results) is True


def test_nd13_below_30_percent_fails():
    results = evaluate_conditions(ND13, nd13_enterprise(st_revenue={2024: 2_500_000_000}))
    assert by_code(results)["st_revenue_share"].met is False
    assert all_met(results) is False


def test_nd13_exactly_30_percent_passes():
    results = evaluate_conditions(ND13, nd13_enterprise(st_revenue={2024: 3 * BN}))
    assert by_code(results)["st_revenue_share"].met is True


def test_nd13_under_5_years_old_is_waived_even_with_no_st_revenue():
    results = evaluate_conditions(ND13, nd13_enterprise(age_years=4, st_revenue={2024: 0}))
    share = by_code(results)["st_revenue_share"]
    assert share.met is True and share.waived is True
    assert all_met(results) is True


def test_nd13_five_years_old_is_no_longer_waived():
    share = by_code(evaluate_conditions(ND13, nd13_enterprise(age_years=5, st_revenue={2024: BN})))["st_revenue_share"]
    assert share.met is False and share.waived is False


def test_nd13_missing_age_or_revenue_is_unknown_not_failed():
    missing_age = nd13_enterprise(st_revenue={2024: BN})
    del missing_age["age_years"]
    unknown = by_code(evaluate_conditions(ND13, missing_age))["st_revenue_share"]
    assert unknown.met is None and unknown.detail["missing"] == ["age_years"]
    enough_anyway = nd13_enterprise()
    del enough_anyway["age_years"]
    assert by_code(evaluate_conditions(ND13, enough_anyway))["st_revenue_share"].met is True
    no_st = by_code(evaluate_conditions(ND13, nd13_enterprise(st_revenue={2023: BN})))["st_revenue_share"]
    assert no_st.met is None and no_st.detail["missing"] == ["st_revenue[2024]"]
    assert all_met(evaluate_conditions(ND13, nd13_enterprise(st_revenue={2023: BN}))) is None


def test_nd13_zero_revenue_cannot_reach_the_share():
    share = by_code(evaluate_conditions(ND13, nd13_enterprise(revenue={2024: 0}, st_revenue={2024: 0})))
    assert share["st_revenue_share"].met is False and share["st_revenue_share"].detail["share"] is None


def test_st_award_counts_under_nd13_only():
    award = {"type": "st_award", "document_number": "QĐ 12/2022", "right": "owned", "products": ["Phần mềm"]}
    assert by_code(evaluate_conditions(ND13, nd13_enterprise(st_results=[award])))["st_result"].met is True
    facts = {"registered": True, "size_class": "small", "st_results": [award]}
    result = by_code(evaluate_conditions(ND268, facts))["st_result"]
    assert result.met is False and result.detail["rejected"] == {0: ["type"]}


def test_results_without_document_right_or_product_are_rejected():
    results = [
        {"type": "software", "document_number": " ", "right": "owned", "products": ["App"]},
        {"type": "software", "document_number": "123/2023/QTG", "right": "applied", "products": ["App"]},
        {"type": "software", "document_number": "124/2023/QTG", "right": "licensed", "products": []},
    ]
    nd13 = by_code(evaluate_conditions(ND13, nd13_enterprise(st_results=results)))["st_result"]
    assert nd13.met is True and nd13.detail["valid"] == [2]  # ND13 does not ask for a product
    nd268 = by_code(evaluate_conditions(ND268, {"registered": True, "size_class": "micro",
                                                "st_results": results}))["st_result"]
    assert nd268.met is False
    assert nd268.detail["rejected"] == {0: ["document"], 1: ["right"], 2: ["product"]}


def large(**overrides):
    facts = {"registered": True, "size_class": "large", "age_years": 8, "last_fiscal_year": 2024,
             "first_full_fiscal_year": 2017, "net_revenue": {2022: 1000 * BN, 2023: 1000 * BN, 2024: 1000 * BN},
             "rd_spending": {2022: 20 * BN, 2023: 20 * BN, 2024: 20 * BN}, "rd_staff_with_degree": 10,
             "st_results": [PATENT]}
    facts.update(overrides)
    return facts


def test_nd268_large_enterprise_at_exactly_2_percent():
    results = evaluate_conditions(ND268, large())
    assert [r.code for r in results] == ["registered_enterprise", "st_result", "rd_spending", "rd_unit"]
    rd = by_code(results)["rd_spending"]
    assert rd.met is True and rd.detail["years"] == [2022, 2023, 2024] and rd.detail["share"] == "0.0200"
    assert all_met(results) is True


def test_nd268_large_below_2_percent_but_200_billion_every_year():
    facts = large(net_revenue={2022: 20_000 * BN, 2023: 20_000 * BN, 2024: 20_000 * BN},
                  rd_spending={2022: 250 * BN, 2023: 250 * BN, 2024: 200 * BN})
    rd = by_code(evaluate_conditions(ND268, facts))["rd_spending"]
    assert rd.met is True and rd.detail["by_share"] is False and rd.detail["by_amount"] is True


def test_nd268_large_one_year_under_200_billion_and_under_2_percent_fails():
    facts = large(net_revenue={2022: 20_000 * BN, 2023: 20_000 * BN, 2024: 20_000 * BN},
                  rd_spending={2022: 250 * BN, 2023: 250 * BN, 2024: 150 * BN})
    results = evaluate_conditions(ND268, facts)
    assert by_code(results)["rd_spending"].met is False
    assert all_met(results) is False


def test_amount_basis_average_is_a_parameter():
    cond = dict(ND268.conditions_by_size["large"][0], amount_basis="average")
    facts = large(net_revenue={2022: 20_000 * BN, 2023: 20_000 * BN, 2024: 20_000 * BN},
                  rd_spending={2022: 250 * BN, 2023: 250 * BN, 2024: 150 * BN})
    assert evaluate_condition(cond, facts, {"result_types": []}).met is True  # average 216.7 billion


def test_nd268_large_younger_than_three_years_averages_its_whole_life():
    # Established 15/03/2022: first full fiscal year 2023, so the window is 2023-2024 only.
    facts = large(age_years=2, first_full_fiscal_year=first_full_fiscal_year(date(2022, 3, 15)),
                  net_revenue={2023: 500 * BN, 2024: 1500 * BN}, rd_spending={2023: 5 * BN, 2024: 35 * BN})
    rd = by_code(evaluate_conditions(ND268, facts))["rd_spending"]
    assert rd.detail["years"] == [2023, 2024] and rd.detail["share"] == "0.0200" and rd.met is True


def test_nd268_large_without_one_full_fiscal_year_fails():
    facts = large(age_years=0, first_full_fiscal_year=2025, net_revenue={2024: 100 * BN}, rd_spending={2024: 90 * BN})
    rd = by_code(evaluate_conditions(ND268, facts))["rd_spending"]
    assert rd.met is False and rd.detail["reason"] == "fewer_full_fiscal_years_than_required"


def test_nd268_large_missing_a_year_is_unknown():
    rd = by_code(evaluate_conditions(ND268, large(rd_spending={2022: 20 * BN, 2024: 20 * BN})))["rd_spending"]
    assert rd.met is None and rd.detail["missing"] == ["rd_spending[2023]"]


def test_nd268_large_with_nine_graduates_in_rd_fails():
    results = evaluate_conditions(ND268, large(rd_staff_with_degree=9))
    assert by_code(results)["rd_unit"].met is False and all_met(results) is False


def test_nd268_small_enterprise_conditions_are_to_be_confirmed_never_all_met():
    facts = {"registered": True, "size_class": "small", "st_results": [PATENT]}
    results = evaluate_conditions(ND268, facts)
    assert [r.code for r in results] == ["registered_enterprise", "st_result", "size_conditions_small"]
    size = by_code(results)["size_conditions_small"]
    assert size.met is None and size.detail == {"unconfirmed": True}
    assert "268/2025" in size.clause["vi"] and "to be confirmed" in size.clause["en"]
    assert all_met(results) is None  # the general conditions hold, but never "all met"
    assert any_unconfirmed(results) is True


def test_every_condition_names_its_clause():
    for rule_set in parse_rule_sets(read_rule_set_files()):
        conds = list(rule_set.conditions) + [c for cs in rule_set.conditions_by_size.values() for c in cs]
        assert conds and all(c.get("clause", {}).get("vi") and c["clause"].get("en") for c in conds), rule_set.code


def test_a_to_be_confirmed_condition_needs_its_clause():
    assert condition_errors({"code": "x", "type": "to_be_confirmed"}, "T") == ["T.x: missing parameter 'clause'"]


def test_nd268_unregistered_enterprise_fails():
    facts = {"registered": False, "size_class": "micro", "st_results": [PATENT]}
    assert all_met(evaluate_conditions(ND268, facts)) is False


def test_nd268_without_a_size_class_is_unknown():
    results = evaluate_conditions(ND268, {"registered": True, "st_results": [PATENT]})
    assert by_code(results)["size_class"].met is None
    assert all_met(results) is None
    with pytest.raises(ValueError):
        evaluate_conditions(ND268, {"registered": True, "size_class": "giant", "st_results": [PATENT]})


def test_size_class_is_ignored_by_a_rule_set_without_a_size_table():
    assert len(evaluate_conditions(ND13, nd13_enterprise(size_class="large"))) == 3


def test_composites_use_three_valued_logic():
    both = {"code": "both", "type": "all_of", "conditions": [
        {"code": "reg", "type": "fact_true", "fact": "registered"},
        {"code": "staff", "type": "fact_min", "fact": "staff", "min": 3}]}
    either = dict(both, code="either", type="any_of")
    ctx = {"result_types": []}
    assert evaluate_condition(both, {"registered": True}, ctx).met is None
    assert evaluate_condition(both, {"registered": False}, ctx).met is False
    assert evaluate_condition(either, {"registered": True}, ctx).met is True
    assert evaluate_condition(either, {"registered": False}, ctx).met is None
    assert evaluate_condition(either, {"registered": False, "staff": 2}, ctx).met is False


def test_results_serialise_to_plain_dicts():
    result = evaluate_conditions(ND13, nd13_enterprise())[2].as_dict()
    assert result["code"] == "st_revenue_share" and result["label"]["vi"].startswith("Doanh thu")


@pytest.mark.parametrize("established, on, years", [
    (date(2020, 5, 10), date(2025, 5, 9), 4),
    (date(2020, 5, 10), date(2025, 5, 10), 5),
    (date(2020, 2, 29), date(2021, 2, 28), 0),
])
def test_age_in_completed_years(established, on, years):
    assert age_in_years(established, on) == years


def test_first_full_fiscal_year():
    assert first_full_fiscal_year(date(2022, 1, 1)) == 2022
    assert first_full_fiscal_year(date(2022, 1, 2)) == 2023
