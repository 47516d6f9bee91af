"""Preferences, one-click unsubscribe, digest, calendar feed, Zalo (fake server), broadcasts, OIDC (fake provider)."""
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, ExternalIdentity, Notification, OutboxMessage, Relationship
from ecosystem.services.outreach import broadcasts, calendar_feed
from ecosystem.services.outreach.digest import send_digests
from ecosystem.services.outreach.preferences import save_preference
from ecosystem.services.outreach.unsubscribe import make_token
from ecosystem.services.platform.notifications import notify
from ecosystem.services.privacy.consents import record_consent
from ecosystem.models import ReachProfile
from tests import factories as f
from tests.fake_servers import FakeOidc, FakeServer


def _tell(user, kind="events.reminder"):
    return notify([user], kind, lambda: ("Nhắc lịch", "Sự kiện ngày mai"), link="/events/1")


def _mails(to):
    return db.session.query(OutboxMessage).filter_by(to=to).all()


def test_every_email_carries_a_one_click_unsubscribe(app):
    user = f.make_user("startup")
    _tell(user)
    (mail,) = _mails(user.email)
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.headers["List-Unsubscribe"].startswith("<http") and "/unsubscribe/" in mail.headers["List-Unsubscribe"]
    assert "/unsubscribe/" in mail.body


def test_preferences_route_notifications(app):
    user = f.make_user("startup")
    save_preference(user.id, "events", email=False)
    _tell(user)
    assert _mails(user.email) == [] and db.session.query(Notification).filter_by(user_id=user.id).count() == 1
    save_preference(user.id, "events", in_app=False, email=True)
    assert _tell(user) == [] and len(_mails(user.email)) == 1
    save_preference(user.id, "events", digest=True)
    (note,) = _tell(user)
    assert note.read_at is not None and note.digest_pending and len(_mails(user.email)) == 1


def test_security_messages_cannot_be_switched_off(app):
    user = f.make_user("startup")
    for category in ("events", "support"):
        save_preference(user.id, category, email=False, in_app=False)
    notify([user], "account.welcome", lambda: ("Chào", "Chào mừng"))
    (mail,) = _mails(user.email)
    assert "List-Unsubscribe" not in (mail.headers or {}) and "bắt buộc" in mail.body


def test_one_click_post_unsubscribes_without_signing_in(app, client):
    user = f.make_user("startup")
    db.session.commit()
    token = make_token(user.id, "events")
    assert "Huỷ đăng ký" in client.get(f"/unsubscribe/{token}").get_data(as_text=True)
    assert client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}).status_code == 200
    _tell(user)
    assert _mails(user.email) == []
    assert db.session.query(AuditEntry).filter_by(action="outreach.unsubscribe").count() == 1
    assert client.post(f"/unsubscribe/{token[:-2]}xx", data={"List-Unsubscribe": "One-Click"}).status_code == 404


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_browser_form_still_needs_its_csrf_token(app, client):
    user = f.make_user("startup")
    db.session.commit()
    token = make_token(user.id, "events")
    assert client.post(f"/unsubscribe/{token}", data={}).status_code == 400
    assert client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}).status_code == 200


def test_daily_digest_gathers_the_days_notifications(app):
    user = f.make_user("startup")
    save_preference(user.id, "events", digest=True)
    _tell(user)
    _tell(user, "events.feedback")
    assert _mails(user.email) == []
    assert send_digests() == 1
    (mail,) = _mails(user.email)
    assert "(2)" in mail.subject and "Nhắc lịch" in mail.body
    assert send_digests() == 0


