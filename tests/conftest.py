"""Fixtures: an app on a fresh database per test (SQLite file or PostgreSQL), client, login helper.

TEST_DATABASE_URL picks the database: unset → a SQLite file in a temp folder;
postgresql+psycopg://… → that server (a database per xdist worker). Schema is created once per
session; after each test every table is emptied, so each test starts from nothing.
"""
import os

import pytest
from flask import g
from flask_babel import refresh as refresh_babel
from sqlalchemy import create_engine, text

from ecosystem import create_app
from ecosystem.config import TestConfig
from ecosystem.extensions import db
from ecosystem.i18n import build_catalogues
from ecosystem.models import Base
from ecosystem.models.funds import append_only_ddl

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")


def _postgres_url(base: str) -> str:
    """The named database (one per xdist worker: name_gw0, name_gw1 …), created on first use."""
    root, _, name = base.rpartition("/")
    if os.environ.get("PYTEST_XDIST_WORKER"):
        name = f"{name}_{WORKER}"
    engine = create_engine(f"{root}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{root}/{name}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return _postgres_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / f'test-{WORKER}.db'}"


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    build_catalogues()  # English pages need the compiled catalogue, even under a bare `pytest`
    app = create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": database_url,
                      "UPLOAD_ROOT": str(tmp_path_factory.mktemp("uploads"))})
    with app.app_context():
        db.drop_all()
        db.create_all()
        from ecosystem.services.platform.readiness import stamp_head
        with db.engine.begin() as conn:
            stamp_head(conn)  # tables from the models are the migrations' head: /readyz says ready
        db.engine.dispose()
    return app.config["UPLOAD_ROOT"]


def _config_dict() -> dict:
    return {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}


def empty_all_tables() -> None:
    """Leave the schema, drop the rows: far faster than re-creating tables for every test."""
    tables = list(reversed(Base.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        # SQLite has no TRUNCATE: lift the ledger's append-only triggers while emptying, then restore them.
        db.session.execute(text("DROP TRIGGER IF EXISTS fund_entries_no_update"))
        db.session.execute(text("DROP TRIGGER IF EXISTS fund_entries_no_delete"))
        for table in tables:
            db.session.execute(table.delete())
        for statement in append_only_ddl("sqlite"):
            db.session.execute(text(statement))
    db.session.commit()


def _forget_request_state() -> None:
    """Requests reuse the test's app context, so `g` would carry one request's signed-in user
    (Flask-Login caches it there) into the next request of another client; start clean."""
    for name in ("_login_user", "_settings", "_fund_rule_book", "_flask_smorest"):
        g.pop(name, None)
    refresh_babel()


@pytest.fixture
def app(request, database_url, _schema):
    """The app on the test database; @pytest.mark.app_config(KEY=value) overrides settings."""
    marker = request.node.get_closest_marker("app_config")
    app = create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": database_url,
                      "UPLOAD_ROOT": _schema, **(marker.kwargs if marker else {})})
    app.before_request(_forget_request_state)
    with app.app_context():
        yield app
        db.session.rollback()
        db.session.remove()
        empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def empty_process_cache():
    """The worker caches (process_cache, page cache) empty before and after a test that turns them on."""
    from ecosystem.services.platform import process_cache
    process_cache.forget()
    yield
    process_cache.forget()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def login(client, email: str, password: str = "password-123"):
    """Sign in through the real form; returns the response of the POST."""
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def login_as(client):
    def do(user, password: str = "password-123"):
        response = login(client, user.email, password)
        assert response.status_code == 302, response.data[:500]
        return client
    return do
