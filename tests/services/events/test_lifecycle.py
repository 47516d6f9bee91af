"""Registration on the database: confirm, queue, cancel and promote, with the people told."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Notification, Registration, Relationship
from ecosystem.models.base import utcnow
from ecosystem.services.events import registration as reg
from ecosystem.services.events.lifecycle import EventError, update_event
from tests import factories as f
from tests.event_factories import make_event, soon

pytestmark = pytest.mark.usefixtures("app")


def titles(user):
    return [n.title for n in db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


def test_confirms_then_queues_and_tells_each_person():
    event = make_event(capacity=1, title="Đêm gọi vốn")
    first, second = f.make_user("startup"), f.make_user("startup", locale="en")
    one = reg.register(event, first)
    two = reg.register(event, second)
    assert (one.status, two.status) == ("confirmed", "waiting")
    assert reg.waiting_position_of(two) == 1
    assert titles(first) == ["Đã xác nhận chỗ: Đêm gọi vốn"]
    assert titles(second) == ["You are on the waiting list: Đêm gọi vốn"]  # in their own language
    assert len(one.checkin_code) == 10 and one.checkin_code != two.checkin_code


def test_a_cancellation_promotes_the_first_waiting_and_tells_them():
    event = make_event(capacity=1, title="Demo Day")
    users = [f.make_user("startup") for _ in range(3)]
    regs = [reg.register(event, u) for u in users]
    promoted = reg.cancel_registration(regs[0], users[0])
    assert promoted.id == regs[1].id
    db.session.refresh(regs[2])
    assert [r.status for r in regs] == ["cancelled", "confirmed", "waiting"]
    assert reg.waiting_position_of(regs[2]) == 1
    assert titles(users[1])[-1] == "Bạn đã có chỗ: Demo Day"
    assert regs[0].active_user_id is None


def test_cancelling_a_waiting_place_promotes_nobody():
    event = make_event(capacity=1)
    users = [f.make_user() for _ in range(3)]
    regs = [reg.register(event, u) for u in users]
    assert reg.cancel_registration(regs[1], users[1]) is None
    assert reg.waiting_position_of(regs[2]) == 1


def test_one_active_registration_per_account_but_coming_back_after_cancelling_is_fine():
    event = make_event(capacity=5)
    user = f.make_user()
    first = reg.register(event, user)
    with pytest.raises(reg.RegistrationError) as error:
        reg.register(event, user)
    assert error.value.code == "already_registered"
    reg.cancel_registration(first, user)
    again = reg.register(event, user)
    assert again.status == "confirmed" and again.id != first.id


def test_a_larger_capacity_promotes_the_queue_in_order_and_a_smaller_one_is_refused():
    event = make_event(capacity=1)
    users = [f.make_user() for _ in range(4)]
    regs = [reg.register(event, u) for u in users]
    promoted = update_event(event, {"capacity": 3}, users[0])
    assert [r.id for r in promoted] == [regs[1].id, regs[2].id]
    assert regs[3].status == "waiting"
    with pytest.raises(EventError) as error:
        update_event(event, {"capacity": 2}, users[0])
    assert error.value.code == "capacity_below_confirmed"


def test_window_and_status_refusals():
    event = make_event(registration_opens_at=utcnow() + timedelta(days=1))
    user = f.make_user()
    with pytest.raises(reg.RegistrationError) as error:
        reg.register(event, user)
    assert error.value.code == "registration_not_open"
    event.registration_opens_at, event.status = None, "draft"
    assert reg.registration_refusal(event, user) == "event_not_open"
    event.status = "published"
    event.starts_at = utcnow() - timedelta(minutes=5)
    assert reg.registration_refusal(event, user) == "event_started"


def test_members_only_admits_club_members_their_startups_and_coordinators():
    club = f.make_org("CLB Thử", kind="club")
    event = make_event(club, audience="members_only")
    outsider = f.make_user("startup")
    person = f.make_person("Thành Viên Thử")
    member = f.make_user("startup", person=person)
    startup = f.make_org("Startup Thành Viên")
    represents = f.make_user("startup", manages=[startup])
    coordinator = f.make_user("coordinator", manages=[club])
    db.session.add_all([
        Relationship(kind="club_member", source_person_id=person.id, target_org_id=club.id),
        Relationship(kind="club_member", source_org_id=startup.id, target_org_id=club.id)])
    db.session.flush()
    assert reg.registration_refusal(event, outsider) == "members_only"
    assert reg.registration_refusal(event, member) is None
    assert reg.registration_refusal(event, represents) is None
    assert reg.registration_refusal(event, coordinator) is None


def test_an_ended_membership_no_longer_admits():
    club = f.make_org("CLB Thử", kind="club")
    event = make_event(club, audience="members_only")
    person = f.make_person()
    user = f.make_user(person=person)
    db.session.add(Relationship(kind="club_member", source_person_id=person.id, target_org_id=club.id,
                                started_on=soon(-400).date(), ended_on=soon(-30).date()))
    db.session.flush()
    assert reg.registration_refusal(event, user) == "members_only"


def test_invitation_only_events_admit_invited_addresses():
    from ecosystem.services.events.invitations import invite
    event = make_event(audience="invited")
    guest, other = f.make_user(email="khach@example.vn"), f.make_user()
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    added, invalid = invite(event, "Khach@example.vn; moi@example.vn\nkhông-phải-email", coordinator)
    assert added == ["khach@example.vn", "moi@example.vn"] and invalid == ["không-phải-email"]
    assert reg.registration_refusal(event, guest) is None
    assert reg.registration_refusal(event, other) == "invitation_required"
    assert titles(guest) and "Thư mời" in titles(guest)[0]


def test_answers_and_the_represented_startup_are_kept():
    event = make_event(questions=[{"text": "Startup của bạn cần gì?", "required": True},
                                  {"text": "Ghi chú", "required": False}])
    startup = f.make_org("Nông Nghiệp Xanh")
    user = f.make_user("startup", manages=[startup])
    with pytest.raises(reg.RegistrationError) as error:
        reg.register(event, user, answers=["", "x"])
    assert error.value.code == "answer_required"
    with pytest.raises(reg.RegistrationError):
        reg.register(event, user, startup_id=f.make_org("Không phải của tôi").id, answers=["Vốn"])
    registration = reg.register(event, user, startup_id=startup.id, answers=["Vốn hạt giống"])
    assert registration.startup_id == startup.id
    assert registration.answers == [{"q": "Startup của bạn cần gì?", "a": "Vốn hạt giống"},
                                    {"q": "Ghi chú", "a": ""}]


def test_cancelling_the_event_tells_everyone_registered():
    from ecosystem.services.events.lifecycle import cancel_event
    event = make_event(capacity=1, title="Buổi bị huỷ")
    users = [f.make_user() for _ in range(2)]
    for user in users:
        reg.register(event, user)
    cancel_event(event, users[0])
    assert all(titles(u)[-1] == "Sự kiện đã bị huỷ: Buổi bị huỷ" for u in users)
    assert reg.registration_refusal(event, f.make_user()) == "event_not_open"


def test_counts_leave_walk_ins_out_of_capacity():
    event = make_event(capacity=2)
    for user in (f.make_user(), f.make_user(), f.make_user()):
        reg.register(event, user)
    db.session.add(Registration(event_id=event.id, name="Khách vãng lai", status="confirmed",
                                walk_in=True, checkin_code="WALKIN0001", answers=[]))
    db.session.flush()
    assert reg.counts(event.id) == {"confirmed": 2, "waiting": 1, "checked_in": 0, "walk_ins": 1}


def test_an_edit_that_fails_its_checks_promotes_nobody():
    event = make_event(capacity=1, title="Trước khi sửa")
    users = [f.make_user() for _ in range(2)]
    for user in users:
        reg.register(event, user)
    db.session.commit()
    with pytest.raises(EventError):
        update_event(event, {"capacity": 2, "venue": None, "online_url": None}, users[0])
    assert titles(users[1]) == ["Bạn đang ở danh sách chờ: Trước khi sửa"]
    db.session.rollback()
    update_event(event, {"capacity": 2, "title": "Sau khi sửa"}, users[0])
    db.session.flush()
    db.session.expire_all()
    assert (event.title, event.capacity) == ("Sau khi sửa", 2)
    assert reg.counts(event.id)["confirmed"] == 2
