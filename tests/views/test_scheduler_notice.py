"""Pages that wait on the scheduler (network health and maps, import progress, stale dashboard figures)
say plainly when it is not running — no claim in job_claims for platform.scheduler_silent_seconds —
instead of "being computed" for ever; while it claims its fires they say nothing more."""
from datetime import timedelta

import pytest

from ecosystem.extensions import db
from ecosystem.models import AggregateCache, ImportRun, JobClaim
from ecosystem.models.base import utcnow
from ecosystem.services.platform.scheduler_heartbeat import last_sign_of_life
from ecosystem.services.platform.settings import set_setting
from tests import factories as f

NEVER = "Bộ lập lịch chưa từng chạy trên cơ sở dữ liệu này."
STOPPED = "Bộ lập lịch không chạy: lần cuối nó hoạt động lúc"


@pytest.fixture
def officer(app, login_as):
    return login_as(f.make_user("officer"))


def _claim(job_id: str, ago: timedelta) -> None:
    when = utcnow() - ago
    db.session.add(JobClaim(job_id=job_id, fire_time=when, claimed_by="test:1", started_at=when, finished_at=when))
    db.session.commit()


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_never_ran_is_said_on_the_network_pages(officer):
    for url in ("/network/", "/network/map?kind=startup"):
        page = _page(officer, url)
        assert "đang được" in page and NEVER in page and "flask scheduler" in page


def test_a_running_scheduler_adds_nothing(officer):
    _claim("dashboard.derived", timedelta(seconds=20))
    page = _page(officer, "/network/")
    assert "đang được tính lần đầu" in page and "Bộ lập lịch" not in page


def test_a_silent_scheduler_is_named_with_its_last_sign_of_life(officer):
    _claim("mail.deliver", timedelta(hours=2))
    page = _page(officer, "/network/map")
    assert STOPPED in page and NEVER not in page


def test_only_frequent_jobs_count_and_the_silence_is_a_setting(app):
    _claim("privacy.retention", timedelta(seconds=5))  # a daily job's claim says nothing about now
    assert last_sign_of_life() is None
    _claim("imports.run_queued", timedelta(minutes=10))
    assert utcnow() - last_sign_of_life() >= timedelta(minutes=10)
    set_setting("platform.scheduler_silent_seconds", 3600, None)
    db.session.commit()
    from ecosystem.services.platform.scheduler_heartbeat import scheduler_silence
    assert scheduler_silence() is None


def test_a_queued_import_says_the_scheduler_is_not_running(officer):
    run = ImportRun(kind="organisation", filename="thu.csv", storage_name="scheduler-notice.csv", status="queued",
                    summary={}, total_rows=3)
    db.session.add(run)
    db.session.commit()
    assert NEVER in _page(officer, f"/imports/{run.id}/progress")
    _claim("imports.run_queued", timedelta(seconds=10))
    assert "Bộ lập lịch" not in _page(officer, f"/imports/{run.id}/progress")
    run.status = "done"
    db.session.commit()
    db.session.query(JobClaim).delete()
    db.session.commit()
    assert "Bộ lập lịch" not in _page(officer, f"/imports/{run.id}/progress")  # nothing waits


def test_stale_dashboard_figures_say_it_in_english_too(app, client):
    assert "Bộ lập lịch" not in _page(client, "/dashboard/public")  # computed now: nothing waits
    for row in db.session.query(AggregateCache):
        row.computed_at = utcnow() - timedelta(days=2)
    db.session.commit()
    assert NEVER in _page(client, "/dashboard/public")
    client.set_cookie("lang", "en")
    page = _page(client, "/dashboard/public")
    assert "The scheduler has never run on this database." in page
    assert "until an administrator starts it (flask scheduler)" in page
