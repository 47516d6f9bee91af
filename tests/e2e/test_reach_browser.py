"""In a real browser: choosing how to be told and unsubscribing in one click, subscribing to the
personal calendar, signing in with a (local, fake) OpenID Connect provider, and a coordinator
writing to their club."""
import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import ExternalIdentity, OutboxMessage, Relationship
from ecosystem.services.platform.notifications import notify
from tests import factories as f
from tests.e2e.conftest import sign_in
from tests.fake_servers import FakeOidc

pytestmark = pytest.mark.e2e


def _latest_mail(to):
    db.session.expire_all()
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == to)
                              .order_by(OutboxMessage.id.desc())).first()
    db.session.commit()  # SQLite: never hold the write lock while the browser works
    return mail


def test_choose_preferences_and_unsubscribe_in_one_click(app, live_server, page):
    app.config["PUBLIC_BASE_URL"] = live_server
    user = f.make_user("startup")
    db.session.commit()
    sign_in(page, live_server, user.email)
    page.goto(f"{live_server}/me/preferences")
    page.get_by_label("Giải thưởng: E-mail").uncheck()
    page.get_by_label("Hỗ trợ: Gộp vào thư tóm tắt").check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    assert "Đã lưu cách bạn muốn nhận thông báo." in page.content()
    assert not page.get_by_label("Giải thưởng: E-mail").is_checked()
    assert page.get_by_label("Hỗ trợ: Gộp vào thư tóm tắt").is_checked()

    notify([user], "events.reminder", lambda: ("Nhắc lịch hội thảo", "Ngày mai"))
    db.session.commit()
    mail = _latest_mail(user.email)
    url = mail.headers["List-Unsubscribe"].strip("<>")
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    visitor = page.context.browser.new_context(locale="vi-VN").new_page()  # not signed in
    visitor.goto(url)
    visitor.get_by_role("button", name="Huỷ đăng ký").click()
    assert "không nhận e-mail loại “Sự kiện, giờ cố vấn” nữa" in visitor.inner_text("#unsubscribed")
    # the mail client's RFC 8058 one-click POST works too, without any cookie or CSRF token
    answer = visitor.request.post(url, form={"List-Unsubscribe": "One-Click"})
    assert answer.status == 200
    page.goto(f"{live_server}/me/preferences")
    assert not page.get_by_label("Sự kiện, giờ cố vấn: E-mail").is_checked()
    visitor.context.close()


def test_subscribe_to_the_personal_calendar(app, live_server, page):
    app.config["PUBLIC_BASE_URL"] = live_server
    user = f.make_user("startup")
    db.session.commit()
    sign_in(page, live_server, user.email)
    page.goto(f"{live_server}/me/preferences")
    page.get_by_role("button", name="Tạo đường dẫn lịch").click()
    url = page.locator("#calendar-url").input_value()
    assert url.startswith(live_server + "/calendar/")
    feed = page.context.browser.new_context().request.get(url)  # a calendar app: no cookies
    assert feed.status == 200 and feed.text().startswith("BEGIN:VCALENDAR")
    page.goto(f"{live_server}/me/preferences")
    page.get_by_role("button", name="Thu hồi đường dẫn").click()
    assert page.context.browser.new_context().request.get(url).status == 404


def test_sign_in_with_the_fake_provider(app, live_server, page):
    provider = FakeOidc(claims={"sub": "vneid-42", "email": "duyen@example.vn", "email_verified": True})
    try:
        app.config.update(PUBLIC_BASE_URL=live_server, OIDC_PROVIDERS=provider.provider())
        user = f.make_user("startup", email="duyen@example.vn")
        db.session.commit()
        page.goto(f"{live_server}/login")
        page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
        page.wait_for_url(f"{live_server}/")
        assert page.get_by_role("button", name="Đăng xuất").is_visible()
        db.session.expire_all()
        assert db.session.scalar(select(ExternalIdentity.user_id)) == user.id
    finally:
        provider.close()


def test_coordinator_writes_to_their_club(app, live_server, page):
    club = f.make_org("CLB Khởi nghiệp Thử Gửi thư", kind="club")
    coordinator = f.make_user("coordinator", manages=[club])
    member = f.make_user("startup", person=f.make_person("Lê Thị Thành Viên"), locale="en")
    db.session.add(Relationship(kind="club_member", source_person_id=member.person_id, target_org_id=club.id))
    db.session.commit()
    sign_in(page, live_server, coordinator.email)
    page.goto(f"{live_server}/broadcasts/")
    page.get_by_label("Tên nhóm nhận").fill("Thành viên CLB")
    page.get_by_label("Gửi tới").select_option(label=club.name)
    page.get_by_role("button", name="Lưu nhóm nhận").click()
    assert "Đã lưu nhóm nhận." in page.content()
    page.get_by_label("Tiêu đề", exact=True).fill("Họp CLB thứ Bảy")
    page.get_by_label("Nội dung", exact=True).fill("Mời các bạn họp lúc 8 giờ.")
    page.get_by_label("Tiêu đề (tiếng Anh, không bắt buộc)").fill("Club meeting on Saturday")
    page.get_by_label("Địa chỉ nhận thư trả lời").fill("clb@example.vn")
    page.get_by_role("button", name="Xem trước").click()
    assert "Lê Thị Thành Viên (en)" in page.inner_text("#recipients")
    assert "Club meeting on Saturday" in page.content()
    page.get_by_role("button", name="Gửi", exact=True).click()
    assert "Đã xếp thư vào hộp thư đi." in page.content()
    assert "outbox" in page.inner_text("#delivery")
    mail = _latest_mail(member.email)
    assert mail.subject == "Club meeting on Saturday" and mail.headers["Reply-To"] == "clb@example.vn"
