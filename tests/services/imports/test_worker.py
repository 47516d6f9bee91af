"""Imports run in the scheduler's process: a run is claimed once, beats while it works, and a run
whose worker died (a stale heartbeat, a process killed with SIGKILL) ends failed, not queued,
writes nothing and can be confirmed again."""
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, ImportRun, Organisation
from ecosystem.models.base import utcnow
from ecosystem.services.imports import runs as bulk_import
from ecosystem.services.imports import worker
from ecosystem.services.platform.settings import set_setting
from ecosystem.services.platform.spreadsheets import to_csv_bytes
from tests import factories as f

ROOT = Path(__file__).resolve().parents[3]
COLUMNS = [("name", "name"), ("kind", "kind")]


@pytest.fixture
def officer(app):
    user = f.make_user("officer")
    db.session.commit()
    return user


def queued_run(officer, rows: int = 30) -> int:
    data = to_csv_bytes([{"name": f"Startup Thử {i}", "kind": "startup"} for i in range(rows)], COLUMNS)
    run = bulk_import.check_file("organisation", data, "t.csv", officer)
    bulk_import.confirm(run, officer)
    run_id = run.id
    db.session.commit()  # and touch no object after: on SQLite a refresh would begin a write transaction
    return run_id


def orgs() -> int:
    return db.session.scalar(select(func.count(Organisation.id)))


def test_confirming_queues_and_the_scheduler_job_imports(app, officer):
    run_id = queued_run(officer)
    run = db.session.get(ImportRun, run_id)
    assert run.status == "queued" and run.claimed_by is None  # nothing ran in the web worker
    assert worker.run_queued() == 1
    db.session.expire_all()
    run = db.session.get(ImportRun, run_id)
    assert (run.status, run.created_count, run.processed_rows) == ("done", 30, 30)
    assert run.claimed_by == worker.owner() and run.heartbeat_at is not None
    assert orgs() == 30
    assert worker.run_queued() == 0


def test_a_run_with_a_stale_heartbeat_ends_failed_and_can_be_confirmed_again(app, officer):
    run_id = queued_run(officer)
    assert worker.claim_next() == run_id  # a worker took it …
    db.session.execute(update(ImportRun).where(ImportRun.id == run_id)
                       .values(heartbeat_at=utcnow() - timedelta(minutes=30), processed_rows=12))
    db.session.commit()  # … and died without a word for half an hour
    assert worker.fail_stale_runs() == [run_id]
    run = db.session.get(ImportRun, run_id)
    assert (run.status, run.failure, run.processed_rows, run.claimed_by) == ("failed", "heartbeat_lost", 0, None)
    assert bulk_import.progress_of(run) == {"processed": 0, "total": 30}
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "import.heartbeat_lost")) is not None
    assert orgs() == 0
    bulk_import.confirm(run, officer)
    db.session.commit()
    assert run.status == "queued"
    worker.run_queued()
    db.session.expire_all()
    assert db.session.get(ImportRun, run_id).status == "done" and orgs() == 30


def test_a_fresh_heartbeat_is_left_alone(app, officer):
    run_id = queued_run(officer)
    worker.claim_next()
    assert worker.fail_stale_runs() == []
    assert db.session.get(ImportRun, run_id).status == "running"


def test_the_heartbeat_in_the_progress_file_counts(app, officer):
    """On SQLite the import's transaction holds the write lock, so the worker beats in its file."""
    run_id = queued_run(officer)
    worker.claim_next()
    run = db.session.get(ImportRun, run_id)
    db.session.execute(update(ImportRun).where(ImportRun.id == run_id)
                       .values(heartbeat_at=utcnow() - timedelta(minutes=30)))
    db.session.commit()
    run = db.session.get(ImportRun, run_id)
    bulk_import.progress_path(run).write_text(
        '{"processed": 5, "total": 30, "owner": "%s", "heartbeat": "%s"}' % (run.claimed_by, utcnow().isoformat()))
    assert worker.fail_stale_runs() == []
    assert bulk_import.progress_of(db.session.get(ImportRun, run_id)) == {"processed": 5, "total": 30}
    bulk_import.progress_path(run).unlink()


def test_two_workers_claim_a_run_once(app, officer):
    run_id = queued_run(officer)
    barrier, got = threading.Barrier(2), []

    def claim():
        with app.app_context():
            barrier.wait()
            got.append(worker.claim_next())
            db.session.remove()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(got, key=lambda x: x or 0) == [None, run_id]


def test_a_worker_killed_mid_import_ends_failed_not_queued(app, officer, database_url, tmp_path):
    """A real scheduler-side process, killed with SIGKILL after writing its first chunk."""
    set_setting("dashboard.import_chunk_rows", 10, None)
    db.session.commit()
    run_id = queued_run(officer, rows=40)
    marker = tmp_path / "chunk-written"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "tests.import_probe", database_url, app.config["UPLOAD_ROOT"],
                             str(marker)], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 90
        while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        assert marker.exists(), "the worker never wrote its first chunk"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    db.session.expire_all()
    run = db.session.get(ImportRun, run_id)
    assert run.status == "running" and run.claimed_by.endswith(f":{proc.pid}")
    assert orgs() == 0  # the flushed chunk died with its transaction: all or nothing
    set_setting("imports.heartbeat_timeout_seconds", 0, None)
    db.session.commit()
    time.sleep(0.05)
    assert worker.fail_stale_runs() == [run_id]
    run = db.session.get(ImportRun, run_id)
    assert (run.status, run.failure, run.processed_rows) == ("failed", "heartbeat_lost", 0)
    assert not bulk_import.progress_path(run).exists()
    bulk_import.confirm(run, officer)
    db.session.commit()
    worker.run_queued()
    db.session.expire_all()
    run = db.session.get(ImportRun, run_id)
    assert (run.status, run.created_count) == ("done", 40) and orgs() == 40


def test_the_pages_follow_a_run_through_the_scheduler_and_a_lost_worker(app, officer):
    """Without IMPORT_INLINE the confirm page only queues; the progress page shows it waiting, then
    done; a run whose worker died offers the confirm button again."""
    from tests.conftest import login
    data = to_csv_bytes([{"name": f"Startup Trang {i}", "kind": "startup"} for i in range(3)], COLUMNS)
    run = bulk_import.check_file("organisation", data, "p.csv", officer)
    run_id = run.id
    db.session.commit()
    client = app.test_client()
    login(client, officer.email)
    assert client.post(f"/imports/{run_id}/confirm", data={"confirmed": "1"}).status_code == 302
    waiting = client.get(f"/imports/{run_id}/progress").get_data(as_text=True)
    assert "Đang chờ nhập" in waiting and 'http-equiv="refresh"' in waiting
    assert orgs() == 0
    worker.claim_next()
    db.session.execute(update(ImportRun).where(ImportRun.id == run_id)
                       .values(heartbeat_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    worker.fail_stale_runs()
    page = client.get(f"/imports/{run_id}").get_data(as_text=True)
    assert "mất tín hiệu" in page and f"/imports/{run_id}/confirm" in page
    assert client.post(f"/imports/{run_id}/confirm", data={"confirmed": "1"}).status_code == 302
    worker.run_queued()
    done = client.get(f"/imports/{run_id}/progress").get_data(as_text=True)
    assert "Đã nhập xong" in done and 'http-equiv="refresh"' not in done and orgs() == 3
