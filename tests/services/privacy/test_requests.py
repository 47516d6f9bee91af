"""Requests: a due day from the setting, one open request per kind, start → done or refused with a
reason, the person told each time; withdrawal of consent is done at once."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Notification
from ecosystem.clock import local_today
from ecosystem.models.privacy import PrivacyRequest
from ecosystem.services.platform.settings import set_setting
from ecosystem.services.privacy import requests as rq
from ecosystem.services.privacy.consents import active_purposes, record_consent
from tests import factories as f


def test_the_due_day_follows_the_legal_time_limit_setting(app):
    user = f.make_user()
    set_setting("privacy.response_days", 30, None)
    request = rq.submit_request(user, "restrict", "")
    assert request.due_on == local_today() + timedelta(days=30)
    assert request.status == "submitted" and request.details is None


@pytest.mark.parametrize("kind, details, code", [
    ("withdraw", "x", "unknown_kind"), ("correct", "  ", "details_needed"),
    ("delete", "x" * 4001, "details_too_long")])
def test_refused_submissions(app, kind, details, code):
    with pytest.raises(rq.RequestError) as refused:
        rq.submit_request(f.make_user(), kind, details)
    assert refused.value.code == code


def test_one_open_request_of_a_kind_at_a_time(app):
    user, admin = f.make_user(), f.make_user("admin")
    first = rq.submit_request(user, "correct", "Sai ngày sinh")
    with pytest.raises(rq.RequestError) as refused:
        rq.submit_request(user, "correct", "Lần nữa")
    assert refused.value.code == "already_open"
    rq.refuse_request(first, admin, "Thông tin đã đúng theo giấy tờ")
    assert rq.submit_request(user, "correct", "Lần nữa").status == "submitted"


def test_start_then_done_tells_the_person_with_the_outcome(app):
    user, admin = f.make_user(person=f.make_person()), f.make_user("admin")
    request = rq.submit_request(user, "correct", "Đổi chức danh thành Giám đốc")
    rq.start_request(request, admin)
    assert request.status == "in_progress"
    with pytest.raises(rq.RequestError):
        rq.start_request(request, admin)
    rq.complete_request(request, admin, "Đã sửa chức danh")
    assert (request.status, request.handled_by_id, request.outcome) == ("done", admin.id, "Đã sửa chức danh")
    note = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    assert "đã được thực hiện" in note.title and "Đã sửa chức danh" in note.body
    with pytest.raises(rq.RequestError) as closed:
        rq.complete_request(request, admin)
    assert closed.value.code == "not_open"


def test_a_refusal_needs_a_reason_and_says_it(app):
    user, admin = f.make_user(), f.make_user("admin")
    request = rq.submit_request(user, "delete", None)
    with pytest.raises(rq.RequestError) as refused:
        rq.refuse_request(request, admin, "   ")
    assert refused.value.code == "reason_needed" and request.status == "submitted"
    rq.refuse_request(request, admin, "Đang có hồ sơ chứng nhận chưa giải quyết")
    note = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    assert "bị từ chối" in note.title and "hồ sơ chứng nhận" in note.body


def test_restriction_hides_contacts_and_stops_new_mentees(app):
    person = f.make_person(mentor_capacity=3, contact_visibility="public")
    user, admin = f.make_user("mentor", person=person), f.make_user("admin")
    rq.complete_request(rq.submit_request(user, "restrict", None), admin)
    assert person.contact_visibility == "private" and person.mentor.available is False


def test_withdrawing_consent_is_done_at_once_and_listed(app):
    user = f.make_user()
    record_consent(user, "office_hours", "office_hours")
    request = rq.withdraw_consent(user, "office_hours")
    assert (request.kind, request.purpose, request.status, request.handled_by_id) == (
        "withdraw", "office_hours", "done", user.id)
    assert active_purposes(user) == set()
    assert rq.requests_of(user) == [request]
    with pytest.raises(rq.RequestError):
        rq.withdraw_consent(user, "newsletter")


def test_the_queue_puts_open_requests_first_by_due_day(app):
    admin = f.make_user("admin")
    late = rq.submit_request(f.make_user(), "restrict", None)
    late.due_on = local_today() - timedelta(days=2)
    soon = rq.submit_request(f.make_user(), "restrict", None)
    closed = rq.submit_request(f.make_user(), "restrict", None)
    rq.refuse_request(closed, admin, "Không rõ danh tính")
    everything = list(db.session.scalars(rq.request_queue("")))
    assert [r.id for r in everything] == [late.id, soon.id, closed.id]
    assert [r.id for r in db.session.scalars(rq.request_queue("open"))] == [late.id, soon.id]
    assert [r.id for r in db.session.scalars(rq.request_queue("refused"))] == [closed.id]
    assert db.session.scalar(select(PrivacyRequest).where(PrivacyRequest.id == closed.id)).refusal_reason
