"""Is the scheduler alive? Its frequent jobs claim a fire every minute or less (job_claims), so a silence
longer than platform.scheduler_silent_seconds means none is running (`make run` starts none): pages whose
figures it computes say so instead of "being computed" forever."""
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import JobClaim
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.platform.settings import setting


def last_sign_of_life() -> datetime | None:
    """The newest claim of the interval jobs (one indexed max per job, never a scan of the table)."""
    from ecosystem.jobs import JOBS
    newest = None
    for job in JOBS:
        if job.trigger != "interval":
            continue
        found = db.session.scalar(select(func.max(JobClaim.fire_time)).where(JobClaim.job_id == job.id))
        if found is not None and (newest is None or as_utc(found) > newest):
            newest = as_utc(found)
    return newest


def scheduler_silence() -> dict | None:
    """None while the scheduler claims its fires; else {"since": the last claim or None (never ran)}.
    Asked only by the pages that wait on the scheduler, and only while they wait."""
    last = last_sign_of_life()
    quiet = last is None or utcnow() - last > timedelta(seconds=int(setting("platform.scheduler_silent_seconds")))
    return {"since": last} if quiet else None
