"""Invitations to invitation-only events: by e-mail, told in the app when the address has an account."""
import re

from flask import current_app
from flask_babel import force_locale, gettext as _
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Event, EventInvitation, User
from ecosystem.services.platform.audit import log_action
from ecosystem.services.events.registration import when_text
from ecosystem.services.platform.mail import send_mail
from ecosystem.services.platform.notifications import notify

_SPLIT = re.compile(r"[\s,;]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_emails(text: str) -> tuple[list[str], list[str]]:
    """Addresses from a pasted list (lines, commas or semicolons): (valid lower-cased, invalid)."""
    valid, invalid = [], []
    for part in _SPLIT.split(text or ""):
        part = part.strip().strip("<>").lower()
        if not part:
            continue
        (valid if _EMAIL.match(part) else invalid).append(part)
    return list(dict.fromkeys(valid)), invalid


def invite(event: Event, text: str, actor) -> tuple[list[str], list[str]]:
    """Add the new addresses; account holders get a notification, others an e-mail."""
    emails, invalid = parse_emails(text)
    known = set(db.session.scalars(select(EventInvitation.email).where(
        EventInvitation.event_id == event.id)))
    added = [e for e in emails if e not in known]
    for email in added:
        db.session.add(EventInvitation(event_id=event.id, email=email, invited_by_id=actor.id))
    db.session.flush()
    link = f"/events/{event.id}"
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(added)))} \
        if added else {}

    def compose():
        return (_("Thư mời: %(title)s", title=event.title),
                _("Bạn được mời tham dự %(title)s lúc %(when)s. Hãy đăng ký trên trang sự kiện.",
                  title=event.title, when=when_text(event)))
    notify(users.values(), "events.invitation", compose, link=link)
    url = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + link
    for email in added:
        if email not in users:
            with force_locale("vi"):
                title, body = compose()
            send_mail(email, title, f"{body}\n\n{url}")
    log_action(actor.id, "event.invite", "event", event.id, count=len(added))
    return added, invalid
