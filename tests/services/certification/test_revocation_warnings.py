"""Revocation warnings on multi-year annual-report histories that must and must not raise them."""
from datetime import date

from ecosystem.services.certification.rule_sets import parse_rule_sets, read_rule_set_files
from ecosystem.services.certification.revocation_warnings import (
    certificate_warnings, due_report_years, first_counted_year, low_share_warning, missed_reports_warning)

_ND80, ND13, ND268 = parse_rule_sets(read_rule_set_files())
BN = 1_000_000_000
WARN = {"warn_missed_after": 2, "warn_low_share_after": 4, "report_due": "03-31"}


def report(share_percent: int) -> dict:
    return {"st_revenue": share_percent * BN, "total_revenue": 100 * BN}


def history(**shares) -> dict:
    """history(y2021=35, y2022=10) → {2021: report(35), 2022: report(10)}."""
    return {int(key[1:]): report(value) for key, value in shares.items()}


def test_due_years_start_with_the_certification_year_and_end_at_the_last_passed_due_date():
    assert due_report_years(date(2020, 6, 15), date(2026, 11, 26)) == [2020, 2021, 2022, 2023, 2024, 2025]
    assert due_report_years(date(2020, 6, 15), date(2026, 3, 31)) == [2020, 2021, 2022, 2023, 2024]
    assert due_report_years(date(2020, 6, 15), date(2026, 4, 1)) == [2020, 2021, 2022, 2023, 2024, 2025]
    assert due_report_years(date(2020, 6, 15), date(2026, 11, 26), first_year_offset=1)[0] == 2021
    assert due_report_years(date(2026, 6, 15), date(2026, 11, 26)) == []


def test_two_latest_reports_missing_raises_the_warning():
    warning = missed_reports_warning([2020, 2021, 2022, 2023], range(2020, 2026), warn_after=2, revoke_after=3)
    assert warning.code == "missed_reports"
    assert warning.years == (2024, 2025)
    assert warning.ground_reached is False
    assert "2024, 2025" in warning.message_vi and "2024, 2025" in warning.message_en


def test_one_missing_report_does_not_warn():
    assert missed_reports_warning([2020, 2021, 2022, 2023, 2024], range(2020, 2026), 2, 3) is None


def test_an_old_gap_followed_by_reports_does_not_warn():
    assert missed_reports_warning([2020, 2023, 2024, 2025], range(2020, 2026), 2, 3) is None


def test_three_missing_reports_reach_the_ground():
    warning = missed_reports_warning([2020, 2021, 2022], range(2020, 2026), 2, 3)
    assert warning.years == (2023, 2024, 2025) and warning.ground_reached is True


def test_first_counted_year_after_the_five_year_grace():
    assert first_counted_year(date(2015, 3, 1), 5) == 2021  # grace ends 01/03/2020
    assert first_counted_year(date(2019, 1, 1), 5) == 2024  # grace ends 01/01/2024
    assert first_counted_year(date(2016, 2, 29), 5) == 2022  # grace ends 28/02/2021


def test_four_counted_years_below_30_percent_warn():
    # Certified 01/03/2015: 2015-2020 are not counted; 2021 reached 35 %; 2022-2025 below.
    reports = history(y2015=5, y2016=5, y2017=5, y2018=5, y2019=5, y2020=5,
                      y2021=35, y2022=20, y2023=25, y2024=29, y2025=10)
    warning = low_share_warning(reports, date(2015, 3, 1), 2025, "0.30", 5, warn_after=4, revoke_after=5)
    assert warning.code == "low_st_share"
    assert warning.years == (2022, 2023, 2024, 2025)
    assert warning.ground_reached is False
    assert warning.detail["shares"][2024] == "0.2900"
    assert warning.detail["first_counted_year"] == 2021
    assert "30 %" in warning.message_vi and "2022, 2023, 2024, 2025" in warning.message_en


def test_five_counted_years_below_reach_the_ground():
    reports = history(y2021=29, y2022=20, y2023=25, y2024=29, y2025=10)
    warning = low_share_warning(reports, date(2015, 3, 1), 2025, "0.30", 5, 4, 5)
    assert warning.years == (2021, 2022, 2023, 2024, 2025) and warning.ground_reached is True


def test_three_counted_years_below_do_not_warn():
    reports = history(y2021=20, y2022=31, y2023=25, y2024=29, y2025=10)
    assert low_share_warning(reports, date(2015, 3, 1), 2025, "0.30", 5, 4, 5) is None


def test_exactly_30_percent_breaks_the_streak():
    reports = history(y2021=20, y2022=20, y2023=20, y2024=30, y2025=10)
    assert low_share_warning(reports, date(2015, 3, 1), 2025, "0.30", 5, 4, 5) is None


