"""Event rules as plain data in, plain data out, so capacity and fairness are provable without a database."""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import combinations

CONFIRMED = "confirmed"
WAITING = "waiting"
CANCELLED = "cancelled"
REFUSED = "refused"
ACTIVE = frozenset({CONFIRMED, WAITING})

PUBLIC = "public"
MEMBERS_ONLY = "members_only"
INVITED = "invited"
AUDIENCES = (PUBLIC, MEMBERS_ONLY, INVITED)

# Reason codes returned when something is refused; views/_event_messages.py puts them into words.
ALREADY_REGISTERED = "already_registered"
NOT_OPEN_YET = "registration_not_open"
CLOSED = "registration_closed"
EVENT_STARTED = "event_started"
MEMBERS_REQUIRED = "members_only"
INVITATION_REQUIRED = "invitation_required"
SLOT_PAST = "slot_past"
SLOT_TOO_SOON = "slot_too_soon"
SLOT_TAKEN = "slot_taken"
NOT_A_STARTUP = "not_a_startup"
OWN_SLOT = "own_slot"
CAPACITY_BELOW_CONFIRMED = "capacity_below_confirmed"


@dataclass(frozen=True)
class Registration:
    """One registration: `order` is its place in the queue (creation order), unique per event."""

    key: Hashable
    registrant: Hashable
    status: str
    order: int


@dataclass(frozen=True)
class Decision:
    """Outcome of a registration request; `waiting_position` is 1-based, `reason` set when refused."""

    status: str
    waiting_position: int | None = None
    reason: str | None = None


def _queue(registrations: Iterable[Registration], status: str) -> list[Registration]:
    return sorted((r for r in registrations if r.status == status), key=lambda r: r.order)


def free_places(capacity: int | None, registrations: Iterable[Registration]) -> int | None:
    """Places left (None = unlimited); never negative even if capacity was lowered below the confirmed count."""
    if capacity is None:
        return None
    confirmed = sum(1 for r in registrations if r.status == CONFIRMED)
    return max(0, capacity - confirmed)


def waiting_position(registrations: Iterable[Registration], key: Hashable) -> int | None:
    """1-based position of a waiting registration in the FIFO queue, None if it is not waiting."""
    for position, registration in enumerate(_queue(registrations, WAITING), start=1):
        if registration.key == key:
            return position
    return None


def decide_registration(
    capacity: int | None, registrations: Sequence[Registration], registrant: Hashable
) -> Decision:
    """Confirm while a place is free and nobody queues ahead; otherwise join the end of the waiting list."""
    if capacity is not None and capacity < 0:
        raise ValueError("capacity must be >= 0 or None")
    if any(r.registrant == registrant and r.status in ACTIVE for r in registrations):
        return Decision(REFUSED, reason=ALREADY_REGISTERED)
    places = free_places(capacity, registrations)
    waiting = _queue(registrations, WAITING)
    if places is None or (places > 0 and not waiting):
        return Decision(CONFIRMED)
    return Decision(WAITING, waiting_position=len(waiting) + 1)


def fill_free_places(capacity: int | None, registrations: Sequence[Registration]) -> list[Registration]:
    """Waiting registrations to promote, first come first served, so nobody waits while a place is free."""
    waiting = _queue(registrations, WAITING)
    places = free_places(capacity, registrations)
    return waiting if places is None else waiting[:places]


def capacity_change_refusal(new_capacity: int | None, registrations: Iterable[Registration]) -> str | None:
    """Reason code when a new capacity would leave confirmed people without a place."""
    if new_capacity is None:
        return None
    if new_capacity < 0:
        raise ValueError("capacity must be >= 0 or None")
    confirmed = sum(1 for r in registrations if r.status == CONFIRMED)
    return CAPACITY_BELOW_CONFIRMED if new_capacity < confirmed else None


def on_cancel(
    capacity: int | None, registrations: Sequence[Registration], cancelled_key: Hashable
) -> Registration | None:
    """The waiting registration promoted when `cancelled_key` is cancelled (FIFO), or None."""
    target = next((r for r in registrations if r.key == cancelled_key), None)
    if target is None:
        raise KeyError(cancelled_key)
    if target.status not in ACTIVE:
        return None
    after = [replace(r, status=CANCELLED) if r.key == cancelled_key else r for r in registrations]
    promoted = fill_free_places(capacity, after)
    return promoted[0] if promoted else None


def registration_window_refusal(
    now: datetime, starts_at: datetime, opens_at: datetime | None = None, closes_at: datetime | None = None
) -> str | None:
    """Reason code when `now` is outside the registration window; it closes at the start at the latest."""
    if opens_at is not None and now < opens_at:
        return NOT_OPEN_YET
    if now >= starts_at:
        return EVENT_STARTED
    if closes_at is not None and now >= closes_at:
        return CLOSED
    return None


