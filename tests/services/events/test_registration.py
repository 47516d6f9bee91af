"""Capacity and waiting-list rules, on hand-built cases and as properties over random register/cancel runs."""
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.services.events.capacity_rules import (
    ALREADY_REGISTERED,
    CANCELLED,
    CAPACITY_BELOW_CONFIRMED,
    CONFIRMED,
    REFUSED,
    WAITING,
    Decision,
    Registration,
    capacity_change_refusal,
    decide_registration,
    fill_free_places,
    free_places,
    on_cancel,
    waiting_position,
)


def regs(*rows):
    """Registrations from (registrant, status) rows, in queue order."""
    return [Registration(key=i, registrant=who, status=status, order=i) for i, (who, status) in enumerate(rows)]


def test_confirms_while_places_are_free():
    assert decide_registration(2, regs(("an", CONFIRMED)), "binh") == Decision(CONFIRMED)


def test_waits_when_full_with_position_at_end_of_queue():
    current = regs(("an", CONFIRMED), ("binh", CONFIRMED), ("chi", WAITING))
    assert decide_registration(2, current, "dung") == Decision(WAITING, waiting_position=2)


def test_capacity_zero_puts_everyone_on_the_waiting_list():
    assert decide_registration(0, [], "an") == Decision(WAITING, waiting_position=1)


def test_unlimited_capacity_always_confirms():
    current = regs(*[(f"p{i}", CONFIRMED) for i in range(500)])
    assert decide_registration(None, current, "new").status == CONFIRMED


def test_cancelled_places_are_free_again_and_cancelled_people_may_come_back():
    current = regs(("an", CANCELLED), ("binh", CONFIRMED))
    assert free_places(2, current) == 1
    assert decide_registration(2, current, "an") == Decision(CONFIRMED)


def test_refuses_a_second_active_registration():
    current = regs(("an", WAITING))
    assert decide_registration(5, current, "an") == Decision(REFUSED, reason=ALREADY_REGISTERED)


def test_does_not_jump_the_queue_when_a_place_is_free_but_people_wait():
    """After a capacity rise the queue is served first: a newcomer joins behind it."""
    current = regs(("an", CONFIRMED), ("binh", WAITING))
    assert decide_registration(2, current, "chi") == Decision(WAITING, waiting_position=2)
    assert [r.registrant for r in fill_free_places(2, current)] == ["binh"]


def test_cancelling_a_confirmed_place_promotes_the_earliest_waiting():
    current = regs(("an", CONFIRMED), ("binh", WAITING), ("chi", WAITING))
    promoted = on_cancel(1, current, cancelled_key=0)
    assert promoted is not None and promoted.registrant == "binh"


def test_cancelling_a_waiting_place_promotes_nobody_and_shifts_positions():
    current = regs(("an", CONFIRMED), ("binh", WAITING), ("chi", WAITING))
    assert on_cancel(1, current, cancelled_key=1) is None
    after = [replace(r, status=CANCELLED) if r.key == 1 else r for r in current]
    assert waiting_position(after, 2) == 1
    assert waiting_position(after, 0) is None


def test_cancelling_twice_or_unknown():
    current = regs(("an", CANCELLED), ("binh", WAITING))
    assert on_cancel(1, current, cancelled_key=0) is None
    with pytest.raises(KeyError):
        on_cancel(1, current, cancelled_key=99)


def test_capacity_cannot_drop_below_confirmed():
    current = regs(("an", CONFIRMED), ("binh", CONFIRMED), ("chi", WAITING))
    assert capacity_change_refusal(1, current) == CAPACITY_BELOW_CONFIRMED
    assert capacity_change_refusal(2, current) is None
    assert capacity_change_refusal(None, current) is None


def test_negative_capacity_is_an_error():
    with pytest.raises(ValueError):
        decide_registration(-1, [], "an")


# ---- properties over random sequences ---------------------------------------------------------

