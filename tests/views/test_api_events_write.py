"""API writes of events, the desk, clubs and office hours: a token does what its owner may do on the
pages, through the same services, and is refused what the pages refuse."""
from datetime import datetime

from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import (Attendance, AuditEntry, ClubMembershipRequest, Event, OfficeHourSlot, Registration,
                              Relationship)
from ecosystem.services.api.tokens import create_token
from tests import factories as f
from tests.event_factories import begin, make_event, make_registration, make_slot, soon


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def token_for(user, scopes=("read", "write")) -> dict:
    _token, raw = create_token(user, "Thử", list(scopes), 30)
    db.session.commit()
    return bearer(raw)


def next_year(month_day: str = "03-10") -> str:
    return f"{datetime.now().year + 1}-{month_day}"


def event_body(club, **changes) -> dict:
    day = next_year()
    body = {"kind": "workshop", "title": "Hội thảo qua API", "organiser_id": club.id,
            "starts_at": f"{day}T19:00:00", "ends_at": f"{day}T21:00:00", "venue": "Nhà Văn hoá Thanh niên",
            "capacity": 2, "questions": [{"text": "Bạn đại diện startup nào?", "required": True}]}
    return {**body, **changes}


def club_and_coordinator():
    club = f.make_org("CLB Khởi nghiệp API", kind="club")
    coordinator = f.make_user("coordinator", manages=[club])
    db.session.commit()
    return club, coordinator


def test_coordinator_creates_a_draft_in_local_time_once_per_key(app):
    club, coordinator = club_and_coordinator()
    client, headers = app.test_client(), {**token_for(coordinator), "Idempotency-Key": "ev-1"}
    made = client.post("/api/v1/events", json=event_body(club), headers=headers)
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["status"] == "draft" and body["questions"] == [{"text": "Bạn đại diện startup nào?", "required": True}]
    event = db.session.get(Event, body["id"])
    assert event.starts_at.replace(tzinfo=None) == datetime.fromisoformat(f"{next_year()}T12:00")  # 19:00 UTC+7
    assert event.created_by_id == coordinator.id
    again = client.post("/api/v1/events", json=event_body(club), headers=headers)
    assert again.headers.get("Idempotent-Replayed") == "true" and again.get_json()["id"] == event.id
    assert db.session.scalar(select(func.count(Event.id))) == 1
    offset = client.post("/api/v1/events", json=event_body(club, starts_at=f"{next_year()}T12:00:00Z",
                                                           ends_at=f"{next_year()}T14:00:00+00:00"),
                         headers=token_for(coordinator))
    assert offset.status_code == 201
    assert db.session.get(Event, offset.get_json()["id"]).starts_at.replace(tzinfo=None) == event.starts_at.replace(
        tzinfo=None)