def test_personal_calendar_feed_is_secret_and_revocable(app, client):
    from ecosystem.services.events import office_hours
    from ecosystem.services.events import registration as reg
    from tests.event_factories import make_event, make_slot
    startup = f.make_org("Startup Lịch")
    user = f.make_user("startup", manages=[startup])
    reg.register(make_event(title="Ngày hội Khởi nghiệp"), user)
    office_hours.book_slot(make_slot(f.make_person("Cố Vấn Lịch", mentor_capacity=1)), startup, user, "Gọi vốn")
    token = calendar_feed.regenerate(user)
    db.session.commit()
    response = client.get(f"/calendar/{token}.ics")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert text.startswith("BEGIN:VCALENDAR") and "SUMMARY:Ngày hội Khởi nghiệp" in text
    assert "SUMMARY:Giờ cố vấn" in text
    calendar_feed.revoke(user)
    db.session.commit()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def _ics(mail):
    return [a for a in mail.attachments or [] if a["mime"] == "text/calendar"]


def test_confirmation_and_booking_emails_carry_the_ics(app):
    from ecosystem.services.events import office_hours
    from ecosystem.services.events import registration as reg
    from tests.event_factories import make_event, make_slot
    startup = f.make_org("Startup Ics")
    founder = f.make_user("startup", manages=[startup])
    reg.register(make_event(), founder)
    assert _ics(_mails(founder.email)[0])
    mentor = f.make_person("Cố Vấn Ics", mentor_capacity=1)
    mentor_user = f.make_user("mentor", person=mentor)
    office_hours.book_slot(make_slot(mentor), startup, founder, "Định giá")
    assert _ics(_mails(mentor_user.email)[0])


@pytest.fixture
def zalo(app):
    answers = {"error": 0, "message": "Success"}
    server = FakeServer(lambda method, path, query, body: (200, answers, {}))
    app.config.update(ZALO_ZNS_URL=server.url + "/message/template", ZALO_ACCESS_TOKEN="tok")
    yield server, answers
    server.close()


def _zalo_user():
    user = f.make_user("startup")
    consent = record_consent(user, "zalo", "preferences")
    db.session.add(ReachProfile(user_id=user.id, zalo_phone="+84912345678", zalo_consent_id=consent.id))
    save_preference(user.id, "events", zalo=True, email=False)
    return user


def test_zalo_sends_a_template_message(zalo):
    server, _answers = zalo
    user = _zalo_user()
    _tell(user)
    (request,) = server.requests
    payload = json.loads(request[3])
    assert payload["phone"] == "84912345678" and payload["template_data"]["event_title"] == "Nhắc lịch"
    assert {k.lower(): v for k, v in request[2].items()}["access_token"] == "tok" and _mails(user.email) == []


def test_zalo_failure_falls_back_to_email(zalo):
    _server, answers = zalo
    answers.update(error=-124, message="invalid token")
    user = _zalo_user()
    _tell(user)
    assert len(_mails(user.email)) == 1


def test_zalo_is_off_unless_configured(app):
    user = _zalo_user()
    _tell(user)
    assert len(_mails(user.email)) == 1


def test_a_coordinator_writes_to_their_club(app):
    club = f.make_org("CLB Thử", kind="club")
    other_club = f.make_org("CLB Khác", kind="club")
    coordinator = f.make_user("coordinator", manages=[club])
    members = [f.make_user("startup", person=f.make_person(), locale=loc) for loc in ("vi", "en")]
    for member in members:
        db.session.add(Relationship(kind="club_member", source_person_id=member.person_id, target_org_id=club.id))
    db.session.flush()
    audience = broadcasts.save_audience(coordinator, "Thành viên CLB", "club", club.id)
    with pytest.raises(Exception):
        broadcasts.save_audience(coordinator, "Không phải của tôi", "club", other_club.id)
    assert broadcasts.resolve(audience) == sorted(members, key=lambda u: u.id)
    draft = broadcasts.draft(coordinator, audience, "Họp CLB", "Thứ Bảy họp", "clb@example.vn",
                             "Club meeting", "Saturday meeting")
    sent = broadcasts.send(coordinator, draft)
    english = _mails(members[1].email)[0]
    assert english.subject == "Club meeting" and english.headers["Reply-To"] == "clb@example.vn"
    assert _mails(members[0].email)[0].subject == "Họp CLB"
    assert broadcasts.delivery_counts(sent.id) == {"outbox": 2}
    assert db.session.query(AuditEntry).filter_by(action="outreach.broadcast.send").count() == 1


