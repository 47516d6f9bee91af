"""Server-side sessions: only a hash of the cookie's token is stored, and a session ends when
revoked, idle too long or simply too old (both limits are settings)."""
import hashlib
import secrets
from datetime import timedelta
from functools import cache

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.orm import joinedload

from ecosystem.extensions import db
from ecosystem.models import LoginAttempt, LoginThrottle, PasswordResetToken, User, UserSession
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.platform.settings import setting

TOUCH_EVERY = timedelta(minutes=1)  # how stale last_seen_at may get before it is written again


def digest(token: str) -> str:
    """sha256 of a token: what the database keeps of session and reset tokens."""
    return hashlib.sha256((token or "").encode()).hexdigest()


def _idle() -> timedelta:
    return timedelta(minutes=setting("accounts.session_idle_minutes"))


def _absolute() -> timedelta:
    return timedelta(hours=setting("accounts.session_absolute_hours"))


def open_session(user: User) -> str:
    """Start a server-side session and return its token (what the cookie carries)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(UserSession(token_hash=digest(token), user_id=user.id, created_at=now,
                               last_seen_at=now))
    user._session_token = token
    return token


@cache
def _session_statement():
    """A live session with its user, roles and managed organisations: one statement, built once
    (every signed-in request runs it)."""
    user = joinedload(UserSession.user)
    return select(UserSession).options(user.joinedload(User.roles), user.joinedload(User.managed)).where(
        UserSession.token_hash == bindparam("token_hash"), UserSession.revoked_at.is_(None))


def load_session(token: str) -> User | None:
    """The user of a live session token; None when unknown, revoked, idle or past its lifetime."""
    if not token:
        return None
    row = db.session.execute(_session_statement(), {"token_hash": digest(token)}).unique().scalar_one_or_none()
    if row is None or not row.user.active:
        return None
    now = utcnow()
    if as_utc(row.created_at) + _absolute() < now or as_utc(row.last_seen_at) + _idle() < now:
        return None
    if as_utc(row.last_seen_at) + TOUCH_EVERY < now:
        row.last_seen_at = now
    row.user._session_token = token
    return row.user


def revoke_session(token: str) -> None:
    db.session.execute(update(UserSession).where(UserSession.token_hash == digest(token))
                       .values(revoked_at=utcnow()))


def revoke_all_sessions(user_id: int) -> None:
    db.session.execute(update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)).values(revoked_at=utcnow()))


def purge_expired(now=None) -> dict:
    """Delete sessions that can no longer sign anyone in, old login records and spent reset tokens."""
    now = now or utcnow()
    keep = timedelta(days=setting("accounts.login_log_days"))
    counts = {
        "sessions": db.session.execute(delete(UserSession).where(or_(
            UserSession.revoked_at.is_not(None), UserSession.created_at < now - _absolute(),
            UserSession.last_seen_at < now - _idle())).execution_options(
                synchronize_session=False)).rowcount,
        "login_attempts": db.session.execute(delete(LoginAttempt).where(
            LoginAttempt.at < now - keep)).rowcount,
        "login_throttles": db.session.execute(delete(LoginThrottle).where(
            LoginThrottle.last_attempt_at < now - keep)).rowcount,
        "reset_tokens": db.session.execute(delete(PasswordResetToken).where(or_(
            PasswordResetToken.used_at.is_not(None),
            PasswordResetToken.expires_at < now))).rowcount,
    }
    return counts
