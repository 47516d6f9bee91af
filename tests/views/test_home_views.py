"""Role homes, the grouped navigation, breadcrumbs and the site-wide search."""
import re

import pytest

from ecosystem.extensions import db
from tests import factories as f
from tests.conftest import login
from tests.home_world import build_home_world

PANELS = {
    "startup": ("startup-profile", "support", "suggestions", "intros", "tickets"),
    "mentor": ("suggested-startups", "intros-to-answer", "office-hours"),
    "investor": ("suggested-startups", "intros-to-answer", "office-hours"),
    "coordinator": ("club-events", "checkin-today", "membership-requests"),
    "officer": ("queues", "appraisals", "headline"),
    "judge": ("assignments", "conflicts"),
    "admin": ("queues", "system", "job-failures"),
}


def page_of(app, user, path: str = "/") -> str:
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def panel(html: str, name: str) -> str:
    """The HTML of one panel (up to the next panel or the end of its group)."""
    start = html.index(f'data-panel="{name}"')
    end = html.find("</section>", start)
    return html[start:end]


@pytest.fixture
def world(app):
    return build_home_world()


@pytest.mark.parametrize("role", sorted(PANELS))
def test_each_role_finds_its_own_panels(app, world, role):
    html = page_of(app, world.user(role))
    found = re.findall(r'data-panel="([a-z-]+)"', html)
    assert set(PANELS[role]) <= set(found)
    if role != "startup":
        assert "startup-profile" not in found


def test_startup_home_shows_its_own_work(app, world):
    html = page_of(app, world.user("startup"))
    w = world.matching
    assert w.startup.name in panel(html, "startup-profile") and "%" in panel(html, "startup-profile")
    assert "Cần cố vấn chuẩn bị gọi vốn vòng seed" in panel(html, "support")
    assert "Đã gửi" in panel(html, "support") or "Chờ" in panel(html, "support")
    suggestions = panel(html, "suggestions")
    assert "Trần Thị Lan" in suggestions and "Phạm Văn Minh" in suggestions
    assert f"/intros/{world.intro.id}" in panel(html, "intros")
    assert "Đêm gọi vốn Thủ Dầu Một" in panel(html, "tickets")
    assert f'href="/matching/startups/{w.startup.slug}"' in html  # "my suggestions" entry


def test_coordinator_home_counts_registrations_and_links_the_desk(app, world):
    html = page_of(app, world.user("coordinator"))
    events = panel(html, "club-events")
    assert "Đêm gọi vốn Thủ Dầu Một" in events and "2 / 2" in events
    assert f"/events/{world.event.id}/checkin" in panel(html, "checkin-today")
    assert world.matching.club.name in panel(html, "membership-requests")


def test_officer_home_counts_queues(app, world):
    html = page_of(app, world.user("officer"))
    queues = panel(html, "queues")
    assert re.search(r'state=submitted">[^<]+</a><span class="count">1</span>', queues)
    assert "Startup" in panel(html, "headline")


def test_judge_home_shows_progress(app, world):
    html = page_of(app, world.user("judge"))
    assert re.search(r"0 / \d+ đã chấm", panel(html, "assignments"))


def test_mentor_home_lists_office_hours_and_suggested_startups(app, world):
    html = page_of(app, world.user("mentor"))
    assert "Còn trống" in panel(html, "office-hours")
    assert world.matching.startup.name in panel(html, "suggested-startups")


def test_investor_home_lists_the_introduction_to_answer_once_forwarded(app, world):
    world.intro.status = "forwarded"
    db.session.commit()
    html = page_of(app, world.user("investor"))
    assert f"/intros/{world.intro.id}" in panel(html, "intros-to-answer")


def test_admin_sees_officer_and_admin_panels(app, world):
    html = page_of(app, world.user("admin"))
    assert 'href="/admin/jobs"' in panel(html, "system")


def test_a_person_with_two_roles_sees_both(app, world):
    w = world.matching
    both = f.make_user("startup", "mentor", manages=[w.startup], person=w.hoa)
    db.session.commit()
    found = re.findall(r'data-panel="([a-z-]+)"', page_of(app, both))
    assert "startup-profile" in found and "office-hours" in found


def test_visitor_gets_the_landing_page(client, world):
    html = client.get("/").get_data(as_text=True)
    assert "Đêm gọi vốn Thủ Dầu Một" in html
    assert 'href="/certification/register"' in html and 'href="/awards/' in html
    assert 'href="/dashboard/public"' in html
    assert "data-panel" not in html


def test_signed_in_without_a_role_is_told_what_to_do(app, world):
    html = page_of(app, f.make_user())
    assert 'href="/startups/new"' in html


def top_level(html: str, nav_class: str) -> int:
    """Top-level entries of one copy of the navigation (menus and single links)."""
    start = html.index(f'class="{nav_class}"')
    menus = html.index('<ul class="menus">', start)
    depth, count, i = 0, 0, menus + len('<ul class="menus">')
    for match in re.finditer(r"<(/?)(ul|li)\b", html[i:]):
        closing, tag = match.group(1), match.group(2)
        if tag == "ul":
            if closing and depth == 0:
                break
            depth += -1 if closing else 1
        elif tag == "li" and not closing and depth == 0:
            count += 1
    return count


@pytest.mark.parametrize("role", sorted(PANELS))
def test_navigation_has_at_most_seven_entries(app, world, role):
    html = page_of(app, world.user(role))
    assert 1 <= top_level(html, "nav-wide") <= 7
    assert top_level(html, "nav-narrow") == top_level(html, "nav-wide")


