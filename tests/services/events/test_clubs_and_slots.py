"""Clubs (membership requests → club_member ties), office-hour slots and event feedback."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Attendance, GraphChange, Notification
from ecosystem.models.base import utcnow
from ecosystem.services.events import clubs
from ecosystem.services.events import office_hours
from ecosystem.services.events.feedback import FeedbackError, feedback_summary, submit_feedback
from tests import factories as f
from tests.event_factories import make_event, make_registration, make_slot

pytestmark = pytest.mark.usefixtures("app")


def test_joining_a_club_for_oneself_or_a_startup_and_the_coordinator_deciding():
    club = f.make_org("CLB Khởi nghiệp Dĩ An", kind="club")
    coordinator = f.make_user("coordinator", manages=[club])
    person = f.make_person("Võ Thị Muốn Vào")
    user = f.make_user("startup", person=person)
    startup = f.make_org("Startup Muốn Vào")
    founder = f.make_user("startup", manages=[startup])
    own = clubs.request_membership(club, user, message="Em là sinh viên TDMU")
    for_startup = clubs.request_membership(club, founder, org=startup)
    with pytest.raises(clubs.ClubError) as error:
        clubs.request_membership(club, user)
    assert error.value.code == "already_requested"
    assert db.session.scalar(select(Notification.title).where(Notification.user_id == coordinator.id))
    rel = clubs.decide_request(own, True, coordinator)
    clubs.decide_request(for_startup, False, coordinator)
    assert (rel.kind, rel.source_person_id, rel.target_org_id) == ("club_member", person.id, club.id)
    assert db.session.scalar(select(GraphChange).where(GraphChange.ref_id == rel.id)) is not None
    assert [m.id for m in clubs.members(club)] == [rel.id]
    assert clubs.pending_requests(club) == []
    with pytest.raises(clubs.ClubError):
        clubs.request_membership(club, user)  # already a member
    with pytest.raises(clubs.ClubError):
        clubs.decide_request(own, False, coordinator)  # already decided


def test_a_request_needs_a_person_or_an_own_startup():
    club = f.make_org("CLB", kind="club")
    with pytest.raises(clubs.ClubError) as error:
        clubs.request_membership(club, f.make_user())
    assert error.value.code == "needs_person"
    with pytest.raises(clubs.ClubError) as error:
        clubs.request_membership(club, f.make_user(), org=f.make_org("Của người khác"))
    assert error.value.code == "not_your_org"


def test_publishing_slots_refuses_overlaps_and_the_past():
    from ecosystem.services.events.lifecycle import to_local
    mentor = f.make_person("Cố Vấn Lịch", mentor_capacity=2)
    actor = f.make_user("mentor", person=mentor)
    start = to_local(utcnow() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    slots = office_hours.publish_slots(mentor.id, start, 30, 4, actor, place="Vườn ươm")
    assert [(s.ends_at - s.starts_at) for s in slots] == [timedelta(minutes=30)] * 4
    with pytest.raises(office_hours.SlotError) as error:
        office_hours.publish_slots(mentor.id, start.replace(hour=10, minute=15), 30, 1, actor, place="x")
    assert error.value.code == "overlap"
    assert office_hours.publish_slots(mentor.id, start.replace(hour=11), 30, 1, actor, place="x")
    with pytest.raises(office_hours.SlotError) as error:
        office_hours.publish_slots(mentor.id, start - timedelta(days=5), 30, 1, actor, place="x")
    assert error.value.code == "slot_past"


def test_booking_rules_and_cancelling_frees_the_slot():
    mentor = f.make_person("Cố Vấn", mentor_capacity=2)
    mentor_user = f.make_user("mentor", person=mentor)
    startup, other = f.make_org("Startup Một"), f.make_org("Startup Hai")
    founder, rival = f.make_user("startup", manages=[startup]), f.make_user("startup", manages=[other])
    slot = make_slot(mentor)
    office_hours.book_slot(slot, startup, founder, "Định giá")
    assert slot.booked_org_id == startup.id
    with pytest.raises(office_hours.SlotError) as error:
        office_hours.book_slot(slot, other, rival)
    assert error.value.code == "slot_taken"
    with pytest.raises(office_hours.SlotError) as error:
        office_hours.book_slot(make_slot(mentor, starts_at=utcnow() + timedelta(minutes=30)), startup, founder)
    assert error.value.code == "slot_too_soon"  # events.office_hours_min_notice_hours = 2
    with pytest.raises(office_hours.SlotError) as error:
        office_hours.book_slot(make_slot(mentor, starts_at=utcnow() + timedelta(days=5)),
                               f.make_org("CLB", kind="club"), f.make_user())
    assert error.value.code == "not_your_startup"
    office_hours.cancel_booking(slot, founder)
    assert slot.booked_org_id is None
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == mentor_user.id,
                                                              Notification.kind == "office_hours.cancelled"))
    office_hours.book_slot(slot, other, rival)
    assert slot.booked_org_id == other.id


def test_feedback_once_after_the_event_and_the_summary():
    event = make_event(starts_at=utcnow() - timedelta(hours=3), hours=2)
    users = [f.make_user() for _ in range(3)]
    attendances = []
    for user in users:
        registration = make_registration(event, user)
        attendance = Attendance(event_id=event.id, registration_id=registration.id, user_id=user.id,
                                name=user.email, attended_on=event.starts_at.date(), method="code")
        db.session.add(attendance)
        attendances.append(attendance)
    db.session.flush()
    submit_feedback(attendances[0], users[0], 5, "Rất hữu ích")
    submit_feedback(attendances[1], users[1], 3, "  ")
    with pytest.raises(FeedbackError) as error:
        submit_feedback(attendances[0], users[0], 4, "lần hai")
    assert error.value.code == "already_given"
    with pytest.raises(FeedbackError) as error:
        submit_feedback(attendances[2], users[0], 4, None)
    assert error.value.code == "not_yours"
    summary = feedback_summary(event)
    assert summary["count"] == 2 and summary["attendees"] == 3 and summary["mean"] == 4.0
    assert summary["distribution"] == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}
    assert summary["comments"] == ["Rất hữu ích"]


def test_feedback_is_not_open_before_the_end():
    event = make_event()
    user = f.make_user()
    registration = make_registration(event, user)
    attendance = Attendance(event_id=event.id, registration_id=registration.id, user_id=user.id,
                            name="x", attended_on=event.starts_at.date(), method="code")
    db.session.add(attendance)
    db.session.flush()
    with pytest.raises(FeedbackError) as error:
        submit_feedback(attendance, user, 5, None)
    assert error.value.code == "not_over"
