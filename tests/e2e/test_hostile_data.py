"""In Chromium, pages whose every text field holds a payload open no dialog and break no policy,
for anonymous visitors, a startup member, an officer and an admin (the non-browser crawl of every
route, export and feed is tests/views/test_hostile_data.py)."""
import pytest

from tests.e2e.conftest import sign_in
from tests.e2e.watch import violations, watch
from tests.hostile_world import build_hostile_world

pytestmark = pytest.mark.e2e

SAMPLE = ("/", "/orgs/", "/orgs/{startup_a_slug}", "/people/", "/people/{mentor_person_id}", "/events/",
          "/events/{event_id}", "/events/calendar", "/office-hours/", "/office-hours/mine", "/clubs/{club_slug}",
          "/startups/{startup_a_slug}/profile", "/support/", "/support/{support_assigned_id}", "/support/board",
          "/funds/{fund_a_id}", "/awards/nominations/{award_entry_id}", "/certification/register",
          "/certification/applications/{cert_submitted_id}", "/dashboard/", "/dashboard/public", "/network/",
          "/network/map", "/me/notifications", "/admin/outbox", "/intros/{intro_id}",
          "/matching/startups/{startup_a_slug}", "/events/{event_id}/registrations", "/funds/")


@pytest.mark.parametrize("role", ["anon", "startup", "officer", "admin"])
def test_no_dialog_and_no_policy_violation_on_the_main_pages(app, live_server, browser, role):
    world = build_hostile_world()
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20000)
    seen = watch(page)
    if role != "anon":
        sign_in(page, live_server, world["emails"][role])
    found, shown = [], 0
    for template in SAMPLE:
        response = page.goto(f"{live_server}{template.format(**world)}")
        assert response.status < 500, template
        shown += response.status == 200
        page.wait_for_timeout(50)  # a handler set off by load (onload, onerror) has run by now
        found += violations(page)
    context.close()
    assert seen["dialogs"] == []
    assert found == [] and seen["console"] == []
    assert shown >= 8
