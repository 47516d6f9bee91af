"""The one mail sender: SMTP when configured, otherwise the outbox an admin reads in the app."""
import smtplib
from email.message import EmailMessage

from flask import current_app

from ecosystem.extensions import db
from ecosystem.models import OutboxMessage


def send_mail(to: str, subject: str, body: str) -> OutboxMessage:
    """Record the message and deliver it when SMTP is set; a failed delivery stays in the outbox."""
    message = OutboxMessage(to=to, subject=subject, body=body)
    db.session.add(message)
    config = current_app.config
    if config.get("MAIL_SERVER"):
        try:
            deliver(config, to, subject, body)
            message.status = "sent"
        except (OSError, smtplib.SMTPException) as exc:
            message.status = "failed"
            message.error = str(exc)[:1000]
    return message


def deliver(config, to: str, subject: str, body: str) -> None:
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    email["To"] = to
    email["Subject"] = subject
    email.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
