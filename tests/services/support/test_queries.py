"""The DOST's filtered list, counts, median time to resolve, overdue flags and the reminder job."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import Notification, SentReminder
from ecosystem.models.support import SupportRequest
from ecosystem.services.support import queries as q
from ecosystem.services.platform.settings import set_setting
from ecosystem.services.support.export import export_table
from ecosystem.services.support.jobs import remind_overdue
from tests import factories as f

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 26)


def _req(org, kind="mentoring", state="submitted", days_ago=1, **fields):
    req = SupportRequest(organisation_id=org.id, type_code=kind, title=f"{kind} {state}",
                         state=state, submitted_at=None if state == "draft"
                         else NOW - timedelta(days=days_ago), **fields)
    db.session.add(req)
    db.session.flush()
    return req


@pytest.fixture
def pipeline(app):
    agri = f.make_sector()
    edu = f.make_sector("edtech", "Công nghệ giáo dục", "Education technology")
    farm = f.make_org("Nông Trại Số", sectors=[agri], former_district="Bàu Bàng",
                      first_registered_on=date(2024, 1, 1))
    school = f.make_org("Học Liệu Mở", sectors=[edu], former_district="Thủ Dầu Một",
                        first_registered_on=date(2019, 1, 1))
    mentor = f.make_person("Cố Vấn Lọc", mentor_capacity=2)
    club = f.make_org("CLB Lọc", kind="club")
    made = {
        "late_mentoring": _req(farm, "mentoring", "assigned", 30, assignee_person_id=mentor.id),
        "fresh_mentoring": _req(farm, "mentoring", "submitted", 2),
        "late_space": _req(school, "space", "triaged", 20),
        "resolved_fast": _req(school, "space", "resolved", 10, assignee_org_id=club.id,
                              resolved_at=NOW - timedelta(days=8)),
        "resolved_slow": _req(farm, "ip", "resolved", 40, assignee_person_id=mentor.id,
                              resolved_at=NOW - timedelta(days=10)),
        "late_but_done": _req(farm, "event", "declined", 60, decline_reason="Hết chỗ"),
        "draft": _req(farm, "trade", "draft"),
    }
    db.session.commit()
    return {"mentor": mentor, "club": club, "farm": farm, "school": school, **made}


def _ids(filters: q.RequestFilters) -> set[int]:
    return set(db.session.scalars(q.request_query(filters, NOW, TODAY).with_only_columns(
        SupportRequest.id)))


def _names(pipeline, *keys) -> set[int]:
    return {pipeline[k].id for k in keys}


def test_drafts_never_reach_the_dost_lists(pipeline):
    assert pipeline["draft"].id not in _ids(q.RequestFilters())
    assert len(_ids(q.RequestFilters())) == 6


def test_overdue_uses_each_types_target_setting(pipeline):
    # mentoring 21 days, space 14, event 14: only open requests past their target are late.
    assert _ids(q.RequestFilters(overdue="1")) == _names(pipeline, "late_mentoring", "late_space")
    assert q.is_overdue(pipeline["late_space"], NOW)
    assert not q.is_overdue(pipeline["late_but_done"], NOW)
    set_setting("support.target_days.space", 25, None)
    assert _ids(q.RequestFilters(overdue="1")) == _names(pipeline, "late_mentoring")
    assert not q.is_overdue(pipeline["late_space"], NOW)


@pytest.mark.parametrize("filters, expected", [
    ({"type": "space"}, {"late_space", "resolved_fast"}),
    ({"state": "resolved"}, {"resolved_fast", "resolved_slow"}),
    ({"sector": "edtech"}, {"late_space", "resolved_fast"}),
    ({"former_district": "bàu bàng"}, {"late_mentoring", "fresh_mentoring", "resolved_slow",
                                      "late_but_done"}),
    ({"assignee": "none"}, {"fresh_mentoring", "late_space", "late_but_done"}),
    ({"eligible": "0"}, {"late_space", "resolved_fast"}),
    ({"q": "hoc lieu"}, {"late_space", "resolved_fast"}),
])
def test_filters(pipeline, filters, expected):
    assert _ids(q.RequestFilters(**filters)) == _names(pipeline, *expected)


def test_assignee_filter_by_person_and_organisation(pipeline):
    person = f"p:{pipeline['mentor'].id}"
    assert _ids(q.RequestFilters(assignee=person)) == _names(
        pipeline, "late_mentoring", "resolved_slow")
    assert _ids(q.RequestFilters(assignee=f"o:{pipeline['club'].id}")) == _names(
        pipeline, "resolved_fast")
    assert ("p:%d" % pipeline["mentor"].id, "Cố Vấn Lọc") in q.assignee_options()


def test_counts_by_state_overdue_and_total_follow_the_filter(pipeline):
    counts = q.state_counts(q.RequestFilters(), NOW, TODAY)
    assert counts["total"] == 6 and counts["overdue"] == 2
    assert (counts["submitted"], counts["triaged"], counts["assigned"], counts["resolved"],
            counts["declined"]) == (1, 1, 1, 2, 1)
    farm_only = q.state_counts(q.RequestFilters(sector="agritech", state="resolved"), NOW, TODAY)
    assert farm_only["total"] == 4 and farm_only["resolved"] == 1  # the state filter aside


def test_median_time_to_resolve_over_the_filter(pipeline):
    assert q.median_time_to_resolve(q.RequestFilters(), NOW, TODAY) == timedelta(days=16)
    assert q.median_time_to_resolve(q.RequestFilters(type="space"), NOW, TODAY) == timedelta(days=2)
    assert q.median_time_to_resolve(q.RequestFilters(type="training"), NOW, TODAY) is None


def test_export_table_has_the_rows_of_the_list(app, pipeline):
    filters = q.RequestFilters(sector="agritech")
    with app.test_request_context():
        columns, rows = export_table(filters, NOW, TODAY, "vi")
    assert [r["id"] for r in rows] == [r.id for r in db.session.scalars(
        q.request_query(filters, NOW, TODAY))]
    late = next(r for r in rows if r["id"] == pipeline["late_mentoring"].id)
    assert late["overdue"] == "Có" and late["assignee"] == "Cố Vấn Lọc"
    assert late["type"] == "Cố vấn, tư vấn" and late["sectors"] == ["Nông nghiệp công nghệ cao"]
    slow = next(r for r in rows if r["id"] == pipeline["resolved_slow"].id)
    assert slow["days_to_resolve"] == 30.0
    assert [key for key, _header in columns][:3] == ["id", "submitted_at", "startup"]


def test_reminder_job_sends_once_per_cadence_slot(app, pipeline):
    mentor_user = f.make_user("mentor", person=pipeline["mentor"])
    officer = f.make_user("officer")
    db.session.commit()

    def told(user):
        return db.session.scalar(select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.kind == "support.overdue"))

    assert remind_overdue(NOW) == 2   # the assigned mentor, and officers for the unassigned one
    db.session.commit()
    assert (told(mentor_user), told(officer)) == (1, 1)
    assert remind_overdue(NOW) == 0   # a re-run (or a second scheduler) sends nothing
    assert remind_overdue(NOW + timedelta(days=1)) == 0   # same 3-day slot
    assert remind_overdue(NOW + timedelta(days=3)) == 2   # next slot
    db.session.commit()
    assert told(mentor_user) == 2
    assert db.session.scalar(select(func.count(SentReminder.id))) == 4
