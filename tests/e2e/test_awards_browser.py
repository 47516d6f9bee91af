"""In a browser: two judges score (one tries to open the other's sheet), the organiser closes and publishes:
each step asks first, states the sheets submitted, and goes on with sheets missing only with a reason."""
from datetime import date

import pytest

from ecosystem.extensions import db
from ecosystem.services.awards import judging
from tests.award_world import build
from tests.e2e.conftest import sign_in

SCORES = {"Tính mới, sáng tạo": "20", "Tính khả thi": "18", "Thị trường và khả năng tăng trưởng": "15",
          "Năng lực đội ngũ": "10", "Tác động xã hội, môi trường": "9,5"}


def score_everything(page, base: str) -> int:
    """Open each assigned entry from the judge's list and submit a full sheet; returns how many."""
    page.goto(f"{base}/judging/")
    done = 0
    while page.locator("tbody a", has_text="Dự án").count() and page.get_by_text("Chưa chấm").count():
        page.locator("tr", has_text="Chưa chấm").locator("a").first.click()
        for label, value in SCORES.items():
            page.get_by_label(label, exact=False).first.fill(value)
        page.get_by_label("Nhận xét").first.fill("Sản phẩm rõ ràng, thị trường lớn")
        page.get_by_role("button", name="Nộp phiếu chấm").click()
        page.wait_for_load_state()
        assert page.get_by_text("Đã nộp phiếu chấm.").is_visible()
        done += 1
    return done


@pytest.mark.e2e
def test_two_judges_score_and_the_organiser_publishes(app, live_server, browser):
    world = build(date.today())
    first, second = world["judges"][0], world["judges"][1]
    theirs = next(a for a in judging.round_assignments(world["round"]) if a.judge_person_id == second[0].id)
    db.session.commit()

    judge_one = browser.new_context(locale="vi-VN").new_page()
    sign_in(judge_one, live_server, first[1].email)
    assert score_everything(judge_one, live_server) >= 1
    response = judge_one.goto(f"{live_server}/judging/{theirs.id}")  # another judge's sheet
    assert response.status == 403

    judge_two = browser.new_context(locale="vi-VN").new_page()
    sign_in(judge_two, live_server, second[1].email)
    assert score_everything(judge_two, live_server) >= 1
    results = f"{live_server}/manage/awards/{world['cycle'].code}/rounds/screening/results"
    assert judge_two.goto(results).status == 403

    organiser = browser.new_context(locale="vi-VN").new_page()
    sign_in(organiser, live_server, world["officer"].email)
    assert organiser.goto(results).status == 403  # still open: no scores for anyone
    organiser.goto(f"{live_server}/manage/awards/{world['cycle'].code}")
    organiser.locator("tr", has_text="Vòng sơ khảo").get_by_role("button", name="Khoá vòng").click()
    organiser.wait_for_load_state()
    main = organiser.inner_text("main")  # two of four judges scored: sheets are missing
    assert "Phiếu chấm đã nộp:" in main and "Cần nêu lý do để vẫn tiếp tục" in main
    organiser.get_by_label("Lý do vẫn tiếp tục (được ghi vào nhật ký)").fill("Hết hạn chấm theo thể lệ")
    organiser.get_by_role("button", name="Vẫn tiếp tục, tôi chịu trách nhiệm").click()
    organiser.wait_for_load_state()
    assert organiser.get_by_text("Đã khoá vòng thi.").is_visible()
    organiser.goto(results)
    assert organiser.get_by_role("heading", name="Độ dễ dãi của giám khảo").first.is_visible()
    organiser.get_by_role("button", name="Công bố kết quả").click()
    organiser.wait_for_load_state()
    assert "không thể huỷ công bố" in organiser.inner_text("main")
    organiser.get_by_label("Lý do vẫn tiếp tục (được ghi vào nhật ký)").fill("Ban tổ chức quyết định công bố")
    organiser.get_by_role("button", name="Vẫn tiếp tục, tôi chịu trách nhiệm").click()
    organiser.wait_for_load_state()
    assert organiser.get_by_text("Đã công bố kết quả; người dự thi đã được thông báo.").is_visible()

    public = browser.new_context(locale="vi-VN").new_page()
    public.goto(f"{live_server}/awards/{world['cycle'].code}/results/screening")
    assert public.get_by_text("Dự án của Startup Sen Vàng").is_visible()
    for context_page in (judge_one, judge_two, organiser, public):
        context_page.context.close()
