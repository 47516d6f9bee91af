"""axe-core over the main pages, public and signed-in, in Vietnamese and English: nothing serious."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e import demo_pages

pytestmark = pytest.mark.e2e

AXE = Axe()


def axe_check(page, path):
    """Critical and serious violations only: each with its rule and the first offending nodes."""
    results = AXE.run(page)
    return [f"{v['id']} ({v['impact']}): " + " | ".join(n["html"][:160] for n in v["nodes"][:3])
            for v in results.response["violations"] if v["impact"] in ("critical", "serious")]


axe_check.viewport = {"width": 1366, "height": 900}


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_main_pages_have_no_serious_violations(app, live_server, browser, locale):
    demo_pages.assert_clean(app, browser, live_server, locale, axe_check)
