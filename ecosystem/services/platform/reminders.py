"""Once-only reminders: a SentReminder key claimed before a message goes out, so a job run twice
(or by two schedulers) sends it once."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ecosystem.extensions import db
from ecosystem.models import SentReminder


def claim_once(key: str) -> bool:
    """Insert the reminder key; False when it was sent before (by this or an earlier run)."""
    if db.session.scalar(select(SentReminder.id).where(SentReminder.key == key)):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(SentReminder(key=key))
    except IntegrityError:
        return False
    return True
