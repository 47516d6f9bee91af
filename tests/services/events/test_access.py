"""Who may register when, and which office-hour slots can be booked: reason codes on hand-built cases."""
from datetime import datetime, timedelta, timezone

import pytest

from ecosystem.services.events.capacity_rules import (
    CLOSED,
    EVENT_STARTED,
    INVITATION_REQUIRED,
    INVITED,
    MEMBERS_ONLY,
    MEMBERS_REQUIRED,
    NOT_A_STARTUP,
    NOT_OPEN_YET,
    OWN_SLOT,
    PUBLIC,
    SLOT_PAST,
    SLOT_TAKEN,
    SLOT_TOO_SOON,
    audience_refusal,
    overlapping_slots,
    registration_window_refusal,
    slot_booking_refusal,
)

ICT = timezone(timedelta(hours=7))
START = datetime(2026, 3, 10, 19, 0, tzinfo=ICT)
OPENS = datetime(2026, 3, 1, 8, 0, tzinfo=ICT)
CLOSES = datetime(2026, 3, 9, 23, 59, tzinfo=ICT)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (OPENS - timedelta(minutes=1), NOT_OPEN_YET),
        (OPENS, None),
        (CLOSES - timedelta(seconds=1), None),
        (CLOSES, CLOSED),
        (START, EVENT_STARTED),
        (START + timedelta(hours=1), EVENT_STARTED),
    ],
)
def test_registration_window(now, expected):
    assert registration_window_refusal(now, START, OPENS, CLOSES) == expected


def test_without_a_window_registration_is_open_until_the_start():
    assert registration_window_refusal(START - timedelta(minutes=1), START) is None
    assert registration_window_refusal(START, START) == EVENT_STARTED


def test_window_compares_instants_not_wall_clocks():
    """08:00 in Hồ Chí Minh City is 01:00 UTC: the window is open at 01:00 UTC."""
    assert registration_window_refusal(datetime(2026, 3, 1, 1, 0, tzinfo=timezone.utc), START, OPENS) is None
    assert registration_window_refusal(datetime(2026, 3, 1, 0, 59, tzinfo=timezone.utc), START, OPENS) == NOT_OPEN_YET


@pytest.mark.parametrize(
    ("audience", "member", "invited", "organiser", "expected"),
    [
        (PUBLIC, False, False, False, None),
        (MEMBERS_ONLY, True, False, False, None),
        (MEMBERS_ONLY, False, False, False, MEMBERS_REQUIRED),
        (MEMBERS_ONLY, False, True, False, None),
        (INVITED, True, False, False, INVITATION_REQUIRED),
        (INVITED, False, True, False, None),
        (INVITED, False, False, True, None),
    ],
)
def test_audience(audience, member, invited, organiser, expected):
    assert audience_refusal(audience, is_member=member, is_invited=invited, is_organiser=organiser) == expected


def test_unknown_audience_is_an_error():
    with pytest.raises(ValueError):
        audience_refusal("everyone", is_member=True, is_invited=True)


NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ICT)


@pytest.mark.parametrize(
    ("starts_at", "booked_by", "is_startup", "expected"),
    [
        (NOW + timedelta(days=1), None, True, None),
        (NOW - timedelta(minutes=30), None, True, SLOT_PAST),
        (NOW, None, True, SLOT_PAST),
        (NOW + timedelta(minutes=30), None, True, SLOT_TOO_SOON),
        (NOW + timedelta(days=1), "startup-9", True, SLOT_TAKEN),
        (NOW + timedelta(days=1), None, False, NOT_A_STARTUP),
    ],
)
def test_slot_booking(starts_at, booked_by, is_startup, expected):
    refusal = slot_booking_refusal(
        NOW, starts_at, booked_by=booked_by, booker_is_startup=is_startup, min_notice=timedelta(hours=2)
    )
    assert refusal == expected


def test_a_mentor_cannot_book_their_own_slot_for_their_startup():
    refusal = slot_booking_refusal(
        NOW, NOW + timedelta(days=1), booked_by=None, booker_is_startup=True, booker_people={7, 8}, mentor=7
    )
    assert refusal == OWN_SLOT


def test_overlapping_slots_are_found_and_touching_ones_are_fine():
    at = lambda h, m=0: datetime(2026, 3, 10, h, m, tzinfo=ICT)  # noqa: E731
    slots = [(at(9), at(10)), (at(10), at(11)), (at(10, 30), at(11, 30)), (at(14), at(15)), (at(8), at(16))]
    assert overlapping_slots(slots) == [(0, 4), (1, 2), (1, 4), (2, 4), (3, 4)]
    assert overlapping_slots(slots[:2]) == []
    with pytest.raises(ValueError):
        overlapping_slots([(at(10), at(9))])
