"""API writes of events, clubs and office hours: the same roles as the matching pages.

Each write has its own objects (the first allowed role may publish, cancel or check in for good),
so the pages' cases in events.py keep theirs unchanged.
"""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

V1 = "/api/v1"
RUNS = STAFF | {"coordinator"}

CASES = [
    ("POST", V1 + "/events", RUNS),
    ("PATCH", V1 + "/events/{api_edit_event_id}", RUNS),
    ("PATCH", V1 + "/events/{api_other_event_id}", STAFF),  # another organiser's event
    ("POST", V1 + "/events/{api_draft_event_id}/publish", RUNS),
    ("POST", V1 + "/events/{api_doomed_event_id}/cancel", RUNS),
    ("GET", V1 + "/events/{api_edit_event_id}/registrations", RUNS),
    ("POST", V1 + "/events/{api_edit_event_id}/checkin", RUNS),
    ("POST", V1 + "/events/{api_edit_event_id}/registrations/{api_desk_registration_id}/checkin", RUNS),
    ("POST", V1 + "/events/{api_edit_event_id}/walk-ins", RUNS),
    ("POST", V1 + "/events/{api_edit_event_id}/invitations", RUNS),
    ("POST", V1 + "/registrations/{api_attended_registration_id}/feedback", {"startup"}),
    ("GET", V1 + "/clubs/{club_slug}", EVERYONE),
    ("POST", V1 + "/clubs/{club_slug}/membership-requests", SIGNED_IN),
    ("GET", V1 + "/clubs/{club_slug}/membership-requests", RUNS),
    ("POST", V1 + "/clubs/{club_slug}/membership-requests/{api_club_request_id}/decision", RUNS),
    ("POST", V1 + "/office-hours", {"mentor"}),
    ("POST", V1 + "/office-hours/{api_spare_slot_id}/withdraw", STAFF | {"mentor"}),
]


def build(world: dict) -> None:
    from ecosystem.extensions import db
    from ecosystem.models import Attendance, ClubMembershipRequest, Organisation, Person
    from tests import factories as f
    from tests.event_factories import make_event, make_registration, make_slot, soon

    club = db.session.scalar(db.select(Organisation).where(Organisation.slug == world["club_slug"]))
    event = make_event(club, title="Hội thảo API Thử", capacity=20)
    other = make_event(f.make_org("Vườn ươm Khác", kind="incubator"), title="Sự kiện đơn vị khác")
    applicant = Person(full_name="Người Gia Nhập Qua API")
    db.session.add(applicant)
    db.session.flush()
    request = ClubMembershipRequest(club_id=club.id, person_id=applicant.id)
    db.session.add(request)
    mentor = db.session.get(Person, world["mentor_person_id"])
    attended = make_registration(make_event(club, title="Buổi đã dự qua API", starts_at=soon(-1)),
                                 world["users"]["startup"])
    db.session.add(Attendance(event_id=attended.event_id, registration_id=attended.id,
                              user_id=world["users"]["startup"].id, name="Người Thử Góp Ý",
                              attended_on=soon(-1).date(), method="code"))
    db.session.flush()
    world.update(
        api_edit_event_id=event.id, api_other_event_id=other.id,
        api_draft_event_id=make_event(club, title="Bản nháp API", status="draft").id,
        api_doomed_event_id=make_event(club, title="Sự kiện API sẽ huỷ").id,
        api_desk_registration_id=make_registration(event, name="Người Đến Qua API").id,
        api_club_request_id=request.id, api_attended_registration_id=attended.id, api_spare_slot_id=make_slot(mentor, starts_at=soon(6, 9)).id)
