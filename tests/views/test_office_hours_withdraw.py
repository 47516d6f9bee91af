"""Withdrawing a slot from the mentor's page: done with a message, or refused with one (never an error
page) when its booking can no longer be cancelled."""
from datetime import timedelta

from ecosystem.extensions import db
from ecosystem.models.base import utcnow
from tests import factories as f
from tests.event_factories import make_slot


def _booked_slot(starts_at):
    mentor = f.make_person("Cố Vấn Rút", mentor_capacity=2)
    mentor_user = f.make_user("mentor", person=mentor)
    startup = f.make_org("Startup Đã Đặt")
    slot = make_slot(mentor, starts_at=starts_at, booked_org_id=startup.id, booked_at=utcnow())
    db.session.commit()
    return mentor_user, slot


def test_a_booked_slot_that_has_started_is_refused_with_a_message(client, login_as):
    mentor_user, slot = _booked_slot(utcnow() - timedelta(minutes=10))
    login_as(mentor_user)
    answer = client.post(f"/office-hours/{slot.id}/withdraw", data={"confirm": "y"}, follow_redirects=True)
    assert answer.status_code == 200
    db.session.refresh(slot)
    assert slot.withdrawn_at is None and slot.booked_org_id is not None
    assert "Khung giờ này đã qua." in answer.get_data(as_text=True)


def test_a_future_slot_is_withdrawn(client, login_as):
    mentor_user, slot = _booked_slot(utcnow() + timedelta(days=3))
    login_as(mentor_user)
    answer = client.post(f"/office-hours/{slot.id}/withdraw", data={"confirm": "y"}, follow_redirects=True)
    assert answer.status_code == 200 and "Đã rút khung giờ." in answer.get_data(as_text=True)
    db.session.refresh(slot)
    assert slot.withdrawn_at is not None and slot.booked_org_id is None
