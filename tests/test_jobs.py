"""The job table resolves, and a fire is claimed once even when two schedulers race for it."""
import importlib
from datetime import datetime, timezone

from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.jobs import JOBS, Job, claim_and_run
from ecosystem.models import JobClaim

CALLS = []


def record_call():
    CALLS.append(1)


def test_every_job_function_exists():
    for job in JOBS:
        module, _, name = job.func.partition(":")
        assert callable(getattr(importlib.import_module(module), name)), job.id
    assert len({job.id for job in JOBS}) == len(JOBS)


def test_a_fire_runs_once(app):
    CALLS.clear()
    job = Job("test.record", "tests.test_jobs:record_call", "interval", {"minutes": 1})
    moment = datetime(2026, 11, 26, 7, 0, 12, tzinfo=timezone.utc)
    assert claim_and_run(app, job, moment) is True
    assert claim_and_run(app, job, moment.replace(second=40)) is False
    assert CALLS == [1]
    assert db.session.scalar(select(func.count(JobClaim.id))) == 1
    claim = db.session.scalar(select(JobClaim))
    assert claim.finished_at is not None and claim.error is None


def failing():
    raise RuntimeError("boom")


def test_a_failing_job_is_recorded_and_does_not_raise(app):
    job = Job("test.fail", "tests.test_jobs:failing", "interval", {"minutes": 1})
    assert claim_and_run(app, job, datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)) is True
    claim = db.session.scalar(select(JobClaim).where(JobClaim.job_id == "test.fail"))
    assert "boom" in claim.error
