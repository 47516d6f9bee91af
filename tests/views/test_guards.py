"""Guards on irreversible steps: confirmation pages change nothing until confirmed; the desk refuses
early check-ins unless an officer gives a logged reason; a round with missing sheets is not published
without a logged override."""
from datetime import date

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, AwardResult, Registration
from ecosystem.services.awards import judging
from ecosystem.services.awards.catalogue import AwardError
from tests import award_world
from tests import factories as f
from tests.award_world import SCREENING_GOOD
from tests.event_factories import make_event, make_registration


def test_cancelling_an_event_asks_first_and_changes_nothing_until_confirmed(client, login_as):
    event = make_event(title="Hội thảo Sắp Huỷ")
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    make_registration(event)
    db.session.commit()
    login_as(coordinator)
    asked = client.post(f"/events/{event.id}/cancel")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "1 người đăng ký sẽ nhận thông báo huỷ" in page
    assert 'name="confirmed" value="1"' in page and f'action="/events/{event.id}/cancel"' in page
    db.session.expire_all()
    assert event.status == "published"
    done = client.post(f"/events/{event.id}/cancel", data={"confirmed": "1"})
    assert done.status_code == 302
    db.session.expire_all()
    assert event.status == "cancelled"


def test_an_early_check_in_is_refused_at_the_desk(client, login_as):
    event = make_event()  # a week ahead
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    registration = make_registration(event, name="Người Đến Sớm")
    db.session.commit()
    login_as(coordinator)
    desk = client.get(f"/events/{event.id}/checkin").get_data(as_text=True)
    assert "Chưa đến giờ check-in" in desk and 'name="override_reason"' not in desk
    refused = client.post(f"/events/{event.id}/checkin", data={"code": registration.checkin_code,
                                                               "override_reason": "không được phép"},
                          follow_redirects=True).get_data(as_text=True)
    assert "Chưa đến giờ check-in: quầy mở từ" in refused
    walk_in = client.post(f"/events/{event.id}/walk-in", data={"name": "Khách Sớm"},
                          follow_redirects=True).get_data(as_text=True)
    assert "Chưa đến giờ check-in" in walk_in
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).checked_in_at is None
    assert db.session.scalar(select(func.count(Registration.id)).where(Registration.walk_in.is_(True))) == 0


def test_an_officer_checks_in_early_with_a_logged_reason(client, login_as):
    event = make_event()
    officer = f.make_user("officer")
    registration = make_registration(event, name="Khách Mời Sớm")
    db.session.commit()
    login_as(officer)
    assert 'name="override_reason"' in client.get(f"/events/{event.id}/checkin").get_data(as_text=True)
    client.post(f"/events/{event.id}/checkin", data={"code": registration.checkin_code,
                                                     "override_reason": "Diễn giả đến sớm để chuẩn bị"})
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).checked_in_at is not None
    logged = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.check_in.override"))
    assert logged.actor_id == officer.id and logged.data["reason"] == "Diễn giả đến sớm để chuẩn bị"


def test_a_round_with_missing_sheets_is_not_published_without_a_logged_override(app, client, login_as):
    world = award_world.build(date.today())
    award_round, officer = world["round"], world["officer"]
    sheets = judging.round_assignments(award_round)
    judge_of = {p.id: u for p, u in world["judges"]}
    for a in sheets[:2]:
        judging.save_sheet(a, judge_of[a.judge_person_id], SCREENING_GOOD, {}, True)
    db.session.commit()
    login_as(officer)
    base = f"/manage/awards/{world['cycle'].code}/rounds/{award_round.code}/state"
    cycle_page = client.get(f"/manage/awards/{world['cycle'].code}").get_data(as_text=True)
    assert f"2 / {len(sheets)} phiếu" in cycle_page
    asked = client.post(f"{base}/close", data={"confirmed": "1"}).get_data(as_text=True)
    assert f"Phiếu chấm đã nộp: 2 / {len(sheets)}" in asked and "Cần nêu lý do để vẫn tiếp tục" in asked
    db.session.expire_all()
    assert award_round.status == "open"
    client.post(f"{base}/close", data={"confirmed": "1", "override_reason": "Hết hạn chấm theo thể lệ"})
    db.session.expire_all()
    assert award_round.status == "closed"
    asked = client.post(f"{base}/publish", data={"confirmed": "1"}).get_data(as_text=True)
    assert "2 / " in asked and "Vẫn tiếp tục" in asked
    db.session.expire_all()
    assert award_round.status == "closed" and db.session.scalar(select(func.count(AwardResult.id))) == 0
    client.post(f"{base}/publish", data={"confirmed": "1", "override_reason": "Ban tổ chức quyết định công bố"})
    db.session.expire_all()
    assert award_round.status == "published"
    overrides = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "award.round.override")
                                   .order_by(AuditEntry.id)).all()
    assert [(o.data["step"], o.data["submitted"], o.actor_id) for o in overrides] == [
        ("close", 2, officer.id), ("publish", 2, officer.id)]
    assert overrides[1].data["reason"] == "Ban tổ chức quyết định công bố"


def test_a_round_does_not_open_short_of_judges(app):
    world = award_world.build(date.today(), open_round=False)
    award_round = world["round"]
    category = award_round.stages[0].category
    judging.set_panel(award_round, category, [world["judges"][0][0].id], world["officer"])
    with pytest.raises(AwardError, match="judge_shortfall"):
        judging.open_round(award_round, world["officer"])
    assert award_round.status == "setup"


def test_the_open_button_is_disabled_with_the_reason_while_judges_are_short(client, login_as):
    world = award_world.build(date.today(), open_round=False)
    award_round = world["round"]
    judging.set_panel(award_round, award_round.stages[0].category, [world["judges"][0][0].id], world["officer"])
    db.session.commit()
    login_as(world["officer"])
    page = client.get(f"/manage/awards/{world['cycle'].code}").get_data(as_text=True)
    assert "2 hồ sơ chưa đủ giám khảo" in page and 'disabled aria-describedby="open-why-' in page
    refused = client.post(f"/manage/awards/{world['cycle'].code}/rounds/{award_round.code}/state/open",
                          follow_redirects=True).get_data(as_text=True)
    assert "Chưa mở được vòng thi: 2 hồ sơ chưa đủ 3 giám khảo" in refused
    db.session.expire_all()
    assert award_round.status == "setup"
