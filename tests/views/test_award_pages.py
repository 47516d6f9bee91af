"""Award pages through the web: nominate and submit, judge a sheet, the organiser's conflicts, results, exports."""
from datetime import date

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, AwardStaff, Nomination, ScoreEntry
from ecosystem.services.awards import judging
from tests import factories as f
from tests.award_world import SCREENING_GOOD, build, make_startup
from tests.conftest import login


@pytest.fixture
def world(app):
    return build(date.today())


def signed_in(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def test_nominate_then_submit_and_see_the_failing_rule(app, world):
    org, user = make_startup("Startup Quá Hạn", registered=date(2012, 5, 1))
    db.session.commit()
    client = signed_in(app, user)
    code = world["cycle"].code
    form = client.get(f"/awards/{code}/nominate?category=startup").get_data(as_text=True)
    assert "Sản phẩm, dịch vụ và vấn đề giải quyết" in form and 'name="idempotency_key"' in form
    response = client.post(f"/awards/{code}/nominate", data={
        "category": "startup", "entrant": f"o{org.id}", "nominated_by": "", "title": "Máy lọc nước",
        "answer_product": "Lọc nước", "answer_innovation": "Màng mới", "answer_results": "10 khách",
        "answer_impact": "Nước sạch", "idempotency_key": "abc"})
    assert response.status_code == 302
    entry = db.session.scalar(select(Nomination).where(Nomination.title == "Máy lọc nước"))
    page = client.post(f"/awards/nominations/{entry.id}/submit", follow_redirects=True).get_data(as_text=True)
    assert "Hồ sơ chưa đáp ứng điều kiện dự thi:" in page
    assert "Doanh nghiệp đã đăng ký lần đầu ngày 2012-05-01, quá 5 năm" in page
    db.session.refresh(entry)
    assert entry.status == "draft"


def test_a_judge_scores_with_errors_named_then_submits(app, world):
    assignment = judging.round_assignments(world["round"])[0]
    judge = next(u for p, u in world["judges"] if p.id == assignment.judge_person_id)
    client = signed_in(app, judge)
    url = f"/judging/{assignment.id}"
    page = client.post(url, data={"score_novelty": "30", "action": "submit"}).get_data(as_text=True)
    assert "Điểm tiêu chí “Tính mới, sáng tạo” phải từ 0 đến 25." in page
    data = {f"score_{k}": str(v) for k, v in SCREENING_GOOD.items()}
    assert client.post(url, data={**data, "comment_team": "Đội mạnh", "action": "submit"}).status_code == 302
    db.session.expire_all()
    assert [e.action for e in db.session.scalars(select(ScoreEntry).where(ScoreEntry.assignment_id == assignment.id))] == ["submit"]
    locked = client.get(url).get_data(as_text=True)
    assert "Phiếu chấm đã nộp và bị khoá" in locked and 'value="submit"' not in locked


def test_the_organiser_sees_the_conflict_path_and_the_balanced_proposal(app, world):
    client = signed_in(app, world["officer"])
    code = world["cycle"].code
    page = client.get(f"/manage/awards/{code}/conflicts").get_data(as_text=True)
    assert "Võ Thị Lan đầu tư vào Startup Sen Vàng" in page
    proposal = client.get(f"/manage/awards/{code}/rounds/screening/assignment").get_data(as_text=True)
    assert "Khối lượng mỗi giám khảo" in proposal and "Không đủ giám khảo" not in proposal


def test_the_organiser_adds_and_removes_staff_on_the_record(app, world):
    person = f.make_person("Thư Ký Giải")
    db.session.commit()
    client = signed_in(app, world["officer"])
    url = f"/manage/awards/{world['cycle'].code}/staff"
    refused = client.post(url, data={"role": "organiser", "person_id": 0, "organisation_id": 0},
                          follow_redirects=True).get_data(as_text=True)
    assert "Chọn một cá nhân hoặc một tổ chức." in refused
    page = client.post(url, data={"role": "secretariat", "person_id": person.id, "organisation_id": 0},
                       follow_redirects=True).get_data(as_text=True)
    assert "Đã thêm vào Ban tổ chức." in page and "Thư Ký Giải" in page
    member = db.session.scalar(select(AwardStaff))
    page = client.post(f"{url}/{member.id}/remove", follow_redirects=True).get_data(as_text=True)
    assert "Đã xoá khỏi Ban tổ chức." in page and "Chưa có ai." in page
    assert db.session.scalar(select(AwardStaff)) is None
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("award.staff.%"))).all()
    assert sorted(actions) == ["award.staff.add", "award.staff.remove"]
    assert client.post(f"{url}/{member.id}/remove").status_code == 302  # a second click: nothing left to do


def test_results_side_by_side_and_exports_after_closing(app, world):
    for a in judging.round_assignments(world["round"]):
        judge = next(u for p, u in world["judges"] if p.id == a.judge_person_id)
        judging.save_sheet(a, judge, SCREENING_GOOD, {}, True)
    judging.close_round(world["round"], world["officer"])
    db.session.commit()
    client = signed_in(app, world["officer"])
    base = f"/manage/awards/{world['cycle'].code}/rounds/screening"
    asked = client.post(f"{base}/state/publish").get_data(as_text=True)
    assert "Phiếu chấm đã nộp: 6 / 6" in asked and world["round"].status == "closed"  # asks, changes nothing
    page = client.get(f"{base}/results").get_data(as_text=True)
    for text in ("Điểm thô TB", "Điểm chuẩn hoá", "Độ dễ dãi của giám khảo", "73,00"):
        assert text in page
    stated = "Khi bằng điểm, phân định lần lượt theo: điểm chuẩn hoá; tiêu chí có trọng số cao nhất; nộp hồ sơ sớm hơn."
    assert stated in page  # the tie-break rule of the settings, stated before any tie occurs
    csv = client.get(f"{base}/export/nominations.csv")
    assert csv.mimetype == "text/csv" and "Điểm chuẩn hoá" in csv.get_data(as_text=True)
    assert client.get(f"{base}/export.xlsx").data[:2] == b"PK"
    assert client.post(f"{base}/state/publish", data={"confirmed": "1"}).status_code == 302
    public = app.test_client().get(f"/awards/{world['cycle'].code}/results/screening").get_data(as_text=True)
    assert "Dự án của Startup Sen Vàng" in public and stated in public


def test_pages_in_english(app, world):
    world["officer"].locale = "en"
    db.session.commit()
    client = signed_in(app, world["officer"])
    page = client.get(f"/manage/awards/{world['cycle'].code}").get_data(as_text=True)
    assert "Rounds" in page and "Close the round" in page and "Các vòng thi" not in page


def test_posts_need_the_csrf_token(app, world):
    client = signed_in(app, world["officer"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/manage/awards/{world['cycle'].code}/conflicts/scan")
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_installing_a_shipped_rule_set_twice_says_it_is_already_there(app):
    officer = f.make_user("officer", email="install-twice@example.vn")
    db.session.commit()
    client = signed_in(app, officer)
    first = client.post("/manage/awards/install", data={"seed": "istar_hcmc_2025.json"})
    assert first.status_code == 302 and "/manage/awards/" in first.headers["Location"]
    again = client.post("/manage/awards/install", data={"seed": "istar_hcmc_2025.json"}, follow_redirects=True)
    assert "Bộ quy tắc này đã được nạp." in again.get_data(as_text=True)
    unknown = client.post("/manage/awards/install", data={"seed": "none.json"}, follow_redirects=True)
    assert "Không tìm thấy bộ quy tắc." in unknown.get_data(as_text=True)
