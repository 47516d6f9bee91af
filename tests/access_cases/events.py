"""Events, tickets, the check-in desk, clubs and office hours: who may open which page.

The club's coordinator (the `coordinator` role manages the club) runs its events; the `startup`
user holds a ticket and a past attendance; the `mentor` user owns the office-hour slots.
"""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

RUNS = STAFF | {"coordinator"}

CASES = [
    ("GET", "/events/", EVERYONE),
    ("GET", "/events/?when=past&kind=workshop", EVERYONE),
    ("GET", "/events/calendar", EVERYONE),
    ("GET", "/events/calendar?month=2026-03&q=hội", EVERYONE),
    ("GET", "/events/{event_id}", EVERYONE),
    ("GET", "/events/{draft_event_id}", RUNS),
    ("GET", "/events/{event_id}.ics", EVERYONE),
    ("GET", "/events/new", RUNS),
    ("POST", "/events/new", RUNS),
    ("GET", "/events/{event_id}/edit", RUNS),
    ("POST", "/events/{event_id}/edit", RUNS),
    ("POST", "/events/{doomed_event_id}/cancel", RUNS),
    ("GET", "/events/{open_event_id}/register", SIGNED_IN),
    ("POST", "/events/{open_event_id}/register", SIGNED_IN),
    ("GET", "/events/registrations/{registration_id}", RUNS | {"startup"}),
    ("POST", "/events/registrations/{spare_registration_id}/cancel", RUNS | {"startup"}),
    ("GET", "/events/mine", SIGNED_IN),
    ("GET", "/events/attendance/{attendance_id}/feedback", {"startup"}),
    ("POST", "/events/attendance/{attendance_id}/feedback", {"startup"}),
    ("GET", "/events/{event_id}/registrations", RUNS),
    ("POST", "/events/{event_id}/invitations", RUNS),
    ("GET", "/events/{event_id}/export.csv", RUNS),
    ("GET", "/events/{event_id}/export.csv?what=attendance", RUNS),
    ("GET", "/events/{event_id}/export.xlsx", RUNS),
    ("GET", "/events/{event_id}/checkin", RUNS),
    ("GET", "/events/{event_id}/checkin?q=thu", RUNS),
    ("POST", "/events/{event_id}/checkin", RUNS),
    ("POST", "/events/{event_id}/checkin/{registration_id}", RUNS),
    ("POST", "/events/{event_id}/walk-in", RUNS),
    ("GET", "/events/{event_id}/checkin/count", RUNS),
    ("GET", "/events/scan/{checkin_code}", RUNS),
    ("GET", "/events/{event_id}/feedback", RUNS),
    ("GET", "/clubs/", EVERYONE),
    ("GET", "/clubs/{club_slug}", EVERYONE),
    ("GET", "/clubs/{club_slug}/events.ics", EVERYONE),
    ("POST", "/clubs/{club_slug}/join", SIGNED_IN),
    ("GET", "/clubs/{club_slug}/members", RUNS),
    ("POST", "/clubs/{club_slug}/requests/{club_request_id}", RUNS),
    ("GET", "/office-hours/", EVERYONE),
    ("GET", "/office-hours/new", {"mentor"}),
    ("POST", "/office-hours/new", {"mentor"}),
    ("GET", "/office-hours/mine", SIGNED_IN),
    ("POST", "/office-hours/{open_slot_id}/book", {"startup", "startup_b"}),
    ("POST", "/office-hours/{past_booked_slot_id}/cancel", STAFF | {"mentor", "startup"}),
    ("POST", "/office-hours/{spare_slot_id}/withdraw", STAFF | {"mentor"}),
]


def build(world: dict) -> None:
    from ecosystem.extensions import db
    from ecosystem.models import Attendance, ClubMembershipRequest, Organisation, Person
    from tests.event_factories import make_event, make_registration, make_slot, soon

    club = db.session.scalar(db.select(Organisation).where(Organisation.slug == world["club_slug"]))
    startup_a = db.session.scalar(db.select(Organisation).where(
        Organisation.slug == world["startup_a_slug"]))
    users = world["users"]
    event = make_event(club, title="Hội thảo Thử nghiệm", capacity=30)
    past = make_event(club, title="Đêm gọi vốn đã qua", starts_at=soon(-2))
    registration = make_registration(event, users["startup"], startup_id=startup_a.id,
                                     name="Người Thử Vé")
    spare = make_registration(make_event(club, title="Buổi huỷ thử"), users["startup"])
    past_registration = make_registration(past, users["startup"])
    attendance = Attendance(event_id=past.id, registration_id=past_registration.id,
                            user_id=users["startup"].id, startup_id=startup_a.id,
                            name="Người Thử Vé", attended_on=soon(-2).date(), method="code")
    db.session.add(attendance)
    applicant = Person(full_name="Người Muốn Gia Nhập")
    db.session.add(applicant)
    db.session.flush()
    request = ClubMembershipRequest(club_id=club.id, person_id=applicant.id)
    db.session.add(request)
    mentor = db.session.get(Person, world["mentor_person_id"])
    open_slot = make_slot(mentor)
    spare_slot = make_slot(mentor, starts_at=soon(4, 9))
    past_booked = make_slot(mentor, starts_at=soon(-1, 9), booked_org_id=startup_a.id,
                            booked_by_id=users["startup"].id)
    db.session.flush()
    world.update(
        event_id=event.id, draft_event_id=make_event(club, status="draft").id,
        doomed_event_id=make_event(club, title="Sự kiện sẽ huỷ").id,
        open_event_id=make_event(club, title="Sự kiện mở", starts_at=soon(10)).id,
        registration_id=registration.id, spare_registration_id=spare.id,
        checkin_code=registration.checkin_code, attendance_id=attendance.id,
        club_request_id=request.id, open_slot_id=open_slot.id, spare_slot_id=spare_slot.id,
        past_booked_slot_id=past_booked.id)
