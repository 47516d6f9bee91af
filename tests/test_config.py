"""The app refuses to start in production without a secret; development gets a throwaway one."""
import pytest

from ecosystem import create_app


def test_production_needs_a_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": None,
                    "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_with_a_secret_sets_secure_cookies():
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "s" * 32,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_postgres_urls_use_psycopg3():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql://u@h/db", "SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_production_answers_only_its_own_host():
    """TRUSTED_HOSTS defaults to PUBLIC_BASE_URL's host: a forged Host header gets 400."""
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "s" * 32,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "PUBLIC_BASE_URL": "https://khcn.example.vn", "TRUSTED_HOSTS": None})
    assert app.config["TRUSTED_HOSTS"] == ["khcn.example.vn"]
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/healthz", headers={"Host": "khcn.example.vn"}).status_code == 200


def test_proxy_count_trusts_exactly_that_many_forwarded_hops():
    seen = []
    for count in (0, 1):
        app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                          "PROXY_COUNT": count})
        app.before_request(lambda: seen.append(__import__("flask").request.remote_addr))
        app.test_client().get("/healthz", headers={"X-Forwarded-For": "192.0.2.9, 203.0.113.7"},
                              environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert seen == ["127.0.0.1", "203.0.113.7"]  # one proxy: its view of the client, not the spoof
