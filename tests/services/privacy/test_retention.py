"""Retention: what is past its setting is found by the dry run, removed by the job, and nothing
younger (or still needed: failed mail, unread notices, live dossiers) is touched."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.jobs import job_by_id
from ecosystem.models import (LoginAttempt, Notification, OutboxMessage, PasswordResetToken,
                              UserSession)
from ecosystem.models.base import utcnow
from ecosystem.models.certification import CertApplication, CertDocument
from ecosystem.models.privacy import ContactAccess
from ecosystem.services.platform import uploads
from ecosystem.services.privacy import retention
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _dossier(status: str, age_days: int):
    """A certification application of this status, last changed age_days ago, with one stored PDF."""
    info = uploads.inspect_upload(PDF, "ho-so.pdf", 10_000)
    path = uploads.write_upload(current_app.config["UPLOAD_ROOT"], info, PDF)
    app_row = CertApplication(organisation_id=f.make_org().id, rule_set_code="ND268_2025", status=status,
                              updated_at=utcnow() - timedelta(days=age_days))
    app_row.documents = [CertDocument(checklist_code="form", original_name="ho-so.pdf",
                                      storage_name=info.storage_name, mime=info.mime, size=info.size,
                                      sha256=info.sha256)]
    db.session.add(app_row)
    db.session.flush()
    return path


def _old_and_new_world():
    now, old = utcnow(), utcnow() - timedelta(days=800)
    user, person = f.make_user(), f.make_person()
    db.session.add_all([
        LoginAttempt(email="a@example.vn", address="1.1.1.1", at=old),
        LoginAttempt(email="a@example.vn", address="1.1.1.1", at=now),
        UserSession(token_hash="old", user_id=user.id, created_at=old, revoked_at=old),
        UserSession(token_hash="live", user_id=user.id, created_at=old),
        PasswordResetToken(user_id=user.id, token_hash="h1", expires_at=old),
        OutboxMessage(to="a@example.vn", subject="Cũ", body="Nội dung cũ", status="sent", created_at=old),
        OutboxMessage(to="a@example.vn", subject="Lỗi", body="Sẽ gửi lại", status="failed", created_at=old),
        OutboxMessage(to="a@example.vn", subject="Mới", body="Nội dung mới", status="sent", created_at=now),
        Notification(user_id=user.id, kind="x", title="Đã đọc", created_at=old, read_at=old),
        Notification(user_id=user.id, kind="x", title="Chưa đọc", created_at=old),
        ContactAccess(viewer_id=user.id, person_id=person.id, channel="page", at=old),
        ContactAccess(viewer_id=user.id, person_id=person.id, channel="page", at=now),
    ])
    db.session.flush()
    return {"refused": _dossier("refused", 800), "recent": _dossier("refused", 10),
            "issued": _dossier("issued", 800)}


def test_the_dry_run_counts_without_changing_anything(app):
    _old_and_new_world()
    counts = {item.code: item.count for item in retention.plan()}
    assert counts == {"login_attempts": 1, "ended_sessions": 1, "reset_tokens": 1, "outbox_bodies": 1,
                      "read_notifications": 1, "contact_access_log": 1, "declined_cert_documents": 1,
                      "declined_award_documents": 0}
    assert (_count(LoginAttempt), _count(Notification), _count(CertDocument)) == (2, 2, 3)


def test_the_job_removes_what_is_past_its_time_and_its_files(app):
    files = _old_and_new_world()
    counts, deleted = retention.run_retention()
    assert counts["login_attempts"] == 1 and deleted == 1
    assert _count(LoginAttempt) == 1 and _count(ContactAccess) == 1 and _count(PasswordResetToken) == 0
    assert [s.token_hash for s in db.session.scalars(select(UserSession))] == ["live"]
    assert [n.title for n in db.session.scalars(select(Notification))] == ["Chưa đọc"]
    bodies = {m.subject: m.body for m in db.session.scalars(select(OutboxMessage))}
    assert bodies == {"Cũ": retention.EXPIRED_BODY, "Lỗi": "Sẽ gửi lại", "Mới": "Nội dung mới"}
    assert _count(CertDocument) == 2
    assert not files["refused"].exists() and files["recent"].exists() and files["issued"].exists()
    assert sum(item.count for item in retention.plan()) == 0, "a second run finds nothing"


def test_a_shorter_setting_reaches_younger_data(app):
    from ecosystem.services.platform.settings import set_setting
    db.session.add(LoginAttempt(email="b@example.vn", address="2.2.2.2", at=utcnow() - timedelta(days=40)))
    db.session.flush()
    assert next(i for i in retention.plan() if i.code == "login_attempts").count == 0
    set_setting("privacy.retention.login_attempts_days", 30, None)
    assert next(i for i in retention.plan() if i.code == "login_attempts").count == 1


def test_the_job_is_in_the_table_and_the_cli_has_a_dry_run(app, runner):
    assert job_by_id("privacy.retention").func.endswith("retention:run_retention")
    db.session.add(LoginAttempt(email="c@example.vn", address="3.3.3.3", at=utcnow() - timedelta(days=400)))
    db.session.commit()
    dry = runner.invoke(args=["privacy-retention", "--dry-run"])
    assert dry.exit_code == 0 and "login_attempts: 1" in dry.output and "Dry run" in dry.output
    assert _count(LoginAttempt) == 1
    real = runner.invoke(args=["privacy-retention"])
    assert real.exit_code == 0 and "Done: 1 records" in real.output
    assert _count(LoginAttempt) == 0


def test_documents_of_a_long_rejected_award_entry_go_and_accepted_ones_stay(app):
    from datetime import date
    from ecosystem.models.awards import NominationDocument
    from tests import award_world
    world = award_world.build(date.today(), open_round=False)
    rejected, accepted = world["entries"]
    paths = {}
    for entry in (rejected, accepted):
        info = uploads.inspect_upload(PDF, "du-thi.pdf", 10_000)
        paths[entry.id] = uploads.write_upload(current_app.config["UPLOAD_ROOT"], info, PDF)
        db.session.add(NominationDocument(nomination_id=entry.id, storage_name=info.storage_name,
                                          original_name="du-thi.pdf", mime=info.mime, size=info.size,
                                          sha256=info.sha256))
    rejected.status = "rejected"
    db.session.flush()
    rejected.updated_at = accepted.updated_at = utcnow() - timedelta(days=800)
    db.session.commit()
    counts, deleted = retention.run_retention()
    assert counts["declined_award_documents"] == 1 and deleted == 1
    assert [d.nomination_id for d in db.session.scalars(select(NominationDocument))] == [accepted.id]
    assert not paths[rejected.id].exists() and paths[accepted.id].exists()
