"""Attendance becomes fading ties between the people and startups who were in the same room."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecosystem.services.events.capacity_rules import Checkin, attendance_ties, combine_ties, fade

DAY = date(2026, 3, 10)


def pairs(ties):
    return {frozenset((t.a, t.b)) for t in ties}


def test_every_pair_of_attendees_is_tied_except_a_person_and_the_startup_they_represent():
    checkins = [Checkin("an", "agrotech"), Checkin("binh"), Checkin("chi", "medai")]
    ties = attendance_ties(checkins, attended_on=DAY, as_of=DAY, half_life_days=180)
    an, binh, chi = ("person", "an"), ("person", "binh"), ("person", "chi")
    agro, med = ("org", "agrotech"), ("org", "medai")
    assert pairs(ties) == {
        frozenset(p)
        for p in [(an, binh), (an, chi), (an, med), (binh, chi), (binh, agro), (binh, med),
                  (chi, agro), (agro, med)]
    }
    assert all(t.weight == 1.0 and t.attended_on == DAY for t in ties)


def test_two_people_of_one_startup_are_tied_to_each_other_but_not_to_it():
    ties = attendance_ties([Checkin(1, "s"), Checkin(2, "s")], attended_on=DAY, as_of=DAY, half_life_days=30)
    assert pairs(ties) == {frozenset({("person", 1), ("person", 2)})}


def test_an_attendee_known_only_by_their_startup_ties_the_startup():
    ties = attendance_ties([Checkin(None, "s"), Checkin("an")], attended_on=DAY, as_of=DAY, half_life_days=30)
    assert pairs(ties) == {frozenset({("org", "s"), ("person", "an")})}
    assert attendance_ties([Checkin(None, None)], attended_on=DAY, as_of=DAY, half_life_days=30) == []


def test_a_lone_attendee_or_a_double_check_in_makes_no_tie():
    assert attendance_ties([Checkin("an")], attended_on=DAY, as_of=DAY, half_life_days=30) == []
    assert attendance_ties([Checkin("an"), Checkin("an")], attended_on=DAY, as_of=DAY, half_life_days=30) == []


def test_weight_halves_every_half_life():
    ties = attendance_ties(
        [Checkin("an"), Checkin("binh")], attended_on=DAY, as_of=DAY + timedelta(days=360),
        half_life_days=180, base_weight=2.0,
    )
    assert ties[0].weight == pytest.approx(0.5)


def test_a_crowd_weighs_less_than_a_workshop():
    crowd = [Checkin(i) for i in range(60)]
    ties = attendance_ties(crowd, attended_on=DAY, as_of=DAY, half_life_days=180, full_weight_size=30)
    assert len(ties) == 60 * 59 // 2
    assert ties[0].weight == pytest.approx(0.5)
    small = attendance_ties(crowd[:30], attended_on=DAY, as_of=DAY, half_life_days=180, full_weight_size=30)
    assert small[0].weight == 1.0


def test_fade_rejects_a_non_positive_half_life_and_treats_the_future_as_today():
    with pytest.raises(ValueError):
        fade(10, 0)
    assert fade(-5, 30) == 1.0


def test_repeated_meetings_add_up_and_keep_the_latest_date():
    first = attendance_ties([Checkin(1), Checkin(2)], attended_on=DAY, as_of=DAY, half_life_days=30)
    later = DAY + timedelta(days=30)
    second = attendance_ties([Checkin(2), Checkin(1), Checkin(3)], attended_on=later, as_of=later,
                             half_life_days=30)
    combined = combine_ties(first + second)
    assert combined[frozenset({("person", 1), ("person", 2)})] == (2.0, later)
    assert combined[frozenset({("person", 1), ("person", 3)})] == (1.0, later)


@given(
    people=st.lists(st.tuples(st.integers(0, 15), st.one_of(st.none(), st.integers(0, 4))), max_size=25),
    age=st.integers(0, 2000),
    half_life=st.integers(1, 1000),
)
def test_ties_are_simple_undirected_edges_with_a_weight_in_range(people, age, half_life):
    checkins = [Checkin(p, s) for p, s in people]
    ties = attendance_ties(checkins, attended_on=DAY, as_of=DAY + timedelta(days=age), half_life_days=half_life)
    assert len(pairs(ties)) == len(ties), "a pair tied twice"
    assert all(t.a != t.b for t in ties), "a self-loop"
    assert all(0.0 <= t.weight <= 1.0 for t in ties)
    attendees = {("person", p) for p, _ in people}
    assert {n for t in ties for n in (t.a, t.b) if n[0] == "person"} <= attendees


@given(a=st.floats(0, 5000), b=st.floats(0, 5000), half_life=st.floats(0.5, 2000))
def test_older_ties_never_weigh_more(a, b, half_life):
    younger, older = sorted((a, b))
    assert fade(older, half_life) <= fade(younger, half_life)
