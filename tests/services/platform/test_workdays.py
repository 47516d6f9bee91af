"""Working-day arithmetic against the shipped Vietnamese calendar and hand-made ones."""
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.services.platform.workdays import (
    CalendarError, add_calendar_days, add_working_days, default_calendar, load_calendar, next_working_day,
    read_holiday_rows, working_days_between)

VN = default_calendar()


def test_ten_working_days_from_the_friday_before_tet_2026():
    # Receipt Fri 13/02/2026. Tết Bính Ngọ (mùng 1) is Tue 17/02/2026; the civil service is off
    # Mon 16 – Fri 20/02 (29 Chạp – mùng 4), and 14-15 and 21-22/02 are weekends. Counting from the
    # day after receipt: Mon 23 (1), Tue 24 (2), Wed 25 (3), Thu 26 (4), Fri 27 (5),
    # Mon 02/03 (6), Tue 03 (7), Wed 04 (8), Thu 05 (9), Fri 06/03 (10).
    assert add_working_days(date(2026, 2, 13), 10, VN) == date(2026, 3, 6)


def test_ten_working_days_from_the_friday_before_tet_2025():
    # Receipt Fri 24/01/2025; Tết Ất Tỵ is Wed 29/01; off Mon 27 – Fri 31/01 (28 Chạp – mùng 3).
    # Mon 03/02 (1) … Fri 07/02 (5), Mon 10/02 (6) … Fri 14/02 (10).
    assert add_working_days(date(2025, 1, 24), 10, VN) == date(2025, 2, 14)


def test_across_an_ordinary_weekend():
    # Thu 05/03/2026: Fri 06 (1), Sat-Sun skipped, Mon 09 (2).
    assert add_working_days(date(2026, 3, 5), 2, VN) == date(2026, 3, 9)


def test_receipt_on_a_saturday_counts_from_monday():
    assert add_working_days(date(2026, 3, 7), 1, VN) == date(2026, 3, 9)


def test_across_30_4_and_1_5_with_a_working_saturday_2025():
    # Thu 24/04/2025: Fri 25 (1), Sat 26 is worked in exchange for Fri 02/05 (2), Mon 28 (3),
    # Tue 29 (4); Wed 30/04, Thu 01/05, Fri 02/05 off; Sat-Sun; Mon 05/05 (5).
    assert add_working_days(date(2025, 4, 24), 5, VN) == date(2025, 5, 5)


def test_across_30_4_and_1_5_2026():
    # Wed 29/04/2026: Thu 30/04 and Fri 01/05 off, weekend, Mon 04/05 (1).
    assert add_working_days(date(2026, 4, 29), 1, VN) == date(2026, 5, 4)


def test_substitute_day_for_a_holiday_on_sunday():
    # Hùng Kings' day 2026 is Sun 26/04, compensated on Mon 27/04: Fri 24/04 + 1 → Tue 28/04.
    assert add_working_days(date(2026, 4, 24), 1, VN) == date(2026, 4, 28)


def test_zero_days_is_the_start_itself_even_on_a_holiday():
    assert add_working_days(date(2026, 2, 17), 0, VN) == date(2026, 2, 17)
    assert add_calendar_days(date(2026, 2, 17), 0) == date(2026, 2, 17)


def test_negative_or_non_integer_counts_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 2), -1, VN)
    with pytest.raises(ValueError):
        add_calendar_days(date(2026, 3, 2), -3, VN)
    with pytest.raises(TypeError):
        add_working_days(date(2026, 3, 2), 2.5, VN)


def test_calendar_days_end_on_a_day_off_moves_to_the_next_working_day():
    # 15 days from Fri 13/02/2026 end on Sat 28/02 → Mon 02/03 (Civil Code art. 148).
    assert add_calendar_days(date(2026, 2, 13), 15) == date(2026, 2, 28)
    assert add_calendar_days(date(2026, 2, 13), 15, VN) == date(2026, 3, 2)
    # 10 days from Fri 06/02/2026 end on Mon 16/02 (29 Chạp, off) → the week of Tết → Mon 23/02.
    assert add_calendar_days(date(2026, 2, 6), 10, VN) == date(2026, 2, 23)


def test_working_days_between_counts_the_end_not_the_start():
    assert working_days_between(date(2026, 2, 13), date(2026, 3, 6), VN) == 10
    assert working_days_between(date(2026, 3, 6), date(2026, 2, 13), VN) == -10
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 9), VN) == 0


def test_next_working_day():
    assert next_working_day(date(2026, 2, 14), VN) == date(2026, 2, 23)
    assert next_working_day(date(2026, 1, 10), VN) == date(2026, 1, 10)  # a worked Saturday


def test_working_saturday_and_bridge_day_of_new_year_2026():
    assert VN.is_working_day(date(2026, 1, 10))
    assert not VN.is_working_day(date(2026, 1, 2))
    assert VN.entry(date(2026, 1, 2)).kind == "holiday"


