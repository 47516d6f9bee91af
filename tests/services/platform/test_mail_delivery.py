"""Mail leaves only after commit, through the delivery job, to a local SMTP server (never the internet)."""
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import OutboxMessage
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.platform.mail import send_mail
from ecosystem.services.platform.mail_delivery import MAX_ATTEMPTS, backoff, deliver_queued


class Inbox:
    """An aiosmtpd handler keeping what arrives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False,
                      MAIL_USERNAME=None, MAIL_SENDER="Sở KH&CN <no-reply@sokhcn.example.vn>")
    yield inbox
    controller.stop()
    app.config["MAIL_SERVER"] = None


def test_a_rolled_back_action_sends_nothing(smtp):
    send_mail("a@example.vn", "Thử", "Không được gửi")
    db.session.rollback()
    assert deliver_queued() == 0 and smtp.messages == []


def test_mail_goes_after_commit_with_date_and_message_id(smtp):
    queued = send_mail("a@example.vn", "Chào", "Nội dung")
    assert queued.status == "queued" and smtp.messages == []  # nothing leaves inside the transaction
    db.session.commit()
    assert deliver_queued() == 1
    [raw] = smtp.messages
    assert "Date: " in raw and f"Message-ID: {queued.message_id}" in raw and "@sokhcn.example.vn>" in raw
    row = db.session.scalar(select(OutboxMessage))
    assert row.status == "sent" and row.sent_at is not None
    assert deliver_queued() == 0  # sent once


def test_a_down_server_is_retried_with_back_off_then_given_up(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_SENDER="no-reply@x.vn")
    try:
        send_mail("a@example.vn", "Thử", "Lỗi mạng")
        db.session.commit()
        assert deliver_queued() == 0
        row = db.session.scalar(select(OutboxMessage))
        assert (row.status, row.attempts) == ("failed", 1) and row.error
        assert as_utc(row.next_attempt_at) > utcnow()
        assert deliver_queued() == 0 and row.attempts == 1  # not due yet: not tried again
        for _ in range(MAX_ATTEMPTS - 1):
            row.next_attempt_at = utcnow() - timedelta(seconds=1)
            db.session.commit()
            deliver_queued()
        assert (row.status, row.attempts) == ("dead", MAX_ATTEMPTS)
    finally:
        app.config["MAIL_SERVER"] = None


def test_back_off_doubles_up_to_an_hour():
    assert [backoff(n).total_seconds() // 60 for n in (1, 2, 3, 7, 12)] == [1, 2, 4, 60, 60]


def test_without_smtp_mail_stays_in_the_outbox_for_an_admin(app):
    row = send_mail("a@example.vn", "Thử", "Đọc trong hộp thư đi")
    db.session.commit()
    assert row.status == "outbox" and deliver_queued() == 0
