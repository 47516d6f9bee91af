"""The bulk import's worker, run by the scheduler's process (job imports.run_queued), never by a web
worker: a deploy that restarts the web workers no longer strands a run.

Each step that others must see is committed in its own transaction: the claim (status running,
owner "host:pid", heartbeat), the heartbeats while the rows are written, and the end. The rows
themselves go in one transaction (all or nothing). A run whose heartbeat is older than
imports.heartbeat_timeout_seconds (its process was killed) is marked failed with its reason,
its progress cleared, and can be confirmed again.

On SQLite the import's transaction holds the only write lock, so there the heartbeat goes to the
run's progress file (beside the upload) instead of the row; the reaper reads both.
"""
from __future__ import annotations

import json
import logging
import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ecosystem.extensions import db
from ecosystem.models import ImportRun
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.imports import runs
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.settings import setting

log = logging.getLogger(__name__)


def owner() -> str:
    """This process, as the run's owner (computed per call: a forked worker has its own pid)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def run_queued() -> int:
    """Scheduler job: fail the runs whose worker went silent, then import the queued runs one by one."""
    fail_stale_runs()
    done = 0
    while (run_id := claim_next()) is not None:
        execute(run_id, owner())
        done += 1
    return done


def claim_next(run_id: int | None = None) -> int | None:
    """Take the oldest queued run (or the given one) under a row lock that a second scheduler skips,
    mark it running with this process as owner, and commit: the claim is visible at once."""
    query = (select(ImportRun.id).where(ImportRun.status == "queued").order_by(ImportRun.id).limit(1)
             .with_for_update(skip_locked=True))
    if run_id is not None:
        query = query.where(ImportRun.id == run_id)
    found = db.session.scalar(query)
    if found is None:
        db.session.rollback()
        return None
    now = utcnow()
    moved = db.session.execute(
        update(ImportRun).where(ImportRun.id == found, ImportRun.status == "queued")
        .values(status="running", claimed_by=owner(), heartbeat_at=now, started_at=now, finished_at=None,
                processed_rows=0, failure=None)).rowcount
    db.session.commit()
    return found if moved == 1 else None


def beat(run_id: int, me: str, progress_file, processed: int, total: int) -> None:
    """A sign of life in its own transaction (PostgreSQL) and in the progress file (every database)."""
    now = utcnow()
    progress_file.write_text(json.dumps({"processed": processed, "total": total, "owner": me,
                                         "heartbeat": now.isoformat()}))
    if db.engine.dialect.name == "sqlite":
        return  # the import's own transaction holds SQLite's write lock: the file is the heartbeat
    with db.engine.connect() as conn:
        conn.execute(update(ImportRun).where(ImportRun.id == run_id, ImportRun.claimed_by == me,
                                             ImportRun.status == "running").values(heartbeat_at=now))
        conn.commit()


def execute(run_id: int, me: str) -> None:
    """Dry run again, then write every row in one transaction, or nothing; the end is recorded only
    if the run is still ours (a reaper that found us silent has failed it: then nothing stays)."""
    run = db.session.get(ImportRun, run_id)
    progress_file = runs.progress_path(run)
    total = run.total_rows
    try:
        beat(run_id, me, progress_file, 0, total)
        report = runs.dry_run(run.kind, runs.stored_file(run).read_bytes(), run.filename)
        if report.errors:
            db.session.rollback()
            _finish(run_id, me, "failed", summary=runs.summarise(report), errors=len(report.errors),
                    failure="errors_on_recheck")
            return
        total = len(report.rows)
        chunk = int(setting("dashboard.import_chunk_rows"))
        created, updated = runs.apply_rows(run.kind, report.rows, chunk=chunk,
                                           on_chunk=lambda done: beat(run_id, me, progress_file, done, total))
        moved = db.session.execute(
            update(ImportRun).where(ImportRun.id == run_id, ImportRun.status == "running", ImportRun.claimed_by == me)
            .values(status="done", finished_at=utcnow(), processed_rows=total, created_count=created,
                    updated_count=updated, heartbeat_at=utcnow())).rowcount
        if moved != 1:
            db.session.rollback()
            log.warning("import %s was taken from %s (heartbeat lost): nothing written", run_id, me)
            return
        log_action(run.created_by_id, "import.apply", "import_run", run_id, created=created, updated=updated)
        db.session.commit()
    except Exception as exc:  # anything: nothing of the file stays written
        db.session.rollback()
        _finish(run_id, me, "failed", failure=repr(exc)[:500])
        if not isinstance(exc, (runs.rules.ImportFileError, OSError)):
            log.exception("import %s failed", run_id)
    finally:
        progress_file.unlink(missing_ok=True)


def _finish(run_id: int, me: str, status: str, *, summary: dict | None = None, errors: int | None = None,
            failure: str | None = None) -> None:
    values = {"status": status, "finished_at": utcnow(), "failure": failure}
    if summary is not None:
        values.update(summary=summary, error_count=errors)
    db.session.execute(update(ImportRun).where(ImportRun.id == run_id, ImportRun.status == "running",
                                               ImportRun.claimed_by == me).values(**values))
    db.session.commit()


def last_heartbeat(run: ImportRun) -> datetime | None:
    """The newest sign of life: the row's heartbeat or the progress file's, whichever is later."""
    beats = [as_utc(run.heartbeat_at)] if run.heartbeat_at else []
    try:
        data = json.loads(runs.progress_path(run).read_text())
        if data.get("owner") == run.claimed_by:
            beats.append(as_utc(datetime.fromisoformat(data["heartbeat"])))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return max(beats) if beats else None


def fail_stale_runs() -> list[int]:
    """Every running run silent for longer than the timeout: failed with its reason, progress
    cleared, owner released, so an officer can confirm it again."""
    timeout = timedelta(seconds=int(setting("imports.heartbeat_timeout_seconds")))
    now = utcnow()
    failed = []
    query = select(ImportRun).where(ImportRun.status == "running").with_for_update(skip_locked=True)
    for run in db.session.scalars(query).all():
        last = last_heartbeat(run)
        if last is not None and now - last <= timeout:
            continue
        log.warning("import %s: worker %s silent since %s, marked failed", run.id, run.claimed_by, last)
        log_action(None, "import.heartbeat_lost", "import_run", run.id, owner=run.claimed_by,
                   last_heartbeat=last.isoformat() if last else None)
        runs.progress_path(run).unlink(missing_ok=True)
        run.status, run.failure, run.finished_at = "failed", "heartbeat_lost", now
        run.processed_rows, run.claimed_by, run.heartbeat_at = 0, None, None
        failed.append(run.id)
    db.session.commit()
    return failed
