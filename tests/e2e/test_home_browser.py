"""Each role signs in and finds its own panels with real data; the top bar keeps to 7 entries at
1366 px and, behind the menu button, at 390 px; the page title stays in the first screen."""
import pytest

from tests.e2e.conftest import sign_in
from tests.home_world import build_home_world

pytestmark = pytest.mark.e2e

EXPECTED = {  # role -> (panel, text it must show)
    "startup": [("startup-profile", "Nông Sản Xanh"), ("support", "Cần cố vấn chuẩn bị gọi vốn vòng seed"),
                ("suggestions", "Trần Thị Lan"), ("tickets", "Đêm gọi vốn Thủ Dầu Một")],
    "mentor": [("office-hours", "Còn trống"), ("suggested-startups", "Nông Sản Xanh")],
    "investor": [("suggested-startups", "Nông Sản Xanh"), ("intros-to-answer", "")],
    "coordinator": [("club-events", "Đêm gọi vốn Thủ Dầu Một"), ("checkin-today", "Mở bàn check-in"),
                    ("membership-requests", "CLB Khởi nghiệp TDMU Thử")],
    "officer": [("queues", "Yêu cầu hỗ trợ chờ tiếp nhận"), ("headline", "Startup")],
    "judge": [("assignments", "đã chấm")],
    "admin": [("system", "Tác vụ định kỳ"), ("queues", "Hàng đợi")],
}


def top_level_entries(page) -> int:
    """Visible top-level entries of the navigation (menus and single links)."""
    return page.locator(".menus:visible > li").count()


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_role_home_and_navigation(live_server, browser, role):
    world = build_home_world()
    email = world.user(role).email
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, email)
    page.goto(f"{live_server}/")
    for name, text in EXPECTED[role]:
        section = page.locator(f'[data-panel="{name}"]')
        assert section.is_visible(), name
        assert text in section.inner_text(), (name, text)
    assert 1 <= top_level_entries(page) <= 7
    assert page.locator(".nav-narrow").is_hidden()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator(".nav-wide").is_hidden()
    assert top_level_entries(page) == 0  # closed behind the menu button
    assert page.locator("h1").bounding_box()["y"] < 844 / 2  # the title in the first screen
    page.locator(".nav-narrow > summary").click()
    assert 1 <= top_level_entries(page) <= 7
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390, scroll
    context.close()
