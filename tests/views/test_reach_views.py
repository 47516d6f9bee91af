"""The reach pages: preferences say what cannot be switched off, Zalo needs a valid number and consent."""
from ecosystem.extensions import db
from ecosystem.models import Consent, ReachProfile
from tests import factories as f


def test_preferences_page_names_the_compulsory_messages(client, login_as):
    user = f.make_user("startup")
    db.session.commit()
    login_as(user)
    text = client.get("/me/preferences").get_data(as_text=True)
    assert "không thể tắt" in text and 'name="events-email"' in text


def test_zalo_number_needs_a_valid_phone_and_consent(client, login_as):
    user = f.make_user("startup")
    db.session.commit()
    login_as(user)
    assert "Số điện thoại Việt Nam" in client.post("/me/zalo", data={"phone": "12345", "consent": "y"}).get_data(as_text=True)
    assert "Cần có sự đồng ý" in client.post("/me/zalo", data={"phone": "0912 345 678"}).get_data(as_text=True)
    assert db.session.get(ReachProfile, user.id) is None
    client.post("/me/zalo", data={"phone": "0912 345 678", "consent": "y"})
    profile = db.session.get(ReachProfile, user.id)
    assert profile.zalo_phone == "+84912345678"
    assert db.session.get(Consent, profile.zalo_consent_id).purpose == "zalo"


def test_the_sign_in_page_shows_only_configured_providers(app, client):
    assert "Đăng nhập bằng" not in client.get("/login").get_data(as_text=True)
    app.config["OIDC_PROVIDERS"] = {"google": {"label": "Google", "client_id": "x",
                                               "server_metadata_url": "http://127.0.0.1:9/x"}}
    assert "Đăng nhập bằng Google" in client.get("/login").get_data(as_text=True)
