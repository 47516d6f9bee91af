"""Sessions: only hashes stored, idle and absolute expiry, the clean-up job, and the migration
that rehashes the clear tokens of existing rows."""
import hashlib
from datetime import timedelta

from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text

from ecosystem import create_app
from ecosystem.extensions import db
from ecosystem.jobs import job_by_id
from ecosystem.models import LoginAttempt, PasswordResetToken, UserSession
from ecosystem.models.base import utcnow
from ecosystem.services.accounts import sessions
from ecosystem.services.accounts.jobs import purge_expired
from tests import factories as f
from tests.conftest import _config_dict
from tests.models.test_migrations import blank_url  # noqa: F401  (fixture)


def _session(user, **ages) -> tuple[str, UserSession]:
    token = sessions.open_session(user)
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == sessions.digest(token)))
    now = utcnow()
    row.created_at = now - ages.get("created", timedelta(0))
    row.last_seen_at = now - ages.get("seen", timedelta(0))
    db.session.commit()
    return token, row


def test_only_the_hash_of_a_token_is_stored(app):
    user = f.make_user()
    token, row = _session(user)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = db.session.execute(text("SELECT * FROM user_sessions")).one()
    assert token not in [str(value) for value in stored]
    assert sessions.load_session(token) == user
    assert sessions.load_session(row.token_hash) is None  # a leaked table row is not a cookie


def test_a_session_ends_when_idle_or_too_old(app):
    user = f.make_user()
    fresh, _ = _session(user, seen=timedelta(minutes=119))
    idle, _ = _session(user, seen=timedelta(minutes=121))
    ancient, _ = _session(user, created=timedelta(days=730))  # used a minute ago, still too old
    assert sessions.load_session(fresh) == user
    assert sessions.load_session(idle) is None
    assert sessions.load_session(ancient) is None


def test_use_moves_last_seen_forward(app):
    user = f.make_user()
    token, row = _session(user, seen=timedelta(minutes=30))
    sessions.load_session(token)
    db.session.commit()
    assert utcnow() - row.last_seen_at.replace(tzinfo=utcnow().tzinfo) < timedelta(minutes=1)


def test_a_backdated_session_cookie_no_longer_signs_in(app, client):
    user = f.make_user()
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": f.PASSWORD})
    assert client.get("/me/notifications").status_code == 200
    row = db.session.scalar(select(UserSession))
    row.created_at = utcnow() - timedelta(days=730)
    db.session.commit()
    assert client.get("/me/notifications").status_code == 302


def test_clean_up_job_drops_dead_sessions_and_old_records(app):
    user = f.make_user()
    live, _ = _session(user)
    _session(user, seen=timedelta(hours=3))
    _session(user, created=timedelta(days=2))
    _, revoked = _session(user)
    revoked.revoked_at = utcnow()
    db.session.add_all([LoginAttempt(email="a@example.vn", address="x", at=utcnow() - timedelta(days=91)),
                        LoginAttempt(email="a@example.vn", address="x", at=utcnow())])
    db.session.add(PasswordResetToken(user_id=user.id, token_hash="0" * 64,
                                      expires_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    assert job_by_id("accounts.purge_expired").func == "ecosystem.services.accounts.jobs:purge_expired"
    counts = purge_expired()
    assert counts["sessions"] == 3 and counts["login_attempts"] == 1 and counts["reset_tokens"] == 1
    assert db.session.scalar(select(func.count(UserSession.id))) == 1
    assert sessions.load_session(live) == user


def test_migration_rehashes_existing_session_tokens(blank_url):  # noqa: F811
    """Rows written before the change keep working: their clear token becomes its sha256, and
    nothing that hangs off users is lost on the way (SQLite's copy-and-move would cascade)."""
    app = create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": blank_url})
    with app.app_context():
        upgrade(directory="migrations", revision="469b8ce579af")
        engine = create_engine(db.engine.url)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO users (id, email, password_hash, locale, active, "
                              "created_at, updated_at) VALUES (1, 'a@example.vn', 'x', 'vi', "
                              ":t, :now, :now)"), {"t": True, "now": utcnow()})
            conn.execute(text("INSERT INTO user_sessions (token, user_id, created_at) "
                              "VALUES ('clear-token', 1, :now)"), {"now": utcnow()})
            conn.execute(text("INSERT INTO user_roles (user_id, role) VALUES (1, 'officer')"))
        engine.dispose()
        upgrade(directory="migrations", revision="heads")
        row = db.session.execute(text("SELECT token_hash, last_seen_at FROM user_sessions")).one()
        assert row.token_hash == hashlib.sha256(b"clear-token").hexdigest()
        assert row.last_seen_at is not None
        assert db.session.execute(text("SELECT role FROM user_roles")).scalars().all() == ["officer"]
        db.session.remove()
        db.engine.dispose()
