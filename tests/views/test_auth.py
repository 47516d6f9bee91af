"""Accounts: sign-up, sign-in throttling, server-side revocation, password reset and change."""
import re

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import OutboxMessage, User
from tests import factories as f
from tests.conftest import login


def test_register_creates_account_person_and_session(client):
    response = client.post("/register", data={
        "full_name": "Phạm Thị Khởi Nghiệp", "email": "Founder@Example.vn",
        "account_type": "startup", "password": "mat-khau-dai-1", "confirm": "mat-khau-dai-1",
        "accept": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/welcome")
    user = db.session.scalar(select(User).where(User.email == "founder@example.vn"))
    assert user.role_codes == {"startup"} and user.person.full_name == "Phạm Thị Khởi Nghiệp"
    assert client.get("/welcome").status_code == 200


def test_register_refuses_short_password_and_taken_email(client):
    f.make_user(email="taken@example.vn")
    db.session.commit()
    base = {"full_name": "A", "account_type": "startup", "accept": "y"}
    short = client.post("/register", data={**base, "email": "new@example.vn", "password": "ngan",
                                           "confirm": "ngan"})
    assert "Mật khẩu cần ít nhất 10 ký tự." in short.get_data(as_text=True)
    taken = client.post("/register", data={**base, "email": "taken@example.vn",
                                           "password": "mat-khau-dai-1", "confirm": "mat-khau-dai-1"})
    assert "E-mail này đã có tài khoản" in taken.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "new@example.vn")) is None


def test_wrong_password_is_refused_with_a_message(client):
    user = f.make_user()
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": "sai-mat-khau"},
                           follow_redirects=True)
    assert "E-mail hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def test_login_is_throttled_per_account(client):
    user = f.make_user()
    db.session.commit()
    for _ in range(5):
        login(client, user.email, "wrong-password")
    response = login(client, user.email)  # the right password, but too late
    assert response.status_code == 200
    assert "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút." in response.get_data(as_text=True)


def test_login_is_throttled_per_address(app):
    users = [f.make_user() for _ in range(21)]
    db.session.commit()
    client = app.test_client()
    for user in users[:20]:
        login(client, user.email, "wrong-password")
    response = login(client, users[20].email)
    assert "Đăng nhập sai quá nhiều lần" in response.get_data(as_text=True)


def test_logout_revokes_the_session_on_the_server(app):
    user = f.make_user()
    db.session.commit()
    browser = app.test_client()
    login(browser, user.email)
    stolen = app.test_client()
    stolen.set_cookie("session", browser.get_cookie("session").value)
    assert stolen.get("/me/notifications").status_code == 200
    browser.post("/logout")
    assert stolen.get("/me/notifications").status_code == 302  # the copied cookie is dead too


def test_password_change_ends_other_sessions(app):
    user = f.make_user()
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    login(first, user.email)
    login(second, user.email)
    response = first.post("/password/change", data={
        "current": "password-123", "password": "mat-khau-moi-1", "confirm": "mat-khau-moi-1"})
    assert response.status_code == 302
    assert first.get("/me/notifications").status_code == 200
    assert second.get("/me/notifications").status_code == 302
    assert login(app.test_client(), user.email, "mat-khau-moi-1").status_code == 302


def test_password_reset_token_works_once(app, client):
    user = f.make_user()
    db.session.commit()
    client.post("/password/forgot", data={"email": user.email})
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == user.email))
    link = re.search(r"http://\S+/password/reset/\S+", mail.body).group(0)
    path = link[link.index("/password"):]
    data = {"password": "mat-khau-moi-2", "confirm": "mat-khau-moi-2"}
    assert client.post(path, data=data).status_code == 302
    again = client.post(path, data=data, follow_redirects=True)
    assert "không hợp lệ hoặc đã hết hạn" in again.get_data(as_text=True)
    assert login(app.test_client(), user.email, "mat-khau-moi-2").status_code == 302


def test_forgot_password_answers_the_same_for_unknown_address(client):
    response = client.post("/password/forgot", data={"email": "nobody@example.vn"},
                           follow_redirects=True)
    assert "Nếu e-mail này có tài khoản" in response.get_data(as_text=True)
    assert db.session.scalar(select(OutboxMessage)) is None


def test_next_redirect_is_only_local(client):
    user = f.make_user()
    db.session.commit()
    response = client.post("/login?next=https://evil.example/x",
                           data={"email": user.email, "password": "password-123"})
    assert response.headers["Location"] == "/"


def test_passwords_are_argon2id(app):
    from ecosystem.services.accounts.credentials import hash_password
    assert hash_password("mat-khau-dai-1").startswith("$argon2id$")


def test_csrf_is_required_on_forms(app):
    app.config["WTF_CSRF_ENABLED"] = True
    user = f.make_user()
    db.session.commit()
    response = app.test_client().post("/login", data={"email": user.email,
                                                      "password": "password-123"})
    assert response.status_code == 400
    assert "Hãy tải lại trang và thử lại" in response.get_data(as_text=True)
