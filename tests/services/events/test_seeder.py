"""The events part of the demo: it runs on a small cast and leaves something to see on every page."""
import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import (Attendance, ClubMembershipRequest, Event, EventFeedback, GraphChange,
                              OfficeHourSlot, Registration, Relationship)
from ecosystem.seeders import DemoContext
from ecosystem.seeders.events import seed
from ecosystem.services.events import registration as reg
from tests import factories as f

pytestmark = pytest.mark.usefixtures("app")


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_events_seed_on_a_small_cast():
    club = f.make_org("CLB Khởi nghiệp Thử", kind="club")
    people = {f"p{n}": f.make_person(f"Người Thử {n}") for n in range(20)}
    startups = {f"s{n}": f.make_org(f"Startup Thử {n}") for n in range(20)}
    for n in range(20):
        db.session.add(Relationship(kind="founder", source_person_id=people[f"p{n}"].id,
                                    target_org_id=startups[f"s{n}"].id))
    mentor = f.make_user("mentor", email="mentor@demo.sokhcn.vn", person=people["p19"])
    member = f.make_user("startup", email="startup@demo.sokhcn.vn", person=people["p0"],
                         manages=[startups["s0"]])
    coordinator = f.make_user("coordinator", email="coordinator@demo.sokhcn.vn", manages=[club])
    db.session.flush()
    seed(DemoContext(seeds_dir="seeds", orgs={"club_tdmu": club, **startups}, people=people,
                     users={u.email: u for u in (mentor, member, coordinator)}))
    assert count(Event) >= 5
    past_attended = count(Attendance)
    assert past_attended > 10
    assert count(GraphChange, GraphChange.edge_source == "attendance") == past_attended
    assert count(EventFeedback) == 6
    full = db.session.scalar(select(Event).where(Event.capacity == 12))
    assert reg.counts(full.id)["confirmed"] == 12 and reg.counts(full.id)["waiting"] == 3
    assert count(Registration, Registration.user_id == member.id) >= 2
    assert count(OfficeHourSlot) == 6 and count(OfficeHourSlot, OfficeHourSlot.booked_org_id.is_not(None)) == 1
    assert count(ClubMembershipRequest) == 2


def test_the_seeder_does_nothing_without_an_organiser():
    seed(DemoContext(seeds_dir="seeds"))
    assert count(Event) == 0
