"""Under the strict Content-Security-Policy every page still works in Chromium: no violation on any
page an admin can open (bars drawn as SVG, print and check-in scripts from static files)."""
import pytest

from tests.access_cases import modules
from tests.e2e.conftest import sign_in
from tests.e2e.watch import is_page, violations, watch

pytestmark = pytest.mark.e2e


def test_no_page_breaks_the_content_security_policy(app, live_server, page):
    from tests.views.test_access_matrix import build_world
    world = build_world()
    seen = watch(page)
    sign_in(page, live_server, world["users"]["admin"].email)
    urls = sorted({template.format(**world) for module in modules() for method, template, allowed in module.CASES
                   if method == "GET" and "admin" in allowed and is_page(template)})
    found = []
    for url in urls:
        response = page.goto(f"{live_server}{url}")
        assert response.status < 500, url
        found += violations(page)
    assert len(urls) > 80
    assert found == [] and seen["console"] == [] and seen["dialogs"] == []
    page.goto(f"{live_server}/funds/{world['fund_a_id']}/reports/dost/{world['fund_year']}")
    assert page.get_by_role("button", name="In").is_visible()  # print.js ran under script-src 'self'
