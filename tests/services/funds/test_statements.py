"""Appropriation checks and the ledger-to-rule bridge: reversals, transfers, advances."""
from datetime import date
from decimal import Decimal

import pytest

from ecosystem.services.funds.ledger import (
    FundRuleError,
    appropriation_amount,
    check_appropriation,
    check_reversal,
    effective_entries,
    fund_position,
    fund_setting,
    ledger_inputs,
)

CIT = Decimal("0.20")


def test_settings_seed_defaults():
    assert fund_setting("deadline_offset_years") == 5
    assert fund_setting("compliance_share") == Decimal("0.70")
    assert fund_setting("warning_months") == [24, 12, 6, 3]
    assert fund_setting("late_payment_rate_per_day") == Decimal("0.0003")
    assert fund_setting("max_rate") == Decimal("0.10")
    assert fund_setting("state_owned_min_rate") == Decimal("0.03")
    assert isinstance(fund_setting("bond_rate_1y"), Decimal)


@pytest.mark.parametrize("income, rate, amount", [
    (15, Decimal("0.1"), 2),    # 1.5 -> 2, half up
    (25, Decimal("0.1"), 3),    # 2.5 -> 3, not banker's 2
    (5_000_000_000, Decimal("0.1"), 500_000_000),
    (1_234_567_891, Decimal("0.07"), 86_419_752),  # 86,419,752.37
])
def test_appropriation_amount_rounds_half_up(income, rate, amount):
    assert appropriation_amount(income, rate) == amount
    assert check_appropriation(income, rate) == amount


@pytest.mark.parametrize("rate, state_owned, code", [
    (Decimal("0"), False, "rate_out_of_range"),
    (Decimal("-0.01"), False, "rate_out_of_range"),
    (Decimal("0.1001"), False, "rate_out_of_range"),
    (Decimal("0.029"), True, "rate_below_state_minimum"),
    (Decimal("0.11"), True, "rate_out_of_range"),
])
def test_appropriation_rate_limits(rate, state_owned, code):
    with pytest.raises(FundRuleError) as error:
        check_appropriation(1_000_000, rate, state_owned=state_owned)
    assert error.value.code == code
    assert error.value.params == ({"min_rate": Decimal("0.03")} if code == "rate_below_state_minimum"
                                  else {"max_rate": Decimal("0.10")})  # the limit the page names


def test_appropriation_rate_bounds_are_inclusive_and_settings():
    assert check_appropriation(1_000_000, Decimal("0.10")) == 100_000
    assert check_appropriation(1_000_000, Decimal("0.03"), state_owned=True) == 30_000
    assert check_appropriation(1_000_000, Decimal("0.02"), state_owned=False) == 20_000
    assert check_appropriation(1_000_000, Decimal("0.12"), max_rate=Decimal("0.15")) == 120_000


def test_override_needs_a_reason_and_stays_under_the_cap():
    with pytest.raises(FundRuleError) as error:
        check_appropriation(1_000_000, Decimal("0.05"), amount=49_000)
    assert error.value.code == "override_needs_reason"
    with pytest.raises(FundRuleError):
        check_appropriation(1_000_000, Decimal("0.05"), amount=49_000, override_reason="   ")
    assert check_appropriation(1_000_000, Decimal("0.05"), amount=49_000, override_reason="Quyết toán lại") == 49_000
    assert check_appropriation(1_000_000, Decimal("0.05"), amount=50_000) == 50_000  # same as computed
    with pytest.raises(FundRuleError) as error:
        check_appropriation(1_000_000, Decimal("0.05"), amount=100_001, override_reason="x")
    assert error.value.code == "amount_above_cap"


