"""The demo funds load through the services and show each situation the pages must handle."""
from datetime import date

from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import FundEntry, StFund
from ecosystem.seeders import DemoContext
from ecosystem.seeders.funds import seed
from ecosystem.services.funds.queries import all_states
from tests.factories import make_user


def test_demo_funds(app):
    officer = make_user("officer", email="canbo@example.vn")
    seed(DemoContext(seeds_dir=app.config["SEEDS_DIR"], users={officer.email: officer}))
    db.session.commit()
    states = {s.fund.organisation.name: s for s in all_states(date(2026, 11, 26))}
    assert len(states) == 4 == db.session.scalar(select(func.count(StFund.id)))
    statuses = {row["status"] for s in states.values() for row in s.rows}
    assert statuses == {"open", "compliant", "breach"}
    assert any(row["misused"] for s in states.values() for row in s.rows)
    assert db.session.scalar(select(func.count(FundEntry.id)).where(FundEntry.mirror_of_id.is_not(None))) == 1
    assert all(s.rows.unallocated_total == 0 for s in states.values())


def test_the_demo_has_an_enterprise_login_that_sees_its_own_funds_only(app, client):
    """Without it the enterprise's fund pages could only be shown to officers in the demo."""
    from ecosystem.seeders.funds import MANAGER_EMAIL, MANAGER_PASSWORD
    officer = make_user("officer", email="canbo@example.vn")
    seed(DemoContext(seeds_dir=app.config["SEEDS_DIR"], users={officer.email: officer}))
    db.session.commit()
    client.post("/login", data={"email": MANAGER_EMAIL, "password": MANAGER_PASSWORD})
    funds = list(db.session.scalars(select(StFund).order_by(StFund.id)))
    seen = [client.get(f"/funds/{fund.id}").status_code for fund in funds]
    assert seen.count(200) == 2 and seen.count(403) == 2
    mine = client.get("/funds/mine").get_data(as_text=True)
    assert all(f"/funds/{fund.id}\"" in mine for fund, code in zip(funds, seen) if code == 200)
