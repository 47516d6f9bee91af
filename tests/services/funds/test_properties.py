"""Properties of the fund rule that must hold for any ledger: money conserved, order irrelevant."""
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.services.funds.ledger import available_balance, fund_position

RATES = st.sampled_from([Decimal("0.20"), Decimal("0.17"), Decimal("0.10")])
DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2028, 12, 31))
APPROPRIATIONS = st.lists(st.tuples(st.integers(2014, 2024), st.integers(0, 10**10), RATES), max_size=8)
USAGES = st.lists(st.tuples(DAYS, st.integers(0, 4 * 10**9), st.booleans()), max_size=15)
BOND = Decimal("0.0213")


@settings(max_examples=200, deadline=None)
@given(APPROPRIATIONS, USAGES, DAYS)
def test_money_is_conserved(appropriations, usages, as_of):
    result = fund_position(appropriations, usages, as_of, BOND)
    assert len(result) == len(appropriations)
    for row in result:
        assert row["appropriated"] == row["used"] + row["remaining"]
        assert row["used"] == row["proper_used"] + row["misused"]
        assert row["remaining"] >= 0 and row["cit_due"] >= 0 and row["interest_due"] >= 0
        assert (row["status"] == "compliant") == (row["proper_used"] * 10 >= row["appropriated"] * 7)
        if row["status"] != "breach" and row["misused"] == 0:
            assert row["cit_due"] == row["interest_due"] == 0
    counted = sum(amount for day, amount, _ in usages if day <= as_of)
    assert sum(row["used"] for row in result) + result.unallocated_total == counted
    assert [row["year"] for row in result] == sorted(row["year"] for row in result)


@settings(max_examples=200, deadline=None)
@given(APPROPRIATIONS, USAGES, DAYS, st.randoms(use_true_random=False))
def test_result_does_not_depend_on_entry_order(appropriations, usages, as_of, random):
    shuffled_appropriations, shuffled_usages = appropriations[:], usages[:]
    random.shuffle(shuffled_appropriations)
    random.shuffle(shuffled_usages)
    first = fund_position(appropriations, usages, as_of, BOND)
    second = fund_position(shuffled_appropriations, shuffled_usages, as_of, BOND)
    assert first == second
    assert first.unallocated == second.unallocated


@settings(max_examples=200, deadline=None)
@given(APPROPRIATIONS, USAGES)
def test_no_usage_is_drawn_from_a_later_year_or_after_a_deadline(appropriations, usages):
    # Each usage alone: a tranche pays it directly only within the eligibility rule; a later tranche
    # only settles it as an advance.
    for day, amount, proper in usages:
        result = fund_position(appropriations, [(day, amount, proper)], date(2040, 1, 1), BOND)
        for row in result:
            direct = row["used"] - row["settled"]
            if direct:
                assert row["year"] <= day.year and day <= row["deadline"]
            if row["settled"]:
                assert row["year"] > day.year
        advanced = sum(a["amount"] for a in result.advances)
        assert sum(row["settled"] for row in result) + result.unallocated_total == advanced


@settings(max_examples=150, deadline=None)
@given(APPROPRIATIONS, USAGES, DAYS)
def test_available_balance_is_exactly_what_a_new_usage_can_take(appropriations, usages, day):
    def unallocated(extra):
        """What the fund could not pay on the day (advanced), settled later or not."""
        result = fund_position(appropriations, [*usages, (day, extra, True)], date(2040, 1, 1), BOND)
        return sum(advance["amount"] for advance in result.advances)

    available = available_balance(appropriations, usages, day)
    assert available >= 0
    assert unallocated(available) == unallocated(0)
    assert unallocated(available + 1) > unallocated(0)


def test_available_balance_on_a_back_dated_usage_respects_later_usages():
    # 2020 tranche 100; a 2022 usage of 80 already drew on it. A 2021 usage may take only 20,
    # or the 2022 usage would be left without money.
    appropriations = [(2020, 100, Decimal("0.2"))]
    assert available_balance(appropriations, [(date(2022, 5, 1), 80, True)], date(2021, 5, 1)) == 20
    assert available_balance(appropriations, [], date(2021, 5, 1)) == 100
    assert available_balance(appropriations, [], date(2019, 5, 1)) == 0  # no tranche of 2019 or before
    assert available_balance(appropriations, [], date(2026, 1, 1)) == 0  # deadline 31/12/2025 has passed
    assert available_balance(appropriations, [], date(2021, 5, 1) + timedelta(days=1)) == 100
