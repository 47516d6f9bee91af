"""Login throttling per (client address, account): after a few failures each next try of that
client on that account must wait longer (doubling up to a cap), so guessing is slow while the
owner signing in from another client is never blocked. A try is claimed before the password is
checked, under a row lock, so concurrent guesses cannot all slip in before the count rises."""
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ecosystem.extensions import db
from ecosystem.models import LoginThrottle
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.platform.settings import setting


def delay_after(failures: int) -> timedelta:
    """How long a client waits after this many failures in a row (0 for the first free ones)."""
    free = setting("accounts.login_free_failures")
    if failures < free:
        return timedelta(0)
    seconds = setting("accounts.login_delay_seconds") * 2 ** min(failures - free, 20)
    return timedelta(seconds=min(seconds, setting("accounts.login_max_delay_seconds")))


def _ensure_row(address: str, email: str) -> None:
    """INSERT … ON CONFLICT DO NOTHING: two first tries of one pair never both create a row."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(LoginThrottle).values(
        address=address, email=email, failures=0, last_attempt_at=utcnow(),
        next_allowed_at=None).on_conflict_do_nothing(index_elements=["address", "email"]))


def claim_attempt(address: str, email: str) -> tuple[LoginThrottle | None, int]:
    """(row, 0) when this client may check a password now, counted as a failure until cleared;
    (None, seconds to wait) otherwise. The row stays locked until the caller commits."""
    _ensure_row(address, email)
    row = db.session.scalar(select(LoginThrottle).where(
        LoginThrottle.address == address, LoginThrottle.email == email)
        .with_for_update().execution_options(populate_existing=True))
    now = utcnow()  # read once the lock is held: a wait for it must not age the clock
    if row.next_allowed_at is not None and as_utc(row.next_allowed_at) > now:
        return None, max(1, int((as_utc(row.next_allowed_at) - now).total_seconds() + 0.999))
    window = timedelta(minutes=setting("accounts.login_window_minutes"))
    if as_utc(row.last_attempt_at) + window < now:
        row.failures = 0  # a quiet spell forgives old failures
    row.failures += 1
    row.last_attempt_at = now
    delay = delay_after(row.failures)
    row.next_allowed_at = now + delay if delay else None
    db.session.flush()
    return row, 0


def clear(row: LoginThrottle) -> None:
    """The right password: this client starts afresh on this account."""
    row.failures = 0
    row.next_allowed_at = None
