"""Browser fixtures: the app served on a free local port, and Debian's chromium via Playwright."""
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture
def live_server(app):
    """Serve the test app (same database as the `app` fixture) in a thread; yields its base URL.

    SQLite transactions begin IMMEDIATE (they take the write lock), so the test's own session must
    not sit in an open transaction while the browser works: commit after you touch the database.
    Objects stay readable after a commit here (expire_on_commit is off for the test's session).
    """
    from ecosystem.extensions import db
    db.session().expire_on_commit = False
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is missing in CI (/usr/bin/chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page, base_url: str, email: str, password: str = "password-123") -> None:
    """Log in through the real form."""
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def open_menu(page, name: str) -> None:
    """Open a top-bar menu (a <details> summary) of the wide navigation."""
    page.locator(".nav-wide summary").filter(has_text=name).click()


def sign_out(page) -> None:
    """Sign out through the person menu of the top bar."""
    page.locator(".tools-wide .person-menu > summary").click()
    page.locator(".tools-wide").get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
