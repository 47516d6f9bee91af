"""The daily digest: a person who asked for it gets the day's notifications of those categories in
one e-mail instead of one e-mail each."""
from itertools import groupby

from flask_babel import force_locale, gettext as _
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Notification, User
from ecosystem.models.base import utcnow
from ecosystem.services.outreach.preferences import preferences_of
from ecosystem.services.platform.notifications import mail_person
from ecosystem.services.platform.settings import setting


def send_digests() -> int:
    """One e-mail per person with pending notes (unless they turned the digest e-mail off); returns
    how many were queued. Every pending note is marked digested, sent or not, so none repeats."""
    pending = db.session.scalars(select(Notification).where(Notification.digest_pending.is_(True))
                                 .order_by(Notification.user_id, Notification.created_at, Notification.id)).all()
    now, sent, most = utcnow(), 0, int(setting("outreach.digest_max_items"))
    for user_id, group in groupby(pending, key=lambda note: note.user_id):
        notes = list(group)
        for note in notes:
            note.digest_pending, note.digested_at = False, now
        user = db.session.get(User, user_id)
        if user is None or not user.active or not preferences_of(user_id)["digest"]["email"]:
            continue
        with force_locale(user.locale or "vi"):
            lines = [f"- {note.title}" + (f"\n  {note.body}" if note.body else "") for note in notes[:most]]
            if len(notes) > most:
                lines.append(_("… và %(n)s thông báo khác trong ứng dụng.", n=len(notes) - most))
            mail_person(user, "digest.daily", _("Tóm tắt thông báo trong ngày (%(n)s)", n=len(notes)),
                        "\n".join(lines))
        sent += 1
    db.session.flush()
    return sent
