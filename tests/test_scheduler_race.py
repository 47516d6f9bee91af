"""Four scheduler processes against one PostgreSQL database, one of them paused and resumed late:
every fire of a job that fires every 2 seconds runs exactly once."""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, JobClaim
from ecosystem.models.base import as_utc

ROOT = Path(__file__).resolve().parents[1]


def test_four_schedulers_run_each_fire_once(app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the multi-process scheduler race is a PostgreSQL test (the production database)")
    db.session.commit()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "tests.scheduler_probe", database_url, "10"], cwd=ROOT, env=env)
             for _ in range(4)]
    time.sleep(4)
    procs[0].send_signal(signal.SIGSTOP)  # a paused process: it wakes up late and catches up
    time.sleep(5)
    procs[0].send_signal(signal.SIGCONT)
    for proc in procs:
        assert proc.wait(timeout=60) == 0
    db.session.expire_all()
    claims = db.session.scalars(select(JobClaim).where(JobClaim.job_id == "probe.tick")
                                .order_by(JobClaim.fire_time)).all()
    ticks = db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "probe.tick"))
    assert len(claims) >= 4 and ticks == len(claims)  # one run per claimed fire, never two
    times = [as_utc(c.fire_time) for c in claims]
    assert all(t.second % 2 == 0 and t.microsecond == 0 for t in times)  # the trigger's grid, not wake-up time
    assert all(b - a >= timedelta(seconds=2) for a, b in zip(times, times[1:]))
    assert len({c.claimed_by for c in claims}) >= 1 and all(c.finished_at and not c.error for c in claims)
