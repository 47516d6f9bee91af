"""Scheduled mail work: retry deliveries that failed while SMTP was down."""
from flask import current_app
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import OutboxMessage
from ecosystem.services.platform.mail import Attachment, deliver


def retry_failed() -> int:
    """Try failed messages again when SMTP is configured; returns how many went out."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return 0
    sent = 0
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed")
                                      .limit(200)):
        try:
            deliver(config, message.to, message.subject, message.body,
                    [Attachment.from_json(row) for row in message.attachments or []])
        except OSError as exc:
            message.error = str(exc)[:1000]
            continue
        message.status = "sent"
        sent += 1
    return sent
