"""An enterprise posts a technology need, sees matching offers with reasons, books a meeting at a
Techmart, and moves a deal to a signed contract that the officers' dashboard then counts."""
from datetime import timedelta

import pytest

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.services.techmart.sessions import add_booth
from tests import factories as f
from tests.e2e.conftest import sign_in
from tests.techmart_factories import make_offer, make_session, sector

pytestmark = pytest.mark.e2e


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def test_enterprise_need_to_meeting_to_contract_on_the_dashboard(live_server, page):
    officer = f.make_user("officer")
    uni = f.make_org("Trường Đại học Việt Đức Thử", kind="university")
    ent = f.make_org("Công ty Cơ khí Vạn Thuận Thử", kind="enterprise")
    user = f.make_user("startup", manages=[ent])
    offer = make_offer(org=uni, title="Bộ điều khiển biến tần tiết kiệm điện")
    make_offer(title="Phần mềm kế toán đám mây", sectors=[sector("fintech").id])
    session = make_session(officer)
    add_booth(session, uni, [offer], 3, officer)
    db.session.commit()
    officer_email, user_email, session_title = officer.email, user.email, session.event.title

    sign_in(page, live_server, user_email)
    page.get_by_role("link", name="Chợ công nghệ / Techmart").click()
    page.get_by_role("link", name="Đăng nhu cầu công nghệ").first.click()
    page.get_by_label("Tên nhu cầu").fill("Giảm điện năng dây chuyền CNC")
    page.get_by_label("Vấn đề cần giải quyết").fill("40 máy CNC và máy nén khí tốn điện.")
    page.get_by_label("Lĩnh vực manufacturing").check()
    page.get_by_label("Mức sẵn sàng công nghệ tối thiểu (TRL)").select_option("6")
    page.get_by_label("Ngân sách từ (đồng)").fill("200.000.000")
    page.get_by_label("Ngân sách đến (đồng)").fill("1.000.000.000")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{live_server}/techmart/demands/*")
    assert "Đã đăng nhu cầu công nghệ." in page.content()
    matches = page.locator("#matches").inner_text()
    assert "Bộ điều khiển biến tần tiết kiệm điện" in matches and "Phần mềm kế toán" not in matches
    assert "Mức sẵn sàng TRL 7 đáp ứng yêu cầu TRL 6" in matches
    assert "Bằng độc quyền sáng chế" in matches

    page.get_by_role("link", name=f"Đặt lịch gặp tại {session_title}").click()
    first_slot = page.locator("table.slots tbody tr").first
    first_slot.get_by_role("button", name="Đặt lịch gặp").click()
    page.wait_for_load_state()
    assert "Đã đặt lịch gặp." in page.content()
    assert page.inner_text("#r-booked").startswith("1 /")
    assert "Công ty Cơ khí Vạn Thuận Thử" in page.locator("table.slots tbody tr").first.inner_text()

    page.locator("article.booth").get_by_role("link", name="Bộ điều khiển biến tần tiết kiệm điện").click()
    page.get_by_label("Bắt đầu tại Techmart").select_option(label=session_title)
    page.get_by_role("button", name="Mở thương vụ").click()
    page.wait_for_url(f"{live_server}/techmart/deals/*")
    assert page.inner_text("#deal-state") == "Quan tâm"
    page.get_by_label("Bước tiếp theo").select_option(label="Đàm phán")
    page.get_by_role("button", name="Cập nhật thương vụ").click()
    assert page.inner_text("#deal-state") == "Đàm phán"
    day = local_today() - timedelta(days=1)
    page.get_by_label("Bước tiếp theo").select_option(label="Đã ký hợp đồng")
    page.get_by_label("Giá trị hợp đồng (đồng)").fill("750.000.000")
    page.get_by_label("Hình thức chuyển giao").select_option("licence")
    page.get_by_label("Ngày ký hợp đồng").fill(day.isoformat())
    page.get_by_role("button", name="Cập nhật thương vụ").click()
    assert page.inner_text("#deal-state") == "Đã ký hợp đồng"
    assert "750.000.000 ₫" in page.inner_text("#contract")
    steps = [text.split(" — ")[1].split(" (")[0] for text in page.locator("#history li").all_inner_texts()]
    assert steps == ["Quan tâm", "Đàm phán", "Đã ký hợp đồng"]
    sign_out(page)

    sign_in(page, live_server, officer_email)
    page.goto(f"{live_server}/dashboard/?year_from={day.year}&year_to={day.year}&refresh=1")
    panel = page.locator("#panel-technology_contracts").inner_text()
    assert "750.000.000 ₫" in panel
    assert "Đã ký hợp đồng" in page.locator("#panel-technology_deals").inner_text()
    page.goto(f"{live_server}/techmart/sessions/{session.id}")
    assert page.inner_text("#r-deals") == "1" and page.inner_text("#r-value") == "750.000.000 ₫"


def test_a_startup_finds_a_lab_and_asks_for_lab_time(live_server, page):
    from ecosystem.services.techmart.labs import save_lab
    officer, uni, startup = f.make_user("officer"), f.make_org("Trường Đại học Có Phòng Thí Nghiệm", kind="university"), f.make_org()
    save_lab(uni, {"name": "Phòng thí nghiệm Vật liệu Thử", "equipment": "Máy nén uốn\nKính hiển vi điện tử",
                   "services": "Thử mẫu cho startup", "accreditation": "ISO/IEC 17025:2017",
                   "certificate_number": "VILAS 4242", "accreditation_expires_on": local_today() + timedelta(days=300),
                   "active": True}, officer)
    user = f.make_user("startup", manages=[startup])
    db.session.commit()
    sign_in(page, live_server, user.email)
    page.goto(f"{live_server}/techmart/")
    page.get_by_role("link", name="Phòng thí nghiệm", exact=True).click()
    page.get_by_role("link", name="Phòng thí nghiệm Vật liệu Thử").click()
    assert "Kính hiển vi điện tử" in page.content() and "VILAS 4242" in page.content()
    page.get_by_label("Nội dung cần thử nghiệm").fill("Đo độ bền uốn mẫu composite")
    page.get_by_role("button", name="Gửi đăng ký").click()
    page.wait_for_url(f"{live_server}/support/*")
    assert "Đã gửi đăng ký sử dụng phòng thí nghiệm." in page.content()
    assert "Phòng thí nghiệm Vật liệu Thử" in page.locator("#lab-title").locator("..").inner_text()