LEDGER = [
    {"id": 1, "kind": "appropriation", "tax_year": 2020, "amount": 500, "cit_rate": CIT},
    {"id": 2, "kind": "usage", "day": date(2021, 3, 1), "amount": 100, "proper": True, "category": "training"},
    {"id": 3, "kind": "usage", "day": date(2021, 4, 1), "amount": 900, "category": "training"},  # a typo
    {"id": 4, "kind": "reversal", "reverses": 3},
    {"id": 5, "kind": "transfer_in", "tax_year": 2019, "amount": 200, "cit_rate": Decimal("0.22")},
    {"id": 6, "kind": "transfer_out", "day": date(2021, 5, 1), "amount": 50},
    {"id": 7, "kind": "usage", "day": date(2021, 6, 1), "amount": 30, "proper": False, "category": "cooperation"},
    {"id": 8, "kind": "advance", "day": date(2021, 7, 1), "amount": 40, "category": "facilities"},
]


def test_ledger_inputs_cancel_reversed_entries_and_count_transfers():
    appropriations, usages = ledger_inputs(LEDGER)
    assert appropriations == [(2019, 200, Decimal("0.22")), (2020, 500, CIT)]
    assert usages == [(date(2021, 3, 1), 100, True), (date(2021, 5, 1), 50, True),
                      (date(2021, 6, 1), 30, False), (date(2021, 7, 1), 40, True)]


def test_ledger_feeds_fund_position():
    # FIFO: the 2019 transfer in (200) pays 100 + 50 + 30 (misused) + 20 of the advance; 2020 pays 20.
    rows = fund_position(*ledger_inputs(LEDGER), date(2021, 12, 31), Decimal("0.02"))
    assert [(r["year"], r["used"], r["misused"], r["remaining"]) for r in rows] == [(2019, 200, 30, 0),
                                                                                    (2020, 20, 0, 480)]


def test_reversing_a_reversal_restores_the_entry():
    ledger = [*LEDGER, {"id": 9, "kind": "reversal", "reverses": 4}]
    assert 3 in {entry["id"] for entry in effective_entries(ledger)}
    assert 3 not in {entry["id"] for entry in effective_entries(LEDGER)}


def test_ledger_order_does_not_matter():
    assert ledger_inputs(LEDGER) == ledger_inputs(list(reversed(LEDGER)))


def test_reversal_checks():
    check_reversal(LEDGER, 2)
    check_reversal(LEDGER, 4)  # undoing a correction is allowed
    for target in (3, 99):     # already reversed; unknown
        with pytest.raises(FundRuleError) as error:
            check_reversal(LEDGER, target)
        assert error.value.code == "not_reversible"


@pytest.mark.parametrize("extra, code", [
    ({"id": 9, "kind": "reversal", "reverses": 42}, "unknown_reversal_target"),
    ({"id": 1, "kind": "usage", "day": date(2021, 1, 1), "amount": 1}, "duplicate_entry"),
    ({"id": 9, "kind": "refund", "amount": 1}, "unknown_kind"),
])
def test_malformed_ledgers_are_refused(extra, code):
    with pytest.raises(FundRuleError) as error:
        effective_entries([*LEDGER, extra])
    assert error.value.code == code


def test_reversal_cycle_is_refused():
    ledger = [{"id": "a", "kind": "reversal", "reverses": "b"}, {"id": "b", "kind": "reversal", "reverses": "a"}]
    with pytest.raises(FundRuleError) as error:
        effective_entries(ledger)
    assert error.value.code == "reversal_cycle"


def test_usage_draws_split_a_transfer_by_tranche():
    from ecosystem.services.funds.ledger import usage_draws
    appropriations = [(2019, 100, CIT), (2020, 300, Decimal("0.17"))]
    usages = [(date(2021, 1, 10), 70, True)]
    # 30 left in 2019, then 2020 pays the rest
    assert usage_draws(appropriations, usages, (date(2021, 6, 1), 50, True)) == [
        (2019, 30, CIT), (2020, 20, Decimal("0.17"))]
    assert usage_draws(appropriations, usages, (date(2021, 6, 1), 0, True)) == []
