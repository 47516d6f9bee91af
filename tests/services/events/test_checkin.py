"""The check-in desk: a code works once, walk-ins, name search, and attendance feeding the graph."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Attendance, GraphChange
from ecosystem.services.events import checkin as desk
from ecosystem.services.events import registration as reg
from ecosystem.services.events.qr import format_checkin_code
from tests import factories as f
from tests.event_factories import begin, make_event, make_registration

pytestmark = pytest.mark.usefixtures("app")


def test_a_code_works_once_and_records_an_attendance_and_a_graph_change():
    event = make_event(capacity=10)
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    registration = reg.register(event, f.make_user("startup"))
    begin(event)
    typed = format_checkin_code(registration.checkin_code).lower().replace("-", " ")
    attendance = desk.check_in_code(event, typed, coordinator)
    assert attendance.registration_id == registration.id and attendance.method == "code"
    assert registration.checked_in_at is not None
    change = db.session.scalar(select(GraphChange).where(GraphChange.edge_source == "attendance"))
    assert change.ref_id == attendance.id and change.op == "upsert"
    with pytest.raises(desk.CheckinError) as error:
        desk.check_in_code(event, registration.checkin_code, coordinator)
    assert error.value.code == "already_checked_in"
    assert db.session.scalar(select(db.func.count(Attendance.id))) == 1


def test_unknown_codes_codes_of_other_events_waiting_and_cancelled_registrations_are_refused():
    event, other = make_event(capacity=1), make_event(title="Sự kiện khác")
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    begin(event)
    confirmed = make_registration(event)
    waiting = make_registration(event, status="waiting")
    cancelled = make_registration(event, status="cancelled")
    elsewhere = make_registration(other)
    cases = [("ZZZZZZZZZZ", "unknown_code"), ("not a code", "unknown_code"),
             (elsewhere.checkin_code, "wrong_event"), (waiting.checkin_code, "waiting"),
             (cancelled.checkin_code, "cancelled")]
    for typed, code in cases:
        with pytest.raises(desk.CheckinError) as error:
            desk.check_in_code(event, typed, coordinator)
        assert error.value.code == code, typed
    assert desk.check_in_code(event, confirmed.checkin_code, coordinator)


def test_admitting_someone_from_the_waiting_list_at_the_door_keeps_online_capacity():
    event = make_event(capacity=1)
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    begin(event)
    make_registration(event)
    waiting = make_registration(event, status="waiting")
    desk.check_in(waiting, coordinator, method="list", admit_waiting=True)
    assert (waiting.status, waiting.walk_in) == ("confirmed", True)
    assert reg.counts(event.id)["confirmed"] == 1


def test_walk_ins_are_checked_in_at_once_and_matched_to_an_account_by_email():
    event = make_event()
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    begin(event)
    person = f.make_person("Phạm Thị Đến Muộn")
    f.make_user(email="den.muon@example.vn", person=person)
    known = desk.add_walk_in(event, coordinator, name="gõ sai tên", email=" Den.Muon@example.vn ")
    stranger = desk.add_walk_in(event, coordinator, name="Khách Lạ")
    assert known.person_id == person.id and known.name == "Phạm Thị Đến Muộn"
    assert stranger.person_id is None and stranger.method == "walk_in"
    assert reg.counts(event.id)["walk_ins"] == 2


def test_name_search_ignores_accents():
    event = make_event()
    make_registration(event, name="Nguyễn Văn Ấn")
    make_registration(event, name="Trần Thị Bình")
    assert [r.name for r in desk.search_registrations(event, "nguyen van an")] == ["Nguyễn Văn Ấn"]
    assert desk.search_registrations(event, "  ") == []


def test_attendance_ties_use_the_settings_and_fade():
    event = make_event()
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    startup = f.make_org("Startup Dự Sự Kiện")
    people = [f.make_person(f"Người {n}") for n in range(3)]
    registrations = [reg.register(event, f.make_user("startup", person=person, manages=[startup] if n == 0 else []),
                                  startup_id=startup.id if n == 0 else None) for n, person in enumerate(people)]
    begin(event)
    for registration in registrations:
        desk.check_in(registration, coordinator)
    attended = db.session.scalar(select(Attendance.attended_on))
    ties = desk.event_ties(event.id, as_of=attended)
    pairs = {frozenset((t.a, t.b)) for t in ties}
    assert len(ties) == 5  # 3 people + 1 startup = 6 pairs, less the founder–own-startup pair
    assert frozenset({("person", people[0].id), ("org", startup.id)}) not in pairs
    assert all(t.weight == 1.0 for t in ties)
    later = desk.event_ties(event.id, as_of=attended + timedelta(days=365))
    assert later[0].weight == pytest.approx(0.5)  # events.attendance_tie_half_life_days = 365
    assert desk.graph_ties(as_of=attended) == ties


def test_a_cancelled_event_makes_no_ties():
    event = make_event()
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    begin(event)
    for _ in range(2):
        desk.check_in(make_registration(event, f.make_user(person=f.make_person())), coordinator)
    event.status = "cancelled"
    assert desk.event_ties(event.id, as_of=date.today()) == []


def test_an_early_check_in_is_refused_unless_an_officer_overrides_with_a_logged_reason():
    from ecosystem.models import AuditEntry
    event = make_event()  # a week ahead: the desk's window (3 h before the start) is not open
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    registration = make_registration(event)
    with pytest.raises(desk.CheckinError) as error:
        desk.check_in_code(event, registration.checkin_code, coordinator)
    assert error.value.code == "checkin_early" and registration.checked_in_at is None
    with pytest.raises(desk.CheckinError, match="checkin_early"):
        desk.add_walk_in(event, coordinator, name="Khách Đến Sớm")
    attendance = desk.check_in_code(event, registration.checkin_code, coordinator, override="Đăng ký tại quầy sớm")
    assert attendance.registration_id == registration.id
    logged = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.check_in.override"))
    assert logged.data["reason"] == "Đăng ký tại quầy sớm" and logged.data["window"] == "early"
    assert desk.event_ties(event.id) == [] and desk.graph_ties() == []  # it has not happened yet


def test_the_window_opens_hours_before_the_start_and_closes_hours_after_the_end():
    from datetime import datetime, timezone
    event = make_event(hours=2)
    start = event.starts_at
    assert desk.window_state(event, start - timedelta(hours=3, minutes=1)) == "early"
    assert desk.window_state(event, start - timedelta(hours=2, minutes=59)) == "open"
    assert desk.window_state(event, start + timedelta(hours=8)) == "open"
    assert desk.window_state(event, start + timedelta(hours=8, minutes=1)) == "late"
    assert datetime.now(timezone.utc) < start  # the factory's event is ahead


def test_the_graph_takes_an_attendance_only_once_the_event_has_started():
    from ecosystem.services.matching.graph_store import attendance_rows
    event = make_event()
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    registration = make_registration(event, f.make_user(person=f.make_person("Người Đến Sớm Thử")))
    desk.check_in(registration, coordinator, override="Khách mời phát biểu")
    assert list(attendance_rows()) == []  # the event has not happened: no tie yet
    begin(event)
    assert [row.kind for row in attendance_rows()] == ["attended_together"]
