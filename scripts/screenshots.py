"""Regenerate docs/screenshots/: each role's home at desktop width and the check-in desk at phone width.

Seeds the demo into a temporary SQLite database, serves the app on a free local port and drives
Debian's chromium (/usr/bin/chromium) with Playwright. Run with `make screenshots`.
"""
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
ROLES = {  # role -> the demo account (seeds/demo/users.json)
    "startup": ("startup@demo.sokhcn.vn", "demo-startup-2026"),
    "mentor": ("mentor@demo.sokhcn.vn", "demo-mentor-2026"),
    "investor": ("investor@demo.sokhcn.vn", "demo-investor-2026"),
    "coordinator": ("coordinator@demo.sokhcn.vn", "demo-coordinator-2026"),
    "officer": ("officer@demo.sokhcn.vn", "demo-officer-2026"),
    "judge": ("judge@demo.sokhcn.vn", "demo-judge-2026"),
    "admin": ("admin@demo.sokhcn.vn", "demo-admin-2026"),
}


def build_app(folder: str):
    """The app over a fresh SQLite file holding the demo ecosystem."""
    sys.path.insert(0, str(ROOT))
    from ecosystem import create_app
    from ecosystem.extensions import db
    from ecosystem.seeding import load_demo
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/demo.db",
                      "UPLOAD_ROOT": f"{folder}/uploads", "SECRET_KEY": "screenshots-only",
                      "RATELIMIT_ENABLED": False, "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        db.create_all()
        load_demo(app.config["SEEDS_DIR"])
        db.session.commit()
    return app


def desk_event_id(app, email: str) -> int | None:
    """An event of the coordinator's organisations (the soonest upcoming one, else the latest)."""
    from sqlalchemy import select
    from ecosystem.clock import utcnow
    from ecosystem.extensions import db
    from ecosystem.models import Event, User
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        mine = select(Event).where(Event.organiser_id.in_(user.managed_org_ids or {-1}),
                                   Event.status == "published")
        event = db.session.scalar(mine.where(Event.ends_at >= utcnow()).order_by(Event.starts_at)) or \
            db.session.scalar(mine.order_by(Event.starts_at.desc()))
        return event.id if event else None


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def main() -> int:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):  # one line per screenshot is enough
            pass
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(folder)
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                     args=["--no-sandbox", "--disable-gpu"])
                for role, (email, password) in ROLES.items():
                    context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
                    page = context.new_page()
                    sign_in(page, base, email, password)
                    page.goto(f"{base}/")
                    page.screenshot(path=str(OUT / f"home-{role}.png"), full_page=True)
                    print(f"docs/screenshots/home-{role}.png")
                    if role == "coordinator":
                        event_id = desk_event_id(app, email)
                        if event_id is not None:
                            page.set_viewport_size(PHONE)
                            page.goto(f"{base}/events/{event_id}/checkin")
                            page.screenshot(path=str(OUT / "checkin-desk-phone.png"))
                            print("docs/screenshots/checkin-desk-phone.png")
                    context.close()
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("ECOSYSTEM_ENV", "development")
    sys.exit(main())
