"""The demo as a newcomer sees it: the demo startup member edits their startup, not another one."""
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import OrgManager, Organisation, User
from ecosystem.seeding import load_demo
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_demo_startup_member_edits_own_startup(app, live_server, page):
    load_demo(app.config["SEEDS_DIR"])
    db.session.commit()
    demo = {u["email"]: u for u in json.loads(
        (Path(app.config["SEEDS_DIR"]) / "demo" / "users.json").read_text(encoding="utf-8"))}
    member = db.session.scalar(select(User).where(User.email == "startup@demo.sokhcn.vn"))
    own = db.session.get(Organisation, member.managed[0].organisation_id)
    other = db.session.scalar(select(Organisation).where(
        Organisation.kind == "startup", Organisation.id.not_in(select(OrgManager.organisation_id))))
    db.session.commit()

    sign_in(page, live_server, member.email, demo[member.email]["password"])
    page.goto(f"{live_server}/orgs/{own.slug}/edit")
    page.get_by_label("Điện thoại").fill("0274 3 888 999")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{live_server}/orgs/{own.slug}")
    assert "0274 3 888 999" in page.inner_text("main")

    response = page.goto(f"{live_server}/orgs/{other.slug}/edit")
    assert response.status == 403
