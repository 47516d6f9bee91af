"""The check-in desk: a code works once, only around the event's time, walk-ins are added, and each
attendance of an event that has started becomes a graph tie."""
from datetime import date, timedelta

from sqlalchemy import select, update

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import Attendance, Event, Organisation, Person, Registration, User
from ecosystem.models.accounts import is_staff
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.events.capacity_rules import Checkin, Tie, attendance_ties
from ecosystem.services.events.lifecycle import to_local
from ecosystem.services.events.qr import new_checkin_code, normalise_checkin_code
from ecosystem.services.directory.relations import record_graph_change
from ecosystem.services.platform.settings import setting
from ecosystem.text import fold


class CheckinError(DomainError):
    """Why a check-in was refused (unknown code, another event, already used …); `registration` when known."""


def find_by_code(typed: str | None) -> Registration | None:
    """The registration for a typed or scanned code (forgiving of case, dashes, O/0, I/1)."""
    code = normalise_checkin_code(typed)
    if code is None:
        return None
    return db.session.scalar(select(Registration).where(Registration.checkin_code == code))


def checkin_window(event: Event) -> tuple:
    """(opens, closes): the desk accepts codes from events.checkin_opens_hours_before the start to
    events.checkin_closes_hours_after the end [setting]."""
    return (as_utc(event.starts_at) - timedelta(hours=float(setting("events.checkin_opens_hours_before"))),
            as_utc(event.ends_at) + timedelta(hours=float(setting("events.checkin_closes_hours_after"))))


def window_state(event: Event, now=None) -> str:
    """'early', 'open' or 'late' for the desk's check-in window."""
    now = as_utc(now or utcnow())
    opens, closes = checkin_window(event)
    return "early" if now < opens else "late" if now > closes else "open"


def officer_override(actor, reason: str | None) -> str | None:
    """Only an officer may check in outside the window, giving a reason; anyone else's reason is ignored."""
    return ((reason or "").strip()[:2000] or None) if is_staff(actor) else None


def _check_window(event: Event, actor, now, override: str | None, registration=None) -> None:
    """Refuse outside the window unless an officer gives a reason, which is logged."""
    state = window_state(event, now)
    if state == "open":
        return
    reason = (override or "").strip()
    if not reason:
        opens, closes = checkin_window(event)
        raise CheckinError(f"checkin_{state}", opens=opens, closes=closes,
                           registration=registration)
    log_action(actor.id if actor else None, "event.check_in.override", "event", event.id, window=state,
               reason=reason[:2000], registration=registration.id if registration else None)


def check_in(registration: Registration, actor, *, method: str = "code", admit_waiting: bool = False,
             now=None, override: str | None = None) -> Attendance:
    """Mark someone present, once: an atomic UPDATE guards against two desks scanning one code; outside
    the check-in window only with an officer's logged reason."""
    now = now or utcnow()
    event = db.session.get(Event, registration.event_id)
    _check_window(event, actor, now, override, registration)
    if registration.status == "cancelled":
        raise CheckinError("cancelled", registration=registration)
    if registration.status == "waiting" and not admit_waiting:
        raise CheckinError("waiting", registration=registration)
    claimed = db.session.execute(
        update(Registration).where(Registration.id == registration.id,
                                   Registration.checked_in_at.is_(None))
        .values(checked_in_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.refresh(registration)
        raise CheckinError("already_checked_in", registration=registration)
    db.session.refresh(registration)
    if registration.status == "waiting":  # admitted at the door: outside the online capacity
        registration.status, registration.walk_in, registration.promoted_at = "confirmed", True, now
    attendance = Attendance(
        event_id=registration.event_id, registration_id=registration.id,
        person_id=registration.person_id, startup_id=registration.startup_id,
        user_id=registration.user_id, name=registration.name, method=method,
        attended_on=to_local(as_utc(event.starts_at)).date(), checked_in_at=now,
        checked_in_by_id=actor.id if actor else None)
    db.session.add(attendance)
    db.session.flush()
    record_graph_change("attendance", attendance.id)
    log_action(actor.id if actor else None, "event.check_in", "event", registration.event_id,
               registration=registration.id, method=method)
    return attendance


def check_in_code(event: Event, typed: str, actor, now=None, override: str | None = None) -> Attendance:
    """The desk's code box: the code must be this event's."""
    registration = find_by_code(typed)
    if registration is None:
        raise CheckinError("unknown_code")
    if registration.event_id != event.id:
        raise CheckinError("wrong_event", registration=registration)
    return check_in(registration, actor, method="code", now=now, override=override)


def add_walk_in(event: Event, actor, *, name: str, email: str | None = None,
                person: Person | None = None, startup: Organisation | None = None,
                now=None, override: str | None = None) -> Attendance:
    """Someone who came without registering: recorded and checked in at once (outside capacity); outside
    the window check_in refuses and the caller rolls the new registration back."""
    user = None
    if email:
        user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if person is None and user is not None and user.person_id:
        person = db.session.get(Person, user.person_id)
    registration = Registration(
        event_id=event.id, user_id=user.id if user else None, person_id=person.id if person else None,
        startup_id=startup.id if startup else None, name=(person.full_name if person else name)[:160],
        email=(email or "").strip().lower() or None, status="confirmed", walk_in=True,
        checkin_code=new_checkin_code(), answers=[])
    db.session.add(registration)
    db.session.flush()
    return check_in(registration, actor, method="walk_in", now=now, override=override)


def search_registrations(event: Event, q: str, limit: int = 20) -> list[Registration]:
    """Name or e-mail search at the desk, accent-free ('nguyen van an' finds 'Nguyễn Văn An')."""
    key = fold(q)
    if not key:
        return []
    return list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status != "cancelled",
        Registration.search_key.contains(key)).order_by(Registration.name).limit(limit)))


def event_ties(event_id: int, as_of: date | None = None) -> list[Tie]:
    """The fading ties one event's attendance creates, weighted by the events.* settings."""
    event = db.session.get(Event, event_id)
    rows = db.session.execute(select(Attendance.person_id, Attendance.startup_id, Attendance.attended_on)
                              .where(Attendance.event_id == event_id)).all()
    if not rows or event is None or event.status == "cancelled" or as_utc(event.starts_at) > utcnow():
        return []
    return attendance_ties(
        [Checkin(person, startup) for person, startup, _day in rows], attended_on=rows[0][2],
        as_of=as_of or local_today(), half_life_days=setting("events.attendance_tie_half_life_days"),
        base_weight=setting("events.attendance_tie_base_weight"),
        full_weight_size=setting("events.attendance_tie_full_weight_size"))


def graph_ties(as_of: date | None = None) -> list[Tie]:
    """Every attendance tie, for services/graph.py to add as 'attendance' edges."""
    event_ids = db.session.scalars(select(Attendance.event_id).distinct())
    return [tie for event_id in event_ids for tie in event_ties(event_id, as_of)]
