"""The JSON API: tokens act as their owner within their scopes, the conventions (problem+json,
Link pages, ETags, Idempotency-Key, Accept-Language) and the rules shared with the pages."""
import json
from datetime import timedelta

import pytest

from ecosystem.clock import utcnow
from ecosystem.extensions import db
from ecosystem.models import ApiToken, SupportComment
from ecosystem.services.api.tokens import create_token, digest
from tests import factories as f
from tests.event_factories import make_event, make_registration


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def token_for(user, scopes=("read", "write"), days=30) -> str:
    _token, raw = create_token(user, "Thử", list(scopes), days)
    db.session.commit()
    return raw


def test_spec_is_valid_openapi_31(client):
    from openapi_spec_validator import validate
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    validate(spec)
    assert "/api/v1/support-requests" in spec["paths"]


def test_docs_page_lists_paths_without_script(client):
    page = client.get("/api/docs").get_data(as_text=True)
    assert "/api/v1/organisations" in page and "OrgOut" in page
    assert "<script" not in page.split("</header>")[-1]


def test_token_page_shows_secret_once_and_stores_hash(app, login_as):
    user = f.make_user("startup")
    db.session.commit()
    client = login_as(user)
    page = client.post("/account/tokens/", data={"name": "CRM", "scopes": ["read"], "days": "10"})
    html = page.get_data(as_text=True)
    start = html.index("ecot_")
    raw = html[start:html.index("<", start)]
    token = db.session.scalar(db.select(ApiToken))
    assert token.token_hash == digest(raw) and raw not in (token.scopes + token.prefix + token.name)
    assert raw not in client.get("/account/tokens/").get_data(as_text=True)
    assert client.get("/api/v1/registrations", headers=bearer(raw)).status_code == 200
    client.post(f"/account/tokens/{token.id}/revoke")
    answer = app.test_client().get("/api/v1/registrations", headers=bearer(raw))
    assert answer.status_code == 401
    assert answer.mimetype == "application/problem+json" and answer.get_json()["code"] == "invalid_token"


def test_expired_and_unknown_tokens_are_refused(app):
    user = f.make_user("startup")
    raw = token_for(user)
    db.session.scalar(db.select(ApiToken)).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    client = app.test_client()
    assert client.get("/api/v1/registrations", headers=bearer(raw)).status_code == 401
    assert client.get("/api/v1/registrations", headers=bearer("ecot_nope")).status_code == 401
    assert client.get("/api/v1/registrations").status_code == 401


def test_token_never_grants_more_than_its_owner(app):
    """A startup member's token cannot read the DOST's list, however it is scoped."""
    raw = token_for(f.make_user("startup"))
    answer = app.test_client().get("/api/v1/support-requests?scope=office", headers=bearer(raw))
    assert answer.status_code == 403 and answer.get_json()["code"] == "forbidden"
    staff = token_for(f.make_user("officer"))
    assert app.test_client().get("/api/v1/support-requests?scope=office", headers=bearer(staff)).status_code == 200


def test_read_scope_cannot_write_and_capability_scopes_narrow(app):
    org = f.make_org("Startup Quyền")
    user = f.make_user("startup", manages=[org])
    read_only = token_for(user, ["read"])
    client = app.test_client()
    body = {"organisation": org.slug, "type_code": "mentoring", "title": "Cần cố vấn"}
    refused = client.post("/api/v1/support-requests", json=body, headers=bearer(read_only))
    assert refused.status_code == 403 and refused.get_json()["code"] == "insufficient_scope"
    events_only = token_for(user, ["read:events"])
    assert client.get("/api/v1/registrations", headers=bearer(events_only)).status_code == 200
    assert client.get("/api/v1/support-requests", headers=bearer(events_only)).status_code == 403
    # open data needs no scope at all
    assert client.get("/api/v1/open-data/events", headers=bearer(events_only)).status_code == 200