def audience_refusal(audience: str, *, is_member: bool, is_invited: bool, is_organiser: bool = False) -> str | None:
    """Reason code when this audience excludes the person; an invitation or organising role always admits."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    if audience == PUBLIC or is_invited or is_organiser:
        return None
    if audience == MEMBERS_ONLY:
        return None if is_member else MEMBERS_REQUIRED
    return INVITATION_REQUIRED


def slot_booking_refusal(
    now: datetime,
    starts_at: datetime,
    *,
    booked_by: Hashable | None,
    booker_is_startup: bool,
    min_notice: timedelta = timedelta(0),
    booker_people: Iterable[Hashable] = (),
    mentor: Hashable | None = None,
) -> str | None:
    """Reason code when an office-hour slot cannot be booked: past, too soon, taken, wrong booker."""
    if not booker_is_startup:
        return NOT_A_STARTUP
    if mentor is not None and mentor in set(booker_people):
        return OWN_SLOT
    if starts_at <= now:
        return SLOT_PAST
    if starts_at - now < min_notice:
        return SLOT_TOO_SOON
    if booked_by is not None:
        return SLOT_TAKEN
    return None


def overlapping_slots(slots: Iterable[tuple[datetime, datetime]]) -> list[tuple[int, int]]:
    """Index pairs of one mentor's slots that overlap (touching ends do not), to refuse before saving."""
    indexed = sorted(enumerate(slots), key=lambda item: item[1][0])
    clashes: list[tuple[int, int]] = []
    for pos, (i, (start_i, end_i)) in enumerate(indexed):
        if end_i <= start_i:
            raise ValueError(f"slot {i} ends before it starts")
        for j, (start_j, _end_j) in indexed[pos + 1:]:
            if start_j >= end_i:
                break
            clashes.append((min(i, j), max(i, j)))
    return sorted(clashes)


# ---- attendance ties -------------------------------------------------------------------------

@dataclass(frozen=True)
class Checkin:
    """One attendee: a person and, if they came for one, the startup they represented (either may be
    missing: an account without a directory person still ties its startup)."""

    person: Hashable | None
    startup: Hashable | None = None


@dataclass(frozen=True)
class Tie:
    """An undirected attendance edge between two graph nodes such as ('person', 7) and ('org', 3)."""

    a: tuple[str, Hashable]
    b: tuple[str, Hashable]
    attended_on: date
    weight: float


def fade(age_days: float, half_life_days: float) -> float:
    """Weight multiplier halving every `half_life_days`; a future date counts as today."""
    if half_life_days <= 0:
        raise ValueError("half_life_days must be > 0")
    return 0.5 ** (max(0.0, age_days) / half_life_days)


def attendance_ties(
    checkins: Iterable[Checkin],
    *,
    attended_on: date,
    as_of: date,
    half_life_days: float,
    base_weight: float = 1.0,
    full_weight_size: int | None = None,
) -> list[Tie]:
    """Every pair of distinct attendees (people and represented startups) becomes a fading tie.

    A person is not tied to the startup they represented (that is membership, not a meeting). With
    `full_weight_size`, events with more nodes than that weigh less: a crowd of 500 is not a workshop.
    """
    nodes: set[tuple[str, Hashable]] = set()
    represents: set[frozenset] = set()
    for checkin in checkins:
        person = ("person", checkin.person) if checkin.person is not None else None
        startup = ("org", checkin.startup) if checkin.startup is not None else None
        nodes.update(node for node in (person, startup) if node is not None)
        if person and startup:
            represents.add(frozenset((person, startup)))
    weight = base_weight * fade((as_of - attended_on).days, half_life_days)
    if full_weight_size is not None and len(nodes) > full_weight_size:
        weight *= full_weight_size / len(nodes)
    ordered = sorted(nodes, key=repr)
    return [
        Tie(a, b, attended_on, weight)
        for a, b in combinations(ordered, 2)
        if frozenset((a, b)) not in represents
    ]


def combine_ties(ties: Iterable[Tie]) -> dict[frozenset, tuple[float, date]]:
    """Sum the weights of repeated meetings per pair and keep the latest date, for one graph edge per pair."""
    combined: dict[frozenset, tuple[float, date]] = {}
    for tie in ties:
        pair = frozenset((tie.a, tie.b))
        weight, last = combined.get(pair, (0.0, tie.attended_on))
        combined[pair] = (weight + tie.weight, max(last, tie.attended_on))
    return combined