def test_outbox_job_honours_the_rate_limit(app):
    from ecosystem.services.platform.mail_delivery import deliver_queued
    from ecosystem.services.platform.settings import set_setting
    import smtplib
    sent = []

    class FakeSmtp:
        def __init__(self, *a, **k):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

        def send_message(self, email):
            sent.append(email)

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_USE_TLS=False, MAIL_USERNAME=None)
    original = smtplib.SMTP
    smtplib.SMTP = FakeSmtp
    try:
        for n in range(5):
            _tell(f.make_user("startup"))
        set_setting("mail.rate_per_minute", 3, None)
        db.session.commit()
        assert deliver_queued() == 3
        assert sent[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    finally:
        smtplib.SMTP = original
        app.config["MAIL_SERVER"] = None


@pytest.fixture
def oidc(app):
    provider = FakeOidc(claims={"sub": "vneid-001", "email": "chi@example.vn", "email_verified": True})
    app.config["OIDC_PROVIDERS"] = provider.provider()
    app.config["PUBLIC_BASE_URL"] = "http://localhost"
    yield provider
    provider.close()


def _round_trip(client, start_url, method="get"):
    import requests
    response = getattr(client, method)(start_url)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    back = requests.get(response.headers["Location"], allow_redirects=False, timeout=5).headers["Location"]
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")


def test_sso_signs_in_an_account_with_the_verified_email(oidc, client):
    user = f.make_user("startup", email="chi@example.vn")
    db.session.commit()
    assert "VNeID" in client.get("/login").get_data(as_text=True)
    response = _round_trip(client, "/login/sso/generic")
    assert response.status_code == 302 and "/login" not in response.headers["Location"]
    assert client.get("/me/preferences").status_code == 200
    assert db.session.query(ExternalIdentity).filter_by(user_id=user.id, how="verified_email").count() == 1


def test_sso_never_links_unknown_or_staff_accounts(oidc, client):
    f.make_user("officer", email="chi@example.vn")
    db.session.commit()
    response = _round_trip(client, "/login/sso/generic")
    assert response.headers["Location"].endswith("/login")
    assert db.session.query(ExternalIdentity).count() == 0


def test_sso_links_after_confirmation_while_signed_in(oidc, client, login_as):
    officer = f.make_user("officer", email="other@example.vn")
    db.session.commit()
    login_as(officer)
    _round_trip(client, "/me/identities/generic/link", method="post")
    (identity,) = db.session.query(ExternalIdentity).all()
    assert identity.user_id == officer.id and identity.how == "confirmed"
    assert {r.role for r in officer.roles} == {"officer"}


def test_an_officer_writes_to_a_directory_filter_and_preferences_hold(app):
    officer = f.make_user("officer")
    mentors = [f.make_user("mentor"), f.make_user("mentor")]
    f.make_user("investor")
    save_preference(mentors[1].id, "broadcasts", email=False)
    audience = broadcasts.save_audience(officer, "Mọi cố vấn", "directory", None, {"role": "mentor"})
    assert broadcasts.resolve(audience) == mentors
    coordinator = f.make_user("coordinator", manages=[f.make_org("CLB X", kind="club")])
    assert audience not in broadcasts.audiences_for(coordinator)
    assert ("club", next(iter(coordinator.managed_org_ids))) in {c[:2] for c in broadcasts.audience_choices(officer)}
    sent = broadcasts.send(officer, broadcasts.draft(officer, audience, "Thư", "Nội dung", None))
    assert sent.recipient_count == 2 and broadcasts.delivery_counts(sent.id) == {"outbox": 1}
    assert db.session.query(Notification).filter_by(user_id=mentors[1].id, kind="broadcast.message").count() == 1