def test_support_request_and_thread_through_the_api(app):
    org = f.make_org("Startup Hỏi")
    member = f.make_user("startup", manages=[org])
    officer = f.make_user("officer")
    client = app.test_client()
    mine, staff = token_for(member), token_for(officer)
    body = {"organisation": org.slug, "type_code": "mentoring", "title": "Cần cố vấn", "submit": True}
    made = client.post("/api/v1/support-requests", json=body, headers={**bearer(mine), "Idempotency-Key": "k1"})
    assert made.status_code == 201, made.get_json()
    again = client.post("/api/v1/support-requests", json=body, headers={**bearer(mine), "Idempotency-Key": "k1"})
    assert again.get_json()["id"] == made.get_json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    req_id = made.get_json()["id"]
    assert made.get_json()["state"] == "submitted"
    note = client.post(f"/api/v1/support-requests/{req_id}/comments", json={"body": "Nội bộ", "internal": True},
                       headers=bearer(staff))
    assert note.status_code == 201
    client.post(f"/api/v1/support-requests/{req_id}/comments", json={"body": "Chào Sở"}, headers=bearer(mine))
    seen = client.get(f"/api/v1/support-requests/{req_id}/comments", headers=bearer(mine)).get_json()
    assert [c["body"] for c in seen] == ["Chào Sở"]
    assert len(client.get(f"/api/v1/support-requests/{req_id}/comments", headers=bearer(staff)).get_json()) == 2
    refused = client.post(f"/api/v1/support-requests/{req_id}/comments", json={"body": "x", "internal": True},
                          headers=bearer(mine))
    assert refused.status_code == 422 and refused.get_json()["code"] == "support.comment.internal_forbidden"
    assert db.session.scalar(db.select(db.func.count(SupportComment.id))) == 2
    moved = client.post(f"/api/v1/support-requests/{req_id}/actions", json={"action": "triage"}, headers=bearer(staff))
    assert moved.status_code == 200 and moved.get_json()["state"] == "triaged"


def test_other_startups_request_is_hidden(app):
    org, other = f.make_org("Startup Một"), f.make_org("Startup Hai")
    member = f.make_user("startup", manages=[org])
    stranger = f.make_user("startup", manages=[other])
    client = app.test_client()
    body = {"organisation": org.slug, "type_code": "mentoring", "title": "Riêng"}
    req_id = client.post("/api/v1/support-requests", json=body, headers=bearer(token_for(member))).get_json()["id"]
    assert client.get(f"/api/v1/support-requests/{req_id}", headers=bearer(token_for(stranger))).status_code in (403, 404)
    refused = client.post("/api/v1/support-requests", json=body, headers=bearer(token_for(stranger)))
    assert refused.status_code == 403


def test_registration_waiting_list_and_promotion(app):
    club = f.make_org("CLB Thử", kind="club")
    event = make_event(club, capacity=1, title="Hội thảo một chỗ")
    first, second = f.make_user("startup"), f.make_user("startup")
    db.session.commit()
    client = app.test_client()
    a = client.post(f"/api/v1/events/{event.id}/registrations", json={}, headers=bearer(token_for(first)))
    b = client.post(f"/api/v1/events/{event.id}/registrations", json={}, headers=bearer(token_for(second)))
    assert (a.status_code, a.get_json()["status"]) == (201, "confirmed")
    assert b.get_json()["status"] == "waiting" and b.get_json()["waiting_position"] == 1
    cancelled = client.post(f"/api/v1/registrations/{a.get_json()['id']}/cancel", headers=bearer(token_for(first)))
    assert cancelled.get_json()["status"] == "cancelled"
    promoted = client.get(f"/api/v1/registrations/{b.get_json()['id']}", headers=bearer(token_for(second)))
    assert promoted.get_json()["status"] == "confirmed"


