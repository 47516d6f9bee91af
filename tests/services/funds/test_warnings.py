"""The warning schedule: 24/12/6/3 months before a deadline while under 70 %, then a breach, each once."""
from datetime import date, timedelta
from decimal import Decimal

from ecosystem.services.funds.ledger import add_months, fund_position, warnings_due

CIT = Decimal("0.20")
BOND = Decimal("0.02")
TRANCHE = [(2020, 1_000_000, CIT)]  # deadline 31/12/2025


def due(usages, day, **kwargs):
    return warnings_due(fund_position(TRANCHE, usages, day, BOND), day, **kwargs)


def run_daily_job(usages, start, end):
    """What the scheduled job does: send each due warning whose key was not sent before."""
    sent, day = [], start
    while day <= end:
        for warning in due(usages, day):
            if warning["key"] not in {key for key, _ in sent}:
                sent.append((warning["key"], day))
        day += timedelta(days=1)
    return sent


def test_add_months_clamps_to_month_end():
    assert add_months(date(2025, 12, 31), -3) == date(2025, 9, 30)
    assert add_months(date(2025, 12, 31), -24) == date(2023, 12, 31)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_each_warning_once_on_its_day():
    sent = run_daily_job([(date(2021, 6, 1), 300_000, True)], date(2023, 6, 1), date(2026, 3, 1))
    assert sent == [("funds:2020:24m", date(2023, 12, 31)), ("funds:2020:12m", date(2024, 12, 31)),
                    ("funds:2020:6m", date(2025, 6, 30)), ("funds:2020:3m", date(2025, 9, 30)),
                    ("funds:2020:breach", date(2026, 1, 1))]


def test_nothing_before_the_first_threshold_or_when_compliant():
    assert due([], date(2023, 12, 30)) == []
    assert due([(date(2021, 6, 1), 700_000, True)], date(2025, 10, 1)) == []
    assert due([(date(2021, 6, 1), 700_000, True)], date(2026, 1, 2)) == []


def test_warnings_stop_once_the_tranche_reaches_seventy_percent():
    usages = [(date(2021, 6, 1), 300_000, True), (date(2025, 2, 1), 400_000, True)]
    assert [key for key, _ in run_daily_job(usages, date(2023, 6, 1), date(2026, 3, 1))] == [
        "funds:2020:24m", "funds:2020:12m"]


def test_a_late_job_sends_only_the_nearest_warning_with_the_money_at_risk():
    [warning] = due([(date(2021, 6, 1), 300_000, True)], date(2025, 10, 1))
    assert (warning["key"], warning["months"], warning["due_on"]) == ("funds:2020:3m", 3, date(2025, 9, 30))
    assert (warning["at_risk"], warning["to_comply"]) == (700_000, 400_000)


def test_breach_warning_and_custom_thresholds():
    [warning] = due([], date(2027, 5, 1))
    assert (warning["kind"], warning["key"], warning["due_on"]) == ("breach", "funds:2020:breach", date(2026, 1, 1))
    [custom] = due([], date(2025, 12, 1), warning_months=[1])
    assert custom["key"] == "funds:2020:1m"