def test_years_below_inside_the_grace_period_do_not_count():
    # Certified 01/06/2019: grace ends 01/06/2024, so only 2025 counts — 7 low years, no warning.
    reports = history(y2019=5, y2020=5, y2021=5, y2022=5, y2023=5, y2024=5, y2025=5)
    assert low_share_warning(reports, date(2019, 6, 1), 2025, "0.30", 5, 4, 5) is None


def test_a_year_without_figures_has_not_reached_the_share():
    reports = history(y2021=20, y2022=20, y2024=20)
    reports[2023] = {"st_revenue": None, "total_revenue": 100 * BN}
    warning = low_share_warning(reports, date(2015, 3, 1), 2024, "0.30", 5, 4, 5)
    assert warning.years == (2021, 2022, 2023, 2024)
    assert warning.detail["no_data_years"] == [2023]


def test_nd13_certificate_with_both_warnings():
    # Certified 10/03/2016 (first counted year 2022); reports to 2023, none for 2024 and 2025.
    reports = history(y2016=10, y2017=10, y2018=10, y2019=10, y2020=10, y2021=40, y2022=12, y2023=15)
    warnings = certificate_warnings(ND13, date(2016, 3, 10), reports, date(2026, 11, 26), **WARN)
    by_code = {w.code: w for w in warnings}
    assert by_code["missed_reports"].years == (2024, 2025)
    assert by_code["low_st_share"].years == (2022, 2023, 2024, 2025)
    assert by_code["low_st_share"].detail["no_data_years"] == [2024, 2025]
    assert by_code["low_st_share"].ground_reached is False


def test_nd13_certificate_in_good_standing_has_no_warning():
    reports = history(y2016=10, y2017=10, y2018=10, y2019=10, y2020=10, y2021=40,
                      y2022=12, y2023=15, y2024=31, y2025=12)
    assert certificate_warnings(ND13, date(2016, 3, 10), reports, date(2026, 11, 26), **WARN) == []


def test_nd268_certificate_never_gets_the_share_warning():
    # Certified 01/11/2025; as of 01/06/2030 the reports for 2025-2029 were due.
    low = history(y2025=1, y2026=1, y2027=1, y2028=1, y2029=1)
    assert certificate_warnings(ND268, date(2025, 11, 1), low, date(2030, 6, 1), **WARN) == []
    partial = history(y2025=1, y2026=1, y2027=1)
    [warning] = certificate_warnings(ND268, date(2025, 11, 1), partial, date(2030, 6, 1), **WARN)
    assert warning.code == "missed_reports" and warning.years == (2028, 2029)
    assert warning.ground_reached is False  # ND268 data names no missed-report ground


def test_thresholds_are_parameters():
    reports = history(y2020=50, y2021=50, y2022=50, y2023=50, y2024=50)
    as_of = date(2026, 11, 26)
    assert certificate_warnings(ND13, date(2020, 1, 2), reports, as_of, **WARN) == []
    stricter = dict(WARN, warn_missed_after=1)
    [warning] = certificate_warnings(ND13, date(2020, 1, 2), reports, as_of, **stricter)
    assert warning.years == (2025,) and warning.threshold == 1


def test_nd13_grace_only_for_an_enterprise_newly_established_when_certified():
    # Certified 01/06/2019; S&T share below 30 % every year 2019-2025.
    low = history(**{f"y{year}": 10 for year in range(2019, 2026)})
    as_of = date(2026, 11, 26)
    # Founded 2017: under 5 years old when certified, so 2019-2024 (the grace) are not counted.
    assert certificate_warnings(ND13, date(2019, 6, 1), low, as_of, **WARN,
                                established_on=date(2017, 1, 10)) == []
    # Founded 2005: a mature enterprise gets no grace; every year counts from certification.
    [warning] = certificate_warnings(ND13, date(2019, 6, 1), low, as_of, **WARN, established_on=date(2005, 4, 2))
    assert warning.code == "low_st_share"
    assert warning.years == (2020, 2021, 2022, 2023, 2024, 2025)  # 2019 began before certification
    assert warning.ground_reached is True
    # Unknown founding date: no grace is assumed, so the officer is warned rather than not.
    [unknown] = certificate_warnings(ND13, date(2019, 6, 1), low, as_of, **WARN)
    assert unknown.years == warning.years


def test_nd13_grace_age_boundary_is_five_whole_years():
    low = history(**{f"y{year}": 10 for year in range(2019, 2026)})
    as_of = date(2026, 11, 26)
    # Exactly 5 years old on the certification day: not "under 5", no grace.
    assert certificate_warnings(ND13, date(2019, 6, 1), low, as_of, **WARN, established_on=date(2014, 6, 1))
    # One day short of 5 years: grace applies.
    assert certificate_warnings(ND13, date(2019, 6, 1), low, as_of, **WARN,
                                established_on=date(2014, 6, 2)) == []
