"""fund_position on multi-year scenarios computed by hand from the rule of issue 7."""
from datetime import date
from decimal import Decimal

import pytest

from ecosystem.services.funds.ledger import fund_position

CIT = Decimal("0.20")
BOND = Decimal("0.02")
LATE = Decimal("0.0003")
M = 1_000_000


def by_year(rows):
    return {row["year"]: row for row in rows}


def test_contract_keys_and_oldest_first():
    rows = fund_position([(2021, 10 * M, CIT), (2019, 5 * M, CIT)], [], date(2022, 1, 1), BOND)
    assert [row["year"] for row in rows] == [2019, 2021]
    required = {"year", "appropriated", "used", "remaining", "deadline", "used_ratio", "status", "cit_due",
                "interest_due"}
    assert required <= set(rows[0])
    assert rows[0]["deadline"] == date(2024, 12, 31)
    assert isinstance(rows[0]["used_ratio"], Decimal)


def test_compliant_multi_year_fifo():
    # 2020-03-15: 400M from 2019 (oldest). 2021-06-01: 500M from 2019 (left 100M).
    # 2022-02-01: 300M -> 100M empties 2019, 200M from 2020.
    rows = by_year(fund_position(
        [(2019, 1000 * M, CIT), (2020, 500 * M, CIT)],
        [(date(2020, 3, 15), 400 * M, True), (date(2021, 6, 1), 500 * M, True), (date(2022, 2, 1), 300 * M, True)],
        date(2025, 6, 30), BOND))
    first, second = rows[2019], rows[2020]
    assert (first["used"], first["remaining"], first["status"]) == (1000 * M, 0, "compliant")
    assert first["used_ratio"] == Decimal(1)
    assert (first["cit_due"], first["interest_due"]) == (0, 0)
    assert (second["used"], second["remaining"], second["status"]) == (200 * M, 300 * M, "open")
    assert second["used_ratio"] == Decimal("0.4")
    assert (second["cit_due"], second["interest_due"]) == (0, 0)
    assert second["at_risk"] == 300 * M
    assert second["to_comply"] == 150 * M  # 70 % of 500M = 350M, 200M used
    assert second["months_left"] == 6 and second["days_left"] == 184


def test_breach_with_rounding():
    # 80M of 123,456,789 used = 64.8 % < 70 %; deadline 31/12/2022 has passed.
    # unused 43,456,789 × 0.20 = 8,691,357.8 -> 8,691,358; × 0.0213 × 2 = 370,251.8508 -> 370,252.
    [row] = fund_position([(2017, 123_456_789, CIT)], [(date(2019, 5, 10), 80 * M, True)],
                          date(2023, 3, 31), Decimal("0.0213"))
    assert row["status"] == "breach"
    assert row["deadline"] == date(2022, 12, 31)
    assert (row["used"], row["remaining"]) == (80 * M, 43_456_789)
    assert row["cit_due"] == 8_691_358
    assert row["interest_due"] == 370_252


def test_rounding_is_half_up_not_bankers():
    # 10 of 15 used (66.7 %): unused 5 × 0.1 = 0.5 -> 1; 1 × 0.25 × 2 = 0.5 -> 1.
    [row] = fund_position([(2010, 15, Decimal("0.1"))], [(date(2011, 1, 1), 10, True)],
                          date(2016, 1, 1), Decimal("0.25"))
    assert row["status"] == "breach"
    assert (row["cit_due"], row["interest_due"]) == (1, 1)


def test_misuse_on_a_compliant_tranche_owes_tax_and_late_interest():
    # 750M proper of 1,000M -> compliant; 100M misused owes 20M CIT plus
    # 20M × 0.0003 × 1,095 days (31/12/2020 -> 31/12/2023) = 6,570,000.
    [row] = fund_position([(2020, 1000 * M, CIT)],
                          [(date(2021, 4, 1), 750 * M, True), (date(2022, 8, 15), 100 * M, False)],
                          date(2023, 12, 31), BOND, late_rate=LATE)
    assert row["status"] == "compliant"
    assert (row["used"], row["remaining"], row["misused"]) == (850 * M, 150 * M, 100 * M)
    assert row["used_ratio"] == Decimal("0.85")
    assert row["late_days"] == 1095
    assert (row["cit_due"], row["interest_due"]) == (20 * M, 6_570_000)


def test_misuse_default_late_rate_comes_from_settings():
    args = ([(2020, 1000 * M, CIT)], [(date(2021, 4, 1), 100 * M, False)], date(2021, 12, 31), BOND)
    assert fund_position(*args) == fund_position(*args, late_rate=LATE)
    assert fund_position(*args)[0]["interest_due"] == 2_190_000  # 20M × 0.0003 × 365 days


