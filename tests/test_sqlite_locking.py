"""On SQLite a read-only request does not take the write lock: a directory page answers while
another connection holds a write transaction open; a GET that writes waits for the lock, then writes."""
import sqlite3
import time

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Organisation
from tests import factories as f


@pytest.fixture
def sqlite_path(app, database_url):
    if not database_url.startswith("sqlite:///"):
        pytest.skip("SQLite's write lock (PostgreSQL readers never wait for writers)")
    return database_url[len("sqlite:///"):]


def test_a_get_reads_beside_an_open_write_transaction(app, client, sqlite_path):
    f.make_org("Startup Đọc Song Song")
    db.session.commit()
    db.session.remove()
    writer = sqlite3.connect(sqlite_path, isolation_level=None, timeout=1)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE organisations SET description = 'đang sửa'")
    try:
        started = time.monotonic()
        response = client.get("/orgs/")
        assert response.status_code == 200
        assert "Startup Đọc Song Song" in response.get_data(as_text=True)
        assert time.monotonic() - started < 5  # the busy timeout is 15 s: nobody waited for the lock
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_post_still_takes_the_lock_at_begin(app, sqlite_path):
    """Outside a GET (a POST, a job, a command) the transaction begins IMMEDIATE as before."""
    db.session.execute(select(Organisation.id)).all()
    other = sqlite3.connect(sqlite_path, isolation_level=None, timeout=0.2)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
        db.session.rollback()


def test_a_get_that_writes_upgrades_to_the_write_lock(app, sqlite_path):
    """The first write of a GET's transaction ends its read snapshot and begins IMMEDIATE."""
    with app.test_request_context("/orgs/", method="GET"):
        db.session.execute(select(Organisation.id)).all()
        other = sqlite3.connect(sqlite_path, isolation_level=None, timeout=0.2)
        other.execute("BEGIN IMMEDIATE")  # a reading GET leaves the lock free
        other.execute("ROLLBACK")
        f.make_org("Ghi Trong GET")
        db.session.flush()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        db.session.commit()
    assert db.session.scalar(select(Organisation.name)) == "Ghi Trong GET"
