"""The declarative table of scheduled jobs and the runner that claims each fire in the database.

Run by one process: `flask scheduler`. Each fire inserts (job id, fire time) into job_claims;
the unique key means a second scheduler that fires the same minute finds the claim taken and
skips, so no job runs twice. Jobs take no request; they open their own app context.
"""
import importlib
import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy.exc import IntegrityError

from ecosystem.clock import LOCAL_TZ, utcnow
from ecosystem.extensions import db
from ecosystem.models import JobClaim

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    id: str
    func: str  # "module:function", called with no arguments inside an app context
    trigger: str  # "cron" or "interval" (APScheduler trigger names)
    schedule: dict = field(default_factory=dict)
    description: str = ""


DAILY_0700 = {"hour": 7, "minute": 0}
HOURLY = {"minute": 5}

JOBS: list[Job] = [
    Job("mail.retry_failed", "ecosystem.services.platform.mail_retry:retry_failed", "interval",
        {"minutes": 15}, "Gửi lại e-mail lỗi khi đã cấu hình SMTP"),
    Job("support.remind_overdue", "ecosystem.services.support.jobs:remind_overdue", "cron",
        DAILY_0700, "Nhắc người được giao các yêu cầu hỗ trợ quá hạn"),
    Job("events.remind_upcoming", "ecosystem.services.events.jobs:remind_upcoming", "cron",
        HOURLY, "Nhắc người đăng ký 24 giờ trước sự kiện và giờ cố vấn"),
    Job("events.request_feedback", "ecosystem.services.events.jobs:request_feedback", "cron",
        HOURLY, "Gửi phiếu góp ý sau sự kiện cho người tham dự"),
    Job("certification.remind_deadlines", "ecosystem.services.certification.jobs:remind_deadlines", "cron",
        DAILY_0700, "Nhắc cán bộ các hồ sơ chứng nhận sắp đến hạn và quá hạn"),
    Job("certification.report_warnings", "ecosystem.services.certification.jobs:warn_reports", "cron",
        DAILY_0700, "Cảnh báo thiếu báo cáo năm và tỷ lệ doanh thu KH&CN"),
    Job("funds.warn_deadlines", "ecosystem.services.funds.jobs:warn_deadlines", "cron",
        DAILY_0700, "Cảnh báo 24/12/6/3 tháng trước hạn sử dụng Quỹ và khi vi phạm"),
    Job("accounts.purge_expired", "ecosystem.services.accounts.jobs:purge_expired", "cron",
        {"hour": 3, "minute": 30}, "Xoá phiên đăng nhập hết hạn và nhật ký đăng nhập cũ"),
    Job("reports.annual_reminder", "ecosystem.services.dashboard.report_reminder:remind_annual_report", "cron",
        {"month": 12, "day": "1,10,20", "hour": 8}, "Nhắc lập báo cáo năm trước 31/12"),
]


def job_by_id(job_id: str) -> Job:
    for job in JOBS:
        if job.id == job_id:
            return job
    raise KeyError(job_id)


def _call(job: Job):
    module, _, name = job.func.partition(":")
    return getattr(importlib.import_module(module), name)()


def claim_and_run(app, job: Job, fire_time: datetime) -> bool:
    """Run job once for this fire time; False when another scheduler already claimed it."""
    fire_time = fire_time.astimezone(timezone.utc).replace(second=0, microsecond=0)
    with app.app_context():
        claim = JobClaim(job_id=job.id, fire_time=fire_time,
                         claimed_by=f"{socket.gethostname()}:{os.getpid()}")
        db.session.add(claim)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            return False
        try:
            _call(job)
            db.session.commit()
        except Exception as exc:  # a failing job must not stop the scheduler
            db.session.rollback()
            log.exception("job %s failed", job.id)
            claim = db.session.get(JobClaim, claim.id)
            claim.error = repr(exc)[:2000]
        claim = db.session.get(JobClaim, claim.id)
        claim.finished_at = utcnow()
        db.session.commit()
        return True


def run_scheduler(app) -> None:
    """Block and fire the table's jobs in Hồ Chí Minh City time."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = BlockingScheduler(timezone=LOCAL_TZ)
    for job in JOBS:
        scheduler.add_job(lambda j=job: claim_and_run(app, j, utcnow()), job.trigger,
                          id=job.id, coalesce=True, misfire_grace_time=300, **job.schedule)
    log.info("scheduler started with %d jobs", len(JOBS))
    scheduler.start()
