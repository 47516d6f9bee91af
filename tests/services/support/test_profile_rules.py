"""Programme eligibility by registration age, and the profile-completeness meter."""
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from ecosystem.services.support import profile_rules as pr

COMPLETE = {
    "founders": [{"name": "Nguyễn Thị Lan", "role": "CEO"}],
    "sectors": ["agritech"],
    "stage": "seed",
    "product": "Cảm biến độ ẩm đất cho vườn sầu riêng",
    "technologies": ["IoT", "LoRa"],
    "ip_status": "none",
    "customers": "12 hợp tác xã ở Bến Cát",
    "revenue_band": "pre_revenue",
    "funding_sought": 0,
    "needs": ["mentoring", "investment"],
    "pitch_deck": 41,
    "address": {"city": "Thành phố Hồ Chí Minh", "ward": "Phường Thủ Dầu Một",
                "former_district": "Thủ Dầu Một"},
    "contact": {"email": "lan@example.vn", "phone": ""},
}


# --- age and eligibility ------------------------------------------------------------------

@pytest.mark.parametrize("registered, today, age", [
    (date(2021, 3, 15), date(2026, 3, 14), 4),
    (date(2021, 3, 15), date(2026, 3, 15), 5),
    (date(2020, 2, 29), date(2021, 2, 28), 0),
    (date(2020, 2, 29), date(2021, 3, 1), 1),
    (date(2026, 1, 1), date(2026, 1, 1), 0),
])
def test_startup_age_in_completed_years(registered, today, age):
    assert pr.startup_age_years(registered, today) == age


def test_no_registration_means_unknown_age_but_eligible():
    assert pr.startup_age_years(None, date(2026, 5, 1)) is None
    assert pr.is_programme_startup(None, date(2026, 5, 1), 5) is True
    assert pr.eligibility_ends_on(None, 5) is None


def test_registration_in_the_future_is_a_data_error():
    with pytest.raises(ValueError):
        pr.startup_age_years(date(2027, 1, 1), date(2026, 1, 1))
    with pytest.raises(ValueError):
        pr.is_programme_startup(date(2027, 1, 1), date(2026, 1, 1), 5)


@pytest.mark.parametrize("registered, today, eligible", [
    (date(2021, 3, 15), date(2026, 3, 15), True),    # the fifth anniversary is still inside
    (date(2021, 3, 15), date(2026, 3, 16), False),
    (date(2020, 2, 29), date(2025, 2, 28), True),    # no 29/2 in 2025: the term ends on 28/2
    (date(2020, 2, 29), date(2025, 3, 1), False),
    (date(2025, 11, 1), date(2026, 11, 26), True),
])
def test_five_year_rule_boundaries(registered, today, eligible):
    assert pr.is_programme_startup(registered, today, 5) is eligible


def test_the_age_limit_is_a_parameter():
    registered, today = date(2019, 6, 1), date(2026, 6, 1)
    assert not pr.is_programme_startup(registered, today, 5)
    assert pr.is_programme_startup(registered, today, 7)
    assert pr.eligibility_ends_on(registered, 7) == date(2026, 6, 1)


def test_filter_cut_off_on_a_leap_day():
    assert pr.earliest_eligible_registration(date(2026, 11, 26), 5) == date(2021, 11, 26)
    assert pr.earliest_eligible_registration(date(2024, 2, 29), 1) == date(2023, 3, 1)
    assert pr.earliest_eligible_registration(date(2024, 2, 29), 4) == date(2020, 2, 29)


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@given(registered=days, span=st.integers(0, 4000), max_years=st.integers(1, 10))
def test_database_cut_off_agrees_with_the_rule(registered, span, max_years):
    today = registered + timedelta(days=span)
    cutoff = pr.earliest_eligible_registration(today, max_years)
    assert pr.is_programme_startup(registered, today, max_years) == (registered >= cutoff)


