"""The job table resolves, and a fire is claimed once even when two schedulers race for it."""
import importlib
from datetime import datetime, timezone

from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.jobs import JOBS, Job, claim_and_run, make_trigger, scheduled_fire_time
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
    moment = datetime(2026, 11, 26, 7, 0, 0, tzinfo=timezone.utc)  # the trigger's scheduled time
    assert claim_and_run(app, job, moment) is True
    assert claim_and_run(app, job, moment) is False  # a second scheduler computes the same time
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


def test_every_process_computes_the_same_fire_time_from_the_trigger():
    job = Job("test.grid", "tests.test_jobs:record_call", "interval", {"minutes": 2})
    trigger = make_trigger(job)
    on_time = scheduled_fire_time(trigger, datetime(2026, 11, 26, 7, 0, 1, tzinfo=timezone.utc))
    late = scheduled_fire_time(trigger, datetime(2026, 11, 26, 7, 1, 30, tzinfo=timezone.utc))  # a paused process
    assert on_time == late and on_time.astimezone(timezone.utc) == datetime(2026, 11, 26, 7, 0, tzinfo=timezone.utc)
    daily = make_trigger(Job("test.daily", "x:y", "cron", {"hour": 7, "minute": 0}))
    fire = scheduled_fire_time(daily, datetime(2026, 11, 26, 0, 1, 30, tzinfo=timezone.utc))  # 07:01:30 local
    assert fire.astimezone(timezone.utc) == datetime(2026, 11, 26, 0, 0, tzinfo=timezone.utc)


def test_a_failure_tells_the_admins(app):
    from ecosystem.models import Notification
    from tests.factories import make_user
    admin = make_user("admin")
    db.session.commit()
    claim_and_run(app, Job("test.fail2", "tests.test_jobs:failing", "interval", {"minutes": 1}),
                  datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc))
    note = db.session.scalar(select(Notification).where(Notification.user_id == admin.id))
    assert note.kind == "jobs.failed" and "test.fail2" in note.title


def test_the_admin_sees_failed_and_stuck_runs(app, client, login_as):
    from datetime import timedelta

    from ecosystem.models.base import utcnow
    from tests.factories import make_user
    now = utcnow().replace(microsecond=0)
    db.session.add_all([
        JobClaim(job_id="mail.deliver", fire_time=now - timedelta(hours=2), started_at=now - timedelta(hours=2),
                 claimed_by="web-1:11"),  # killed mid-run: never finished
        JobClaim(job_id="funds.warn_deadlines", fire_time=now - timedelta(minutes=5),
                 started_at=now - timedelta(minutes=5), finished_at=now, claimed_by="web-1:11", error="RuntimeError('x')"),
        JobClaim(job_id="events.remind_upcoming", fire_time=now - timedelta(minutes=1),
                 started_at=now - timedelta(minutes=1), finished_at=now, claimed_by="web-1:11")])
    db.session.commit()
    login_as(make_user("admin"))
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert page.count('data-status="stuck"') == 1 and page.count('data-status="failed"') == 1
    assert page.count('data-status="ok"') == 1 and "RuntimeError" in page