def test_create_refuses_what_the_form_refuses(app, client, login_as):
    club, coordinator = club_and_coordinator()
    other = f.make_org("Vườn ươm Người Khác", kind="incubator")
    db.session.commit()
    headers = token_for(coordinator)
    day = next_year()
    cases = [({"ends_at": f"{day}T18:00:00"}, "ends_before_start"),
             ({"venue": None}, "needs_place"),
             ({"venue": None, "online_url": "javascript:alert(1)"}, "unsafe_url"),
             ({"registration_closes_at": f"{day}T20:00:00"}, "closes_after_start"),
             ({"organiser_id": other.id}, "not_your_org"),
             ({"sectors": ["khong-co"]}, "unknown_sector")]
    for change, code in cases:
        refused = app.test_client().post("/api/v1/events", json=event_body(club, **change), headers=headers)
        assert (refused.status_code, refused.get_json()["code"]) == (422, code), change
    assert app.test_client().post("/api/v1/events", json=event_body(club, title="  "),
                                  headers=headers).status_code == 422
    login_as(coordinator)  # the page refuses the same end time
    client.post("/events/new", data={"kind": "workshop", "title": "Trên trang", "organiser_id": club.id,
                                     "starts_at": f"{day}T19:00", "ends_at": f"{day}T18:00", "venue": "Hội trường",
                                     "audience": "public", "status": "published"})
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_who_may_create_and_which_scope(app):
    club, coordinator = club_and_coordinator()
    startup = f.make_user("startup", manages=[f.make_org("Startup Không Tổ Chức")])
    lone = f.make_user("coordinator", manages=[f.make_org("Startup Của Điều Phối")])
    officer = f.make_user("officer")
    db.session.commit()
    client = app.test_client()
    assert client.post("/api/v1/events", json=event_body(club), headers=token_for(startup)).status_code == 403
    read_only = client.post("/api/v1/events", json=event_body(club), headers=token_for(coordinator, ["read"]))
    assert (read_only.status_code, read_only.get_json()["code"]) == (403, "insufficient_scope")
    other_scope = client.post("/api/v1/events", json=event_body(club), headers=token_for(coordinator,
                                                                                       ["write:directory"]))
    assert other_scope.status_code == 403
    nothing_to_run = client.post("/api/v1/events", json=event_body(club), headers=token_for(lone))
    assert (nothing_to_run.status_code, nothing_to_run.get_json()["code"]) == (422, "no_organiser")
    assert client.post("/api/v1/events", json=event_body(club), headers=token_for(officer)).status_code == 201
    assert client.post("/api/v1/events", json=event_body(club),
                       headers=token_for(coordinator, ["write:events"])).status_code == 201


def test_edit_promotes_the_waiting_list_and_stays_with_the_organiser(app):
    club, coordinator = club_and_coordinator()
    event = make_event(club, capacity=1)
    first = make_registration(event)
    waiting = make_registration(event, status="waiting")
    stranger = f.make_user("coordinator", manages=[f.make_org("CLB Khác", kind="club")])
    db.session.commit()
    client = app.test_client()
    refused = client.patch(f"/api/v1/events/{event.id}", json={"capacity": 5}, headers=token_for(stranger))
    assert refused.status_code == 403
    saved = client.patch(f"/api/v1/events/{event.id}", json={"capacity": 5, "title": "Tên mới"},
                         headers=token_for(coordinator))
    assert saved.status_code == 200 and saved.get_json()["promoted"] == [waiting.id]
    db.session.refresh(waiting)
    assert waiting.status == "confirmed" and db.session.get(Event, event.id).title == "Tên mới"
    below = client.patch(f"/api/v1/events/{event.id}", json={"capacity": 1}, headers=token_for(coordinator))
    assert (below.status_code, below.get_json()["code"]) == (422, "capacity_below_confirmed")
    assert first.status == "confirmed" and db.session.get(Event, event.id).capacity == 5


def test_publish_then_cancel(app):
    club, coordinator = club_and_coordinator()
    draft = make_event(club, status="draft")
    attendee = f.make_user("startup")
    db.session.commit()
    client, headers = app.test_client(), token_for(coordinator)
    assert client.get(f"/api/v1/events/{draft.id}").status_code in (401, 403, 404)
    published = client.post(f"/api/v1/events/{draft.id}/publish", headers=headers)
    assert published.status_code == 200 and published.get_json()["status"] == "published"
    assert client.get(f"/api/v1/events/{draft.id}").status_code == 200
    registered = client.post(f"/api/v1/events/{draft.id}/registrations", json={}, headers=token_for(attendee))
    assert registered.status_code == 201
    assert client.post(f"/api/v1/events/{draft.id}/cancel", headers=token_for(attendee)).status_code == 403
    cancelled = client.post(f"/api/v1/events/{draft.id}/cancel", headers=headers)
    assert cancelled.get_json()["status"] == "cancelled"
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "event.cancel")) == 1
    client.post(f"/api/v1/events/{draft.id}/cancel", headers=headers)  # a second call changes nothing
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "event.cancel")) == 1
    again = client.post(f"/api/v1/events/{draft.id}/publish", headers=headers)  # cancelling cannot be undone
    assert (again.status_code, again.get_json()["code"]) == (422, "event_cancelled")
    assert client.patch(f"/api/v1/events/{draft.id}", json={"status": "draft"},
                        headers=headers).get_json()["code"] == "event_cancelled"
    corrected = client.patch(f"/api/v1/events/{draft.id}", json={"title": "Tên đã sửa"}, headers=headers)
    assert corrected.get_json()["status"] == "cancelled" and corrected.get_json()["title"] == "Tên đã sửa"