def test_pagination_link_headers_and_etag(client):
    for n in range(5):
        f.make_org(f"Startup Trang {n}")
    db.session.commit()
    first = client.get("/api/v1/organisations?per_page=2&kind=startup")
    body = first.get_json()
    assert body["total"] == 5 and body["pages"] == 3 and len(body["items"]) == 2
    assert 'rel="next"' in first.headers["Link"] and "page=2" in first.headers["Link"]
    assert first.headers["X-Total-Count"] == "5"
    etag = first.headers["ETag"]
    again = client.get("/api/v1/organisations?per_page=2&kind=startup", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_problem_details_for_bad_input_and_missing(client):
    bad = client.get("/api/v1/organisations?per_page=1000")
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert bad.get_json()["code"] == "invalid" and "per_page" in json.dumps(bad.get_json()["errors"])
    missing = client.get("/api/v1/organisations/khong-co")
    assert missing.status_code == 404 and missing.get_json()["code"] == "not_found"


def test_labels_follow_accept_language(client):
    f.make_org("Startup Nhãn")
    db.session.commit()
    vi = client.get("/api/v1/organisations", headers={"Accept-Language": "vi"}).get_json()["items"][0]
    en = client.get("/api/v1/organisations", headers={"Accept-Language": "en"}).get_json()["items"][0]
    assert en["status_label"] != vi["status_label"]


def test_open_data_csv_has_licence_line(client):
    club = f.make_org("CLB Mở", kind="club")
    make_event(club, title="Sự kiện công khai")
    db.session.commit()
    for url in ("/api/v1/open-data/events.csv", "/api/v1/open-data/events?format=csv",
                "/api/v1/open-data/certificates.csv", "/api/v1/open-data/dashboard.csv"):
        answer = client.get(url)
        assert answer.status_code == 200 and answer.mimetype == "text/csv", url
        assert answer.get_data(as_text=True).lstrip("\ufeff").startswith("# ")
    assert "Sự kiện công khai" in client.get("/api/v1/open-data/events.csv").get_data(as_text=True)
    assert client.get("/api/v1/open-data/events").get_json()["licence"]


def test_contact_details_follow_the_contacts_rule_and_are_logged(app):
    person = f.make_person("Người Công Khai")
    person.email, person.contact_visibility = "cong.khai@example.vn", "members"
    db.session.commit()
    anon = app.test_client().get(f"/api/v1/people/{person.id}").get_json()
    assert "email" not in anon or anon["email"] is None


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_rate_limit_counts_per_token(app):
    from ecosystem.services.platform.settings import set_setting
    set_setting("api.rate_token", "2 per minute", None)
    db.session.commit()
    raw = token_for(f.make_user("startup"))
    client = app.test_client()
    codes = [client.get("/api/v1/registrations", headers=bearer(raw)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    other = token_for(f.make_user("startup"))
    assert client.get("/api/v1/registrations", headers=bearer(other)).status_code == 200


def test_cookie_writes_need_csrf(app):
    """In the browser, an API write with the session cookie but no CSRF token is refused."""
    from tests.conftest import login
    app.config["WTF_CSRF_ENABLED"] = True
    user = f.make_user("startup")
    db.session.commit()
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    login(client, user.email)
    app.config["WTF_CSRF_ENABLED"] = True
    refused = client.post("/api/v1/organisations", json={"kind": "startup", "name": "Không CSRF"})
    assert refused.status_code == 400
    raw = token_for(user)
    made = client.post("/api/v1/organisations", json={"kind": "startup", "name": "Có mã"}, headers=bearer(raw))
    assert made.status_code == 201


def test_office_hours_booking_once_only(app):
    from tests.event_factories import make_slot, soon
    mentor = f.make_person("Cố Vấn Giờ", mentor_capacity=2)
    slot = make_slot(mentor, starts_at=soon(5))
    one, two = f.make_org("Startup Giờ Một"), f.make_org("Startup Giờ Hai")
    first, second = f.make_user("startup", manages=[one]), f.make_user("startup", manages=[two])
    db.session.commit()
    client = app.test_client()
    booked = client.post(f"/api/v1/office-hours/{slot.id}/booking", json={"startup_id": one.id},
                         headers=bearer(token_for(first)))
    assert booked.status_code == 201 and booked.get_json()["booked"] is True
    again = client.post(f"/api/v1/office-hours/{slot.id}/booking", json={"startup_id": two.id},
                        headers=bearer(token_for(second)))
    assert again.status_code in (403, 422)
    foreign = client.post(f"/api/v1/office-hours/{slot.id}/booking", json={"startup_id": one.id},
                          headers=bearer(token_for(second)))
    assert foreign.status_code in (403, 422)


def test_a_judge_scores_only_their_own_sheet(app):
    from ecosystem.clock import local_today
    from ecosystem.services.awards import judging
    from tests import award_world
    world = award_world.build(local_today())
    mine = judging.round_assignments(world["round"])[0]
    judge = next(u for p, u in world["judges"] if p.id == mine.judge_person_id)
    other = next(a for a in judging.round_assignments(world["round"]) if a.judge_person_id != mine.judge_person_id)
    client, raw = app.test_client(), token_for(judge)
    listed = client.get("/api/v1/awards/assignments", headers=bearer(raw)).get_json()
    assert mine.id in {a["id"] for a in listed} and other.id not in {a["id"] for a in listed}
    assert client.get(f"/api/v1/awards/assignments/{other.id}", headers=bearer(raw)).status_code in (403, 404)
    saved = client.post(f"/api/v1/awards/assignments/{mine.id}/sheet", json={"scores": {"novelty": "12"}},
                        headers=bearer(raw))
    assert saved.status_code == 200 and saved.get_json()["state"] == "draft"
    bad = client.post(f"/api/v1/awards/assignments/{mine.id}/sheet", json={"scores": {"novelty": "26"}, "submit": True},
                      headers=bearer(raw))
    assert bad.status_code == 422 and bad.get_json()["code"] == "bad_sheet"
