"""Retention: data past its time (privacy.retention.* settings) is removed or emptied. plan()
says what would go (the CLI's --dry-run); apply() does it; run_retention() is the scheduled job."""
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from flask import current_app
from sqlalchemy import and_, delete, func, select, update

from ecosystem.extensions import db
from ecosystem.models import LoginAttempt, Notification, OutboxMessage, PasswordResetToken, UserSession
from ecosystem.models.awards import Nomination, NominationDocument
from ecosystem.models.base import utcnow
from ecosystem.models.certification import CertApplication, CertDocument
from ecosystem.models.privacy import ContactAccess
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.settings import setting
from ecosystem.services.platform.uploads import storage_path

EXPIRED_BODY = "[đã xoá khi hết thời hạn lưu trữ]"
DECLINED_APPLICATIONS = ("refused", "withdrawn")
DECLINED_NOMINATIONS = ("rejected", "withdrawn")


@dataclass
class Item:
    """One kind of data past its time: how many rows, and the statement that removes them."""

    code: str
    setting: str
    cutoff: datetime
    count: int
    apply: Callable[[], list[str]]  # returns storage names of files to delete after commit


def _cutoff(key: str, now: datetime) -> datetime:
    return now - timedelta(days=int(setting(key)))


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _rows_item(code: str, key: str, model, *conditions, now: datetime, values: dict | None = None) -> Item:
    """Rows of model matching conditions: deleted, or updated with values when given."""
    cutoff = _cutoff(key, now)
    where = [c(cutoff) for c in conditions]
    count = _count(select(model).where(*where))

    def run() -> list[str]:
        statement = update(model).values(**values) if values else delete(model)
        db.session.execute(statement.where(*where).execution_options(synchronize_session=False))
        return []
    return Item(code, key, cutoff, count, run)


def _documents_item(code: str, model, parent, parent_fk, statuses, now: datetime) -> Item:
    """Files of declined dossiers or entries whose last change is older than the limit."""
    key = "privacy.retention.declined_uploads_days"
    cutoff = _cutoff(key, now)
    declined = select(parent.id).where(parent.status.in_(statuses), parent.updated_at < cutoff)
    query = select(model).where(parent_fk.in_(declined))

    def run() -> list[str]:
        names = list(db.session.scalars(select(model.storage_name).where(parent_fk.in_(declined))))
        db.session.execute(delete(model).where(parent_fk.in_(declined))
                           .execution_options(synchronize_session=False))
        return names
    return Item(code, key, cutoff, _count(query), run)


def plan(now: datetime | None = None) -> list[Item]:
    """What is past its time now, kind by kind (nothing is changed)."""
    now = now or utcnow()
    return [
        _rows_item("login_attempts", "privacy.retention.login_attempts_days", LoginAttempt,
                   lambda c: LoginAttempt.at < c, now=now),
        _rows_item("ended_sessions", "privacy.retention.sessions_days", UserSession,
                   lambda c: UserSession.revoked_at < c, now=now),
        _rows_item("reset_tokens", "privacy.retention.sessions_days", PasswordResetToken,
                   lambda c: PasswordResetToken.expires_at < c, now=now),
        # A failed message keeps its body: the mail job still retries it.
        _rows_item("outbox_bodies", "privacy.retention.outbox_body_days", OutboxMessage,
                   lambda c: OutboxMessage.created_at < c, lambda c: OutboxMessage.status != "failed",
                   lambda c: OutboxMessage.body != EXPIRED_BODY, now=now,
                   values={"body": EXPIRED_BODY, "attachments": None}),
        _rows_item("read_notifications", "privacy.retention.notifications_days", Notification,
                   lambda c: and_(Notification.read_at.is_not(None), Notification.created_at < c), now=now),
        _rows_item("contact_access_log", "privacy.retention.contact_access_days", ContactAccess,
                   lambda c: ContactAccess.at < c, now=now),
        _documents_item("declined_cert_documents", CertDocument, CertApplication,
                        CertDocument.application_id, DECLINED_APPLICATIONS, now),
        _documents_item("declined_award_documents", NominationDocument, Nomination,
                        NominationDocument.nomination_id, DECLINED_NOMINATIONS, now),
    ]


def apply(items: list[Item]) -> list[str]:
    """Remove what the plan found (flushes; the caller commits, then deletes the files)."""
    files: list[str] = []
    done = {}
    for item in items:
        if item.count:
            files.extend(item.apply())
            done[item.code] = item.count
    if done:
        log_action(None, "privacy.retention", "retention", None, removed=done)
    db.session.flush()
    return files


def delete_files(storage_names: list[str]) -> int:
    """Remove stored files once the rows naming them are gone for good."""
    root = Path(current_app.config["UPLOAD_ROOT"])
    removed = 0
    for name in storage_names:
        path = storage_path(root, name)
        if path.exists():
            path.unlink()
            removed += 1
    return removed


def run_retention(items: list[Item] | None = None) -> tuple[dict[str, int], int]:
    """The scheduled job (and the CLI): apply the plan, commit, then delete the removed documents'
    files; returns the counts by kind and the number of files deleted."""
    items = plan() if items is None else items
    files = apply(items)
    db.session.commit()
    return {item.code: item.count for item in items}, delete_files(files)