def test_dates_beyond_the_calendar_are_refused_not_guessed():
    with pytest.raises(CalendarError) as refused:
        add_working_days(date(2030, 12, 30), 5, VN)
    assert refused.value.code == "year_not_in_calendar" and refused.value.params["year"] >= 2030
    with pytest.raises(CalendarError):
        VN.is_working_day(date(2018, 12, 31))


@pytest.mark.parametrize("year, tet", [
    (2019, date(2019, 2, 5)), (2020, date(2020, 1, 25)), (2021, date(2021, 2, 12)), (2022, date(2022, 2, 1)),
    (2023, date(2023, 1, 22)), (2024, date(2024, 2, 10)), (2025, date(2025, 1, 29)), (2026, date(2026, 2, 17)),
    (2027, date(2027, 2, 6)), (2028, date(2028, 1, 26)), (2029, date(2029, 2, 13)), (2030, date(2030, 2, 2)),
])
def test_tet_day_one_each_year(year, tet):
    firsts = [d for d, e in VN.days.items() if d.year == year and "mùng 1 Tết" in e.name_vi]
    assert firsts == [tet]


@pytest.mark.parametrize("year, hung", [
    (2019, date(2019, 4, 14)), (2023, date(2023, 4, 29)), (2025, date(2025, 4, 7)), (2026, date(2026, 4, 26)),
    (2027, date(2027, 4, 16)), (2030, date(2030, 4, 12)),
])
def test_hung_kings_day(year, hung):
    assert [d for d, e in VN.days.items() if e.name_vi.startswith("Giỗ Tổ") and d.year == year] == [hung]


def test_each_year_loses_the_statutory_number_of_working_days():
    # Labour Code: 10 paid holidays a year until 2020, 11 from 2021; weekend holidays are compensated
    # and a bridge day is paid back by a working Saturday, so the net is exact. 2019 paid back
    # 31/12/2018 (outside the calendar) on Sat 05/01/2019, hence 9.
    lost = Counter()
    for day, entry in VN.days.items():
        if entry.kind == "holiday" and day.weekday() < 5:
            lost[day.year] += 1
        elif entry.kind == "workday":
            lost[day.year] -= 1
    expected = {2019: 9, 2020: 10, **{year: 11 for year in range(2021, 2031)}}
    assert dict(lost) == expected


def test_every_year_has_the_fixed_holidays():
    for year in range(2019, 2031):
        for month, day in ((1, 1), (4, 30), (5, 1), (9, 2)):
            assert VN.entry(date(year, month, day)).kind == "holiday", (year, month, day)


def test_rows_carry_both_languages():
    rows = read_holiday_rows()
    assert rows and all(row["name_vi"] and row["name_en"] for row in rows)


@pytest.mark.parametrize("rows, code", [
    ([{"date": "2026-03-02", "kind": "workday", "name_vi": "x", "name_en": "x"}], "workday_not_weekend"),  # Monday
    ([{"date": "2026-03-02", "kind": "vacation"}], "bad_kind"),
    ([{"date": "2026-03-02", "kind": "holiday"}, {"date": "2026-03-02", "kind": "holiday"}], "listed_twice"),
    ([{"date": "02/03/2026", "kind": "holiday"}], "bad_date"),
])
def test_load_calendar_refuses_bad_rows(rows, code):
    with pytest.raises(CalendarError) as refused:
        load_calendar(rows)
    assert refused.value.code == code and refused.value.params["row"] == len(rows)


def test_hand_made_calendar_with_a_swap():
    calendar = load_calendar([
        {"date": date(2031, 1, 1), "kind": "holiday", "name_vi": "Tết Dương lịch", "name_en": "New Year"},
        {"date": "2031-01-02", "kind": "holiday", "name_vi": "Nghỉ hoán đổi", "name_en": "Bridge"},
        {"date": "2031-01-11", "kind": "workday", "name_vi": "Làm bù", "name_en": "Worked Saturday"},
    ])
    assert (calendar.first_year, calendar.last_year) == (2031, 2031)
    # Tue 31/12/2030 is outside; from Wed 01/01/2031: Fri 03 (1), Mon 06 … Fri 10 (6), Sat 11 (7).
    assert add_working_days(date(2031, 1, 1), 7, calendar) == date(2031, 1, 11)


days_in_range = st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 10, 31))


@settings(max_examples=200, deadline=None)
@given(start=days_in_range, n=st.integers(min_value=0, max_value=40))
def test_between_inverts_add(start, n):
    end = add_working_days(start, n, VN)
    assert working_days_between(start, end, VN) == n
    if n:
        assert VN.is_working_day(end)
        previous = add_working_days(start, n - 1, VN)
        gap = (end - previous).days
        assert gap >= 1
        assert not any(VN.is_working_day(previous + timedelta(days=k)) for k in range(1, gap))
