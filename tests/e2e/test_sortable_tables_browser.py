"""A sortable list: a header click orders the rows and says so (aria-sort); the keyboard works too."""
import pytest

from ecosystem.extensions import db
from tests import factories as f

pytestmark = pytest.mark.e2e


def test_clicking_a_header_sorts_the_rows_and_sets_aria_sort(app, live_server, page):
    for name in ("Công ty Bình", "Công ty An", "Công ty Cường"):
        f.make_org(name)
    db.session.commit()
    page.goto(f"{live_server}/orgs/")
    header = page.locator("table[data-sortable] thead th").first
    assert header.get_attribute("aria-sort") == "none"
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    names = page.locator("table[data-sortable] tbody tr td:first-child").all_inner_texts()
    assert names == sorted(names, key=str.casefold)
    header.get_by_role("button").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    assert page.locator("table[data-sortable] tbody tr td:first-child").all_inner_texts() == list(reversed(names))