PEOPLE = st.integers(min_value=0, max_value=11)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("register"), PEOPLE),
        st.tuples(st.just("cancel"), PEOPLE),
        st.tuples(st.just("raise"), st.integers(min_value=1, max_value=3)),
    ),
    max_size=80,
)


class Event:
    """A test double of the service layer: applies the pure decisions to an in-memory list."""

    def __init__(self, capacity):
        self.capacity = capacity
        self.rows: list[Registration] = []

    def set_status(self, key, status):
        self.rows = [replace(r, status=status) if r.key == key else r for r in self.rows]

    def register(self, person):
        decision = decide_registration(self.capacity, self.rows, person)
        if decision.status != REFUSED:
            key = len(self.rows)
            self.rows.append(Registration(key, person, decision.status, order=key))
            if decision.status == WAITING:
                assert waiting_position(self.rows, key) == decision.waiting_position
        return decision

    def cancel(self, person):
        active = [r for r in self.rows if r.registrant == person and r.status in (CONFIRMED, WAITING)]
        if not active:
            return None, None
        waiting_before = sorted((r for r in self.rows if r.status == WAITING), key=lambda r: r.order)
        promoted = on_cancel(self.capacity, self.rows, active[0].key)
        self.set_status(active[0].key, CANCELLED)
        if promoted is not None:
            self.set_status(promoted.key, CONFIRMED)
        return waiting_before, (active[0], promoted)

    def raise_capacity(self, by):
        if self.capacity is None:
            return []
        self.capacity += by
        promoted = fill_free_places(self.capacity, self.rows)
        for registration in promoted:
            self.set_status(registration.key, CONFIRMED)
        return promoted


def check_invariants(event: Event):
    confirmed = [r for r in event.rows if r.status == CONFIRMED]
    waiting = [r for r in event.rows if r.status == WAITING]
    if event.capacity is not None:
        assert len(confirmed) <= event.capacity, "over-booked"
    if waiting:
        assert free_places(event.capacity, event.rows) == 0, "someone waits while a place is free"
        assert max(r.order for r in confirmed or [Registration(-1, None, CONFIRMED, -1)]) < min(
            r.order for r in waiting
        ), "a later registration holds a place an earlier one waits for"
    active = [r.registrant for r in confirmed + waiting]
    assert len(active) == len(set(active)), "someone registered twice"
    positions = sorted(waiting_position(event.rows, r.key) for r in waiting)
    assert positions == list(range(1, len(waiting) + 1))


@settings(max_examples=300, deadline=None)
@given(capacity=st.one_of(st.none(), st.integers(min_value=0, max_value=6)), operations=OPERATIONS)
def test_random_register_cancel_sequences_keep_every_rule(capacity, operations):
    event = Event(capacity)
    for operation, value in operations:
        if operation == "register":
            already = any(r.registrant == value and r.status in (CONFIRMED, WAITING) for r in event.rows)
            decision = event.register(value)
            assert (decision.status == REFUSED) == already
        elif operation == "cancel":
            waiting_before, outcome = event.cancel(value)
            if outcome is not None:
                cancelled, promoted = outcome
                if cancelled.status == CONFIRMED and waiting_before:
                    assert promoted == waiting_before[0], "promotion is not first come, first served"
                else:
                    assert promoted is None
        else:
            event.raise_capacity(value)
        check_invariants(event)


@settings(max_examples=100, deadline=None)
@given(capacity=st.integers(min_value=0, max_value=30), crowd=st.integers(min_value=0, max_value=60))
def test_a_rush_ends_with_capacity_confirmed_and_the_rest_waiting_in_order(capacity, crowd):
    event = Event(capacity)
    for person in range(crowd):
        event.register(person)
    confirmed = [r.registrant for r in event.rows if r.status == CONFIRMED]
    waiting = [r.registrant for r in event.rows if r.status == WAITING]
    assert confirmed == list(range(min(capacity, crowd)))
    assert waiting == list(range(min(capacity, crowd), crowd))
