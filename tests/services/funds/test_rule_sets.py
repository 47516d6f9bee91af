"""Fund rule sets as data: the shipped ones, validation, which one governs a tax year, and tranches on
either side of 1/1/2025 judged each under its own rule set (hand-computed)."""
import copy
from datetime import date
from decimal import Decimal

import pytest

from ecosystem.services.funds.rule_sets import (FIGURES, RuleSetError, build_rule_book, parse_fund_rule_set,
                                                read_rule_set_files, shipped_rule_book)
from ecosystem.services.funds.statements import form_03_6
from ecosystem.services.funds.tranche_rule import FundRuleError, check_appropriation, fund_position

M = 1_000_000
CIT = Decimal("0.20")
BOND = Decimal("0.02")
DOCS = {doc["code"]: doc for doc in read_rule_set_files()}


def variant(code="CIT_TEST", **changes):
    """A copy of the 2025 rule set with some figures changed (confirmed) and a new code."""
    doc = copy.deepcopy(DOCS["CIT_67_2025"])
    doc["code"] = code
    for key, value in changes.items():
        if key in FIGURES:
            doc["figures"][key] = {"value": value, "confirmed": True, "source": {"document": "TEST"}}
        else:
            doc[key] = value
    return doc


def test_the_shipped_rule_sets_and_the_periods_they_govern():
    book = shipped_rule_book()
    assert [rs.code for rs in book.rule_sets] == ["CIT_14_2008", "CIT_67_2025"]
    assert book.for_year(2009).code == book.for_year(2024).code == "CIT_14_2008"
    assert book.for_year(2025).code == book.for_year(2040).code == "CIT_67_2025"
    assert book.governs("CIT_14_2008") == [(2009, 2024)] and book.governs("CIT_67_2025") == [(2025, None)]
    with pytest.raises(FundRuleError) as error:
        book.for_year(2008)
    assert error.value.code == "no_rule_set"
    old, new = book.get("CIT_14_2008"), book.get("CIT_67_2025")
    assert old.fully_confirmed and old.legal_basis["article"] == "17"
    assert old.value("max_rate") == Decimal("0.10") and old.value("deadline_years") == 5
    # 2025: the previous figures, each marked to be confirmed; the reported 20 % cap is only a note.
    assert new.unconfirmed() == FIGURES and not new.uses_confirmed and not new.reporting["confirmed"]
    assert new.value("max_rate") == Decimal("0.10")
    assert new.figures["max_rate"].reported["value"] == "0.20"
    assert new.legal_basis["effective_from"] == "2025-10-01"


@pytest.mark.parametrize("change, problem", [
    (lambda d: d["figures"].pop("compliance_share"), "figures.compliance_share: missing"),
    (lambda d: d["figures"]["max_rate"].update(value="1.5"), "max_rate: a rate"),
    (lambda d: d["figures"]["max_rate"].update(value=0.1), "max_rate: a rate"),  # a float is refused
    (lambda d: d["figures"]["deadline_years"].update(value=0), "deadline_years: a number of years"),
    (lambda d: d["figures"]["late_payment_rate_per_day"].update(confirmed="yes"), "confirmed must be"),
    (lambda d: d["figures"]["state_owned_min_rate"].update(value="0.5"), "state_owned_min_rate is above"),
    (lambda d: d["uses"]["proper"].append("parties"), "unknown use 'parties'"),
    (lambda d: d["charges"]["misused"].update(interest="bond_rate_1y_for_years"), "charges.misused"),
    (lambda d: d.update(tax_periods={"from": 2025, "to": 2020}), "tax_periods.to"),
    (lambda d: d.update(code="lower case"), "code must be capitals"),
    (lambda d: d["legal_basis"].pop("document"), "legal_basis: document missing"),
    (lambda d: d["reporting"].pop("form"), "reporting: form"),
])
def test_a_bad_rule_set_is_refused_with_its_problem(change, problem):
    doc = copy.deepcopy(DOCS["CIT_67_2025"])
    change(doc)
    with pytest.raises(RuleSetError) as error:
        parse_fund_rule_set(doc)
    assert problem in str(error.value)


@pytest.mark.parametrize("extra, problem", [
    (DOCS["CIT_67_2025"], "code CIT_67_2025 is used twice"),
    (variant("SAME_START"), "two rule sets start governing in 2025"),
    (variant("GHOST", replaces="CIT_2030"), "replaces unknown rule set CIT_2030"),
])
def test_a_rule_set_that_clashes_with_the_others_is_refused(extra, problem):
    with pytest.raises(RuleSetError) as error:
        build_rule_book([*DOCS.values(), extra])
    assert problem in str(error.value)


def test_a_later_rule_set_takes_over_from_its_first_year_and_a_replacement_replaces():
    later = variant("CIT_2027", tax_periods={"from": 2027, "to": None})
    book = build_rule_book([*DOCS.values(), later])
    assert book.governs("CIT_67_2025") == [(2025, 2026)] and book.governs("CIT_2027") == [(2027, None)]
    fixed = variant("CIT_67_2025_R1", replaces="CIT_67_2025", max_rate="0.20")
    book = build_rule_book([*DOCS.values(), fixed])
    assert book.for_year(2025).code == "CIT_67_2025_R1" and book.governs("CIT_67_2025") == []
    assert book.replaced_by("CIT_67_2025") == "CIT_67_2025_R1"
    with pytest.raises(RuleSetError, match="replaced twice"):
        build_rule_book([*DOCS.values(), fixed, variant("CIT_67_2025_R2", replaces="CIT_67_2025")])
    # The cap follows the rule set of the tax year: 15 % is refused for 2024, allowed by the replacement.
    assert check_appropriation(1000 * M, Decimal("0.15"), rule_set=book.for_year(2025)) == 150 * M
    with pytest.raises(FundRuleError) as error:
        check_appropriation(1000 * M, Decimal("0.15"), rule_set=book.for_year(2024))
    assert error.value.code == "rate_out_of_range" and "CIT_14_2008" in str(error.value)


