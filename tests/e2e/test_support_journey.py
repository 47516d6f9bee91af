"""The issue's journey in a real browser: a new startup registers, completes its profile, asks for
mentoring; an officer assigns it to a mentor; the mentor resolves it; the startup sees it resolved.
Then another startup's member tries to read the request and is refused."""
import pytest

from ecosystem.extensions import db
from tests import factories as f
from tests.e2e.conftest import sign_in
from tests.services.platform.test_uploads import PDF_MIN

pytestmark = pytest.mark.e2e


def _new_page(browser, locale="vi-VN"):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def test_register_profile_request_assign_resolve(live_server, page, browser, tmp_path):
    agri = f.make_sector()
    mentor_person = f.make_person("Trần Thị Cố Vấn", mentor_capacity=3, sectors=[agri])
    officer = f.make_user("officer", email="canbo@sokhcn.example.vn")
    mentor = f.make_user("mentor", email="covan@example.vn", person=mentor_person)
    outsider = f.make_user("startup", email="khac@example.vn",
                           manages=[f.make_org("Công ty Khác Thử")])
    db.session.commit()

    # 1. A visitor registers as a startup member.
    page.goto(f"{live_server}/register")
    page.get_by_label("Họ và tên").fill("Huỳnh Ngọc Duyên")
    page.get_by_label("E-mail").fill("duyen@nongnghiepxanh.example.vn")
    page.get_by_label("Bạn là").select_option("startup")
    page.get_by_label("Mật khẩu", exact=True).fill("mat-khau-dai-123")
    page.get_by_label("Nhập lại mật khẩu").fill("mat-khau-dai-123")
    page.get_by_label("Tôi đồng ý").check()
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_load_state()
    # Sign-up answers alike for new and known addresses, so the member then signs in.
    sign_in(page, live_server, "duyen@nongnghiepxanh.example.vn", "mat-khau-dai-123")

    # 2. The guided profile, step by step, with a pitch deck checked by content.
    page.goto(f"{live_server}/startups/new")
    page.get_by_label("Tên startup (tiếng Việt)").fill("Công ty TNHH Nông Nghiệp Xanh Thử")
    page.get_by_label("Nông nghiệp công nghệ cao").check()
    page.get_by_label("Giai đoạn").select_option("seed")
    page.get_by_label("Ngày đăng ký kinh doanh lần đầu").fill("2024-03-15")
    page.get_by_label("Phường/Xã").fill("Xã Phú Giáo")
    page.get_by_label("Tỉnh/Thành phố").fill("Thành phố Hồ Chí Minh")
    page.get_by_label("E-mail liên hệ").fill("lienhe@nongnghiepxanh.example.vn")
    page.get_by_role("button", name="Tạo hồ sơ và tiếp tục").click()
    page.get_by_label("Nhà sáng lập 1: họ tên").fill("Huỳnh Ngọc Duyên")
    page.get_by_label("Nhà sáng lập 1: vai trò").fill("CEO")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Sản phẩm / dịch vụ").fill("Tưới nhỏ giọt theo độ ẩm đất cho vườn sầu riêng")
    page.get_by_label("Công nghệ (cách nhau bởi dấu phẩy)").fill("IoT, LoRa")
    page.get_by_label("Tình trạng sở hữu trí tuệ").select_option("filed")
    page.get_by_label("Khách hàng").fill("12 hợp tác xã ở Phú Giáo")
    page.get_by_label("Doanh thu").select_option("under_1b")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Vốn đang tìm (₫)").fill("2.000.000.000")
    page.get_by_label("Cố vấn, tư vấn").check()
    deck = tmp_path / "ho-so-goi-von.pdf"
    deck.write_bytes(PDF_MIN)
    page.get_by_label("Pitch deck (PDF hoặc ảnh)").set_input_files(str(deck))
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_url("**/profile")
    assert "Mức hoàn thiện hồ sơ: 100%" in page.inner_text("main")
    assert "Đủ điều kiện" in page.inner_text("main")

    # 3. The startup asks for mentoring.
    page.get_by_role("link", name="Gửi yêu cầu hỗ trợ").click()
    page.get_by_label("Loại hỗ trợ").select_option("mentoring")
    page.get_by_label("Tiêu đề").fill("Cần cố vấn chuẩn bị gọi vốn vòng seed")
    page.get_by_label("Mô tả nhu cầu").fill("Chúng tôi cần góp ý pitch deck trước demo day.")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.wait_for_url("**/support/*")
    request_url = page.url
    assert "Đã gửi" in page.inner_text("main h1")

    # 4. An officer triages and assigns it to the mentor from the board.
    officer_context, officer_page = _new_page(browser)
    sign_in(officer_page, live_server, officer.email)
    officer_page.goto(f"{live_server}/support/board")
    officer_page.get_by_role("link", name="Cần cố vấn chuẩn bị gọi vốn vòng seed").click()
    officer_page.get_by_role("button", name="Tiếp nhận, phân loại").click()
    officer_page.get_by_label("Giao cho").select_option(label="Trần Thị Cố Vấn")
    officer_page.get_by_role("button", name="Giao việc").click()
    assert "Đã giao" in officer_page.inner_text("main h1")
    officer_context.close()

    # 5. The mentor finds it among their assignments and marks it resolved.
    mentor_context, mentor_page = _new_page(browser)
    sign_in(mentor_page, live_server, mentor.email)
    mentor_page.goto(f"{live_server}/support/assigned")
    mentor_page.get_by_role("link", name="Cần cố vấn chuẩn bị gọi vốn vòng seed").click()
    mentor_page.get_by_role("button", name="Đánh dấu đã giải quyết").click()
    assert "Đã giải quyết" in mentor_page.inner_text("main h1")
    mentor_context.close()

    # 6. The startup sees it resolved, with its history, and was told in the bell.
    page.goto(f"{live_server}/support/")
    assert "Đã giải quyết" in page.inner_text("main table")
    page.goto(request_url)
    history = page.inner_text("#history-title + ol")
    assert "Giao việc" in history and "Đánh dấu đã giải quyết" in history
    page.goto(f"{live_server}/me/notifications")
    assert "Yêu cầu đã được giải quyết" in page.inner_text("main")

    # 7. Another startup's member is refused.
    outsider_context, outsider_page = _new_page(browser)
    sign_in(outsider_page, live_server, outsider.email)
    assert outsider_page.goto(request_url).status == 403
    outsider_context.close()


def test_english_board_for_an_english_officer(live_server, browser):
    startup = f.make_org("Startup English Test")
    member = f.make_user("startup", manages=[startup])
    officer = f.make_user("officer", locale="en", email="officer.en@example.vn")
    from ecosystem.services.support import requests as support
    support.create_request(startup, member, "ip", "Patent search for a soil sensor", submit=True)
    db.session.commit()
    context, page = _new_page(browser, "en-GB")
    sign_in(page, live_server, officer.email)
    page.goto(f"{live_server}/support/board")
    main = page.inner_text("main")
    assert "Support request board" in main and "Submitted" in main
    page.get_by_role("link", name="Patent search for a soil sensor").click()
    assert "Intellectual property (search, registration, exploitation)" in page.inner_text("main")
    assert page.get_by_role("button", name="Triage").is_visible()
    context.close()
