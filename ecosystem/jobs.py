"""The declarative table of scheduled jobs and the runner that claims each fire in the database.

Run by one process: `flask scheduler`. Each fire inserts (job id, scheduled fire time) into
job_claims; the time is the trigger's own (interval triggers start on a fixed date, so every
scheduler computes the same grid), never the clock at wake-up, so a second scheduler, a clock a
little off, or a paused process catching up finds the claim taken and skips. A claim records its
start, end and error; a failure notifies the admins. Jobs take no request; they open their own app context.
"""
import importlib
import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy.exc import IntegrityError

from ecosystem.clock import LOCAL_TZ, utcnow
from ecosystem.extensions import db
from ecosystem.models import JobClaim

log = logging.getLogger(__name__)
GRID_START = "2026-01-01 00:00:00"  # interval triggers count from here (local time), in every process


@dataclass(frozen=True)
class Job:
    id: str
    func: str  # "module:function", called with no arguments inside an app context
    trigger: str  # "cron" or "interval" (APScheduler trigger names)
    schedule: dict = field(default_factory=dict)
    description: str = ""
    timeout_minutes: int = 30  # a run started longer ago and not finished is reported as stuck


DAILY_0700 = {"hour": 7, "minute": 0}
HOURLY = {"minute": 5}

JOBS: list[Job] = [
    Job("mail.deliver", "ecosystem.services.platform.mail_delivery:deliver_queued", "interval",
        {"minutes": 1}, "Gửi e-mail trong hộp thư đi sau khi giao dịch đã lưu (thử lại giãn dần)"),
    Job("imports.run_queued", "ecosystem.services.imports.worker:run_queued", "interval",
        {"seconds": 30}, "Nhập các tệp đã xác nhận (ngoài tiến trình web) và đánh dấu lỗi tệp mất tín hiệu",
        timeout_minutes=240),
    Job("dashboard.derived", "ecosystem.services.dashboard.derived:refresh_derived", "interval",
        {"seconds": 20}, "Tính trước sức khỏe, bản đồ mạng lưới và số liệu bảng điều hành theo yêu cầu và khi dữ liệu đổi",
        timeout_minutes=10),
    Job("matching.graph_snapshot", "ecosystem.services.dashboard.derived:snapshot_job", "interval",
        {"minutes": 10}, "Lưu ảnh chụp đồ thị hệ sinh thái để các tiến trình web nạp thay vì tự dựng",
        timeout_minutes=10),
    Job("api.deliver_webhooks", "ecosystem.services.api.webhooks:deliver_due", "interval",
        {"minutes": 1}, "Gửi webhook đã xếp hàng (ký HMAC, thử lại giãn dần)"),
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
    Job("outreach.daily_digest", "ecosystem.services.outreach.digest:send_digests", "cron",
        {"hour": 17, "minute": 30}, "Gửi thư tóm tắt thông báo trong ngày cho người đã chọn"),
    Job("accounts.purge_expired", "ecosystem.services.accounts.jobs:purge_expired", "cron",
        {"hour": 3, "minute": 30}, "Xoá phiên đăng nhập hết hạn và nhật ký đăng nhập cũ"),
    Job("privacy.retention", "ecosystem.services.privacy.retention:run_retention", "cron",
        {"hour": 2, "minute": 30}, "Xoá hoặc làm trống dữ liệu quá thời hạn lưu trữ (Luật 91/2025/QH15)"),
    Job("operations.nightly_backup", "ecosystem.services.operations.backups:nightly_backup", "cron",
        {"hour": 1, "minute": 15}, "Sao lưu hằng đêm: cơ sở dữ liệu và mọi tệp tải lên, kiểm tra lại, giữ số bản theo thiết lập",
        timeout_minutes=120),
    Job("operations.clean_uploads", "ecosystem.services.operations.orphans:clean_job", "cron",
        {"hour": 4, "minute": 10}, "Xoá tệp tải lên không còn hồ sơ nào trỏ tới (cũ hơn một ngày)"),
    Job("reports.annual_reminder", "ecosystem.services.dashboard.report_reminder:remind_annual_report", "cron",
        {"month": 12, "day": "1,10,20", "hour": 8}, "Nhắc lập báo cáo năm trước 31/12"),
    Job("techmart.lab_expiry", "ecosystem.services.techmart.labs:warn_expiring", "cron",
        DAILY_0700, "Cảnh báo công nhận phòng thí nghiệm sắp hết hạn (một lần cho mỗi lần hết hạn)"),
    Job("techmart.digest", "ecosystem.services.techmart.digest:send_monthly", "cron",
        {"day": 1, "hour": 8, "minute": 30}, "Gửi bản tin Chợ công nghệ tháng trước cho người đã đăng ký"),
]


