"""Events test data in one line each: an event at a given local time, registrations, slots."""
from datetime import datetime, timedelta, timezone

from ecosystem.extensions import db
from ecosystem.models import Event, OfficeHourSlot, Registration
from ecosystem.services.events.qr import new_checkin_code
from tests import factories as f

HCMC = timezone(timedelta(hours=7))


def soon(days: float = 7, hour: int = 19) -> datetime:
    """A local (UTC+7) time some days ahead, at a round hour."""
    day = (datetime.now(HCMC) + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=HCMC)


def make_event(organiser=None, *, starts_at=None, hours: float = 2, capacity=None, **fields) -> Event:
    organiser = organiser or f.make_org("CLB Khởi nghiệp Thử", kind="club")
    starts_at = starts_at or soon()
    event = Event(kind=fields.pop("kind", "workshop"), title=fields.pop("title", "Hội thảo Thử nghiệm"),
                  organiser_id=organiser.id, starts_at=starts_at,
                  ends_at=starts_at + timedelta(hours=hours), capacity=capacity,
                  venue=fields.pop("venue", "Trung tâm ĐMST, Thủ Dầu Một"),
                  audience=fields.pop("audience", "public"), status=fields.pop("status", "published"),
                  questions=fields.pop("questions", []), **fields)
    db.session.add(event)
    db.session.flush()
    return event


def begin(event, minutes_ago: float = 30) -> Event:
    """Move an event so it started some minutes ago (same length): the desk's window is open."""
    length = event.ends_at - event.starts_at
    event.starts_at = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    event.ends_at = event.starts_at + length
    db.session.flush()
    return event


def make_registration(event, user=None, status: str = "confirmed", **fields) -> Registration:
    user = user if user is not None else f.make_user("startup")
    registration = Registration(
        event_id=event.id, user_id=user.id, active_user_id=user.id if status != "cancelled" else None,
        person_id=user.person_id, name=fields.pop("name", user.email), email=user.email,
        status=status, checkin_code=new_checkin_code(), answers=fields.pop("answers", []), **fields)
    db.session.add(registration)
    db.session.flush()
    return registration


def make_slot(mentor, *, starts_at=None, minutes: int = 30, **fields) -> OfficeHourSlot:
    starts_at = starts_at or soon(3, 9)
    slot = OfficeHourSlot(mentor_id=mentor.id, starts_at=starts_at,
                          ends_at=starts_at + timedelta(minutes=minutes),
                          place=fields.pop("place", "Vườn ươm Thử"), **fields)
    db.session.add(slot)
    db.session.flush()
    return slot
