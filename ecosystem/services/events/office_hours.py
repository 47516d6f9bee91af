"""Mentors' office hours: publish slots, a startup books one, never twice (atomic conditional UPDATE)."""
from datetime import datetime, timedelta

from flask_babel import format_datetime, gettext as _
from sqlalchemy import select, update

from ecosystem.extensions import db
from ecosystem.models import OfficeHourSlot, Organisation, User
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.events import capacity_rules as rules
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.events.lifecycle import from_local
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.settings import setting
from ecosystem.validators import is_web_url


class SlotError(DomainError):
    """A refused office-hour slot, booking or cancellation."""


def publish_slots(mentor_id: int, first_start_local: datetime, minutes: int, count: int, actor, *,
                  place: str | None = None, online_url: str | None = None, note: str | None = None,
                  now=None) -> list[OfficeHourSlot]:
    """`count` consecutive slots of `minutes` from a local start; refuses the past and overlaps."""
    if minutes <= 0 or not 1 <= count <= 20:
        raise SlotError("bad_length")
    if not place and not online_url:
        raise SlotError("needs_place")
    if online_url and not is_web_url(online_url):
        raise SlotError("unsafe_url")
    start = from_local(first_start_local)
    if start <= (now or utcnow()):
        raise SlotError(rules.SLOT_PAST)
    new = [(start + timedelta(minutes=minutes * i), start + timedelta(minutes=minutes * (i + 1)))
           for i in range(count)]
    existing = [(as_utc(s.starts_at), as_utc(s.ends_at)) for s in db.session.scalars(
        select(OfficeHourSlot).where(OfficeHourSlot.mentor_id == mentor_id,
                                     OfficeHourSlot.withdrawn_at.is_(None),
                                     OfficeHourSlot.ends_at > start))]
    clashes = rules.overlapping_slots(existing + new)
    if any(j >= len(existing) for _i, j in clashes):
        raise SlotError("overlap")
    slots = [OfficeHourSlot(mentor_id=mentor_id, starts_at=s, ends_at=e, place=place,
                            online_url=online_url, note=note) for s, e in new]
    db.session.add_all(slots)
    db.session.flush()
    log_action(actor.id if actor else None, "office_hours.publish", "person", mentor_id, count=count)
    return slots


def mentor_users(mentor_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(User.person_id == mentor_id)))


