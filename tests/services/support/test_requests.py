"""Support requests on the database: journey, refusals that change nothing, history, comments,
notifications in each recipient's language, idempotent creation."""
import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import Notification, Relationship
from ecosystem.models.support import SupportComment, SupportRequest, SupportRequestEvent
from ecosystem.services.support import requests as support
from ecosystem.services.support.workflow import TransitionForbidden, WorkflowError
from tests import factories as f


@pytest.fixture
def cast(app):
    """A startup with a member, an officer, a mentor with a login, an incubator with a manager."""
    startup = f.make_org("Công ty TNHH Cảm Biến Phú Giáo")
    incubator = f.make_org("Vườn ươm Thử Nghiệm", kind="incubator")
    mentor = f.make_person("Trần Thị Cố Vấn", mentor_capacity=3)
    people = {
        "member": f.make_user("startup", manages=[startup]),
        "officer": f.make_user("officer", locale="en"),
        "mentor": f.make_user("mentor", person=mentor),
        "host": f.make_user("coordinator", manages=[incubator]),
        "stranger": f.make_user("startup"),
    }
    db.session.commit()
    return {"startup": startup, "incubator": incubator, "mentor_person": mentor, **people}


def _new(cast, submit=True, key=None, kind="mentoring"):
    req, _created = support.create_request(cast["startup"], cast["member"], kind,
                                           "Cần cố vấn gọi vốn", "Vòng seed 3 tỷ đồng",
                                           submit=submit, idempotency_key=key)
    return req


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_issue_journey_keeps_every_move_with_who_and_when(cast):
    req = _new(cast)
    support.transition(req, "triage", cast["officer"], note="Ưu tiên")
    support.transition(req, "assign", cast["officer"], assignee=f"p:{cast['mentor_person'].id}")
    support.transition(req, "start", cast["mentor"])
    support.transition(req, "resolve", cast["mentor"], note="Đã gặp 2 buổi")
    db.session.commit()
    assert req.state == "resolved" and req.assignee_person_id == cast["mentor_person"].id
    assert req.submitted_at is not None and req.resolved_at >= req.submitted_at
    moves = [(e.action, e.from_state, e.to_state, e.actor_id) for e in req.events]
    assert moves == [
        ("create", None, "draft", cast["member"].id),
        ("submit", "draft", "submitted", cast["member"].id),
        ("triage", "submitted", "triaged", cast["officer"].id),
        ("assign", "triaged", "assigned", cast["officer"].id),
        ("start", "assigned", "in_progress", cast["mentor"].id),
        ("resolve", "in_progress", "resolved", cast["mentor"].id),
    ]
    assert req.events[3].assignee_person_id == cast["mentor_person"].id
    assert req.events[5].note == "Đã gặp 2 buổi"


def test_resolving_a_draft_is_refused_and_changes_nothing(cast):
    req = _new(cast, submit=False)
    db.session.commit()
    before = (_count(SupportRequestEvent), _count(Notification))
    with pytest.raises(WorkflowError) as err:
        support.transition(req, "resolve", cast["officer"])
    db.session.rollback()
    assert err.value.code == "support.transition.invalid"
    assert db.session.get(SupportRequest, req.id).state == "draft"
    assert (_count(SupportRequestEvent), _count(Notification)) == before


def test_roles_are_relative_to_the_request(cast):
    req = _new(cast)
    assert req.roles_of(cast["member"]) == {"startup"}
    assert req.roles_of(cast["stranger"]) == set()
    assert req.roles_of(cast["mentor"]) == set()
    with pytest.raises(TransitionForbidden):
        support.transition(req, "triage", cast["member"])
    support.transition(req, "triage", cast["officer"])
    support.transition(req, "assign", cast["officer"], assignee=f"o:{cast['incubator'].id}")
    assert req.roles_of(cast["host"]) == {"assignee"}
    with pytest.raises(TransitionForbidden):
        support.transition(req, "resolve", cast["mentor"])
    support.transition(req, "resolve", cast["host"])
    assert req.state == "resolved"


def test_decline_needs_a_reason_and_keeps_it(cast):
    req = _new(cast)
    for blank in (None, "", "   "):
        with pytest.raises(WorkflowError) as err:
            support.transition(req, "decline", cast["officer"], reason=blank)
        assert err.value.code == "support.decline.reason_required"
    support.transition(req, "decline", cast["officer"], reason="Ngoài phạm vi chương trình")
    db.session.commit()
    assert (req.state, req.decline_reason) == ("declined", "Ngoài phạm vi chương trình")
    assert req.closed_at is not None and req.events[-1].note == "Ngoài phạm vi chương trình"


def test_assign_needs_an_existing_person_or_non_startup_organisation(cast):
    req = _new(cast)
    support.transition(req, "triage", cast["officer"])
    for bad in ("", "p:999999", "o:abc", f"o:{cast['startup'].id}", "x:1"):
        with pytest.raises(support.SupportError):
            support.transition(req, "assign", cast["officer"], assignee=bad)
    assert req.state == "triaged"


def test_reassign_and_reopen(cast):
    req = _new(cast)
    support.transition(req, "triage", cast["officer"])
    support.transition(req, "assign", cast["officer"], assignee=f"p:{cast['mentor_person'].id}")
    support.transition(req, "start", cast["mentor"])
    support.transition(req, "assign", cast["officer"], assignee=f"o:{cast['incubator'].id}")
    assert (req.state, req.assignee_person_id, req.assignee_org_id) == (
        "assigned", None, cast["incubator"].id)
    support.transition(req, "resolve", cast["host"])
    support.transition(req, "reopen", cast["officer"], reason="Startup báo chưa xong")
    assert req.state == "triaged" and req.resolved_at is None


