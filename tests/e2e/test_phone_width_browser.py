"""At 390 px no page scrolls sideways: wide tables scroll inside their own region, filters wrap."""
import pytest

from tests.e2e import demo_pages

pytestmark = pytest.mark.e2e


WIDEST = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
               && !e.closest('.table-wrap, .table-scroll, [role=region]'))
  .slice(-3).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def no_sideways_scroll(page, path):
    """The document is no wider than the screen; on failure, name the elements that stick out."""
    width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if width[0] <= width[1]:
        return []
    return [f"page is {width[0]} px wide at {width[1]} px: {page.evaluate(WIDEST)}"]


no_sideways_scroll.viewport = {"width": 390, "height": 844}


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_no_page_scrolls_sideways_on_a_phone(app, live_server, browser, locale):
    demo_pages.assert_clean(app, browser, live_server, locale, no_sideways_scroll)
