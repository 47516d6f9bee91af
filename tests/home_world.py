"""Demo-like data for the role homes: the matching world (startup, mentor, investor, coordinator,
officer) plus a support request, an introduction, a club event with tickets, a membership request,
office hours, an award round with judges, and an admin."""
from dataclasses import dataclass

from ecosystem.clock import local_today, utcnow
from ecosystem.extensions import db
from ecosystem.models import Introduction, SupportRequest
from ecosystem.models.clubs import ClubMembershipRequest
from tests import award_world
from tests import factories as f
from tests.event_factories import make_event, make_registration, make_slot, soon
from tests.matching.world import build_world


@dataclass
class HomeWorld:
    matching: object
    awards: dict
    admin: object
    event: object
    request: object
    intro: object

    def user(self, role: str):
        """The signed-in person of each role."""
        w = self.matching
        return {"startup": w.startup_user, "mentor": w.lan_user, "investor": w.minh_user,
                "coordinator": w.coordinator, "officer": w.officer, "admin": self.admin,
                "judge": self.awards["judges"][0][1]}[role]


def build_home_world() -> HomeWorld:
    w = build_world()
    awards = award_world.build(local_today())
    request = SupportRequest(organisation_id=w.startup.id, type_code="mentoring",
                             title="Cần cố vấn chuẩn bị gọi vốn vòng seed", state="submitted",
                             submitted_at=utcnow(), created_by_id=w.startup_user.id)
    intro = Introduction(startup_id=w.startup.id, requested_by_id=w.startup_user.id,
                         target_person_id=w.minh.id, connector_org_id=w.club.id, status="requested",
                         path=[], message="Chào anh")
    db.session.add_all([request, intro])
    event = make_event(w.club, title="Đêm gọi vốn Thủ Dầu Một", capacity=2, starts_at=soon(0, 23))
    make_registration(event, w.startup_user)
    make_registration(event)
    make_registration(event, status="waiting")
    db.session.add(ClubMembershipRequest(club_id=w.club.id, person_id=w.founder.id, status="pending"))
    make_slot(w.lan)
    admin = f.make_user("admin", email="admin-home@example.vn")
    db.session.commit()
    return HomeWorld(w, awards, admin, event, request, intro)
