"""Accounts: sign-up, sign-in throttling, server-side revocation, password reset and change."""
import re

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import OutboxMessage, User
from tests import factories as f
from tests.conftest import login


SIGN_UP = {"full_name": "Phạm Thị Khởi Nghiệp", "account_type": "startup",
           "password": "mat-khau-dai-1", "confirm": "mat-khau-dai-1", "accept": "y"}


def test_register_creates_account_person_and_asks_to_sign_in(client):
    response = client.post("/register", data={**SIGN_UP, "email": "Founder@Example.vn"})
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/welcome"
    user = db.session.scalar(select(User).where(User.email == "founder@example.vn"))
    assert user.role_codes == {"startup"} and user.person.full_name == "Phạm Thị Khởi Nghiệp"
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == user.email))
    signed_in = client.post("/login?next=/welcome", data={"email": user.email,
                                                          "password": "mat-khau-dai-1"})
    assert signed_in.headers["Location"] == "/welcome"
    assert client.get("/welcome").status_code == 200


def test_register_refuses_a_short_password(client):
    short = client.post("/register", data={**SIGN_UP, "email": "new@example.vn",
                                           "password": "ngan", "confirm": "ngan"})
    assert "Mật khẩu cần ít nhất 10 ký tự." in short.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "new@example.vn")) is None


def test_register_does_not_tell_whether_an_address_has_an_account(app):
    """A taken address gets the very answer a new one gets; its owner is e-mailed instead."""
    owner = f.make_user(email="taken@example.vn")
    db.session.commit()
    answers = []
    for email in ("taken@example.vn", "fresh@example.vn"):
        client = app.test_client()
        response = client.post("/register", data={**SIGN_UP, "email": email})
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, response.headers["Location"],
                        page.replace(email, "EMAIL")))
    assert answers[0] == answers[1]
    assert db.session.scalar(select(User).where(User.email == "taken@example.vn")) == owner
    assert owner.role_codes == set()  # nothing about the existing account changed
    note = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == "taken@example.vn"))
    assert "Bạn đã có tài khoản" in note.body and "/password/forgot" in note.body


def test_wrong_password_is_refused_with_a_message(client):
    user = f.make_user()
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": "sai-mat-khau"},
                           follow_redirects=True)
    assert "E-mail hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def _from(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_failures_delay_that_client_but_not_the_owner_elsewhere(app):
    """Five failures from one client make it wait; the right password from another client works."""
    user = f.make_user()
    db.session.commit()
    guesser, owner = app.test_client(), app.test_client()
    for _ in range(5):
        guesser.post("/login", data={"email": user.email, "password": "wrong-password"},
                     **_from("203.0.113.7"))
    late = guesser.post("/login", data={"email": user.email, "password": "password-123"},
                        **_from("203.0.113.7"))
    assert late.status_code == 200
    assert "Vui lòng chờ" in late.get_data(as_text=True)
    elsewhere = owner.post("/login", data={"email": user.email, "password": "password-123"},
                           **_from("198.51.100.20"))
    assert elsewhere.status_code == 302


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
    link = re.search(r"http://127.0.0.1:5000/password/reset/\S+", mail.body).group(0)
    path = link[link.index("/password"):]
    data = {"password": "mat-khau-moi-2", "confirm": "mat-khau-moi-2"}
    assert client.post(path, data=data).status_code == 302
    again = client.post(path, data=data, follow_redirects=True)
    assert "không hợp lệ hoặc đã hết hạn" in again.get_data(as_text=True)
    assert login(app.test_client(), user.email, "mat-khau-moi-2").status_code == 302


def test_reset_link_ignores_a_forged_host_header(app, client):
    """The link is built on PUBLIC_BASE_URL, whatever Host the request claims."""
    user = f.make_user()
    db.session.commit()
    client.post("/password/forgot", data={"email": user.email},
                headers={"Host": "attacker.example", "X-Forwarded-Host": "attacker.example"})
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to == user.email))
    assert "attacker.example" not in mail.body
    assert re.search(r"http://127\.0\.0\.1:5000/password/reset/\S+", mail.body)


def test_a_new_reset_request_kills_the_previous_link(app, client):
    user = f.make_user()
    db.session.commit()
    links = []
    for _ in range(2):
        client.post("/password/forgot", data={"email": user.email})
        mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == user.email)
                                  .order_by(OutboxMessage.id.desc())).first()
        links.append(re.search(r"/password/reset/\S+", mail.body).group(0))
    data = {"password": "mat-khau-moi-2", "confirm": "mat-khau-moi-2"}
    old = client.post(links[0], data=data, follow_redirects=True)
    assert "không hợp lệ hoặc đã hết hạn" in old.get_data(as_text=True)
    assert client.post(links[1], data=data).status_code == 302


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