def test_current_section_is_highlighted(app, world):
    html = page_of(app, world.user("officer"), "/events/")
    assert re.search(r'<li class="menu current">\s*<details class="menu-group">\s*<summary aria-current="true">Sự kiện',
                     html)


def test_person_menu_holds_the_account_links(app, world):
    html = page_of(app, world.user("startup"))
    menu = html[html.index('class="menu-group person-menu"'):]
    menu = menu[:menu.index("</details>")]
    for href in ('href="/me/data"', 'href="/password/change"', 'action="/logout"', "/lang/en"):
        assert href in menu


def test_detail_pages_have_breadcrumbs(app, world):
    w = world.matching
    html = page_of(app, w.officer, f"/orgs/{w.startup.slug}")
    crumbs = html[html.index('class="breadcrumbs"'):]
    assert 'href="/orgs/"' in crumbs[:600] and w.startup.name in crumbs[:800]
    assert 'class="breadcrumbs"' in page_of(app, w.officer, f"/events/{world.event.id}")
    assert 'class="breadcrumbs"' in page_of(app, w.officer, f"/support/{world.request.id}")
    assert 'class="breadcrumbs"' in page_of(app, w.officer, f"/people/{w.lan.id}")


def test_search_finds_orgs_people_and_events_without_accents(client, world):
    html = client.get("/search?q=nong san").get_data(as_text=True)
    assert "Nông Sản Xanh" in html
    html = client.get("/search?q=TRAN thi lan").get_data(as_text=True)
    assert "Trần Thị Lan" in html
    html = client.get("/search?q=dem goi von").get_data(as_text=True)
    assert "Đêm gọi vốn Thủ Dầu Một" in html


def test_search_hides_archived_and_drafts_from_visitors(client, world):
    f.make_org("Hợp tác xã Đã Đóng", kind="enterprise", status="archived")
    from tests.event_factories import make_event
    make_event(world.matching.club, title="Bản nháp Bí mật", status="draft")
    db.session.commit()
    html = client.get("/search?q=da dong").get_data(as_text=True)
    assert "Hợp tác xã Đã Đóng" not in html
    assert "Bản nháp Bí mật" not in client.get("/search?q=bi mat").get_data(as_text=True)


def test_search_with_nothing_typed_shows_the_box(client, world):
    html = client.get("/search?q=").get_data(as_text=True)
    assert 'id="q"' in html and "data-results" not in html


def test_suggestions_page_shows_five_first_then_more(app, world):
    """Top 5 per kind with two reasons each, the rest behind ?all=1; every reason behind "why?"."""
    from tests.factories import make_person
    w = world.matching
    for n in range(6):
        make_person(f"Cố Vấn Thêm {n}", mentor_capacity=2, languages=["vi"])
    db.session.commit()
    from ecosystem.services.matching.suggestions import forget_indexes
    with app.test_request_context():
        forget_indexes()
    html = page_of(app, w.startup_user, f"/matching/startups/{w.startup.slug}")
    mentors = html[html.index("Cố vấn phù hợp"):html.index("Nhà đầu tư phù hợp")]
    assert mentors.count('class="suggestion"') == 5
    assert '<details class="why">' in mentors and "Điểm thành phần" in mentors
    assert f"/matching/startups/{w.startup.slug}?all=1" in html
    strongest = re.findall(r'<ul class="reasons strongest">(.*?)</ul>', mentors, re.S)
    assert strongest and all(1 <= s.count("<li") <= 2 for s in strongest)
    everything = page_of(app, w.startup_user, f"/matching/startups/{w.startup.slug}?all=1")
    shown = everything[everything.index("Cố vấn phù hợp"):everything.index("Nhà đầu tư phù hợp")]
    assert shown.count('class="suggestion"') > 5
    assert "?all=1" not in everything


def test_strongest_reasons_follow_the_points():
    from types import SimpleNamespace
    from ecosystem.services.matching.strongest import strongest_reasons
    s = SimpleNamespace(scored=SimpleNamespace(points={"sector": 0.1, "expertise": 0.5, "language": 0.3}),
                        reasons=[("same_sector", "A", False), ("no_common_language", "B", True),
                                 ("expertise_match", "C", False), ("common_language", "D", False)])
    assert [r[1] for r in strongest_reasons(s, 2)] == ["C", "D"]


def test_search_shows_drafts_to_those_who_run_them(app, world):
    from tests.event_factories import make_event
    make_event(world.matching.club, title="Bản nháp Nội bộ", status="draft")
    db.session.commit()
    assert "Bản nháp Nội bộ" in page_of(app, world.user("officer"), "/search?q=noi bo")
    assert "Bản nháp Nội bộ" in page_of(app, world.user("coordinator"), "/search?q=noi bo")
    assert "Bản nháp Nội bộ" not in page_of(app, world.user("startup"), "/search?q=noi bo")


def test_home_and_menus_in_english(app, world):
    w = world.matching
    w.startup_user.locale = "en"
    db.session.commit()
    html = page_of(app, w.startup_user)
    assert "My work" in html and ">Startups</summary>" in html and "Open support requests" in html
    assert "Việc của tôi" not in html and "Khởi nghiệp" not in html


def test_every_nav_entry_belongs_to_a_menu(app):
    """A new capability's NAV entry must be placed in a menu, or it would vanish from the top bar."""
    from ecosystem.views.platform.navigation import BLUEPRINT_GROUP, EXTRA
    endpoints = [e[0] for e in app.config["NAV"]] + [e[0] for e in EXTRA]
    assert [e for e in endpoints if e.partition(".")[0] not in BLUEPRINT_GROUP] == []