def test_the_edit_page_keeps_a_cancelled_event_cancelled(app, client, login_as):
    club, coordinator = club_and_coordinator()
    event = make_event(club, status="cancelled")
    db.session.commit()
    login_as(coordinator)
    day = next_year()
    form = {"kind": "workshop", "title": "Đã sửa trên trang", "organiser_id": club.id, "starts_at": f"{day}T19:00",
            "ends_at": f"{day}T21:00", "venue": "Hội trường", "audience": "public"}
    assert "Đã bị huỷ" in client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    client.post(f"/events/{event.id}/edit", data={**form, "status": "published"})  # not a choice any more
    assert db.session.get(Event, event.id).status == "cancelled"
    assert client.post(f"/events/{event.id}/edit", data={**form, "status": "cancelled"}).status_code == 302
    db.session.refresh(event)
    assert (event.status, event.title) == ("cancelled", "Đã sửa trên trang")


def test_roster_shows_contacts_to_the_organiser_only(app):
    club, coordinator = club_and_coordinator()
    event = make_event(club)
    attendee = f.make_user("startup", email="nguoi.dang.ky@example.vn")
    make_registration(event, attendee, answers=[{"q": "Startup?", "a": "Alpha"}])
    db.session.commit()
    client = app.test_client()
    roster = client.get(f"/api/v1/events/{event.id}/registrations", headers=token_for(coordinator))
    assert roster.status_code == 200
    (row,) = roster.get_json()["items"]
    assert row["email"] == "nguoi.dang.ky@example.vn" and row["answers"] == [{"q": "Startup?", "a": "Alpha"}]
    assert client.get(f"/api/v1/events/{event.id}/registrations", headers=token_for(attendee)).status_code == 403
    assert client.get(f"/api/v1/events/{event.id}/registrations").status_code == 401


def test_check_in_window_and_the_officers_reason(app):
    club, coordinator = club_and_coordinator()
    officer = f.make_user("officer")
    event = make_event(club, starts_at=soon(5))
    registration = make_registration(event)
    db.session.commit()
    client = app.test_client()
    url = f"/api/v1/events/{event.id}/checkin"
    early = client.post(url, json={"code": registration.checkin_code, "override_reason": "Tôi muốn"},
                        headers=token_for(coordinator))
    assert (early.status_code, early.get_json()["code"]) == (422, "checkin_early")  # only officers override
    no_reason = client.post(url, json={"code": registration.checkin_code}, headers=token_for(officer))
    assert no_reason.get_json()["code"] == "checkin_early"
    done = client.post(url, json={"code": registration.checkin_code, "override_reason": "Khách đến sớm để tập dượt"},
                       headers=token_for(officer))
    assert done.status_code == 200 and done.get_json()["registration_id"] == registration.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.check_in.override"))
    assert entry.data["reason"] == "Khách đến sớm để tập dượt"
    twice = client.post(url, json={"code": registration.checkin_code, "override_reason": "lần nữa"},
                        headers=token_for(officer))
    assert twice.get_json()["code"] == "already_checked_in"
    unknown = client.post(url, json={"code": "ZZZZ-ZZZZ"}, headers=token_for(officer))
    assert unknown.status_code == 422