def test_misuse_in_a_breach_is_taxed_once_with_its_own_interest():
    # 500M proper of 1,000M -> breach after 31/12/2021. unused = 1,000M - 500M proper - 100M misused = 400M
    # -> 80M CIT, interest 80M × 0.02 × 2 = 3.2M. Misused 100M -> 20M CIT and 20M × 0.0003 × 1,857 days
    # (31/12/2016 -> 31/01/2022: 1,826 + 31) = 11,142,000. The misused part is not in the unused part.
    [row] = fund_position([(2016, 1000 * M, CIT)],
                          [(date(2018, 1, 10), 500 * M, True), (date(2019, 1, 10), 100 * M, False)],
                          date(2022, 1, 31), BOND, late_rate=LATE)
    assert row["status"] == "breach"
    assert row["unused"] == row["remaining"] == 400 * M
    assert (row["breach_cit"], row["breach_interest"]) == (80 * M, 3_200_000)
    assert (row["misuse_cit"], row["misuse_interest"]) == (20 * M, 11_142_000)
    assert (row["cit_due"], row["interest_due"]) == (100 * M, 14_342_000)


def test_the_issue_misuse_case_owes_8m_not_12m():
    # 2019 tranche of 100M: 60M used properly, 20M misused, deadline 31/12/2024 passed (60 % < 70 %).
    # Unused 100 - 60 - 20 = 20M -> 4M CIT, + 4M × 0.02 × 2 = 160,000 (bond rate for two years).
    # Misused 20M -> 4M CIT, + 4M × 0.0003 × 2,008 days (31/12/2019 -> 30/06/2025) = 2,409,600.
    [row] = fund_position([(2019, 100 * M, CIT)],
                          [(date(2021, 3, 1), 60 * M, True), (date(2022, 5, 1), 20 * M, False)],
                          date(2025, 6, 30), BOND)
    assert (row["status"], row["rule_set"], row["late_days"]) == ("breach", "CIT_14_2008", 2008)
    assert (row["breach_cit"], row["breach_interest"]) == (4 * M, 160_000)
    assert (row["misuse_cit"], row["misuse_interest"]) == (4 * M, 2_409_600)
    assert (row["cit_due"], row["interest_due"]) == (8 * M, 2_569_600)


def test_usage_after_a_deadline_goes_to_the_next_tranche():
    # 31/12/2020 is the 2015 tranche's deadline day: still usable. 1/1/2021 is not: 2016 pays.
    rows = by_year(fund_position(
        [(2015, 100 * M, CIT), (2016, 100 * M, CIT)],
        [(date(2020, 12, 31), 30 * M, True), (date(2021, 1, 1), 80 * M, True)],
        date(2021, 6, 30), BOND))
    assert (rows[2015]["used"], rows[2015]["remaining"], rows[2015]["status"]) == (30 * M, 70 * M, "breach")
    assert (rows[2015]["cit_due"], rows[2015]["interest_due"]) == (14 * M, 560_000)
    assert (rows[2016]["used"], rows[2016]["remaining"], rows[2016]["status"]) == (80 * M, 20 * M, "compliant")


def test_an_advance_is_settled_from_the_next_tranche():
    # A 2020 usage with no tranche yet is an advance; the 2021 tranche settles it on 1/1/2021.
    usage = [(date(2020, 6, 1), 40 * M, True)]
    before = fund_position([(2021, 100 * M, CIT)], usage, date(2020, 12, 31), BOND)
    assert before[0]["used"] == 0
    assert before.unallocated == [{"day": date(2020, 6, 1), "amount": 40 * M, "proper": True}]
    after = fund_position([(2021, 100 * M, CIT)], usage, date(2022, 1, 1), BOND)
    assert (after[0]["used"], after[0]["settled"], after[0]["remaining"]) == (40 * M, 40 * M, 60 * M)
    assert (after.unallocated, after.unallocated_total, after.settled_total) == ([], 0, 40 * M)
    assert after.advances == [{"day": date(2020, 6, 1), "amount": 40 * M, "proper": True, "unsettled": 0,
                               "settled": [{"year": 2021, "amount": 40 * M, "on": date(2021, 1, 1)}]}]


def test_the_issue_advance_case_is_compliant():
    # 2020: 100M advanced (no tranche). 2021 tranche 1,000M settles it first, then pays 650M of its own
    # uses: 750M of 1,000M = 75 % >= 70 % by 31/12/2026 -> compliant, nothing owed (it was a 65 % breach,
    # CIT 70M, when the advance was parked for ever).
    rows = fund_position([(2021, 1000 * M, CIT)],
                         [(date(2020, 9, 1), 100 * M, True), (date(2021, 5, 1), 400 * M, True),
                          (date(2022, 8, 1), 250 * M, True)], date(2027, 1, 1), BOND)
    [row] = rows
    assert (row["proper_used"], row["settled"], row["remaining"]) == (750 * M, 100 * M, 250 * M)
    assert (row["status"], row["cit_due"], row["interest_due"]) == ("compliant", 0, 0)
    assert rows.unallocated_total == 0


