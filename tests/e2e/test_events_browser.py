"""In a real browser: a coordinator creates an event, a startup member registers, the desk refuses
the code before the event, and checks them in by typing the code once the event has begun; cancelling
another event asks first."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Attendance, Event
from tests import factories as f
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_coordinator_creates_member_registers_coordinator_checks_in(live_server, browser):
    club = f.make_org("CLB Khởi nghiệp Đại học Thủ Dầu Một Thử", kind="club")
    coordinator = f.make_user("coordinator", manages=[club])
    startup = f.make_org("Công ty TNHH Nông Nghiệp Xanh Thử")
    member = f.make_user("startup", manages=[startup],
                         person=f.make_person("Huỳnh Ngọc Duyên Thử"))
    db.session.commit()
    year = datetime.now().year + 1

    desk = browser.new_context(locale="vi-VN").new_page()
    desk.set_default_timeout(15000)
    sign_in(desk, live_server, coordinator.email)
    desk.goto(f"{live_server}/events/new")
    desk.get_by_label("Tên sự kiện").fill("Đêm gọi vốn tháng 3")
    desk.get_by_label("Loại sự kiện").select_option("pitch")
    desk.get_by_label("Bắt đầu (giờ TP. Hồ Chí Minh)").fill(f"{year}-03-10T19:00")
    desk.get_by_label("Kết thúc (giờ TP. Hồ Chí Minh)").fill(f"{year}-03-10T21:00")
    desk.get_by_label("Địa điểm").fill("Hội trường 1, Đại học Thủ Dầu Một")
    desk.get_by_label("Số chỗ (để trống: không giới hạn)").fill("20")
    desk.get_by_label("Câu hỏi khi đăng ký", exact=False).fill("Bạn mong muốn gặp ai? *")
    desk.get_by_role("button", name="Lưu").click()
    desk.wait_for_url(f"{live_server}/events/*")
    assert "Đã tạo sự kiện." in desk.content()
    assert f"19:00 10/03/{year}" in desk.inner_text("main")
    event_url = desk.url

    attendee = browser.new_context(locale="vi-VN").new_page()
    attendee.set_default_timeout(15000)
    sign_in(attendee, live_server, member.email)
    attendee.goto(event_url)
    attendee.get_by_role("link", name="Đăng ký tham dự").click()
    attendee.get_by_label("Bạn đại diện cho startup nào?").select_option(label=startup.name)
    attendee.get_by_label("Bạn mong muốn gặp ai?").fill("Nhà đầu tư nông nghiệp")
    attendee.get_by_label("Tôi đồng ý để đơn vị tổ chức", exact=False).check()
    attendee.get_by_role("button", name="Xác nhận đăng ký").click()
    attendee.wait_for_url(f"{live_server}/events/registrations/*")
    assert "Đăng ký thành công" in attendee.content()
    assert attendee.get_by_role("img", name="Mã QR check-in của Huỳnh Ngọc Duyên Thử").is_visible()
    code = attendee.locator("code.code").inner_text()
    assert len(code) == 11 and code[5] == "-"

    desk.goto(f"{event_url}/checkin")
    assert "Chưa đến giờ check-in" in desk.inner_text("main")
    desk.get_by_label("Mã check-in").fill(code)
    desk.get_by_role("button", name="Check-in", exact=True).click()
    desk.wait_for_load_state()
    assert "Chưa đến giờ check-in: quầy mở từ" in desk.inner_text("main")
    assert desk.locator('[data-count="checked_in"]').inner_text() == "0"

    event = db.session.scalar(select(Event))
    planned = event.starts_at
    event.starts_at = datetime.now(timezone.utc) - timedelta(minutes=10)  # the evening has come
    event.ends_at = event.starts_at + timedelta(hours=2)
    db.session.commit()
    desk.goto(f"{event_url}/checkin")
    desk.get_by_label("Mã check-in").fill(code.lower().replace("-", " "))
    desk.get_by_role("button", name="Check-in", exact=True).click()
    desk.wait_for_load_state()
    assert "Đã check-in: Huỳnh Ngọc Duyên Thử" in desk.inner_text("main")
    assert desk.locator('[data-count="checked_in"]').inner_text() == "1"

    desk.get_by_label("Mã check-in").fill(code)
    desk.get_by_role("button", name="Check-in", exact=True).click()
    desk.wait_for_load_state()
    assert "Mã này đã được dùng để check-in." in desk.inner_text("main")

    assert planned.replace(tzinfo=None) == datetime(year, 3, 10, 12, 0)
    db.session.expire_all()
    event = db.session.scalar(select(Event))
    attendance = db.session.scalar(select(Attendance))
    assert attendance.startup_id == startup.id and attendance.event_id == event.id


def test_cancelling_an_event_states_the_consequence_first(live_server, browser):
    from tests.event_factories import make_event, make_registration
    club = f.make_org("CLB Huỷ Thử", kind="club")
    coordinator = f.make_user("coordinator", manages=[club])
    event = make_event(club, title="Buổi chia sẻ sắp huỷ")
    make_registration(event)
    db.session.commit()
    page = browser.new_context(locale="vi-VN").new_page()
    sign_in(page, live_server, coordinator.email)
    page.goto(f"{live_server}/events/{event.id}")
    page.get_by_role("button", name="Huỷ sự kiện").click()
    page.wait_for_load_state()
    assert "1 người đăng ký sẽ nhận thông báo huỷ" in page.inner_text("main")
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "published"  # nothing changed yet
    db.session.rollback()  # let go of SQLite's write lock before the browser posts
    page.get_by_role("button", name="Huỷ sự kiện").click()
    page.wait_for_load_state()
    assert "Đã huỷ sự kiện và báo cho người đăng ký." in page.inner_text("main")
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "cancelled"
    page.context.close()
