"""Each person's channels per category; one read (channels_for) decides how every notification travels."""
from dataclasses import dataclass

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import NotificationPreference
from ecosystem.services.outreach.kinds import CATEGORIES, category_of

DEFAULTS = {"in_app": True, "email": True, "zalo": False, "digest": False}


@dataclass(frozen=True)
class Channels:
    in_app: bool = True
    email: bool = True
    zalo: bool = False
    digest: bool = False
    category: str | None = None  # None: compulsory (security, legal) or not a preference kind


def preferences_of(user_id: int) -> dict[str, dict]:
    """Every category with its channels, defaults filled in (the account page's table)."""
    rows = {p.kind: p for p in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user_id))}
    return {category: ({c: getattr(rows[category], c) for c in DEFAULTS} if category in rows
                       else dict(DEFAULTS)) for category in CATEGORIES}


def channels_for(user_id: int, kind: str) -> Channels:
    """How a notification of this kind reaches this person (compulsory kinds: bell and e-mail, always)."""
    category = category_of(kind)
    if category is None:
        return Channels()
    return Channels(category=category, **preferences_of(user_id)[category])


def save_preference(user_id: int, category: str, **channels: bool) -> NotificationPreference:
    """Set some channels of one category; the caller commits."""
    if category not in CATEGORIES:
        raise ValueError(category)
    row = db.session.scalar(select(NotificationPreference).where(
        NotificationPreference.user_id == user_id, NotificationPreference.kind == category))
    if row is None:
        row = NotificationPreference(user_id=user_id, kind=category, **DEFAULTS)
        db.session.add(row)
    for name, value in channels.items():
        if name not in DEFAULTS:
            raise ValueError(name)
        setattr(row, name, bool(value))
    db.session.flush()
    return row
