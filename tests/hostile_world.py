"""The access-matrix world made hostile: the rows it lacks added, every free-text field filled
with payloads, then mail composed from those rows by the real services."""
from datetime import date

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import (AnnualReport, Attendance, AwardConflict, EventFeedback, InvestorProfile,
                              MatchFeedback, MentorRating, NominationMember, OrgOwnership, OutboxMessage, Sector,
                              SupportComment, SupportRequestEvent, TargetFigure)
from ecosystem.services.directory.records import find_org_by_slug
from tests.hostile import fill_every_text_field


def build_hostile_world() -> dict:
    """build_world() + complete() + payloads + mail, committed; world['first_new_mail'] is the first
    outbox id composed after the payloads went in."""
    from tests.views.test_access_matrix import build_world
    world = build_world()
    complete(world)
    assert fill_every_text_field() > 300
    world["first_new_mail"] = send_hostile_mail(world)
    db.session.commit()
    from ecosystem.services.dashboard.derived import refresh_derived
    refresh_derived()  # what the scheduler computes from the payloads: network figures and map
    world["emails"] = {role: user.email for role, user in world["users"].items()}
    db.session.commit()  # reading them reopened a transaction; a live server must be free to write
    return world


def complete(world: dict) -> None:
    """The rows the access-matrix world lacks, so every FREE_TEXT model has at least one."""
    users, startup_a = world["users"], find_org_by_slug(world["startup_a_slug"])
    sector = Sector(code="hostile", name_vi="Lĩnh vực", name_en="Sector")
    startup_a.sectors = [sector]
    judge_person_id = users["judge"].person_id
    db.session.add_all([
        sector, InvestorProfile(person_id=world["plain_person_id"], stages=["seed"], geography="x"),
        EventFeedback(event_id=_event_of_attendance(world), attendance_id=world["attendance_id"], rating=4, comment="x"),
        SupportComment(request_id=world["support_assigned_id"], author_id=users["officer"].id, body="x"),
        SupportComment(request_id=world["support_assigned_id"], author_id=users["officer"].id, body="x",
                       internal=True),
        SupportRequestEvent(request_id=world["support_assigned_id"], action="assign", from_state="submitted",
                            to_state="assigned", actor_id=users["officer"].id, note="x"),
        MatchFeedback(startup_id=startup_a.id, mentor_person_id=world["mentor_person_id"], verdict="declined",
                      given_by="startup", note="x"),
        MentorRating(startup_id=startup_a.id, mentor_person_id=world["mentor_person_id"], rating=5, comment="x"),
        NominationMember(nomination_id=world["award_entry_id"], person_id=world["plain_person_id"], role_title="x"),
        AwardConflict(nomination_id=world["award_entry_id"], judge_person_id=judge_person_id, source="declared",
                      note="x"),
        AnnualReport(certificate_id=world["cert_certificate_id"], fiscal_year=2025, st_revenue=1, total_revenue=2,
                     incentives_note="x"),
        OrgOwnership(parent_id=startup_a.id, child_id=find_org_by_slug(world["startup_b_slug"]).id,
                     share_micro=1_000_000, valid_from=date(2024, 1, 1), reference="x"),
        TargetFigure(target_id=world["target_id"], year=2025, value="5", source="x"),
    ])
    db.session.flush()


def _event_of_attendance(world) -> int:
    return db.session.get(Attendance, world["attendance_id"]).event_id


def send_hostile_mail(world: dict) -> int:
    """Mail composed from the hostile rows by the real services; returns the first new outbox id."""
    from ecosystem.models import Event, SupportRequest
    from ecosystem.services.events.invitations import invite
    from ecosystem.services.support.requests import add_comment
    first = (db.session.scalar(select(db.func.max(OutboxMessage.id))) or 0) + 1
    users = world["users"]
    invite(db.session.get(Event, world["event_id"]), "khach.moi@example.vn\n" + users["startup_b"].email,
           users["officer"])
    req = db.session.get(SupportRequest, world["support_assigned_id"])
    add_comment(req, users["officer"], req.description)
    db.session.flush()
    return first