def test_check_in_from_the_list_and_walk_ins_while_the_desk_is_open(app):
    club, coordinator = club_and_coordinator()
    event = begin(make_event(club, capacity=1))
    waiting = make_registration(event, status="waiting")
    db.session.commit()
    client, headers = app.test_client(), token_for(coordinator)
    url = f"/api/v1/events/{event.id}/registrations/{waiting.id}/checkin"
    refused = client.post(url, json={}, headers=headers)
    assert (refused.status_code, refused.get_json()["code"]) == (422, "waiting")
    admitted = client.post(url, json={"admit": True}, headers=headers)
    assert admitted.status_code == 200 and admitted.get_json()["method"] == "list"
    db.session.refresh(waiting)
    assert waiting.status == "confirmed" and waiting.walk_in and waiting.checked_in_at is not None
    other = make_event(club)
    stray = make_registration(other)
    db.session.commit()
    assert client.post(f"/api/v1/events/{event.id}/registrations/{stray.id}/checkin", json={},
                       headers=headers).status_code == 404
    walk = client.post(f"/api/v1/events/{event.id}/walk-ins", json={"name": "Khách Vãng Lai", "email": "khach@vd.vn"},
                       headers=headers)
    assert walk.status_code == 201 and walk.get_json()["method"] == "walk_in"
    assert db.session.scalar(select(func.count(Attendance.id)).where(Attendance.event_id == event.id)) == 2
    assert client.post(f"/api/v1/events/{event.id}/walk-ins", json={"name": " "}, headers=headers).status_code == 422
    assert client.post(f"/api/v1/events/{event.id}/walk-ins", json={"name": "A", "email": "không-phải-email"},
                       headers=headers).status_code == 422
    late = begin(make_event(club), minutes_ago=60 * 24 * 3)
    db.session.commit()
    refused_walk = client.post(f"/api/v1/events/{late.id}/walk-ins", json={"name": "Đến muộn"}, headers=headers)
    assert refused_walk.get_json()["code"] == "checkin_late"
    assert db.session.scalar(select(func.count(Registration.id)).where(Registration.event_id == late.id)) == 0


def test_join_a_club_and_the_coordinator_decides(app):
    club, coordinator = club_and_coordinator()
    person = f.make_person("Nguyễn Văn Gia Nhập")
    member = f.make_user("mentor", person=person)
    startup = f.make_org("Startup Muốn Vào")
    founder = f.make_user("startup", manages=[startup])
    other_club = f.make_org("CLB Khác Nữa", kind="club")
    stranger = f.make_user("coordinator", manages=[other_club])
    db.session.commit()
    client = app.test_client()
    url = f"/api/v1/clubs/{club.slug}/membership-requests"
    asked = client.post(url, json={"message": "Cho tôi tham gia"}, headers=token_for(member))
    assert asked.status_code == 201 and asked.get_json()["applicant"] == {"type": "person", "id": person.id,
                                                                          "name": "Nguyễn Văn Gia Nhập"}
    assert client.post(url, json={}, headers=token_for(member)).get_json()["code"] == "already_requested"
    no_profile = client.post(url, json={}, headers=token_for(founder))
    assert (no_profile.status_code, no_profile.get_json()["code"]) == (422, "needs_person")
    not_theirs = client.post(url, json={"startup_id": startup.id}, headers=token_for(member))
    assert not_theirs.get_json()["code"] == "not_your_org"
    for_startup = client.post(url, json={"startup_id": startup.id}, headers=token_for(founder))
    assert for_startup.status_code == 201
    assert client.get(url, headers=token_for(member)).status_code == 403
    pending = client.get(url, headers=token_for(coordinator)).get_json()
    assert [r["id"] for r in pending] == [asked.get_json()["id"], for_startup.get_json()["id"]]
    decision = f"{url}/{asked.get_json()['id']}/decision"
    assert client.post(decision, json={"decision": "accept"}, headers=token_for(stranger)).status_code == 403
    assert client.post(decision, json={"decision": "maybe"}, headers=token_for(coordinator)).status_code == 422
    accepted = client.post(decision, json={"decision": "accept"}, headers=token_for(coordinator))
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    assert db.session.scalar(select(Relationship).where(Relationship.kind == "club_member",
                                                        Relationship.source_person_id == person.id)) is not None
    assert client.post(decision, json={"decision": "decline"},
                       headers=token_for(coordinator)).get_json()["code"] == "already_decided"
    declined = client.post(f"{url}/{for_startup.get_json()['id']}/decision", json={"decision": "decline"},
                           headers=token_for(coordinator))
    assert db.session.get(ClubMembershipRequest, declined.get_json()["id"]).status == "declined"
    page = client.get(f"/api/v1/clubs/{club.slug}", headers=token_for(member)).get_json()
    assert page["members"] == [{"type": "person", "id": person.id, "name": "Nguyễn Văn Gia Nhập"}]
    assert page["my_request"]["status"] == "accepted"
    assert client.get(f"/api/v1/clubs/{startup.slug}").status_code == 404  # not a club


