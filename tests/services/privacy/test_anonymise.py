"""Deletion anonymises: name and contacts go, the account is disabled and signed out, records the law
keeps stay and the person is told so at the address they had."""
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import (AuditEntry, LoginAttempt, Notification, OrgManager, OutboxMessage,
                              Person, User, UserSession)
from ecosystem.models.events import Registration
from ecosystem.services.accounts.credentials import authenticate, open_session
from ecosystem.services.platform.audit import log_action
from ecosystem.services.privacy import requests as rq
from ecosystem.services.privacy.anonymise import deleted_name, kept_records
from tests import factories as f
from tests.event_factories import make_event, make_registration


def test_deletion_anonymises_the_person_and_disables_the_account(app):
    startup = f.make_org("Công ty Ẩn Danh")
    person = f.make_person("Nguyễn Thị Riêng Tư", email="rieng.tu@example.vn", phone="0909000111",
                           bio="Sáng lập", ward="Phú Cường", mentor_capacity=2)
    user = f.make_user("startup", "mentor", manages=[startup], person=person, email="rieng.tu@example.vn")
    admin = f.make_user("admin")
    open_session(user)
    authenticate("rieng.tu@example.vn", "password-123", "10.0.0.1")
    registration = make_registration(make_event(), user, name="Nguyễn Thị Riêng Tư")
    registration.answers = [{"q": "Số điện thoại?", "a": "0909000111"}]
    log_action(user.id, "something.done", "user", user.id)
    db.session.flush()
    request = rq.submit_request(user, "delete", "Xin xoá")

    rq.complete_request(request, admin)

    person = db.session.get(Person, person.id)
    assert person.full_name == deleted_name(person.id) == f"Người dùng đã xoá #{person.id}"
    assert (person.email, person.phone, person.bio, person.ward) == (None, None, None, None)
    assert person.archived and person.contact_visibility == "private" and person.mentor is None
    user = db.session.get(User, user.id)
    assert not user.active and user.email == f"deleted-{user.id}@invalid" and user.role_codes == set()
    assert db.session.scalar(select(func.count()).select_from(OrgManager).where(OrgManager.user_id == user.id)) == 0
    live = select(func.count()).select_from(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    assert db.session.scalar(live) == 0
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 0
    registration = db.session.get(Registration, registration.id)
    assert (registration.name, registration.email, registration.answers) == (deleted_name(person.id), None, [])
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id)) == 0
    # The audit log is kept and says who anonymised whom.
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "something.done")) is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.anonymise"))
    assert entry.actor_id == admin.id and entry.data["kept"]["audit_entries"] >= 1
    # The answer goes to the address the person had, and names what the law keeps.
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == "rieng.tu@example.vn")
                             .order_by(OutboxMessage.id.desc()))
    assert "đã được thực hiện" in mail.subject
    assert "giấy chứng nhận" in mail.body and "kết quả giải thưởng" in mail.body and "nhật ký kiểm toán" in mail.body


def test_earlier_mail_to_the_person_is_emptied(app):
    from ecosystem.services.platform.mail import send_mail
    user, admin = f.make_user(email="cu@example.vn"), f.make_user("admin")
    old = send_mail("cu@example.vn", "Vé sự kiện", "Xin chào Nguyễn Văn Cũ, vé của bạn ...")
    rq.complete_request(rq.submit_request(user, "delete", None), admin)
    assert "Nguyễn Văn Cũ" not in db.session.get(OutboxMessage, old.id).body


def test_kept_records_count_award_scores_and_fund_entries(app):
    user = f.make_user(person=f.make_person())
    counts = kept_records(user)
    assert counts == {"cert_applications": 0, "fund_entries": 0, "audit_entries": 0,
                      "award_results": 0, "award_scores": 0}
    log_action(user.id, "x", "user", user.id)
    assert kept_records(user)["audit_entries"] == 1
