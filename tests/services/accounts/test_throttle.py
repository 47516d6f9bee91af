"""Login throttling per (client, account): delays instead of lock-outs, claimed atomically, and the
same hash work for unknown e-mails as for real accounts."""
import threading
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import LoginThrottle
from ecosystem.models.base import utcnow
from ecosystem.services.accounts import credentials, throttle
from ecosystem.services.accounts.credentials import AccountError, authenticate
from ecosystem.services.platform.settings import set_setting
from tests import factories as f

CLIENT, OTHER = "203.0.113.7", "198.51.100.20"


def _try(email: str, password: str, address: str = CLIENT) -> str:
    try:
        authenticate(email, password, address)
    except AccountError as error:
        db.session.commit()
        return error.code
    db.session.commit()
    return "ok"


def test_the_delay_doubles_after_the_free_failures_up_to_a_cap(app):
    assert [throttle.delay_after(n).total_seconds() for n in (1, 4, 5, 6, 7)] == [0, 0, 2, 4, 8]
    assert throttle.delay_after(40) == timedelta(seconds=300)


def test_after_five_failures_the_right_password_waits_then_works(app):
    user = f.make_user()
    db.session.commit()
    assert [_try(user.email, "wrong-password") for _ in range(5)] == ["bad_credentials"] * 5
    assert _try(user.email, f.PASSWORD) == "throttled"  # delayed, not locked out
    assert _try(user.email, f.PASSWORD, OTHER) == "ok"  # the owner elsewhere is not blocked
    row = db.session.scalar(select(LoginThrottle).where(LoginThrottle.address == CLIENT))
    row.next_allowed_at = utcnow() - timedelta(seconds=1)  # the two seconds have passed
    db.session.commit()
    assert _try(user.email, f.PASSWORD) == "ok"
    assert db.session.scalar(select(LoginThrottle.failures).where(LoginThrottle.address == CLIENT)) == 0


def test_a_quiet_spell_forgives_old_failures(app):
    user = f.make_user()
    db.session.commit()
    for _ in range(5):
        _try(user.email, "wrong-password")
    row = db.session.scalar(select(LoginThrottle))
    row.last_attempt_at = row.next_allowed_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    assert _try(user.email, "wrong-password") == "bad_credentials"
    assert db.session.scalar(select(LoginThrottle.failures)) == 1


def test_unknown_accounts_cost_the_same_hash_check(app, monkeypatch):
    """One argon2 verification either way, so the answer's timing does not reveal accounts."""
    user = f.make_user()
    db.session.commit()
    calls = []

    class Counting(PasswordHasher):
        def verify(self, digest, password):
            calls.append(1)
            return super().verify(digest, password)
    monkeypatch.setattr(credentials, "_hasher",
                        lambda: Counting(**app.config["PASSWORD_HASH"]))
    credentials._dummy_hash()  # built once per process, before the count starts
    for email in (user.email, "nobody@example.vn"):
        calls.clear()
        assert _try(email, "wrong-password") == "bad_credentials"
        assert len(calls) == 1, email


def test_concurrent_guesses_get_at_most_the_free_checks(app):
    """20 wrong guesses at the same moment: only the free 5 reach the password check."""
    user = f.make_user()
    set_setting("accounts.login_delay_seconds", 600, None)  # no try becomes due during the race
    email = user.email
    db.session.commit()
    db.session.close()
    barrier = threading.Barrier(20)
    results = [""] * 20

    def guess(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[index] = _try(email, f"wrong-{index}")
            except Exception as error:  # noqa: BLE001  (a failure must show in the assertion)
                results[index] = repr(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results.count("bad_credentials") == 5
    assert results.count("throttled") == 15
    assert db.session.scalar(select(LoginThrottle.failures)) == 5
