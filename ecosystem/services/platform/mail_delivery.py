"""Delivering the outbox after commit: run by the scheduler's mail.deliver job, one row lock at a time,
with back-off, so no request waits on SMTP and a rolled-back action never sends anything."""
import logging
import smtplib
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select

from ecosystem.extensions import db
from ecosystem.models import OutboxMessage
from ecosystem.models.base import utcnow
from ecosystem.services.platform.mail import Attachment, deliver
from ecosystem.services.platform.settings import setting

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8  # then the message is "dead": an admin sees it in the outbox with its last error


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failure, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def _next_due(now):
    """Lock one message that is due, skipping rows another scheduler holds (PostgreSQL)."""
    query = (select(OutboxMessage)
             .where(OutboxMessage.status.in_(("queued", "failed")),
                    or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now))
             .order_by(OutboxMessage.id).limit(1).with_for_update(skip_locked=True))
    return db.session.scalar(query)


def deliver_queued(limit: int | None = None) -> int:
    """Send what is due, committing after each message so a crash never sends one twice. The job
    runs once a minute, so the setting mail.rate_per_minute caps how many leave per run."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return 0
    if limit is None:
        limit = int(setting("mail.rate_per_minute"))
    sent = 0
    for _ in range(limit):
        now = utcnow()
        message = _next_due(now)
        if message is None:
            break
        try:
            deliver(config, message.to, message.subject, message.body,
                    [Attachment.from_json(row) for row in message.attachments or []],
                    message_id=message.message_id, headers=message.headers)
        except (OSError, smtplib.SMTPException) as exc:
            message.attempts += 1
            message.error = str(exc)[:1000]
            message.status = "dead" if message.attempts >= MAX_ATTEMPTS else "failed"
            message.next_attempt_at = now + backoff(message.attempts)
            log.warning("mail %s to %s failed (attempt %d): %s", message.id, message.to, message.attempts, exc)
        else:
            message.status, message.sent_at, message.error = "sent", now, None
            sent += 1
        db.session.commit()
    return sent
