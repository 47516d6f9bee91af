"""Scheduled jobs of events (table in ecosystem/jobs.py): reminders before, feedback requests after.

Each message is keyed in sent_reminders, so an hourly job that runs again sends nothing twice.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Attendance, Event, OfficeHourSlot, Registration, SentReminder, User
from ecosystem.models.base import utcnow
from ecosystem.services.events.registration import ticket_link, when_text
from ecosystem.services.platform.notifications import notify
from ecosystem.services.events.office_hours import mentor_users, slot_when
from ecosystem.services.events.qr import format_checkin_code
from ecosystem.services.platform.settings import setting


def once(key: str) -> bool:
    """True the first time a key is seen (and records it); False ever after."""
    if db.session.scalar(select(SentReminder.id).where(SentReminder.key == key)) is not None:
        return False
    db.session.add(SentReminder(key=key))
    db.session.flush()
    return True


def remind_upcoming(now=None) -> int:
    """Confirmed registrants of events, and both sides of booked office hours, starting soon."""
    now = now or utcnow()
    horizon = now + timedelta(hours=setting("events.reminder_hours_before"))
    sent = 0
    rows = db.session.execute(select(Registration, Event).join(Event).where(
        Event.status == "published", Event.starts_at > now, Event.starts_at <= horizon,
        Registration.status == "confirmed", Registration.user_id.is_not(None),
        Registration.checked_in_at.is_(None))).all()
    for registration, event in rows:
        if not once(f"events.remind:{registration.id}"):
            continue
        notify([db.session.get(User, registration.user_id)], "events.reminder",
               lambda e=event, r=registration: (
                   _("Nhắc lịch: %(title)s", title=e.title),
                   _("Sự kiện %(title)s bắt đầu lúc %(when)s tại %(place)s. Mã check-in: %(code)s.",
                     title=e.title, when=when_text(e),
                     place=", ".join(p for p in (e.venue, e.online_url) if p),
                     code=format_checkin_code(r.checkin_code))),
               link=ticket_link(registration))
        sent += 1
    return sent + _remind_office_hours(now)


def _remind_office_hours(now) -> int:
    horizon = now + timedelta(hours=setting("events.office_hours_reminder_hours_before"))
    slots = db.session.scalars(select(OfficeHourSlot).where(
        OfficeHourSlot.booked_org_id.is_not(None), OfficeHourSlot.withdrawn_at.is_(None),
        OfficeHourSlot.starts_at > now, OfficeHourSlot.starts_at <= horizon))
    sent = 0
    for slot in slots:
        sides = {"mentor": mentor_users(slot.mentor_id), "startup": [slot.booked_by]}
        for side, users in sides.items():
            if not once(f"office_hours.remind:{slot.id}:{side}"):
                continue
            notify([u for u in users if u is not None], "office_hours.reminder",
                   lambda s=slot: (_("Nhắc lịch tư vấn lúc %(when)s", when=slot_when(s)),
                                   _("Buổi tư vấn giữa %(mentor)s và %(startup)s lúc %(when)s, %(place)s.",
                                     mentor=s.mentor.full_name, startup=s.booked_org.name,
                                     when=slot_when(s),
                                     place=", ".join(p for p in (s.place, s.online_url) if p))),
                   link="/office-hours/mine")
            sent += 1
    return sent


def request_feedback(now=None) -> int:
    """Attendees with an account get the feedback form once the event is over (after a delay)."""
    now = now or utcnow()
    ended_before = now - timedelta(hours=setting("events.feedback_delay_hours"))
    ended_after = now - timedelta(days=setting("events.feedback_open_days"))
    rows = db.session.execute(select(Attendance, Event).join(Event).where(
        Event.status == "published", Event.ends_at <= ended_before, Event.ends_at > ended_after,
        Attendance.user_id.is_not(None))).all()
    sent = 0
    for attendance, event in rows:
        if not once(f"events.feedback:{attendance.id}"):
            continue
        notify([db.session.get(User, attendance.user_id)], "events.feedback",
               lambda e=event: (_("Góp ý cho sự kiện %(title)s", title=e.title),
                                _("Cảm ơn bạn đã tham dự %(title)s. Bạn chấm sự kiện mấy sao? Chỉ mất "
                                  "một phút.", title=e.title)),
               link=f"/events/attendance/{attendance.id}/feedback")
        sent += 1
    return sent
