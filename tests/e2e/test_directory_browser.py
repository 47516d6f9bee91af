"""A startup member edits their own profile in a real browser; another startup's edit page is 403."""
import pytest

from ecosystem.extensions import db
from tests import factories as f
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_startup_member_edits_own_profile_and_not_another(live_server, page):
    own = f.make_org("Công ty TNHH Nông Nghiệp Xanh Thử", ward="Phường Phú Lợi")
    other = f.make_org("Công ty CP Dữ Liệu Sông Bé Thử")
    user = f.make_user("startup", manages=[own])
    db.session.commit()

    sign_in(page, live_server, user.email)
    page.goto(f"{live_server}/orgs/{own.slug}")
    page.get_by_role("link", name="Sửa hồ sơ").click()
    page.get_by_label("Giới thiệu").fill("Cảm biến độ ẩm đất cho vườn sầu riêng ở Phú Giáo.")
    page.get_by_label("Tên tiếng Anh").fill("Green Farming Test Co.")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{live_server}/orgs/{own.slug}")
    assert "Đã lưu thay đổi." in page.content()
    assert "Cảm biến độ ẩm đất cho vườn sầu riêng ở Phú Giáo." in page.inner_text("main")

    response = page.goto(f"{live_server}/orgs/{other.slug}/edit")
    assert response.status == 403
    assert "không có quyền" in page.inner_text("main")