def test_mentor_publishes_and_withdraws_slots(app, client, login_as):
    mentor_person = f.make_person("Cố Vấn API", mentor_capacity=2)
    mentor = f.make_user("mentor", person=mentor_person)
    other_mentor = f.make_user("mentor", person=f.make_person("Cố Vấn Khác"))
    startup_user = f.make_user("startup", manages=[f.make_org("Startup Đặt Giờ")])
    db.session.commit()
    api = app.test_client()
    start = f"{next_year('04-02')}T09:00:00"
    made = api.post("/api/v1/office-hours", json={"starts_at": start, "minutes": 30, "count": 2,
                                                  "place": "Vườn ươm", "online_url": "meet.example.vn/abc"},
                    headers=token_for(mentor))
    assert made.status_code == 201 and len(made.get_json()) == 2
    slots = list(db.session.scalars(select(OfficeHourSlot).order_by(OfficeHourSlot.starts_at)))
    assert [s.mentor_id for s in slots] == [mentor_person.id] * 2 and slots[0].online_url == "https://meet.example.vn/abc"
    overlap = api.post("/api/v1/office-hours", json={"starts_at": f"{next_year('04-02')}T09:15:00", "place": "X"},
                       headers=token_for(mentor))
    assert (overlap.status_code, overlap.get_json()["code"]) == (422, "overlap")
    past = api.post("/api/v1/office-hours", json={"starts_at": "2020-01-01T09:00:00", "place": "X"},
                    headers=token_for(mentor))
    assert past.get_json()["code"] == "slot_past"
    assert api.post("/api/v1/office-hours", json={"starts_at": start}, headers=token_for(mentor)).get_json()[
        "code"] == "needs_place"
    assert api.post("/api/v1/office-hours", json={"starts_at": start, "minutes": 5, "place": "X"},
                    headers=token_for(mentor)).status_code == 422
    assert api.post("/api/v1/office-hours", json={"starts_at": start, "place": "X"},
                    headers=token_for(startup_user)).status_code == 403
    assert api.post("/api/v1/office-hours", json={"starts_at": start, "place": "X"},
                    headers=token_for(mentor, ["read"])).status_code == 403
    login_as(mentor)  # the page refuses the same past start
    client.post("/office-hours/new", data={"starts_at": "2020-01-01T09:00", "minutes": 30, "count": 1, "place": "X"})
    assert db.session.scalar(select(func.count(OfficeHourSlot.id))) == 2
    slot_id = made.get_json()[0]["id"]
    assert api.post(f"/api/v1/office-hours/{slot_id}/withdraw", headers=token_for(other_mentor)).status_code == 403
    withdrawn = api.post(f"/api/v1/office-hours/{slot_id}/withdraw", headers=token_for(mentor))
    assert withdrawn.status_code == 200 and withdrawn.get_json()["withdrawn"] is True
    assert slot_id not in [s["id"] for s in api.get("/api/v1/office-hours").get_json()]
    assert api.post(f"/api/v1/office-hours/{slot_id}/withdraw", headers=token_for(mentor)).status_code == 200


def test_withdrawing_a_booked_slot_frees_the_booking_as_on_the_page(app):
    mentor_person = f.make_person("Cố Vấn Bận", mentor_capacity=2)
    mentor = f.make_user("mentor", person=mentor_person)
    startup = f.make_org("Startup Đã Đặt")
    booker = f.make_user("startup", manages=[startup])
    slot = make_slot(mentor_person, starts_at=soon(4, 9), booked_org_id=startup.id, booked_by_id=booker.id)
    db.session.commit()
    done = app.test_client().post(f"/api/v1/office-hours/{slot.id}/withdraw", headers=token_for(mentor))
    assert done.status_code == 200 and done.get_json()["booked"] is False
    db.session.refresh(slot)
    assert slot.withdrawn_at is not None and slot.booked_org_id is None