def test_tranches_either_side_of_2025_under_the_shipped_rule_sets():
    # 2025-03-01 300M: FIFO from 2024 (700M left). 2026-06-01 800M: 700M empties 2024, 100M from 2025.
    rows = fund_position([(2024, 1000 * M, CIT), (2025, 500 * M, CIT)],
                         [(date(2025, 3, 1), 300 * M, True), (date(2026, 6, 1), 800 * M, True)],
                         date(2027, 1, 1), BOND)
    old, new = rows
    assert (old["rule_set"], old["unconfirmed"], old["deadline"]) == ("CIT_14_2008", (), date(2029, 12, 31))
    assert (old["proper_used"], old["status"]) == (1000 * M, "compliant")
    assert (new["rule_set"], new["deadline"], new["compliance_share"]) == ("CIT_67_2025", date(2030, 12, 31),
                                                                          Decimal("0.70"))
    assert set(new["unconfirmed"]) == {"deadline_years", "compliance_share", "unused_interest_years",
                                       "late_payment_rate_per_day"}
    assert (new["proper_used"], new["status"], new["to_comply"]) == (100 * M, "open", 250 * M)  # 350M - 100M
    assert [rs.code for rs in rows.rule_sets] == ["CIT_14_2008", "CIT_67_2025"]


def test_tranches_either_side_of_2025_each_judged_by_its_own_figures():
    # A 2025 rule set with 3 years, 80 %, 1 year of bond interest and 0.05 %/day late payment.
    book = build_rule_book([DOCS["CIT_14_2008"], variant(deadline_years=3, compliance_share="0.80",
                                                         unused_interest_years=1,
                                                         late_payment_rate_per_day="0.0005")])
    appropriations = [(2024, 100 * M, CIT), (2025, 100 * M, CIT)]
    usages = [(date(2025, 5, 1), 50 * M, True), (date(2026, 2, 1), 75 * M, True), (date(2027, 1, 10), 10 * M, False)]
    old, new = fund_position(appropriations, usages, date(2029, 1, 1), BOND, rule_sets=book)
    # 2024 (CIT_14_2008): 50M + 50M proper = 100 % by 31/12/2029 -> compliant.
    assert (old["rule_set"], old["deadline"], old["status"], old["cit_due"]) == (
        "CIT_14_2008", date(2029, 12, 31), "compliant", 0)
    # 2025 (CIT_TEST): deadline 31/12/2028 has passed with 25M proper < 80 % -> breach.
    # Unused 100 - 25 - 10 = 65M -> 13M CIT, + 13M × 0.02 × 1 year = 260,000.
    # Misused 10M -> 2M CIT, + 2M × 0.0005 × 1,097 days (31/12/2025 -> 1/1/2029) = 1,097,000.
    assert (new["rule_set"], new["deadline"], new["status"], new["unconfirmed"]) == (
        "CIT_TEST", date(2028, 12, 31), "breach", ())
    assert (new["proper_used"], new["misused"], new["unused"]) == (25 * M, 10 * M, 65 * M)
    assert (new["breach_cit"], new["breach_interest"]) == (13 * M, 260_000)
    assert (new["misuse_cit"], new["misuse_interest"]) == (2 * M, 1_097_000)
    # Under the shipped 2025 rule set the same tranche is still open (deadline 31/12/2030).
    assert fund_position(appropriations, usages, date(2029, 1, 1), BOND)[1]["status"] == "open"


def test_a_2024_advance_settled_by_the_2025_tranche_is_judged_under_2025_rules():
    rows = fund_position([(2025, 200 * M, CIT)], [(date(2024, 9, 1), 150 * M, True)], date(2025, 6, 30), BOND)
    [row] = rows
    assert (row["rule_set"], row["settled"], row["proper_used"], row["status"]) == (
        "CIT_67_2025", 150 * M, 150 * M, "compliant")  # 75 % of the 2025 tranche


def test_form_03_6_names_the_rule_set_of_the_period_and_of_each_tranche_year():
    ledger = [
        {"id": 1, "kind": "appropriation", "tax_year": 2024, "amount": 100 * M, "cit_rate": CIT, "rate": Decimal("0.1"),
         "taxable_income": 1000 * M},
        {"id": 2, "kind": "appropriation", "tax_year": 2025, "amount": 80 * M, "cit_rate": CIT, "rate": Decimal("0.1"),
         "taxable_income": 800 * M},
        {"id": 3, "kind": "usage", "day": date(2025, 7, 1), "amount": 120 * M, "category": "training"},
    ]
    report = form_03_6(ledger, 2025)
    assert report["rule_set"].code == "CIT_67_2025"
    assert [(r["year"], r["rule_set"], r["used"], r["carried_forward"]) for r in report["rows"]] == [
        (2024, "CIT_14_2008", 100 * M, 0), (2025, "CIT_67_2025", 20 * M, 60 * M)]
    assert form_03_6(ledger, 2024)["rule_set"].code == "CIT_14_2008"