def book_slot(slot: OfficeHourSlot, startup: Organisation, user, topic: str | None = None,
              now=None) -> OfficeHourSlot:
    """Claim a slot for a startup; of two simultaneous bookings exactly one UPDATE matches a row."""
    now = now or utcnow()
    if slot.withdrawn_at is not None:
        raise SlotError("withdrawn")
    if startup.id not in user.managed_org_ids:
        raise SlotError("not_your_startup")
    refusal = rules.slot_booking_refusal(
        now, as_utc(slot.starts_at), booked_by=slot.booked_org_id,
        booker_is_startup=startup.kind == "startup",
        min_notice=timedelta(hours=setting("events.office_hours_min_notice_hours")),
        booker_people={user.person_id} if user.person_id else set(), mentor=slot.mentor_id)
    if refusal:
        raise SlotError(refusal)
    claimed = db.session.execute(
        update(OfficeHourSlot).where(OfficeHourSlot.id == slot.id,
                                     OfficeHourSlot.booked_org_id.is_(None),
                                     OfficeHourSlot.withdrawn_at.is_(None))
        .values(booked_org_id=startup.id, booked_by_id=user.id, booked_at=now,
                topic=(topic or "").strip()[:2000] or None)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise SlotError(rules.SLOT_TAKEN)
    db.session.refresh(slot)
    log_action(user.id, "office_hours.book", "office_hour_slot", slot.id, startup=startup.id)
    _tell(mentor_users(slot.mentor_id), slot, "office_hours.booked",
          lambda: (_("Có startup đặt giờ tư vấn của bạn"),
                   _("%(startup)s đã đặt giờ tư vấn lúc %(when)s. Chủ đề: %(topic)s",
                     startup=startup.name, when=slot_when(slot), topic=slot.topic or "—")))
    return slot


def cancel_booking(slot: OfficeHourSlot, actor, now=None) -> None:
    """The startup or the mentor frees a booked slot before it starts; the other side is told."""
    if slot.booked_org_id is None:
        raise SlotError("not_booked")
    if as_utc(slot.starts_at) <= (now or utcnow()):
        raise SlotError(rules.SLOT_PAST)
    booker = slot.booked_by
    slot.booked_org_id = slot.booked_by_id = slot.booked_at = slot.topic = None
    log_action(actor.id, "office_hours.cancel_booking", "office_hour_slot", slot.id)
    others = [u for u in mentor_users(slot.mentor_id) + [booker] if u is not None and u.id != actor.id]
    _tell(others, slot, "office_hours.cancelled",
          lambda: (_("Lịch tư vấn đã bị huỷ"),
                   _("Buổi tư vấn lúc %(when)s đã được huỷ.", when=slot_when(slot))))
    db.session.flush()


def withdraw_slot(slot: OfficeHourSlot, actor, now=None) -> None:
    """The mentor removes a slot; a startup that had booked it is told."""
    if slot.booked_org_id is not None:
        cancel_booking(slot, actor, now)
    slot.withdrawn_at = now or utcnow()
    log_action(actor.id, "office_hours.withdraw", "office_hour_slot", slot.id)
    db.session.flush()


def slot_when(slot: OfficeHourSlot) -> str:
    return format_datetime(as_utc(slot.starts_at), "HH:mm dd/MM/yyyy")


def _tell(users, slot: OfficeHourSlot, kind: str, compose) -> None:
    users = [u for u in users if u is not None]
    attachments = [slot_ics(slot, users[0].locale if users else "vi")] if kind == "office_hours.booked" else None
    notify(users, kind, compose, link="/office-hours/mine",
           attachments=attachments)


def slot_ics(slot: OfficeHourSlot, locale: str = "vi"):
    """The booked slot as an .ics attachment, so the meeting lands in the calendar from the e-mail."""
    from flask import current_app
    from flask_babel import force_locale
    from ecosystem.services.events.ical import IcsEvent, event_ics
    from ecosystem.services.platform.mail import Attachment
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    with force_locale(locale or "vi"):
        summary = _("Giờ cố vấn")
    body = event_ics(IcsEvent(uid=f"office-hours-{slot.id}@sokhcn", starts_at=as_utc(slot.starts_at),
                              ends_at=as_utc(slot.ends_at), summary=summary,
                              url=f"{base}/office-hours/mine", status="CONFIRMED"),
                     dtstamp=utcnow(), local_tz=current_app.config["TIMEZONE"])
    return Attachment(f"office-hours-{slot.id}.ics", "text/calendar", body.encode("utf-8"))


def open_slots(mentor_id: int | None = None, now=None, limit: int = 200) -> list[OfficeHourSlot]:
    query = select(OfficeHourSlot).where(OfficeHourSlot.withdrawn_at.is_(None),
                                         OfficeHourSlot.booked_org_id.is_(None),
                                         OfficeHourSlot.starts_at > (now or utcnow()))
    if mentor_id:
        query = query.where(OfficeHourSlot.mentor_id == mentor_id)
    return list(db.session.scalars(query.order_by(OfficeHourSlot.starts_at).limit(limit)))


def slots_of_mentor(mentor_id: int) -> list[OfficeHourSlot]:
    since = utcnow() - timedelta(days=30)
    return list(db.session.scalars(select(OfficeHourSlot).where(
        OfficeHourSlot.mentor_id == mentor_id, OfficeHourSlot.withdrawn_at.is_(None),
        OfficeHourSlot.ends_at >= since).order_by(OfficeHourSlot.starts_at)))


def bookings_of(org_ids) -> list[OfficeHourSlot]:
    if not org_ids:
        return []
    since = utcnow() - timedelta(days=30)
    return list(db.session.scalars(select(OfficeHourSlot).where(
        OfficeHourSlot.booked_org_id.in_(org_ids), OfficeHourSlot.ends_at >= since)
        .order_by(OfficeHourSlot.starts_at)))