def test_withdraw_by_the_startup_tells_the_assignee(cast):
    req = _new(cast)
    support.transition(req, "triage", cast["officer"])
    support.transition(req, "assign", cast["officer"], assignee=f"p:{cast['mentor_person'].id}")
    db.session.commit()
    with pytest.raises(TransitionForbidden):
        support.transition(req, "withdraw", cast["officer"])
    support.transition(req, "withdraw", cast["member"], reason="Đã tự giải quyết")
    db.session.commit()
    assert req.state == "withdrawn"
    note = db.session.scalars(select(Notification).where(
        Notification.user_id == cast["mentor"].id).order_by(Notification.id.desc())).first()
    assert note.kind == "support.withdraw" and "Đã tự giải quyết" in note.body


def test_double_submission_with_one_key_creates_one_request(cast):
    first = _new(cast, key="click-123")
    again, created = support.create_request(cast["startup"], cast["member"], "mentoring",
                                            "Cần cố vấn gọi vốn", submit=True,
                                            idempotency_key="click-123")
    db.session.commit()
    assert again.id == first.id and created is False
    assert _count(SupportRequest) == 1
    assert _count(SupportRequestEvent, SupportRequestEvent.action == "submit") == 1


def test_bad_content_is_refused(cast):
    with pytest.raises(support.SupportError) as err:
        support.create_request(cast["startup"], cast["member"], "astrology", "x")
    assert err.value.code == "support.type.unknown"
    with pytest.raises(support.SupportError) as err:
        support.create_request(cast["startup"], cast["member"], "mentoring", "   ")
    assert err.value.code == "support.title.required"
    with pytest.raises(support.SupportError):
        support.create_request(cast["incubator"], cast["host"], "mentoring", "Không phải startup")


def test_only_drafts_can_be_edited(cast):
    req = _new(cast, submit=False)
    support.update_draft(req, cast["member"], "ip", "Tra cứu sáng chế", "Cảm biến")
    assert (req.type_code, req.title) == ("ip", "Tra cứu sáng chế")
    support.transition(req, "submit", cast["member"])
    with pytest.raises(WorkflowError):
        support.update_draft(req, cast["member"], "ip", "Đổi sau khi gửi", "")


def test_notifications_go_to_the_people_concerned_in_their_language(cast):
    req = _new(cast)  # submit → officers (the officer reads English)
    db.session.commit()
    to_officer = db.session.scalars(select(Notification).where(
        Notification.user_id == cast["officer"].id)).one()
    assert to_officer.title == "New support request: Cần cố vấn gọi vốn"
    assert "Support type: Mentoring and consulting" in to_officer.body
    assert to_officer.link == f"/support/{req.id}"
    support.transition(req, "triage", cast["officer"])
    support.transition(req, "assign", cast["officer"], assignee=f"p:{cast['mentor_person'].id}")
    db.session.commit()
    titles = db.session.scalars(select(Notification.title).where(
        Notification.user_id == cast["mentor"].id)).all()
    assert titles == ["Yêu cầu đã được giao: Cần cố vấn gọi vốn"]
    member_kinds = db.session.scalars(select(Notification.kind).where(
        Notification.user_id == cast["member"].id).order_by(Notification.id)).all()
    assert member_kinds == ["support.triage", "support.assign"]  # never told of their own submit


def test_internal_notes_never_reach_the_startup(cast):
    req = _new(cast)
    support.transition(req, "triage", cast["officer"])
    support.transition(req, "assign", cast["officer"], assignee=f"p:{cast['mentor_person'].id}")
    support.add_comment(req, cast["member"], "Chúng tôi rảnh thứ Bảy.")
    support.add_comment(req, cast["officer"], "Startup này nợ báo cáo năm.", internal=True)
    support.add_comment(req, cast["mentor"], "Hẹn 9 giờ thứ Bảy.")
    db.session.commit()
    seen = [c.body for c in support.visible_comments(req, cast["member"])]
    assert seen == ["Chúng tôi rảnh thứ Bảy.", "Hẹn 9 giờ thứ Bảy."]
    assert len(support.visible_comments(req, cast["mentor"])) == 3
    assert len(support.visible_comments(req, cast["officer"])) == 3
    bodies = db.session.scalars(select(Notification.body).where(
        Notification.user_id == cast["member"].id)).all()
    assert not any("nợ báo cáo" in (b or "") for b in bodies)
    mentor_bodies = db.session.scalars(select(Notification.body).where(
        Notification.user_id == cast["mentor"].id)).all()
    assert any("nợ báo cáo" in (b or "") for b in mentor_bodies)
    with pytest.raises(support.SupportError) as err:
        support.add_comment(req, cast["member"], "Thử ghi chú nội bộ", internal=True)
    assert err.value.code == "support.comment.internal_forbidden"
    with pytest.raises(support.SupportError):
        support.add_comment(req, cast["member"], "   ")
    assert _count(SupportComment) == 3


def test_host_incubator_is_found_through_a_current_resident_tie(cast):
    from ecosystem.policies.support_ties import host_ids, hosts_startup
    assert not hosts_startup(cast["host"], cast["startup"])
    db.session.add(Relationship(kind="resident", source_org_id=cast["startup"].id,
                                target_org_id=cast["incubator"].id))
    db.session.flush()
    assert host_ids(cast["startup"]) == {cast["incubator"].id}
    assert hosts_startup(cast["host"], cast["startup"])
    assert not hosts_startup(cast["member"], cast["startup"])
