"""A startup sees a suggestion with its reasons and asks for a warm introduction, in a real browser;
the connector and the target accept, and only then does the startup see the contact details."""
import pytest

from ecosystem.extensions import db
from ecosystem.models import Introduction
from tests.e2e.conftest import sign_in, sign_out
from tests.matching.world import build_world

pytestmark = pytest.mark.e2e


def test_startup_requests_an_introduction_from_a_suggestion(live_server, page):
    w = build_world()
    db.session.commit()
    startup_email, coordinator_email, minh_email = (w.startup_user.email, w.coordinator.email,
                                                    w.minh_user.email)

    sign_in(page, live_server, startup_email)
    page.goto(f"{live_server}/orgs/{w.startup.slug}")
    page.get_by_role("link", name="Xem cố vấn và nhà đầu tư phù hợp, kèm lý do").click()
    investor = page.locator("li.suggestion[data-kind=investor]").filter(has_text="Phạm Văn Minh")
    investor.locator("details.why > summary").click()  # every reason is behind "why?"
    reasons = investor.locator("details.why ul.reasons").inner_text()
    assert "Khẩu vị đầu tư gồm lĩnh vực Nông nghiệp công nghệ cao" in reasons
    assert "Đầu tư vào giai đoạn Ươm mầm (seed)" in reasons
    investor.get_by_role("link", name="Tìm đường giới thiệu").click()
    first = page.locator("section.path").first
    assert "Nông Sản Xanh là thành viên CLB Khởi nghiệp TDMU Thử" in first.inner_text()
    first.get_by_label("Lời nhắn cho người giới thiệu").fill("Chúng tôi đang gọi vốn seed.")
    first.get_by_role("button", name="Đề nghị giới thiệu qua đường này").click()
    page.wait_for_url(f"{live_server}/intros/*")
    assert "Đã gửi đề nghị giới thiệu." in page.content()
    assert page.inner_text("#intro-status") == "Chờ người kết nối"
    assert "0912 345 678" not in page.content()
    intro_url = page.url
    sign_out(page)

    sign_in(page, live_server, coordinator_email)
    page.goto(intro_url)
    page.get_by_role("button", name="Đồng ý", exact=True).click()
    assert page.inner_text("#intro-status") == "Chờ người được giới thiệu"
    sign_out(page)

    sign_in(page, live_server, minh_email)
    page.goto(intro_url)
    page.get_by_role("button", name="Đồng ý", exact=True).click()
    assert page.inner_text("#intro-status") == "Đã kết nối"
    sign_out(page)

    sign_in(page, live_server, startup_email)
    page.goto(intro_url)
    assert "0912 345 678" in page.inner_text("#contact")
    db.session.expire_all()
    assert db.session.query(Introduction).one().status == "accepted"