@given(registered=days, span=st.integers(0, 4000), max_years=st.integers(1, 10))
def test_eligible_while_younger_than_the_limit(registered, span, max_years):
    today = registered + timedelta(days=span)
    age = pr.startup_age_years(registered, today)
    if age < max_years:
        assert pr.is_programme_startup(registered, today, max_years)
    if age > max_years:
        assert not pr.is_programme_startup(registered, today, max_years)
    ends = pr.eligibility_ends_on(registered, max_years)
    assert pr.is_programme_startup(registered, ends, max_years)
    assert not pr.is_programme_startup(registered, ends + timedelta(days=1), max_years)


# --- completeness -------------------------------------------------------------------------

def test_default_weights_sum_to_one_hundred_and_keys_are_unique():
    assert sum(item.weight for item in pr.PROFILE_ITEMS) == 100
    assert len({item.key for item in pr.PROFILE_ITEMS}) == len(pr.PROFILE_ITEMS)


def test_complete_profile_is_one_hundred_percent():
    reading = pr.profile_completeness(COMPLETE)
    assert reading.percent == 100
    assert reading.missing == ()


def test_empty_profile_lists_everything_heaviest_first():
    reading = pr.profile_completeness({})
    assert reading.percent == 0
    keys = [m["key"] for m in reading.missing]
    assert keys[:2] == ["founders", "sectors"] and keys[-1] == "contact"
    assert len(keys) == len(pr.PROFILE_ITEMS)
    sectors = next(m for m in reading.missing if m["key"] == "sectors")
    assert sectors == {"key": "sectors", "weight": 12, "reason": "profile.why.sectors_matching"}


def test_missing_sectors_and_pitch_deck():
    profile = dict(COMPLETE, sectors=[], pitch_deck=None)
    reading = pr.profile_completeness(profile)
    assert reading.percent == 80
    assert [m["key"] for m in reading.missing] == ["sectors", "pitch_deck"]


@pytest.mark.parametrize("key, value, filled", [
    ("product", "   ", False),
    ("founders", [{"name": "", "role": ""}], False),
    ("founders", ["Trần Văn Minh"], True),
    ("funding_sought", 0, True),          # "not raising" is an answer
    ("ip_status", "none", True),
    ("address", {"city": "Thành phố Hồ Chí Minh", "ward": ""}, False),
    ("address", "Thủ Dầu Một", False),    # free text without ward/city does not count
    ("contact", {"phone": "0274 3822 123"}, True),
    ("contact", {"email": " ", "phone": None}, False),
])
def test_what_counts_as_answered(key, value, filled):
    reading = pr.profile_completeness(dict(COMPLETE, **{key: value}))
    assert (key not in [m["key"] for m in reading.missing]) is filled


def test_weights_can_be_overridden_but_not_invented():
    reading = pr.profile_completeness(dict(COMPLETE, contact=None), weights={"contact": 50})
    assert reading.percent == 100 * 98 // 148
    dropped = pr.profile_completeness(dict(COMPLETE, contact=None), weights={"contact": 0})
    assert dropped.percent == 100 and dropped.missing == ()
    with pytest.raises(ValueError):
        pr.profile_completeness(COMPLETE, weights={"twitter": 5})
    with pytest.raises(ValueError):
        pr.profile_completeness(COMPLETE, weights={"contact": -1})


keys_st = st.sets(st.sampled_from([item.key for item in pr.PROFILE_ITEMS]))


@given(dropped=keys_st, extra=st.sampled_from([item.key for item in pr.PROFILE_ITEMS]))
def test_meter_properties(dropped, extra):
    profile = {k: v for k, v in COMPLETE.items() if k not in dropped}
    reading = pr.profile_completeness(profile)
    assert {m["key"] for m in reading.missing} == dropped
    assert (reading.percent == 100) == (not dropped)
    assert 0 <= reading.percent <= 100
    # filling one more item never lowers the reading
    more = dict(profile, **{extra: COMPLETE[extra]})
    assert pr.profile_completeness(more).percent >= reading.percent
