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
