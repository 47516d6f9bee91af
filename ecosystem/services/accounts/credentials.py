"""Passwords, accounts, sign-in with throttling, password reset and change."""
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select, update

from ecosystem.extensions import db
from ecosystem.models import LoginAttempt, PasswordResetToken, User, UserRole
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.accounts import throttle
from ecosystem.services.accounts.sessions import digest, open_session, revoke_all_sessions
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import setting


_DUMMY_HASHES: dict = {}


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


def _dummy_hash() -> str:
    """A hash at the current cost for no one: unknown e-mails cost the same check as real ones."""
    key = tuple(sorted(current_app.config["PASSWORD_HASH"].items()))
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hash_password(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[key]


def check_password_timing_safe(user: User | None, password: str) -> bool:
    """Verify against the user's hash, or a dummy one when there is no usable account."""
    if user is None or not user.active:
        try:
            _hasher().verify(_dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            pass
        return False
    return verify_password(user, password)


def authenticate(email: str, password: str, address: str) -> User:
    """Return the user or raise; each (client, account) pair is slowed down after a few failures,
    and the try is counted before the hash check so concurrent guesses cannot outrun the count."""
    email = normalize_email(email)
    claim, wait = throttle.claim_attempt(address, email)
    if claim is None:
        raise AccountError("throttled", seconds=wait)
    user = find_user(email)
    ok = check_password_timing_safe(user, password)
    db.session.add(LoginAttempt(email=email, address=address, success=ok))
    if not ok:
        raise AccountError("bad_credentials")
    throttle.clear(claim)
    return user


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


def create_reset_token(user: User) -> str:
    """A one-time token valid for a few hours; only its hash is stored, and it replaces any
    earlier live token of the user (one link works at a time)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.execute(update(PasswordResetToken).where(
        PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now))
    hours = setting("accounts.reset_token_hours")
    db.session.add(PasswordResetToken(user_id=user.id, token_hash=digest(token),
                                      expires_at=now + timedelta(hours=hours)))
    return token


def reset_password(token: str, new: str) -> User:
    """Use a reset token once: set the password and end all existing sessions."""
    row = db.session.scalar(select(PasswordResetToken).where(
        PasswordResetToken.token_hash == digest(token or "")).with_for_update())
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

