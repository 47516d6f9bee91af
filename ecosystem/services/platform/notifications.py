"""Tell people about things: a bell entry and an e-mail, each rendered in the recipient's language."""
from typing import Callable, Iterable

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select, update

from ecosystem.extensions import db
from ecosystem.models import Notification, User
from ecosystem.models.base import utcnow
from ecosystem.services.platform.mail import Attachment, send_mail


def notify(users: Iterable[User], kind: str, compose: Callable[[], tuple[str, str]],
           link: str | None = None, email: bool = True,
           attachments: list[Attachment] | None = None) -> list[Notification]:
    """compose() returns (title, body) and is called under each recipient's locale, so lazy
    gettext strings come out in their language. Duplicate recipients are told once."""
    made = []
    seen: set[int] = set()
    for user in users:
        if user is None or user.id in seen or not user.active:
            continue
        seen.add(user.id)
        with force_locale(user.locale or "vi"):
            title, body = (str(part) for part in compose())
        note = Notification(user_id=user.id, kind=kind, title=title[:300], body=body, link=link)
        db.session.add(note)
        made.append(note)
        if email:
            url = current_app.config["PUBLIC_BASE_URL"] + link if link and link.startswith("/") else link
            text = body + (f"\n\n{url}" if url else "")
            send_mail(user.email, title, text, attachments)
    db.session.flush()
    return made


def unread_count(user_id: int) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0


def mark_all_read(user_id: int) -> None:
    db.session.execute(update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=utcnow()))
