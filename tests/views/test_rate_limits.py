"""Rate limits (Flask-Limiter): login, sign-up, password reset, public forms and the API, each a
setting; the client behind a reverse proxy is the one counted; Redis shares the counters."""
import logging
import os
import uuid

import pytest
from sqlalchemy import delete, func, select

from ecosystem import create_app
from ecosystem.extensions import db
from ecosystem.models import OutboxMessage, Setting
from ecosystem.services.platform.settings import set_setting
from tests import factories as f
from tests.conftest import _config_dict

LIMITED = pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
BEHIND_PROXY = pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                                      PROXY_COUNT=1)
PROXY = {"REMOTE_ADDR": "127.0.0.1"}


def _limit(key: str, value: str) -> None:
    set_setting(key, value, None)
    db.session.commit()


def _login(client, email, password="wrong-password", forwarded=None, address="203.0.113.7"):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/login", data={"email": email, "password": password}, headers=headers,
                       environ_base={"REMOTE_ADDR": address})


@LIMITED
def test_login_posts_are_limited_per_client(app):
    _limit("accounts.rate_login", "3 per minute")
    client = app.test_client()
    codes = [_login(client, f"u{i}@example.vn").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]
    assert _login(client, "x@example.vn", address="198.51.100.20").status_code == 200
    assert client.get("/login", environ_base={"REMOTE_ADDR": "203.0.113.7"}).status_code == 200


@LIMITED
def test_sign_up_is_limited(app):
    _limit("accounts.rate_register", "2 per hour")
    client = app.test_client()
    codes = [client.post("/register", data={"email": f"n{i}@example.vn"}).status_code
             for i in range(3)]
    assert codes == [200, 200, 429]


@LIMITED
def test_reset_requests_are_limited_per_client_and_per_address(app):
    """One mailbox gets at most three reset e-mails an hour, from however many clients."""
    user = f.make_user()
    db.session.commit()
    codes = [app.test_client().post("/password/forgot", data={"email": user.email},
                                    environ_base={"REMOTE_ADDR": f"203.0.113.{i}"}).status_code
             for i in range(30)]
    assert codes[:3] == [302] * 3 and set(codes[3:]) == {429}
    sent = db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.to == user.email))
    assert sent == 3
    _limit("accounts.rate_reset", "2 per hour")
    client = app.test_client()
    spread = [client.post("/password/forgot", data={"email": f"p{i}@example.vn"}).status_code
              for i in range(3)]
    assert spread == [302, 302, 429]


@LIMITED
def test_public_forms_and_the_api_are_limited(app, login_as):
    _limit("accounts.rate_public_forms", "2 per hour")
    _limit("accounts.rate_api", "2 per minute")
    startup = f.make_org()
    user = f.make_user("startup", manages=[startup])
    db.session.commit()
    client = login_as(user)
    for path in ("/events/999999/register", "/office-hours/999999/book"):
        codes = [client.post(path).status_code for _ in range(3)]
        assert codes[:2] != [429, 429] and codes[2] == 429, (path, codes)
    api = [app.test_client().get("/api/v1/organisations").status_code for _ in range(3)]
    assert api == [200, 200, 429]


@BEHIND_PROXY
def test_behind_a_proxy_each_forwarded_client_is_counted(app):
    """PROXY_COUNT=1: the address the proxy forwards is the client, for limits and throttles."""
    _limit("accounts.rate_login", "3 per minute")
    client = app.test_client()
    codes = [_login(client, "a@example.vn", forwarded="203.0.113.7", address="127.0.0.1").status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = _login(client, "a@example.vn", forwarded="198.51.100.20", address="127.0.0.1")
    assert other.status_code == 200


@BEHIND_PROXY
def test_behind_a_proxy_one_guesser_does_not_delay_the_owner(app):
    user = f.make_user()
    db.session.commit()
    guesser, owner = app.test_client(), app.test_client()
    for _ in range(6):
        _login(guesser, user.email, forwarded="203.0.113.7", address="127.0.0.1")
    assert "Vui lòng chờ" in _login(guesser, user.email, f.PASSWORD, forwarded="203.0.113.7",
                                    address="127.0.0.1").get_data(as_text=True)
    signed_in = _login(owner, user.email, f.PASSWORD, forwarded="198.51.100.20", address="127.0.0.1")
    assert signed_in.status_code == 302


@LIMITED
def test_without_a_proxy_a_forged_forwarded_for_changes_nothing(app):
    """PROXY_COUNT=0: X-Forwarded-For is the client's own words and is ignored."""
    _limit("accounts.rate_login", "3 per minute")
    client = app.test_client()
    codes = [_login(client, "a@example.vn", forwarded=f"192.0.2.{i}").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]


def test_memory_storage_without_redis_is_logged(database_url, caplog):
    with caplog.at_level(logging.WARNING, logger="ecosystem.setup"):
        create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": database_url,
                    "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": None})
    assert "RATELIMIT_STORAGE_URI is not set" in caplog.text


def _redis_up() -> bool:
    import redis
    try:
        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def test_counters_in_redis_are_shared_between_app_instances(database_url, _schema):
    """Two app instances (two workers) count against one Redis: the third hit is refused."""
    if not _redis_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not reachable at 127.0.0.1:6379 under CI")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    config = {**_config_dict(), "SQLALCHEMY_DATABASE_URI": database_url, "UPLOAD_ROOT": _schema,
              "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
              "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    codes = []
    for hits in (2, 1):
        worker = create_app(config)
        with worker.app_context():
            _limit("accounts.rate_api", "2 per minute")
            client = worker.test_client()
            codes += [client.get("/api/v1/organisations").status_code for _ in range(hits)]
            db.session.execute(delete(Setting))  # this test has no `app` fixture to empty tables
            db.session.commit()
            db.session.remove()
    assert codes == [200, 200, 429]
