"""Sign-up, sign-in with throttling, server-side sessions, password reset and change."""
import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select, update

from ecosystem.extensions import db
from ecosystem.models import LoginAttempt, PasswordResetToken, User, UserRole, UserSession
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import setting


class AccountError(DomainError):
    """A refusal whose message is shown to the user (the view words it in the reader's language)."""


def _hasher() -> PasswordHasher:
    return PasswordHasher(**current_app.config["PASSWORD_HASH"])


def hash_password(password: str) -> str:
    """argon2id at the configured cost (production: t=3, m=64 MiB, p=4 — above OWASP's minimum)."""
    return _hasher().hash(password)


def verify_password(user: User, password: str) -> bool:
    """Check a password and upgrade the stored hash when the cost parameters changed."""
    try:
        _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return True


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(email: str, password: str, roles=(), locale: str = "vi",
                person_id: int | None = None) -> User:
    """A new account; refuses a taken e-mail or a short password."""
    email = normalize_email(email)
    if len(password or "") < setting("accounts.min_password_length"):
        raise AccountError("password_short", n=setting("accounts.min_password_length"))
    if find_user(email):
        raise AccountError("email_taken")
    user = User(email=email, password_hash=hash_password(password), locale=locale,
                person_id=person_id)
    user.roles = [UserRole(role=r) for r in sorted(set(roles))]
    db.session.add(user)
    db.session.flush()
    log_action(user.id, "account.create", "user", user.id)
    return user


def _recent_failures(column, value) -> int:
    since = utcnow() - timedelta(minutes=setting("accounts.login_window_minutes"))
    return db.session.scalar(select(func.count(LoginAttempt.id)).where(
        column == value, LoginAttempt.success.is_(False), LoginAttempt.at >= since)) or 0


def authenticate(email: str, password: str, address: str) -> User:
    """Return the user or raise; throttled per account and per address before any hash check."""
    email = normalize_email(email)
    if (_recent_failures(LoginAttempt.email, email)
            >= setting("accounts.login_max_failures_per_account")
            or _recent_failures(LoginAttempt.address, address)
            >= setting("accounts.login_max_failures_per_address")):
        raise AccountError("throttled", minutes=setting("accounts.login_window_minutes"))
    user = find_user(email)
    ok = bool(user and user.active and verify_password(user, password))
    db.session.add(LoginAttempt(email=email, address=address, success=ok))
    if not ok:
        raise AccountError("bad_credentials")
    return user


def open_session(user: User) -> str:
    """Start a server-side session and return its token (what the cookie carries)."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token=token, user_id=user.id))
    user._session_token = token
    return token


def load_session(token: str) -> User | None:
    """The user of a live session token, or None when revoked or unknown."""
    if not token:
        return None
    row = db.session.scalar(select(UserSession).where(
        UserSession.token == token, UserSession.revoked_at.is_(None)))
    if row is None or not row.user.active:
        return None
    row.user._session_token = token
    return row.user


def revoke_session(token: str) -> None:
    db.session.execute(update(UserSession).where(UserSession.token == token)
                       .values(revoked_at=utcnow()))


def revoke_all_sessions(user_id: int) -> None:
    db.session.execute(update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)).values(revoked_at=utcnow()))


def change_password(user: User, current: str, new: str) -> str:
    """Change the password, end every session of the user and open a fresh one for this browser."""
    if not verify_password(user, current):
        raise AccountError("bad_current_password")
    if len(new or "") < setting("accounts.min_password_length"):
        raise AccountError("password_short", n=setting("accounts.min_password_length"))
    user.password_hash = hash_password(new)
    revoke_all_sessions(user.id)
    log_action(user.id, "account.password_change", "user", user.id)
    return open_session(user)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_reset_token(user: User) -> str:
    """A one-time token valid for a few hours; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    hours = setting("accounts.reset_token_hours")
    db.session.add(PasswordResetToken(user_id=user.id, token_hash=_digest(token),
                                      expires_at=utcnow() + timedelta(hours=hours)))
    return token


def reset_password(token: str, new: str) -> User:
    """Use a reset token once: set the password and end all existing sessions."""
    row = db.session.scalar(select(PasswordResetToken).where(
        PasswordResetToken.token_hash == _digest(token or "")).with_for_update())
    now = utcnow()
    if row is None or row.used_at is not None or as_utc(row.expires_at) < now:
        raise AccountError("bad_token")
    if len(new or "") < setting("accounts.min_password_length"):
        raise AccountError("password_short", n=setting("accounts.min_password_length"))
    user = db.session.get(User, row.user_id)
    row.used_at = now
    user.password_hash = hash_password(new)
    revoke_all_sessions(user.id)
    log_action(user.id, "account.password_reset", "user", user.id)
    return user

