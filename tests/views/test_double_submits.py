"""Create forms carry a one-time key: the page shows a new key each time, a repeated submission with
the same key answers with the first record (no duplicate); two officers creating the same
organisation at once both succeed under different slugs instead of a 500."""
import re
import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import (ClubMembershipRequest, Event, IdempotencyKey, Organisation, Person, Relationship,
                              TechDemand, User)
from ecosystem.models.support import SupportComment
from ecosystem.services.directory import records as directory
from ecosystem.services.platform.idempotency import create_once
from ecosystem.services.support import requests as support
from tests import factories as f
from tests.conftest import login
from tests.services.support.test_concurrency import _race
from tests.techmart_factories import sector


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def key_on(page: str) -> str:
    found = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page) or \
        re.search(r'type="hidden" name="idempotency_key" value="([^"]+)"', page) or \
        re.search(r'name="idempotency_key"[^>]*value="([^"]+)"', page)
    assert found, "the form has no one-time key"
    return found.group(1)


def twice(client, url: str, data: dict):
    """The page's key, then two submissions with it (a double click); both answers."""
    key = key_on(client.get(url).get_data(as_text=True))
    assert key != key_on(client.get(url).get_data(as_text=True))  # a new key each time the form is shown
    return [client.post(url, data={**data, "idempotency_key": key}) for _ in range(2)]


def test_organisation_person_and_relationship_forms(client, login_as):
    login_as(f.make_user("officer"))
    db.session.commit()
    first, second = twice(client, "/orgs/new", {"kind": "startup", "name": "Startup Bấm Hai Lần"})
    assert first.status_code == second.status_code == 302 and first.location == second.location
    assert count(Organisation) == 1
    first, second = twice(client, "/people/new", {"full_name": "Người Bấm Hai Lần", "contact_visibility": "private"})
    assert first.status_code == second.status_code == 302 and first.location == second.location
    assert count(Person) == 1
    person, org = db.session.scalar(select(Person)), db.session.scalar(select(Organisation))
    first, second = twice(client, "/relationships/new", {"kind": "founder", "source": f"p:{person.id}",
                                                          "target": f"o:{org.id}"})
    assert first.status_code == second.status_code == 302
    assert count(Relationship) == 1
    assert count(IdempotencyKey) == 3


def test_a_new_key_makes_a_new_record_and_a_foreign_key_is_not_answered(client, login_as, app):
    officer = f.make_user("officer")
    db.session.commit()
    login_as(officer)
    client.post("/orgs/new", data={"kind": "startup", "name": "Startup Một", "idempotency_key": "k" * 20})
    client.post("/orgs/new", data={"kind": "startup", "name": "Startup Hai", "idempotency_key": "j" * 20})
    assert count(Organisation) == 2
    other = app.test_client()
    login(other, f.make_user("officer").email)
    db.session.commit()
    other.post("/orgs/new", data={"kind": "startup", "name": "Startup Ba", "idempotency_key": "k" * 20})
    assert count(Organisation) == 3  # another user's key answers nothing of the first user's


def test_event_form(client, login_as):
    club = f.make_org("CLB Bấm Hai Lần", kind="club")
    login_as(f.make_user("coordinator", manages=[club]))
    db.session.commit()
    day = f"{datetime.now().year + 1}-03-10"
    first, second = twice(client, "/events/new", {
        "kind": "pitch", "title": "Đêm gọi vốn hai lần", "organiser_id": club.id, "starts_at": f"{day}T19:00",
        "ends_at": f"{day}T21:30", "venue": "Nhà Văn hoá", "capacity": "20", "audience": "public",
        "status": "published"})
    assert first.status_code == second.status_code == 302 and first.location == second.location
    assert count(Event) == 1


def test_support_comment_and_club_membership_forms(app):
    own = f.make_org("Công ty Bình Luận Hai Lần")
    member = f.make_user("startup", manages=[own])
    member.person = f.make_person("Thành Viên Bấm Hai Lần")
    club = f.make_org("CLB Nhận Thành Viên", kind="club")
    db.session.commit()
    req, _ = support.create_request(own, member, "mentoring", "Cần cố vấn", "Vòng seed", submit=True)
    db.session.commit()
    client = app.test_client()
    login(client, member.email)
    key = key_on(client.get(f"/support/{req.id}").get_data(as_text=True))
    for _ in range(2):
        assert client.post(f"/support/{req.id}/comment",
                           data={"body": "Xin chào", "idempotency_key": key}).status_code == 302
    assert count(SupportComment) == 1
    key = key_on(client.get(f"/clubs/{club.slug}").get_data(as_text=True))
    for _ in range(2):
        client.post(f"/clubs/{club.slug}/join", data={"applicant": "0", "message": "Cho tôi vào", "idempotency_key": key})
    assert count(ClubMembershipRequest) == 1


def test_techmart_demand_form(client, login_as):
    ent = f.make_org("Công ty Nhu Cầu Hai Lần", kind="enterprise")
    login_as(f.make_user("startup", manages=[ent]))
    sector_id = sector().id
    db.session.commit()
    first, second = twice(client, "/techmart/demands/new", {
        "organisation": ent.id, "title": "Giảm điện năng", "problem": "Động cơ tốn điện", "trl_wanted": 6,
        "budget_min_vnd": "200.000.000", "budget_max_vnd": "1.000.000.000", "sectors": [sector_id]})
    assert first.status_code == second.status_code == 302 and first.location == second.location
    assert count(TechDemand) == 1


def test_two_officers_creating_the_same_organisation_at_once_get_two_slugs(app, database_url):
    """Both see the slug free; the second insert meets the unique index and retries with a suffix."""
    officers = [f.make_user("officer"), f.make_user("officer")]
    db.session.commit()
    ids = [o.id for o in officers]
    db.session.remove()
    if database_url.startswith("postgresql"):
        original = directory.unique_slug
        gate = threading.Barrier(2)
        seen = []

        def both_see_it_free(name, exclude_id=None):
            """The first computation in each thread waits for the other: both see the slug free."""
            slug = original(name, exclude_id)
            if len(seen) < 2:
                seen.append(slug)
                gate.wait(timeout=10)
            return slug
        directory.unique_slug = both_see_it_free
    try:
        results = _race(app, lambda i: directory.save_organisation(
            {"kind": "startup", "name": "Startup Trùng Tên"}, db.session.get(User, ids[i])).slug)
    finally:
        if database_url.startswith("postgresql"):
            directory.unique_slug = original
    assert all(isinstance(r, str) for r in results), results
    assert len(set(results)) == 2 and "startup-trung-ten" in results
    assert count(Organisation) == 2


def test_the_same_key_submitted_twice_at_once_creates_one_record(app):
    officer = f.make_user("officer")
    db.session.commit()
    officer_id = officer.id
    db.session.remove()
    results = _race(app, lambda i: create_once(
        "organisation", "same-key-racing", officer_id, Organisation,
        lambda: directory.save_organisation({"kind": "startup", "name": f"Startup Đua {i}"},
                                            db.session.get(User, officer_id))).id)
    assert all(isinstance(r, int) for r in results), results
    assert results[0] == results[1] and count(Organisation) == 1 and count(IdempotencyKey) == 1


def test_startup_onboarding_form(client, login_as):
    login_as(f.make_user())
    db.session.commit()
    first, second = twice(client, "/startups/new", {"name": "Startup Tự Đăng Ký Hai Lần"})
    assert first.status_code == second.status_code == 302 and first.location == second.location
    assert count(Organisation) == 1