def test_advances_are_settled_oldest_first_across_tranches():
    # Advances of 2019 (30M) and 2020 (50M); 2021 tranche of 60M takes 30M then 20M; the 2022 tranche
    # the other 30M, before the 2022 usage of 10M draws on what is left (2021's tranche is empty).
    rows = fund_position([(2021, 60 * M, CIT), (2022, 100 * M, CIT)],
                         [(date(2019, 3, 1), 30 * M, True), (date(2020, 3, 1), 50 * M, False),
                          (date(2022, 3, 1), 10 * M, True)], date(2023, 1, 1), BOND)
    first, second = rows
    assert (first["proper_used"], first["misused"], first["remaining"]) == (30 * M, 30 * M, 0)
    assert (second["misused"], second["proper_used"], second["settled"]) == (20 * M, 10 * M, 20 * M)
    assert [[(s["year"], s["amount"]) for s in a["settled"]] for a in rows.advances] == [
        [(2021, 30 * M)], [(2021, 30 * M), (2022, 20 * M)]]
    assert first["misuse_cit"] == 6 * M  # a misused advance is misuse of the tranche that covered it


def test_usage_beyond_balance_is_partly_an_advance():
    result = fund_position([(2020, 100 * M, CIT)], [(date(2021, 6, 1), 130 * M, True)], date(2022, 1, 1), BOND)
    assert (result[0]["used"], result[0]["remaining"]) == (100 * M, 0)
    assert result.unallocated_total == 30 * M


def test_zero_appropriation():
    rows = fund_position([(2020, 0, CIT), (2021, 100 * M, CIT)], [(date(2021, 5, 1), 50 * M, True)],
                         date(2030, 1, 1), BOND)
    zero, other = rows
    assert (zero["appropriated"], zero["used"], zero["remaining"]) == (0, 0, 0)
    assert zero["used_ratio"] == Decimal(0)
    assert (zero["status"], zero["cit_due"], zero["interest_due"]) == ("compliant", 0, 0)
    assert (other["used"], other["status"]) == (50 * M, "breach")
    assert other["cit_due"] == 10 * M  # unused 50M × 0.20


@pytest.mark.parametrize("proper_used, status, cit_due, interest_due", [
    (700_000, "compliant", 0, 0),
    # unused 300,001 × 0.20 = 60,000.2 -> 60,000; × 0.02 × 2 = 2,400
    (699_999, "breach", 60_000, 2_400),
])
def test_exactly_seventy_percent_is_compliant(proper_used, status, cit_due, interest_due):
    [row] = fund_position([(2018, 1_000_000, CIT)], [(date(2019, 1, 1), proper_used, True)], date(2024, 1, 1), BOND)
    assert (row["status"], row["cit_due"], row["interest_due"]) == (status, cit_due, interest_due)


def test_as_of_on_the_deadline_day_is_still_open():
    appropriations, usages = [(2018, 1_000_000, CIT)], [(date(2019, 1, 1), 100_000, True)]
    [on_day] = fund_position(appropriations, usages, date(2023, 12, 31), BOND)
    [after] = fund_position(appropriations, usages, date(2024, 1, 1), BOND)
    assert (on_day["status"], on_day["cit_due"], on_day["days_left"]) == ("open", 0, 0)
    assert (after["status"], after["cit_due"]) == ("breach", 180_000)


def test_usages_after_as_of_are_not_yet_counted():
    [row] = fund_position([(2020, 100 * M, CIT)], [(date(2021, 1, 5), 10 * M, True), (date(2023, 1, 5), 80 * M, True)],
                          date(2022, 12, 31), BOND)
    assert (row["used"], row["status"]) == (10 * M, "open")


def test_same_day_misuse_is_taken_from_the_newest_money():
    rows = by_year(fund_position([(2019, 100 * M, CIT), (2020, 100 * M, CIT)],
                                 [(date(2021, 3, 1), 100 * M, False), (date(2021, 3, 1), 100 * M, True)],
                                 date(2021, 12, 31), BOND))
    assert (rows[2019]["proper_used"], rows[2019]["misused"]) == (100 * M, 0)
    assert (rows[2020]["proper_used"], rows[2020]["misused"]) == (0, 100 * M)


def test_deadline_offset_and_share_are_settings():
    [row] = fund_position([(2018, 1_000_000, CIT)], [(date(2019, 1, 1), 600_000, True)], date(2024, 1, 1), BOND,
                          deadline_years=6, compliance_share=Decimal("0.5"))
    assert (row["deadline"], row["status"]) == (date(2024, 12, 31), "compliant")


def test_negative_amount_is_refused():
    with pytest.raises(ValueError):
        fund_position([(2020, -1, CIT)], [], date(2021, 1, 1), BOND)
