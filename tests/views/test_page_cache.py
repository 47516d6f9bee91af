"""Anonymous visitors' public lists are sent again as rendered for PAGE_CACHE_SECONDS; a signed-in
person, a cookie, a conditional request or another language always gets its own answer, and a
write in this worker is seen at once."""
import pytest

from ecosystem.extensions import db
from ecosystem.services.platform import process_cache
from tests import factories as f

pytestmark = [pytest.mark.app_config(PAGE_CACHE_SECONDS=30), pytest.mark.usefixtures("empty_process_cache")]



def _fresh_client(app):
    return app.test_client(use_cookies=False)


def test_an_anonymous_list_is_sent_again_as_rendered(app):
    f.make_org("Công ty Một")
    db.session.commit()
    first = _fresh_client(app).get("/orgs/")
    again = _fresh_client(app).get("/orgs/")
    assert first.headers.get("X-Page-Cache") is None and again.headers["X-Page-Cache"] == "hit"
    assert again.get_data() == first.get_data()
    assert again.headers["Content-Security-Policy"] and again.headers["X-Request-ID"] != first.headers["X-Request-ID"]


def test_a_write_in_this_worker_is_seen_at_once(app):
    f.make_org("Công ty Một")
    db.session.commit()
    _fresh_client(app).get("/orgs/")
    f.make_org("Công ty Hai Mới")
    db.session.commit()
    page = _fresh_client(app).get("/orgs/")
    assert page.headers.get("X-Page-Cache") is None and "Công ty Hai Mới" in page.get_data(as_text=True)


def test_a_signed_in_person_never_gets_the_kept_page(app, client, login_as):
    f.make_org("Công ty Một")
    db.session.commit()
    _fresh_client(app).get("/orgs/")
    assert _fresh_client(app).get("/orgs/").headers["X-Page-Cache"] == "hit"
    user = f.make_user("officer")
    db.session.commit()
    login_as(user)
    mine = client.get("/orgs/")
    assert mine.headers.get("X-Page-Cache") is None
    assert user.email in mine.get_data(as_text=True) or "/logout" in mine.get_data(as_text=True)


def test_language_cookie_and_accept_language_are_their_own_answers(app):
    f.make_org("Công ty Một")
    db.session.commit()
    anonymous = _fresh_client(app)
    anonymous.get("/api/v1/organisations")
    english = anonymous.get("/api/v1/organisations", headers={"Accept-Language": "en"})
    assert english.headers.get("X-Page-Cache") is None
    assert anonymous.get("/api/v1/organisations", headers={"Accept-Language": "en"}).headers["X-Page-Cache"] == "hit"
    with_cookie = app.test_client()
    with_cookie.set_cookie("lang", "en")
    assert with_cookie.get("/orgs/").headers.get("X-Page-Cache") is None
    assert with_cookie.get("/orgs/").headers.get("X-Page-Cache") is None  # a visitor with a cookie: never kept


def test_conditional_requests_and_other_pages_are_built(app):
    f.make_org("Công ty Một")
    db.session.commit()
    anonymous = _fresh_client(app)
    etag = anonymous.get("/api/v1/organisations").headers["ETag"]
    assert anonymous.get("/api/v1/organisations", headers={"If-None-Match": etag}).status_code == 304
    anonymous.get("/login")
    assert anonymous.get("/login").headers.get("X-Page-Cache") is None  # not a public list


@pytest.mark.app_config(PAGE_CACHE_SECONDS=0)
def test_off_when_the_lifetime_is_zero(app):
    anonymous = _fresh_client(app)
    anonymous.get("/orgs/")
    assert anonymous.get("/orgs/").headers.get("X-Page-Cache") is None


def test_a_crawler_cannot_grow_it_without_end(app, monkeypatch):
    from ecosystem.views import page_cache
    monkeypatch.setattr(page_cache, "MOST_PAGES", 3)
    anonymous = _fresh_client(app)
    for number in range(1, 8):
        anonymous.get(f"/orgs/?page={number}")
    kept = [key for key in process_cache._entries if key[0] == page_cache.NAME]
    assert 1 <= len(kept) <= 3
    assert anonymous.get("/orgs/?page=7").headers["X-Page-Cache"] == "hit"  # the newest is kept
