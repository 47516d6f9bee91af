"""The reminder and feedback jobs: the right people, at the right time, once."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Attendance, Notification, OutboxMessage
from ecosystem.models.base import utcnow
from ecosystem.services.events.jobs import remind_upcoming, request_feedback
from tests import factories as f
from tests.event_factories import make_event, make_registration, make_slot

pytestmark = pytest.mark.usefixtures("app")


def kinds(user):
    return [n.kind for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id))]


def test_confirmed_registrants_are_reminded_once_within_24_hours():
    now = utcnow()
    soon_event = make_event(starts_at=now + timedelta(hours=20), title="Sắp diễn ra")
    later_event = make_event(starts_at=now + timedelta(hours=30), title="Còn xa")
    confirmed, waiting, cancelled, far = (f.make_user() for _ in range(4))
    make_registration(soon_event, confirmed)
    make_registration(soon_event, waiting, status="waiting")
    make_registration(soon_event, cancelled, status="cancelled")
    make_registration(later_event, far)
    assert remind_upcoming(now) == 1
    assert kinds(confirmed) == ["events.reminder"]
    assert kinds(waiting) == kinds(cancelled) == kinds(far) == []
    assert remind_upcoming(now + timedelta(minutes=60)) == 0, "a second run sends nothing again"
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == confirmed.email))
    assert "Sắp diễn ra" in mail.subject


def test_office_hours_remind_both_sides():
    now = utcnow()
    mentor_person = f.make_person("Cố Vấn Nhắc", mentor_capacity=2)
    mentor = f.make_user("mentor", person=mentor_person)
    startup = f.make_org("Startup Được Nhắc")
    founder = f.make_user("startup", manages=[startup])
    make_slot(mentor_person, starts_at=now + timedelta(hours=5), booked_org_id=startup.id,
              booked_by_id=founder.id)
    make_slot(mentor_person, starts_at=now + timedelta(hours=6))  # not booked: no reminder
    assert remind_upcoming(now) == 2
    assert kinds(mentor) == ["office_hours.reminder"] and kinds(founder) == ["office_hours.reminder"]
    assert remind_upcoming(now) == 0


def test_feedback_is_requested_after_the_delay_from_attendees_with_an_account_once():
    now = utcnow()
    event = make_event(starts_at=now - timedelta(hours=5), hours=2)  # ended 3 hours ago
    fresh = make_event(starts_at=now - timedelta(hours=2), hours=1.5)  # ended 30 minutes ago
    attendee, absentee, early = f.make_user(), f.make_user(), f.make_user()
    came = make_registration(event, attendee)
    make_registration(event, absentee)
    for registration, ev in ((came, event), (make_registration(fresh, early), fresh)):
        db.session.add(Attendance(event_id=ev.id, registration_id=registration.id,
                                  user_id=registration.user_id, name=registration.name,
                                  attended_on=ev.starts_at.date(), method="code"))
    db.session.add(Attendance(event_id=event.id, name="Khách vãng lai", attended_on=event.starts_at.date(),
                              method="walk_in"))
    db.session.flush()
    assert request_feedback(now) == 1
    assert kinds(attendee) == ["events.feedback"]
    assert kinds(absentee) == kinds(early) == []
    assert request_feedback(now) == 0