def test_times_out_of_the_calendars_range_are_refused_not_a_server_error(app):
    club, coordinator = club_and_coordinator()
    mentor = f.make_user("mentor", person=f.make_person("Cố Vấn Biên"))
    db.session.commit()
    client = app.test_client()
    for start, end in [("0001-01-01T00:00:00", "0001-01-01T05:00:00"),
                       ("9999-12-31T20:00:00-12:00", "9999-12-31T23:00:00-12:00")]:
        refused = client.post("/api/v1/events", json=event_body(club, starts_at=start, ends_at=end),
                              headers=token_for(coordinator))
        assert refused.status_code == 422 and "starts_at" in str(refused.get_json()["errors"])
    slot = client.post("/api/v1/office-hours", json={"starts_at": "0001-01-01T00:00:00", "place": "X"},
                       headers=token_for(mentor))
    assert slot.status_code == 422
    far = client.post("/api/v1/office-hours", json={"starts_at": "9998-12-31T23:00:00", "place": "X", "count": 20,
                                                    "minutes": 240}, headers=token_for(mentor))
    assert far.status_code == 201 and len(far.get_json()) == 20


def test_invitations_through_the_desk(app):
    club, coordinator = club_and_coordinator()
    event = make_event(club, audience="invited")
    guest = f.make_user("startup", email="khach.moi@example.vn")
    db.session.commit()
    client, url = app.test_client(), f"/api/v1/events/{event.id}/invitations"
    sent = client.post(url, json={"emails": "khach.moi@example.vn, ai-do@vd.vn; khong-hop-le"},
                       headers=token_for(coordinator))
    assert sent.get_json() == {"added": ["khach.moi@example.vn", "ai-do@vd.vn"], "invalid": ["khong-hop-le"]}
    assert client.post(url, json={"emails": "KHACH.MOI@example.vn"}, headers=token_for(coordinator)).get_json()[
        "added"] == []
    assert client.post(url, json={"emails": "x@vd.vn"}, headers=token_for(guest)).status_code == 403
    assert client.post(f"/api/v1/events/{event.id}/registrations", json={},
                       headers=token_for(guest)).status_code == 201  # the invitation lets them in


def test_feedback_once_by_the_attendee_after_the_event(app):
    club, coordinator = club_and_coordinator()
    attendee, other = f.make_user("startup"), f.make_user("startup")
    past = make_event(club, starts_at=soon(-1))
    registration = make_registration(past, attendee)
    db.session.add(Attendance(event_id=past.id, registration_id=registration.id, user_id=attendee.id,
                              name="Người Dự", attended_on=soon(-1).date(), method="code"))
    upcoming = make_event(club, starts_at=soon(3))
    early_registration = make_registration(upcoming, attendee)
    db.session.add(Attendance(event_id=upcoming.id, registration_id=early_registration.id, user_id=attendee.id,
                              name="Người Dự", attended_on=soon(3).date(), method="code"))
    never = make_registration(make_event(club, starts_at=soon(-2)), attendee)
    db.session.commit()
    client, url = app.test_client(), f"/api/v1/registrations/{registration.id}/feedback"
    assert client.post(url, json={"rating": 5}, headers=token_for(other)).status_code == 403
    assert client.post(url, json={"rating": 6}, headers=token_for(attendee)).status_code == 422
    given = client.post(url, json={"rating": 4, "comment": "Bổ ích"}, headers=token_for(attendee))
    assert given.status_code == 201 and given.get_json()["rating"] == 4
    twice = client.post(url, json={"rating": 5}, headers=token_for(attendee))
    assert (twice.status_code, twice.get_json()["code"]) == (422, "already_given")
    early = client.post(f"/api/v1/registrations/{early_registration.id}/feedback", json={"rating": 5},
                        headers=token_for(attendee))
    assert early.get_json()["code"] == "not_over"
    assert client.post(f"/api/v1/registrations/{never.id}/feedback", json={"rating": 5},
                       headers=token_for(attendee)).status_code == 404
