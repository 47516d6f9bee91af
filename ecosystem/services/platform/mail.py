"""The one mail sender: every message is an outbox row written in the caller's transaction;
SMTP delivery happens after commit (services/platform/mail_delivery.py), never inside a request."""
import base64
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from flask import current_app

from ecosystem.extensions import db
from ecosystem.models import OutboxMessage


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message, e.g. the QR code of an event ticket."""

    filename: str
    mime: str
    data: bytes

    def as_json(self) -> dict:
        return {"filename": self.filename, "mime": self.mime,
                "data": base64.b64encode(self.data).decode("ascii")}

    @classmethod
    def from_json(cls, row: dict) -> "Attachment":
        return cls(row["filename"], row["mime"], base64.b64decode(row["data"]))


SUBJECT_MAX = 300  # the outbox column


def subject_line(text: str) -> str:
    """One line of at most SUBJECT_MAX characters: a title typed with a line break (or a hostile
    CR/LF) must neither be refused by the e-mail library at delivery nor split a header."""
    line = " ".join(str(text).replace("\x00", "").split())
    return line if len(line) <= SUBJECT_MAX else line[:SUBJECT_MAX - 1] + "…"


EXTRA_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post", "Reply-To")


def send_mail(to: str, subject: str, body: str,
              attachments: list[Attachment] | None = None, headers: dict | None = None,
              broadcast_id: int | None = None) -> OutboxMessage:
    """Queue the message in the caller's transaction: it leaves only after commit, through the
    scheduler's mail.deliver job; without SMTP it stays in the outbox for an admin to read.
    headers: only EXTRA_HEADERS (unsubscribe links, Reply-To), each kept to one line."""
    attachments = attachments or []
    subject = subject_line(subject)
    config = current_app.config
    extra = {name: subject_line(value) for name, value in (headers or {}).items()
             if name in EXTRA_HEADERS and value}
    message = OutboxMessage(to=to, subject=subject, body=body, headers=extra or None,
                            broadcast_id=broadcast_id,
                            attachments=[a.as_json() for a in attachments] or None,
                            status="queued" if config.get("MAIL_SERVER") else "outbox",
                            message_id=make_msgid(domain=_domain(config.get("MAIL_SENDER"))))
    db.session.add(message)
    return message


def _domain(sender: str | None) -> str:
    address = parseaddr(sender or "")[1]
    return address.rpartition("@")[2] or "localhost"


def build_email(sender: str, to: str, subject: str, body: str,
                attachments: list[Attachment] = (), message_id: str | None = None,
                headers: dict | None = None) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = to
    email["Subject"] = subject
    email["Date"] = formatdate(usegmt=True)
    email["Message-ID"] = message_id or make_msgid(domain=_domain(sender))
    for name, value in (headers or {}).items():
        if name in EXTRA_HEADERS:
            email[name] = subject_line(value)
    email.set_content(body)
    for item in attachments:
        maintype, _, subtype = item.mime.partition("/")
        email.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=item.filename)
    return email


def deliver(config, to: str, subject: str, body: str, attachments: list[Attachment] = (),
            message_id: str | None = None, headers: dict | None = None) -> None:
    email = build_email(config["MAIL_SENDER"], to, subject, body, attachments, message_id, headers)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def public_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail, built on PUBLIC_BASE_URL and never on the request's Host
    header, which whoever sends the request chooses."""
    from urllib.parse import urlsplit
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)
