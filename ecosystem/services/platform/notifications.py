"""Tell people about things, each rendered in the recipient's language and sent by the channels they
chose (services/outreach/preferences.py): the bell, e-mail now or in the daily digest, and Zalo."""
from functools import cache
from typing import Callable, Iterable

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import bindparam, func, select, update

from ecosystem.extensions import db
from ecosystem.models import Notification, User
from ecosystem.models.base import utcnow
from ecosystem.services.platform.mail import Attachment, send_mail


def notify(users: Iterable[User], kind: str, compose: Callable[[], tuple[str, str]],
           link: str | None = None, email: bool = True,
           attachments: list[Attachment] | None = None, **mail_extra) -> list[Notification]:
    """compose() returns (title, body) and is called under each recipient's locale, so lazy
    gettext strings come out in their language. Duplicate recipients are told once. mail_extra
    (headers, broadcast_id) goes to the e-mail."""
    from ecosystem.services.outreach.preferences import channels_for
    made = []
    seen: set[int] = set()
    for user in users:
        if user is None or user.id in seen or not user.active:
            continue
        seen.add(user.id)
        channels = channels_for(user.id, kind)
        with force_locale(user.locale or "vi"):
            title, body = (str(part) for part in compose())
            url = current_app.config["PUBLIC_BASE_URL"] + link if link and link.startswith("/") else link
            wants_mail = email and channels.email
            if channels.zalo and not _by_zalo(user, kind, {"title": title, "body": body, "link": url,
                                                            "name": _name(user)}):
                wants_mail = email  # Zalo off, unconfigured or failing: e-mail instead
            digest = wants_mail and channels.digest
            if channels.in_app or digest:  # a digest-only note is kept (already read) for the daily mail
                note = Notification(user_id=user.id, kind=kind, title=title[:300], body=body, link=link,
                                    digest_pending=digest, read_at=None if channels.in_app else utcnow())
                db.session.add(note)
                made.append(note)
            if wants_mail and not channels.digest:
                mail_person(user, kind, title, body + (f"\n\n{url}" if url else ""), attachments, **mail_extra)
    db.session.flush()
    return made


def mail_person(user: User, kind: str, subject: str, body: str,
                attachments: list[Attachment] | None = None, **extra):
    """An e-mail to an account, carrying the one-click unsubscribe of its category (compulsory kinds
    carry none and say why). Call under the person's locale."""
    from flask_babel import gettext as _
    from ecosystem.services.outreach.kinds import category_of
    from ecosystem.services.outreach.unsubscribe import unsubscribe_headers
    category = category_of(kind)
    headers = dict(extra.pop("headers", None) or {})
    if category is None:
        footer = _("Đây là thông báo bắt buộc (bảo mật hoặc thời hạn theo quy định), không thể tắt.")
    else:
        unsubscribe, footer = unsubscribe_headers(user.id, category)
        headers.update(unsubscribe)
    return send_mail(user.email, subject, f"{body}\n\n-- \n{footer}", attachments, headers=headers, **extra)


def _by_zalo(user: User, kind: str, fields: dict) -> bool:
    from ecosystem.services.outreach.zalo import send_zns
    return send_zns(user, kind, fields)


def _name(user: User) -> str:
    return user.person.full_name if user.person is not None else user.email


def unread_count(user_id: int) -> int:
    return db.session.scalar(_unread_statement(), {"user_id": user_id}) or 0


@cache
def _unread_statement():
    """Built once: the top bar counts on every signed-in page."""
    n = Notification.__table__
    return select(func.count(n.c.id)).where(n.c.user_id == bindparam("user_id"), n.c.read_at.is_(None))


def mark_all_read(user_id: int) -> None:
    db.session.execute(update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=utcnow()))