def job_by_id(job_id: str) -> Job:
    for job in JOBS:
        if job.id == job_id:
            return job
    raise KeyError(job_id)


def _call(job: Job):
    module, _, name = job.func.partition(":")
    return getattr(importlib.import_module(module), name)()


def make_trigger(job: Job):
    """The APScheduler trigger of a job, in local time; interval grids start on GRID_START."""
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger
    if job.trigger == "interval":
        return IntervalTrigger(**{"start_date": GRID_START, **job.schedule}, timezone=LOCAL_TZ)
    return CronTrigger(**job.schedule, timezone=LOCAL_TZ)


def scheduled_fire_time(trigger, now: datetime, lookback: timedelta = timedelta(hours=25)) -> datetime | None:
    """The trigger's latest fire time at or before `now`: the same answer in every process."""
    fire = trigger.get_next_fire_time(None, now - lookback)
    last = None
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1))
    return last


def claim_and_run(app, job: Job, fire_time: datetime) -> bool:
    """Run job once for this scheduled fire time; False when another scheduler already claimed it."""
    fire_time = fire_time.astimezone(timezone.utc).replace(microsecond=0)
    with app.app_context():
        claim = JobClaim(job_id=job.id, fire_time=fire_time, started_at=utcnow(),
                         claimed_by=f"{socket.gethostname()}:{os.getpid()}")
        db.session.add(claim)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            return False
        claim_id = claim.id
        try:
            _call(job)
            db.session.commit()
        except Exception as exc:  # a failing job must not stop the scheduler
            db.session.rollback()
            log.exception("job %s failed", job.id)
            db.session.get(JobClaim, claim_id).error = repr(exc)[:2000]
            _tell_admins(job, exc)
        db.session.get(JobClaim, claim_id).finished_at = utcnow()
        db.session.commit()
        return True


def _tell_admins(job: Job, exc: Exception) -> None:
    """A bell entry and an e-mail to every active admin, in the transaction that records the error."""
    from ecosystem.services.accounts.users import with_role
    from ecosystem.services.platform.notifications import notify
    notify(with_role("admin"), "jobs.failed",
           lambda: (f"Tác vụ định kỳ lỗi: {job.id}", f"{job.description}\n{exc!r}"[:2000]),
           link="/admin/jobs")


def run_scheduler(app, jobs: list[Job] | None = None, run_for: float | None = None) -> None:
    """Fire the table's jobs (or the given ones) in Hồ Chí Minh City time; block, or stop after
    `run_for` seconds (used by the tests that race several schedulers)."""
    import time

    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    jobs = JOBS if jobs is None else jobs
    scheduler = (BackgroundScheduler if run_for else BlockingScheduler)(timezone=LOCAL_TZ)
    for job in jobs:
        trigger = make_trigger(job)

        def fire(job=job, trigger=trigger):
            fire_time = scheduled_fire_time(trigger, utcnow())
            if fire_time is not None:
                claim_and_run(app, job, fire_time)

        scheduler.add_job(fire, trigger, id=job.id, coalesce=True, max_instances=1, misfire_grace_time=300)
    log.info("scheduler started with %d jobs", len(jobs))
    scheduler.start()
    if run_for:
        time.sleep(run_for)
        scheduler.shutdown(wait=True)
