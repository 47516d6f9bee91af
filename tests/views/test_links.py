"""Stored links accept only http(s) on every input path (forms, service, import), and a link stored
before this rule is shown as text, never as a live javascript: href."""
from datetime import datetime

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import Event, Notification, OfficeHourSlot, Organisation
from ecosystem.services.directory.records import DirectoryError, save_organisation
from ecosystem.services.imports.dry_run import validate_rows
from tests import factories as f
from tests.event_factories import make_event, make_slot, soon
from tests.hostile import markup_problems

UNSAFE = ("javascript:alert(4)", "JAVASCRIPT:alert(4)", "java\tscript:alert(4)",
          "data:text/html,<script>alert(4)</script>", "vbscript:msgbox(4)")
MESSAGE = "Chỉ nhận địa chỉ web bắt đầu bằng http:// hoặc https://"


@pytest.mark.parametrize("website", UNSAFE)
def test_the_organisation_form_refuses_a_script_link(client, login_as, website):
    login_as(f.make_user("officer"))
    response = client.post("/orgs/new", data={"name": "Công ty Liên Kết", "kind": "support_org",
                                              "website": website})
    assert response.status_code == 200 and MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Organisation.id))) == 0


def test_a_bare_domain_becomes_https_and_the_english_message_comes_from_the_catalogue(client, login_as):
    login_as(f.make_user("officer"))
    client.post("/orgs/new", data={"name": "Công ty Tên Miền", "kind": "support_org", "website": "congty.vn"})
    assert db.session.scalar(select(Organisation.website)) == "https://congty.vn"
    client.post("/lang/en")
    page = client.post("/orgs/new", data={"name": "B", "kind": "support_org",
                                          "website": "javascript:alert(4)"}).get_data(as_text=True)
    assert "Only addresses starting with http:// or https://" in page


def test_the_startup_basics_refuse_a_script_link(client, login_as):
    sector = f.make_sector()
    login_as(f.make_user("startup"))
    response = client.post("/startups/new", data={
        "name": "Công ty TNHH Thử Liên Kết", "sectors": [sector.id], "stage": "seed",
        "first_registered_on": "2024-03-15", "ward": "Phường Phú Lợi", "city": "TP. Hồ Chí Minh",
        "email": "a@b.vn", "website": "javascript:alert(4)"})
    assert response.status_code == 200 and MESSAGE in response.get_data(as_text=True)


def test_event_and_office_hour_links_refuse_scripts(client, login_as):
    club = f.make_org("CLB Liên Kết", kind="club")
    mentor = f.make_person("Cố Vấn Liên Kết", mentor_capacity=2)
    coordinator = f.make_user("coordinator", "mentor", manages=[club], person=mentor)
    db.session.commit()
    login_as(coordinator)
    day = f"{datetime.now().year + 1}-03-10"
    response = client.post("/events/new", data={
        "kind": "pitch", "title": "Gọi vốn trực tuyến", "organiser_id": club.id,
        "starts_at": f"{day}T19:00", "ends_at": f"{day}T21:00", "online_url": "javascript:alert(4)",
        "capacity": "20", "audience": "public", "status": "published"})
    assert response.status_code == 200 and MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Event.id))) == 0
    response = client.post("/office-hours/new", data={
        "starts_at": f"{day}T09:00", "minutes": "30", "count": "1", "online_url": "data:text/html,x"})
    assert MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(OfficeHourSlot.id))) == 0


def test_the_services_refuse_what_a_form_might_let_through(app):
    with pytest.raises(DirectoryError) as refused:
        save_organisation({"kind": "support_org", "name": "Công ty Dịch Vụ", "website": "javascript:alert(4)"}, None)
    assert (refused.value.code, refused.value.field) == ("unsafe_url", "website")
    from ecosystem.services.events.lifecycle import EventError, _check
    event = make_event()
    event.online_url = "javascript:alert(4)"
    with pytest.raises(EventError) as refused:
        _check(event)
    assert refused.value.code == "unsafe_url"


def test_an_import_refuses_a_script_link_by_row_and_column():
    rows = [{"name": "Công ty A", "kind": "startup", "website": "javascript:alert(4)"},
            {"name": "Công ty B", "kind": "startup", "website": "congty-b.vn"}]
    report = validate_rows("organisation", rows, {}, {}, vocab={"org_kind": {"startup": "Startup"}})
    assert [(p.row, p.column, p.code) for p in report.errors] == [(2, "website", "bad_url")]
    assert report.rows[1].values["website"] == "https://congty-b.vn"


@pytest.mark.parametrize("stored", UNSAFE)
def test_a_script_link_stored_earlier_is_shown_as_text(client, stored):
    org = f.make_org("Công ty Cũ", website=stored)
    event = make_event(online_url=stored, title="Hội thảo cũ")
    db.session.commit()
    for url in (f"/orgs/{org.slug}", f"/events/{event.id}", "/events/"):
        page = client.get(url).get_data(as_text=True)
        assert markup_problems(page) == []
    assert stored.split(":")[1][:6] in client.get(f"/orgs/{org.slug}").get_data(as_text=True)  # shown as text
    assert client.get(f"/api/v1/organisations/{org.slug}").get_json()["website"] is None


def test_a_safe_external_link_passes_neither_referrer_nor_opener(client):
    org = f.make_org("Công ty Mới", website="https://congty.vn/gioi-thieu")
    db.session.commit()
    page = client.get(f"/orgs/{org.slug}").get_data(as_text=True)
    assert '<a href="https://congty.vn/gioi-thieu" rel="noopener noreferrer nofollow">' in page


def test_a_notification_link_is_live_only_when_it_is_a_path_of_this_site(client, login_as):
    user = f.make_user()
    db.session.add_all([Notification(user_id=user.id, kind="x", title="Nội bộ", link="/orgs/"),
                        Notification(user_id=user.id, kind="x", title="Lạ", link="javascript:alert(4)")])
    db.session.commit()
    login_as(user)
    page = client.get("/me/notifications").get_data(as_text=True)
    assert '<a href="/orgs/">Nội bộ</a>' in page and "javascript:" not in page


def test_office_hour_links_of_a_booked_slot_are_checked_too(client, login_as):
    mentor = f.make_person("Cố Vấn Cũ", mentor_capacity=1)
    startup = f.make_org("Startup Đặt Lịch")
    member = f.make_user("startup", manages=[startup])
    make_slot(mentor, starts_at=soon(3, 9), booked_org_id=startup.id, booked_by_id=member.id,
              online_url="javascript:alert(4)")
    db.session.commit()
    login_as(member)
    page = client.get("/office-hours/mine").get_data(as_text=True)
    assert "(trực tuyến)" in page and 'href="javascript' not in page
