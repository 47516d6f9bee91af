"""Browser policies on every response (Flask-Talisman): a strict CSP, nosniff, referrer and
permissions policies, no framing, HSTS only in production; uploaded files stay sandboxed."""
import re
from pathlib import Path

import pytest
from flask import current_app

from ecosystem import create_app
from ecosystem.extensions import db
from ecosystem.models.support import UploadedFile
from ecosystem.services.platform import uploads
from tests import factories as f
from tests.conftest import _config_dict
from tests.event_factories import make_event
from tests.services.platform.test_uploads import PDF_MIN, PNG_1x1

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def csp(response) -> dict:
    """The Content-Security-Policy as {directive: value}."""
    parts = (p.strip().split(" ", 1) for p in response.headers["Content-Security-Policy"].split(";"))
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts if p[0]}


@pytest.mark.parametrize("url", ["/", "/orgs/", "/no-such-page", "/api/v1/organisations",
                                 "/static/css/app.css", "/lang/en"])
def test_every_kind_of_response_carries_the_policies(client, url):
    response = client.get(url)
    policy = csp(response)
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"  # no 'unsafe-inline': bars are SVG, not style attributes
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    permissions = response.headers["Permissions-Policy"]
    assert "camera=()" in permissions and "microphone=()" in permissions and "geolocation=()" in permissions
    assert "Strict-Transport-Security" not in response.headers


def test_only_the_check_in_desk_may_use_the_camera(client, login_as):
    event = make_event()
    login_as(f.make_user("officer"))
    desk = client.get(f"/events/{event.id}/checkin")
    assert desk.status_code == 200 and "camera=(self)" in desk.headers["Permissions-Policy"]
    assert "microphone=()" in desk.headers["Permissions-Policy"]
    assert "camera=()" in client.get(f"/events/{event.id}").headers["Permissions-Policy"]


def test_production_adds_hsts_and_secure_cookies(database_url, _schema):
    app = create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": database_url, "UPLOAD_ROOT": _schema,
                      "ENV_NAME": "production", "SECRET_KEY": "a-real-secret"})
    with app.app_context():
        client = app.test_client()
        response = client.get("/healthz", base_url="https://crm.example.vn")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31556926")
        assert app.config["SESSION_COOKIE_SECURE"] is True
        db.session.remove()


def test_development_cookies_stay_usable_over_plain_http(client):
    f.make_user(email="dev@example.vn")
    db.session.commit()
    response = client.post("/login", data={"email": "dev@example.vn", "password": f.PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" not in cookie


def test_no_template_holds_inline_script_handlers_or_style_attributes():
    """What the CSP would block in the browser, found before a browser runs."""
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"\sstyle\s*=", r"<style\b",
                        r"javascript:"):
            found += [f"{path.relative_to(TEMPLATES)}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert found == []


def _stored(data: bytes, name: str, org) -> UploadedFile:
    info = uploads.inspect_upload(data, name, 10_000_000)
    uploads.write_upload(current_app.config["UPLOAD_ROOT"], info, data)
    row = UploadedFile(storage_name=info.storage_name, original_name=info.original_name, mime=info.mime,
                       size=info.size, sha256=info.sha256, purpose="pitch_deck", organisation_id=org.id)
    db.session.add(row)
    db.session.flush()
    return row


def test_uploaded_files_are_sandboxed_and_only_images_open_inline(client, login_as):
    org = f.make_org("Startup Tệp")
    pdf, png = _stored(PDF_MIN, "deck.pdf", org), _stored(PNG_1x1, "logo.png", org)
    login_as(f.make_user("officer"))
    for row, disposition in ((pdf, "attachment"), (png, "inline")):
        response = client.get(f"/files/{row.id}")
        assert response.status_code == 200
        assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith(disposition)
        assert response.headers["Cache-Control"] == "private, no-store"


def test_the_fund_voucher_is_served_the_same_way(app):
    from tests.views.test_access_matrix import build_world
    from tests.conftest import login
    world = build_world()
    client = app.test_client()
    login(client, world["users"]["startup"].email)
    response = client.get(f"/funds/{world['fund_a_id']}/entries/{world['fund_usage_id']}/attachment")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_a_stored_file_name_cannot_break_the_download_header(client, login_as):
    org = f.make_org("Startup Tên Tệp")
    row = _stored(PDF_MIN, "deck.pdf", org)
    row.original_name = 'hồ sơ";\r\nX-INJECT: 1\u202egpj.exe'
    login_as(f.make_user("officer"))
    response = client.get(f"/files/{row.id}")
    assert response.status_code == 200 and "X-INJECT" not in response.headers
    assert "\n" not in response.headers["Content-Disposition"]
