"""Structured logs with a request id on every line of a request and in the response; the slow-request
warning; /readyz 200 only with the database at the migrations' head, 503 naming the failed check."""
import io
import json
import logging

import pytest
from sqlalchemy import text

from ecosystem.extensions import db
from ecosystem.logs import json_handler, request_id_for


@pytest.fixture
def captured(app):
    """JSON lines of every logger during the test."""
    stream = io.StringIO()
    handler = json_handler(stream)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_a_well_formed_incoming_id_is_kept_and_a_bad_one_replaced():
    assert request_id_for("req-1234abcd") == "req-1234abcd"
    for bad in (None, "", "short", "has space in it", 'quote"injection-x', "x" * 200, "line\nbreak-abcdef"):
        made = request_id_for(bad)
        assert made != bad and len(made) == 32


def test_every_line_of_a_request_carries_its_id_and_the_response_returns_it(app, client, captured):
    @app.route("/_test/log")
    def noisy():
        logging.getLogger("ecosystem.test").info("first line")
        logging.getLogger("some.library").warning("second line")
        return "ok"

    response = client.get("/_test/log", headers={"X-Request-ID": "abc-123-def-456"})
    assert response.headers["X-Request-ID"] == "abc-123-def-456"
    lines = [line for line in captured() if line["message"] in ("first line", "second line")]
    assert len(lines) == 2
    assert all(line["request_id"] == "abc-123-def-456" for line in lines)
    assert {"time", "level", "logger"} <= set(lines[0])

    other = client.get("/_test/log", headers={"X-Request-ID": "bad id \"quoted\" <x>"})
    made = other.headers["X-Request-ID"]
    assert made != "bad id \"quoted\" <x>" and len(made) == 32
    assert [line["request_id"] for line in captured() if line["message"] == "first line"][-1] == made


def test_each_request_gets_its_own_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


@pytest.mark.app_config(SLOW_REQUEST_MS=0)
def test_a_request_over_the_threshold_is_logged_as_slow(client, captured):
    response = client.get("/healthz")
    slow = [line for line in captured() if line["message"] == "slow request"]
    assert slow and slow[-1]["path"] == "/healthz" and slow[-1]["status"] == 200
    assert slow[-1]["request_id"] == response.headers["X-Request-ID"] and slow[-1]["level"] == "WARNING"


@pytest.mark.app_config(SLOW_REQUEST_MS=60_000)
def test_a_fast_request_is_not_logged_as_slow(client, captured):
    client.get("/healthz")
    assert not [line for line in captured() if line["message"] == "slow request"]


def test_ready_when_the_database_is_at_the_migrations_head(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}


def test_not_ready_when_the_database_is_behind(app, client):
    with db.engine.begin() as conn:
        old = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        conn.execute(text("UPDATE alembic_version SET version_num = 'h_techmart_01'"))
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json["failed"] == "migrations" and response.json["checks"]["database"] == "ok"
        assert response.json["checks"]["migrations"]["database"] == ["h_techmart_01"]
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM alembic_version"))
            for rev in old:
                conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": rev})


def test_not_ready_when_the_database_does_not_answer(app, client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("database down")
    monkeypatch.setattr(db.session, "connection", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == "database" and "migrations" not in response.json["checks"]
