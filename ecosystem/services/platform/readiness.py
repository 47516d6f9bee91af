"""Readiness for a load balancer or a deploy script: the database answers, and its schema is at the
migrations' head (a worker started on an un-migrated database would fail on its first query)."""
from functools import lru_cache
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text

from ecosystem.config import ROOT
from ecosystem.extensions import db


def migrations_dir() -> Path:
    folder = Path(current_app.config.get("MIGRATIONS_DIR") or "migrations")
    return folder if folder.is_absolute() else ROOT / folder


@lru_cache(maxsize=4)
def migration_heads(folder: str) -> frozenset:
    """The head revision(s) of the migration scripts shipped with this code (read once per process)."""
    return frozenset(ScriptDirectory(folder).get_heads())


def check() -> tuple[bool, dict]:
    """(ready, checks): {"database": "ok"|error, "migrations": "ok"|what differs}; stops at the first failure."""
    checks: dict = {}
    try:
        conn = db.session.connection()
        conn.execute(text("SELECT 1"))
        current = frozenset(MigrationContext.configure(conn).get_current_heads())
    except Exception as exc:  # any failure to reach or read the database
        db.session.rollback()
        checks["database"] = f"unavailable: {type(exc).__name__}"
        return False, checks
    checks["database"] = "ok"
    heads = migration_heads(str(migrations_dir()))
    if current != heads:
        checks["migrations"] = {"database": sorted(current), "head": sorted(heads)}
        return False, checks
    checks["migrations"] = "ok"
    return True, checks


def check_derived(app, checks: dict) -> tuple[bool, dict]:
    """The derived data every page reads (graph snapshot, network and dashboard figures: `flask warm`
    or the scheduler) is stored, and this worker has loaded it (gunicorn warms it before traffic;
    a worker not warmed yet is warmed by this probe)."""
    from ecosystem.warmup import derived_ready, warm_worker
    found = derived_ready(app)
    if all(v for k, v in found.items() if k != "worker_warmed") and not found["worker_warmed"]:
        db.session.commit()  # the worker reads on its own connection
        warm_worker(app)
        found["worker_warmed"] = True
    missing = [name for name, there in found.items() if not there]
    checks = {**checks, "derived": "ok" if not missing else {"missing": missing}}
    return not missing, checks


def stamp_head(conn) -> None:
    """Record the migrations' head in a database made from the models (tests, a fresh demo),
    replacing whatever revision an earlier schema left there."""
    conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    MigrationContext.configure(conn).stamp(ScriptDirectory(str(migrations_dir())), "heads")
