"""Mail: attachments are kept in the outbox and built into the SMTP message."""
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import OutboxMessage
from ecosystem.services.platform.mail import Attachment, build_email, send_mail
from ecosystem.services.events.qr import qr_png


def test_attachment_round_trips_through_the_outbox(app):
    png = qr_png("http://127.0.0.1:5000/events/scan/ABCDE12345")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    send_mail("a@example.vn", "Vé", "Mã của bạn", [Attachment("ve.png", "image/png", png)])
    db.session.commit()
    stored = db.session.scalar(select(OutboxMessage))
    assert Attachment.from_json(stored.attachments[0]).data == png


def test_smtp_message_carries_the_attachment():
    email = build_email("no-reply@x.vn", "a@example.vn", "Vé", "Xin chào",
                        [Attachment("ve.png", "image/png", b"\x89PNG-data")])
    parts = list(email.iter_attachments())
    assert [p.get_filename() for p in parts] == ["ve.png"]
    assert parts[0].get_content() == b"\x89PNG-data"


def test_a_confirmed_registration_mails_the_ticket_qr(app):
    from ecosystem.services.events import registration as reg
    from tests import factories as f
    from tests.event_factories import make_event
    club = f.make_org("CLB Thử Vé", kind="club")
    event = make_event(club, capacity=1)
    first, second = f.make_user("startup"), f.make_user("startup")
    reg.register(event, first)
    reg.register(event, second)  # waiting: no ticket yet
    db.session.commit()
    mails = {m.to: m for m in db.session.scalars(select(OutboxMessage))}
    attached = mails[first.email].attachments
    assert attached and attached[0]["mime"] == "image/png"
    assert not mails[second.email].attachments


def test_a_subject_is_one_line_that_fits_the_outbox_and_the_smtp_header(app):
    title = "Thư mời: Hội thảo\r\nBcc: evil@example.com\n" + "dài " * 100
    message = send_mail("a@example.vn", title, "Nội dung")
    db.session.commit()
    assert "\n" not in message.subject and "\r" not in message.subject
    assert len(message.subject) == 300 and message.subject.endswith("…")
    email = build_email("no-reply@x.vn", message.to, message.subject, message.body)
    assert email["Bcc"] is None and "Bcc: evil@example.com" in email["Subject"]
