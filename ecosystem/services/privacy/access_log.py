"""Who was shown someone else's contact details, where: one bulk insert per page, export or API
call, so logging stays cheap even for a 50,000-row export."""
from typing import Iterable

from sqlalchemy import insert, select

from ecosystem.extensions import db
from ecosystem.models import User
from ecosystem.models.base import utcnow
from ecosystem.models.privacy import CONTACT_CHANNELS, ContactAccess
from ecosystem.text import fold


def log_contact_access(viewer, person_ids: Iterable[int], channel: str) -> int:
    """Record that viewer (a user, or None / anonymous) saw these people's contacts; the viewer's
    own person is left out. Returns the number of rows written."""
    if channel not in CONTACT_CHANNELS:
        raise ValueError(f"unknown channel {channel}")
    viewer_id = viewer.id if viewer is not None and getattr(viewer, "is_authenticated", False) else None
    own = getattr(viewer, "person_id", None) if viewer_id is not None else None
    now = utcnow()
    rows = [{"viewer_id": viewer_id, "person_id": pid, "channel": channel, "at": now}
            for pid in dict.fromkeys(person_ids) if pid is not None and pid != own]
    if rows:
        db.session.execute(insert(ContactAccess), rows)
    return len(rows)


def access_log_query(person_id: int | None = None, viewer: str = "", channel: str = ""):
    """The admin's view of the log, newest first, filtered by person, viewer e-mail or channel."""
    query = select(ContactAccess).order_by(ContactAccess.at.desc(), ContactAccess.id.desc())
    if person_id is not None:
        query = query.where(ContactAccess.person_id == person_id)
    if viewer:
        query = query.join(User, ContactAccess.viewer_id == User.id).where(
            User.email.contains(fold(viewer)))
    if channel in CONTACT_CHANNELS:
        query = query.where(ContactAccess.channel == channel)
    return query
