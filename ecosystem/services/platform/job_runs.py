"""What the scheduler did: each claimed fire with its outcome, so an admin sees failures and runs
that started and never finished (a killed process) without reading logs."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import JobClaim
from ecosystem.models.base import as_utc, utcnow


@dataclass(frozen=True)
class JobRun:
    claim: JobClaim
    status: str  # ok | failed | running | stuck
    seconds: float | None


def run_status(claim: JobClaim, timeout: timedelta, now: datetime) -> str:
    if claim.error:
        return "failed"
    if claim.finished_at is not None:
        return "ok"
    started = as_utc(claim.started_at or claim.fire_time)
    return "stuck" if now - started > timeout else "running"


def recent_runs(limit: int = 200, job_id: str = "") -> list[JobRun]:
    """The latest claims, newest first, each with its status and duration."""
    from ecosystem.jobs import JOBS
    timeouts = {job.id: timedelta(minutes=job.timeout_minutes) for job in JOBS}
    query = select(JobClaim).order_by(JobClaim.fire_time.desc(), JobClaim.id.desc()).limit(limit)
    if job_id:
        query = query.where(JobClaim.job_id == job_id)
    now = utcnow()
    runs = []
    for claim in db.session.scalars(query):
        start, end = claim.started_at, claim.finished_at
        seconds = (as_utc(end) - as_utc(start)).total_seconds() if start and end else None
        runs.append(JobRun(claim, run_status(claim, timeouts.get(claim.job_id, timedelta(minutes=30)), now), seconds))
    return runs
